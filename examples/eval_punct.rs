//! Measures the punct stage on the cases that `scripts/build-punct-eval.py` builds from
//! real text:
//! - restoration: properly punctuated Chinese paragraphs whose `，：；！？` were replaced by
//!   ASCII must come back exactly, and every number, time, URL and email in them as it was;
//! - negatives: real lines with numbers, times, URLs, emails, program code and English
//!   sentences must come out byte-identical;
//! - clean text: every line of `eval/script/hans.txt` and `hant.txt` as it is. Lines that
//!   are properly punctuated must not change; the others show what the stage does to real
//!   text that mixes ASCII punctuation into Chinese, by rule.
//!
//! ```text
//! python3 scripts/build-punct-eval.py
//! cargo run --release --example eval_punct -- [DIR] [--show N] [--split dev|test|all]
//! ```
//!
//! - `DIR`: the cases (default `eval/punct`).
//! - `--show N`: list N failures of each kind, and N changed lines of each rule (default 5).
//! - `--split`: whose failures to list (default `dev`; the figures are printed for both).
//!
//! The stage runs alone (`--steps punct`), one paragraph or line at a time.

#[path = "common/difference.rs"]
mod difference;
#[path = "common/score.rs"]
mod score;
use difference::around_first_difference;

use hanfix::{Cleaner, Options, RecordLevel, Stage, StageSet};
use score::Score;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A line of `cases.jsonl`.
#[derive(Deserialize)]
struct Case {
    id: u64,
    kind: String,
    category: String,
    source: String,
    split: String,
    input: String,
    expected: String,
}

/// A line of `clean.jsonl`.
#[derive(Deserialize)]
struct CleanLine {
    file: String,
    line: u64,
    proper: bool,
    text: String,
}

fn main() {
    let mut dir = PathBuf::from("eval/punct");
    let mut show = 5;
    let mut split = "dev".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--show" => {
                show = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--split" => split = args.next().unwrap_or_else(|| usage()),
            _ if arg.starts_with('-') => usage(),
            _ => dir = PathBuf::from(arg),
        }
    }
    let listed = |case_split: &str| split == "all" || split == case_split;
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Punct))
            .record(RecordLevel::Counts)
            .build(),
    );
    let cases: Vec<Case> = read(&dir.join("cases.jsonl"))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("cases.jsonl: {e}")))
        .collect();

    // (kind, category or source, split) -> score
    let mut scores: BTreeMap<(String, String, String), Score> = BTreeMap::new();
    let mut tokens = Score::default();
    let mut failures: BTreeMap<String, Vec<(&Case, String)>> = BTreeMap::new();
    for case in &cases {
        let got = cleaner.clean_field(&case.input).text.into_owned();
        let ok = got == case.expected;
        let mut add = |group: &str| {
            for split in [case.split.as_str(), "all"] {
                scores
                    .entry((case.kind.clone(), group.to_owned(), split.to_owned()))
                    .or_default()
                    .add(ok);
            }
        };
        add(&case.category);
        add("all");
        if case.kind == "restore" {
            add(&format!("source {}", case.source));
            add(length_class(&case.expected));
            for token in protected_tokens(&case.expected) {
                tokens.add(got.contains(token));
            }
        }
        if !ok && listed(&case.split) {
            failures
                .entry(format!("{} {}", case.kind, case.category))
                .or_default()
                .push((case, got));
        }
    }
    println!("{:<56} {:>20} {:>20} {:>20}", "cases", "dev", "test", "all");
    for ((kind, group, _), _) in scores.iter().filter(|((_, _, s), _)| s == "all") {
        let cell = |split: &str| {
            scores
                .get(&(kind.clone(), group.clone(), split.to_owned()))
                .map_or("-".to_owned(), |s| s.cell())
        };
        let label = if kind == "restore" {
            format!("restored exactly, {group}")
        } else {
            format!("negatives byte-identical, {group}")
        };
        println!(
            "{label:<56} {:>20} {:>20} {:>20}",
            cell("dev"),
            cell("test"),
            cell("all")
        );
    }
    println!(
        "numbers, times, URLs, emails of the restored paragraphs kept: {}",
        tokens.cell()
    );
    for (group, list) in &failures {
        println!("\n{} failures ({split}): {}", group, list.len());
        for (case, got) in list.iter().take(show) {
            print_difference(case, got);
        }
    }
    clean_text(&dir, &cleaner, show);
}

