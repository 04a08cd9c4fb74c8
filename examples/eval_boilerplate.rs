//! Measures the boilerplate stage against issue 5's targets (at least 97% of boilerplate
//! lines removed, at least 99.5% of content lines kept) on the corpus that
//! `scripts/build-boilerplate-eval.py` builds: real articles (the People's Daily of January
//! 1998) with boilerplate lines in their head, tail and middle, and hard negatives.
//!
//! ```text
//! python3 scripts/build-boilerplate-eval.py
//! cargo run --release --example eval_boilerplate -- [FILE] [--failures N]
//! ```
//!
//! - `FILE`: the corpus (default `eval/boilerplate/documents.jsonl`).
//! - `--failures N`: list N missed boilerplate lines and N removed content lines per split
//!   (default 10).
//!
//! Each document goes through the boilerplate stage alone (its text has the scripts and
//! punctuation the generator gave it), with every change recorded: a line counts as removed
//! when a change removed it. Blank lines are not counted, and neither are the articles' own
//! picture credits (`credit`: boilerplate by the catalogue, content by the corpus), which
//! are reported apart. The dev split is the one the rules
//! were tuned on; the test split also holds boilerplate templates and negatives that the dev
//! split never shows.

#[path = "common/score.rs"]
mod score;

use hanfix::{Change, Cleaner, Options, RecordLevel, Stage, StageSet};
use score::Score;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Deserialize)]
struct Document {
    id: u64,
    split: String,
    script: String,
    text: String,
    lines: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    label: String,
    kind: Option<String>,
}

/// Words that boilerplate is made of: content lines holding one are counted apart, as the
/// real hard negatives of the articles themselves.
const TRIGGERS: [&str; 20] = [
    "关注",
    "分享",
    "来源",
    "代表作",
    "转载",
    "声明",
    "编辑",
    "记者",
    "推荐",
    "阅读",
    "下载",
    "扫描",
    "二维码",
    "微信",
    "点赞",
    "收藏",
    "评论",
    "版权",
    "广告",
    "图片",
];

/// The counts of one split.
#[derive(Default)]
struct Tally {
    removed: Score,
    kept: Score,
    negatives: Score,
    triggers: Score,
    /// Picture credits of the articles (`credit`): removed or not, counted apart.
    credits: Score,
    by_script: BTreeMap<String, (Score, Score)>,
    by_category: BTreeMap<String, Score>,
    held_back: usize,
    missed: Vec<String>,
    lost: Vec<String>,
}

fn main() {
    let mut file = PathBuf::from("eval/boilerplate/documents.jsonl");
    let mut show = 10;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--failures" => {
                show = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            _ if arg.starts_with('-') => usage(),
            _ => file = PathBuf::from(arg),
        }
    }
    let corpus = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        eprintln!(
            "eval_boilerplate: {}: {e} (python3 scripts/build-boilerplate-eval.py builds it)",
            file.display()
        );
        std::process::exit(1);
    });
    let documents: Vec<Document> = corpus
        .lines()
        .map(|line| serde_json::from_str(line).expect("a document of the corpus"))
        .collect();
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Boilerplate))
            .record(RecordLevel::Full)
            .build(),
    );
    // The rules compile, and the conversion tables load, on first use: not part of the speed.
    let start = Instant::now();
    let rules = hanfix::BoilerplateRules::builtin().len();
    cleaner.clean_str("點擊上方藍字關注我們");
    let startup = start.elapsed();
    let mut splits: BTreeMap<String, Tally> = BTreeMap::new();
    let mut elapsed = Duration::ZERO;
    let mut bytes = 0;
    for document in &documents {
        let start = Instant::now();
        let cleaned = cleaner.clean_str(&document.text);
        elapsed += start.elapsed();
        bytes += document.text.len();
        let removed = removed_lines(&document.text, cleaned.report.changes());
        let tally = splits.entry(document.split.clone()).or_default();
        tally.held_back += cleaned.report.counts().get("boilerplate/held-back") as usize;
        score(tally, document, &removed);
    }
    for (split, tally) in &splits {
        report(split, tally, show);
    }
    println!(
        "\nspeed, the stage alone, one thread: {:.0} MB/s ({:.1} MB in {} documents); \
         compiling the {rules} built-in rules and loading t2s: {:.1} ms",
        bytes as f64 / 1e6 / elapsed.as_secs_f64(),
        bytes as f64 / 1e6,
        documents.len(),
        startup.as_secs_f64() * 1e3
    );
}

