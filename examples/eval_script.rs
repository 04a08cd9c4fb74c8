//! Measures script conversion against issue 4's targets on the corpus that
//! `scripts/build-script-eval.py` builds:
//! - hanfix's output of each OpenCC configuration against OpenCC's own
//!   (`benches/peers-script.py` writes it), line by line;
//! - mixed documents (`mixed.jsonl`: real simplified text converted to traditional with
//!   OpenCC s2t, then 2–15% of the converted characters reverted): the script stage alone
//!   with `--script hans` must give `expected_hans`, with `--script auto` `expected_hant`;
//! - clean documents (each line of `hans.txt` and `hant.txt`): the stage must leave them
//!   byte-identical with the target they are already in, and with `auto`.
//!
//! ```text
//! python3 scripts/build-script-eval.py && python3 benches/peers-script.py
//! cargo run --release --example eval_script -- [DIR] [--show N]
//! python3 benches/peers-script.py --compare DIR/hanfix     # every difference, in context
//! ```
//!
//! - `DIR`: the corpus (default `eval/script`); hanfix's outputs go to `DIR/hanfix/<name>.txt`
//!   under the names OpenCC's outputs have in `DIR/opencc`.
//! - `--show N`: print N differing lines per configuration and N failing documents per
//!   mixed or clean check (default 5).
//!
//! Each input file is converted whole, as one string, as OpenCC's outputs were.

use hanfix::{Cleaner, OpenccConfig, Options, ScriptCounts, ScriptTarget, Stage, StageSet};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[path = "common/difference.rs"]
mod difference;
use difference::around_first_difference;

/// Output name, configuration and input file, as `benches/peers-script.py` names them.
const CONVERSIONS: [(&str, OpenccConfig, &str); 8] = [
    ("t2s", OpenccConfig::T2s, "hant.txt"),
    ("tw2s", OpenccConfig::Tw2s, "hant.txt"),
    ("hk2s", OpenccConfig::Hk2s, "hant.txt"),
    ("s2t", OpenccConfig::S2t, "hans.txt"),
    ("s2tw", OpenccConfig::S2tw, "hans.txt"),
    ("s2hk", OpenccConfig::S2hk, "hans.txt"),
    ("t2s-on-hans", OpenccConfig::T2s, "hans.txt"),
    ("s2t-on-hant", OpenccConfig::S2t, "hant.txt"),
];

fn main() {
    let mut dir = PathBuf::from("eval/script");
    let mut show = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--show" => {
                show = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            _ if arg.starts_with('-') => usage(),
            _ => dir = PathBuf::from(arg),
        }
    }
    let out_dir = dir.join("hanfix");
    std::fs::create_dir_all(&out_dir).unwrap_or_else(|e| fail(&out_dir, e));
    println!(
        "{:<14} {:>22} {:>10}",
        "conversion", "lines as OpenCC's", "bytes"
    );
    let (mut same_total, mut lines_total) = (0, 0);
    for (name, config, input) in CONVERSIONS {
        let text = read(&dir.join(input));
        let converted = config.convert(&text);
        std::fs::write(out_dir.join(format!("{name}.txt")), converted.as_bytes())
            .unwrap_or_else(|e| fail(&out_dir, e));
        let expected = read(&dir.join("opencc").join(format!("{name}.txt")));
        let differing: Vec<(usize, &str, &str)> = converted
            .lines()
            .zip(expected.lines())
            .enumerate()
            .filter(|(_, (ours, theirs))| ours != theirs)
            .map(|(n, (ours, theirs))| (n + 1, ours, theirs))
            .collect();
        let lines = expected.lines().count();
        assert_eq!(
            converted.lines().count(),
            lines,
            "{name}: line counts differ"
        );
        let same = lines - differing.len();
        println!(
            "{name:<14} {same:>10}/{lines:<6} {:>5.2}% {:>10}",
            100.0 * same as f64 / lines as f64,
            text.len()
        );
        for (n, ours, theirs) in differing.iter().take(show) {
            println!("    line {n}\n      hanfix {ours}\n      OpenCC {theirs}");
        }
        same_total += same;
        lines_total += lines;
    }
    println!(
        "{:<14} {same_total:>10}/{lines_total:<6} {:>5.2}%",
        "all",
        100.0 * same_total as f64 / lines_total as f64
    );
    mixed_documents(&dir, show);
    clean_documents(&dir, show);
}

