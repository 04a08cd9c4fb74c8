//! Measures the layout stage against issue 5's pinyin-residue targets on the corpus that
//! `scripts/build-layout-eval.py` builds from real text:
//! - annotated documents (`ruby.jsonl`): the stage alone must give back the text exactly;
//! - real lines with parentheses (`parens.jsonl`, 20 to a document): the stage must leave
//!   them as they are; each line is also checked alone, written three times over, so that
//!   the rule's need for repeated annotations cannot hide a parenthetical it would take;
//! - clean text (every line of `eval/script/hans.txt` and `hant.txt`, each its own
//!   document): how many lines the stage changes at all, by rule.
//!
//! ```text
//! python3 scripts/build-script-eval.py       # once: eval/script/hans.txt, hant.txt
//! python3 scripts/build-layout-eval.py
//! cargo run --release --example eval_layout -- [--show N]
//! ```
//!
//! `--show N`: print N failures of each check (default 5).

use hanfix::{Cleaner, Options, RecordLevel, RuleCounts, Stage, StageSet};
use serde::Deserialize;
use std::path::Path;

#[path = "common/difference.rs"]
mod difference;
#[path = "common/score.rs"]
mod score;
use difference::around_first_difference;
use score::Score;

/// The rule id of a removed annotation.
const RUBY: &str = "layout/pinyin-ruby";

#[derive(Deserialize)]
struct RubyCase {
    id: String,
    style: String,
    input: String,
    expected: String,
}

#[derive(Deserialize)]
struct ParensCase {
    id: String,
    input: String,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut show = 5;
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().map(|n| n.parse::<usize>())) {
            ("--show", Some(Ok(n))) => show = n,
            _ => exit_with("usage: eval_layout [--show N]"),
        }
    }
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Layout))
            .record(RecordLevel::Counts)
            .build(),
    );
    let dir = Path::new("eval/layout");
    let ruby: Vec<RubyCase> = load_jsonl(&dir.join("ruby.jsonl"));
    let parens: Vec<ParensCase> = load_jsonl(&dir.join("parens.jsonl"));

    println!("pinyin ruby residue, layout stage alone");
    let mut by_style: Vec<(String, Score)> = Vec::new();
    let mut all = Score::default();
    let mut shown = 0;
    for case in &ruby {
        let got = cleaner.clean_str(&case.input).text;
        let ok = got == case.expected;
        all.add(ok);
        match by_style.iter_mut().find(|(style, _)| *style == case.style) {
            Some((_, score)) => score.add(ok),
            None => {
                let mut score = Score::default();
                score.add(ok);
                by_style.push((case.style.clone(), score));
            }
        }
        if !ok && shown < show {
            shown += 1;
            println!(
                "  FAIL {}: {}",
                case.id,
                first_difference(&case.expected, &got)
            );
        }
    }
    by_style.sort_by(|a, b| a.0.cmp(&b.0));
    for (style, score) in &by_style {
        println!("  {style:<24} {}", score.cell());
    }
    println!("  {:<24} {}   target >= 99%", "all", all.cell());

    println!("real lines with parentheses: left as they are");
    // Whether the ruby rule took a parenthetical, and whether the stage changed anything.
    let mut documents = (Score::default(), Score::default());
    let mut lines = (Score::default(), Score::default());
    let mut shown = 0;
    for case in &parens {
        let cleaned = cleaner.clean_str(&case.input);
        documents.0.add(cleaned.report.counts().get(RUBY) == 0);
        documents.1.add(!cleaned.is_changed());
        for line in case.input.lines() {
            let thrice = format!("{line}\n{line}\n{line}");
            let cleaned = cleaner.clean_str(&thrice);
            let taken = cleaned.report.counts().get(RUBY) > 0;
            lines.0.add(!taken);
            lines.1.add(!cleaned.is_changed());
            if taken && shown < show {
                shown += 1;
                println!("  TAKEN {}: {line:?}", case.id);
            }
        }
    }
    println!("                              no parenthetical taken    unchanged by the stage");
    println!(
        "  documents of 20 lines       {:<25} {}",
        documents.0.cell(),
        documents.1.cell()
    );
    println!(
        "  each line, three times over {:<25} {}   target: none taken",
        lines.0.cell(),
        lines.1.cell()
    );

    println!("clean text, each line its own document: lines the stage leaves as they are");
    for name in ["hans", "hant"] {
        let path = format!("eval/script/{name}.txt");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            exit_with(&format!("{path}: {e} (run scripts/build-script-eval.py)"))
        });
        let mut unchanged = Score::default();
        let mut counts = RuleCounts::default();
        let mut shown = 0;
        for line in text.lines() {
            let cleaned = cleaner.clean_str(line);
            unchanged.add(!cleaned.is_changed());
            counts.merge(cleaned.report.counts());
            if cleaned.is_changed() && shown < show {
                shown += 1;
                println!("  CHANGED {name}: {line:?} -> {:?}", cleaned.text);
            }
        }
        println!("  {name}.txt {}", unchanged.cell());
        for (rule, n) in counts.iter() {
            println!("    {rule:<28} {n}");
        }
    }
}

/// Where `got` first departs from `expected`, with some context.
fn first_difference(expected: &str, got: &str) -> String {
    let (got, expected) = around_first_difference(got, expected, 11, 30);
    format!("expected «{expected}» got «{got}»")
}

fn load_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Vec<T> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        exit_with(&format!(
            "{}: {e} (run scripts/build-layout-eval.py)",
            path.display()
        ))
    });
    text.lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| exit_with(&format!("{}: {e}", path.display())))
        })
        .collect()
}

fn exit_with(message: &str) -> ! {
    eprintln!("eval_layout: {message}");
    std::process::exit(2)
}