/// For each line of `text`, the rule that removed it, if one did. Changes are recorded at
/// their place in the text the earlier changes left, so a line starting at byte `at` of the
/// input is at `at - removed` there.
fn removed_lines(text: &str, changes: &[Change]) -> Vec<Option<&'static str>> {
    let mut changes = changes.iter().peekable();
    let mut out = Vec::new();
    let mut at = 0;
    let mut removed_bytes = 0;
    for line in text.split('\n') {
        let rule = changes
            .next_if(|change| {
                change.span.start == at - removed_bytes && change.before.starts_with(line)
            })
            .map(|change| {
                removed_bytes += change.before.len();
                change.rule
            });
        out.push(rule);
        at += line.len() + 1;
    }
    assert!(changes.next().is_none(), "every change removes a line");
    out
}

fn score(tally: &mut Tally, document: &Document, removed: &[Option<&'static str>]) {
    let lines = document.text.split('\n');
    for ((line, label), rule) in lines.zip(&document.lines).zip(removed) {
        let (by_script_removed, by_script_kept) =
            tally.by_script.entry(document.script.clone()).or_default();
        match label.label.as_str() {
            "boilerplate" => {
                tally.removed.add(rule.is_some());
                by_script_removed.add(rule.is_some());
                let kind = label.kind.as_deref().unwrap_or("?");
                let category = kind.split('/').next().unwrap_or(kind).to_owned();
                tally
                    .by_category
                    .entry(category)
                    .or_default()
                    .add(rule.is_some());
                if rule.is_none() {
                    tally.missed.push(format!(
                        "#{} {} {kind}: {line}",
                        document.id, document.script
                    ));
                }
            }
            "content" | "negative" => {
                tally.kept.add(rule.is_none());
                by_script_kept.add(rule.is_none());
                if label.label == "negative" {
                    tally.negatives.add(rule.is_none());
                } else if TRIGGERS.iter().any(|word| line.contains(word)) {
                    tally.triggers.add(rule.is_none());
                }
                if let Some(rule) = rule {
                    tally.lost.push(format!(
                        "#{} {} {rule}: {line}",
                        document.id, document.script
                    ));
                }
            }
            "credit" => tally.credits.add(rule.is_some()),
            _ => {}
        }
    }
}

fn report(split: &str, tally: &Tally, show: usize) {
    println!("\n== {split} ==");
    println!("boilerplate lines removed     {}", tally.removed.cell());
    println!("content lines kept            {}", tally.kept.cell());
    println!("  hard negatives kept         {}", tally.negatives.cell());
    println!(
        "  article lines with a trigger word kept {}",
        tally.triggers.cell()
    );
    println!("documents held back by the cap: {}", tally.held_back);
    println!(
        "picture credits of the articles removed (counted apart) {}",
        tally.credits.cell()
    );
    for (script, (removed, kept)) in &tally.by_script {
        println!(
            "  {script:<6} removed {:<20} kept {}",
            removed.cell(),
            kept.cell()
        );
    }
    println!("boilerplate removed, by category:");
    for (category, score) in &tally.by_category {
        println!("  {category:<16} {}", score.cell());
    }
    for (what, list) in [
        ("missed boilerplate", &tally.missed),
        ("removed content", &tally.lost),
    ] {
        if !list.is_empty() && show > 0 {
            println!("{what} (first {} of {}):", show.min(list.len()), list.len());
            for line in list.iter().take(show) {
                println!("  {line}");
            }
        }
    }
}

fn usage() -> ! {
    eprintln!("usage: eval_boilerplate [FILE] [--failures N]");
    std::process::exit(2);
}