/// A line of `mixed.jsonl`.
#[derive(Deserialize)]
struct Mixed {
    id: String,
    input: String,
    expected_hans: String,
    expected_hant: String,
}

/// The script stage alone, to `target`.
fn stage(target: ScriptTarget) -> Cleaner {
    Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Script))
            .script(target)
            .build(),
    )
}

fn mixed_documents(dir: &Path, show: usize) {
    let documents: Vec<Mixed> = read(&dir.join("mixed.jsonl"))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("mixed.jsonl: {e}")))
        .collect();
    println!(
        "\nmixed documents, restored exactly ({} documents)",
        documents.len()
    );
    for (target, expected) in [
        (
            ScriptTarget::Hans,
            (|d: &Mixed| &d.expected_hans) as fn(&Mixed) -> &String,
        ),
        (ScriptTarget::Auto, |d: &Mixed| &d.expected_hant),
    ] {
        let cleaner = stage(target);
        let failed: Vec<(&Mixed, String)> = documents
            .iter()
            .map(|d| (d, cleaner.clean_field(&d.input).text.into_owned()))
            .filter(|(d, got)| got != expected(d))
            .collect();
        let passed = documents.len() - failed.len();
        println!(
            "  --script {target:<5} {passed:>5}/{} {:>6.2}%",
            documents.len(),
            100.0 * passed as f64 / documents.len() as f64
        );
        for (d, got) in failed.iter().take(show) {
            print_difference(&d.id, got, expected(d));
        }
    }
}

fn clean_documents(dir: &Path, show: usize) {
    println!("\nclean documents left byte-identical (a line each)");
    for (file, targets) in [
        ("hans.txt", [ScriptTarget::Hans, ScriptTarget::Auto]),
        ("hant.txt", [ScriptTarget::Hant, ScriptTarget::Auto]),
    ] {
        let text = read(&dir.join(file));
        for target in targets {
            let cleaner = stage(target);
            let changed: Vec<(&str, String)> = text
                .lines()
                .map(|line| (line, cleaner.clean_field(line).text.into_owned()))
                .filter(|(line, got)| line != got)
                .collect();
            let lines = text.lines().count();
            let same = lines - changed.len();
            // What the changed lines changed: characters only the other script writes
            // (leftovers by definition), or others.
            let (mut one_script, mut other) = (0, 0);
            for (line, got) in &changed {
                for (a, b) in line.chars().zip(got.chars()).filter(|(a, b)| a != b) {
                    let counts = ScriptCounts::of(a.encode_utf8(&mut [0; 4]));
                    if counts.simplified + counts.traditional > 0 {
                        one_script += 1;
                    } else {
                        other += 1;
                        if other <= show {
                            println!("    {file}: {a} → {b} in {line}");
                        }
                    }
                }
            }
            println!(
                "  {file} --script {target:<5} {same:>6}/{lines} {:>6.2}%   changed characters: {one_script} of one script, {other} others",
                100.0 * same as f64 / lines as f64
            );
        }
    }
}

/// The first character where `got` and `expected` part, with some context.
fn print_difference(id: &str, got: &str, expected: &str) {
    let (got, expected) = around_first_difference(got, expected, 9, 24);
    println!("    {id}\n      got      {got}\n      expected {expected}");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(path, e))
}

fn fail(path: &Path, error: std::io::Error) -> ! {
    eprintln!("eval_script: {}: {error}", path.display());
    std::process::exit(1);
}

fn usage() -> ! {
    eprintln!("usage: eval_script [DIR] [--show N]");
    std::process::exit(2);
}