/// Paragraphs by how much Chinese they hold: a catalogue's labels and fragments
/// (`段落樣式(_S)：`, `PIN：`) have fewer than 10 Han characters, and nothing but the mark
/// and the word before it to go by.
fn length_class(text: &str) -> &'static str {
    let han = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    match han {
        0..=9 => "length: fewer than 10 Han characters",
        _ => "length: 10 Han characters or more",
    }
}

/// Numbers with separators, times, URLs and emails: the ASCII punctuation in them must stay.
fn protected_tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_graphic()))
        .filter(|word| {
            let digits = word.bytes().filter(u8::is_ascii_digit).count();
            word.contains("://")
                || word.contains('@') && word.contains('.')
                || digits >= 2 && word.contains([',', ':', '.'])
        })
        .collect()
}

/// What one rule did to the clean text: its edits, the lines it changed, a few of them
/// (the line and its output).
#[derive(Default)]
struct RuleStats<'a> {
    edits: u64,
    lines: usize,
    examples: Vec<(&'a CleanLine, String)>,
}

/// Every line of hans.txt and hant.txt: how many change, which rules fire, and whether any
/// properly punctuated line changes.
fn clean_text(dir: &Path, cleaner: &Cleaner, show: usize) {
    let lines: Vec<CleanLine> = read(&dir.join("clean.jsonl"))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("clean.jsonl: {e}")))
        .collect();
    println!("\nclean text: lines of eval/script/hans.txt and hant.txt, each cleaned alone");
    let mut by_file: BTreeMap<(&str, bool), (usize, usize)> = BTreeMap::new();
    let mut proper_changed = Vec::new();
    let mut rules: BTreeMap<&'static str, RuleStats> = BTreeMap::new();
    for line in &lines {
        let cleaned = cleaner.clean_field(&line.text);
        let changed = cleaned.is_changed();
        let entry = by_file.entry((&line.file, line.proper)).or_default();
        entry.0 += usize::from(changed);
        entry.1 += 1;
        if changed && line.proper {
            proper_changed.push((line, cleaned.text.to_string()));
        }
        for (rule, n) in cleaned.report.counts().iter() {
            let stats = rules.entry(rule).or_default();
            stats.edits += n;
            stats.lines += 1;
            if stats.examples.len() < show {
                stats.examples.push((line, cleaned.text.to_string()));
            }
        }
    }
    for ((file, proper), (changed, total)) in &by_file {
        let kind = if *proper {
            "properly punctuated"
        } else {
            "mixing ASCII punctuation into CJK"
        };
        println!(
            "  {file} {kind:<34} changed {changed:>6} of {total:>6} lines ({:.2}%)",
            100.0 * *changed as f64 / *total as f64
        );
    }
    for (line, got) in proper_changed.iter().take(show) {
        println!(
            "      {}:{} (proper)\n        before {}\n        after  {}",
            line.file, line.line, line.text, got
        );
    }
    for (rule, stats) in &rules {
        println!(
            "  {rule:<32} {:>7} edits in {:>6} lines",
            stats.edits, stats.lines
        );
        for (line, got) in &stats.examples {
            println!(
                "      {}:{}{}\n        before {}\n        after  {}",
                line.file,
                line.line,
                if line.proper { " (proper)" } else { "" },
                line.text,
                got
            );
        }
    }
}

/// The first character where `got` and the expected text part, with some context.
fn print_difference(case: &Case, got: &str) {
    let (got, expected) = around_first_difference(got, &case.expected, 13, 40);
    println!(
        "    #{} {}\n      got      {got}\n      expected {expected}",
        case.id, case.source,
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!(
            "eval_punct: {}: {e} (python3 scripts/build-punct-eval.py writes it)",
            path.display()
        );
        std::process::exit(1);
    })
}

fn usage() -> ! {
    eprintln!("usage: eval_punct [DIR] [--show N] [--split dev|test|all]");
    std::process::exit(2);
}
