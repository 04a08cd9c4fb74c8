//! Measures the mojibake stage against issue 3's targets on the corpus that
//! `scripts/build-mojibake-eval.py` and `examples/build_mojibake_eval.rs` build: exact
//! restoration per chain and scope, clean text left byte-identical, ftfy's published test
//! cases, the failures, and the stage's speed on one thread.
//!
//! ```text
//! python3 scripts/build-mojibake-eval.py && cargo run --release --example build_mojibake_eval
//! cargo run --release --example eval_mojibake -- [DIR] [--failures N] [--changed N]
//!     [--chain NAME] [--no-speed]
//! ```
//!
//! - `DIR`: the corpus (default `eval/mojibake`).
//! - `--failures N`: list N failing restoration cases and N failing ftfy cases (default 0).
//! - `--changed N`: list N clean cases the stage changed (default 10).
//! - `--chain NAME`: only the restoration cases of that chain (the table, the failures and the
//!   speed input); the clean and ftfy sections are unaffected.
//! - `--no-speed`: skip the throughput runs.
//!
//! The stage runs alone (`StageSet::NONE.with(Stage::Mojibake)`) through
//! [`Cleaner::clean_field`]: every case is a JSON string without a final newline, and its
//! expected output has none either, so cases are compared as fields, which never get a
//! newline added. A case passes when the output equals `expected` byte for byte.
//!
//! Case formats:
//! - `cases.jsonl`, `clean-cases.jsonl`, `lossy-clean-cases.jsonl`:
//!   {"id","chain","lang","scope","input","expected"}.
//!   `scope` is `paragraph` (all damaged), `sentence` (one sentence or clause damaged inside
//!   good text; inputs may hold `\n` between paragraphs) or `lossy` (bytes were lost: its
//!   `expected` has one U+FFFD per lost character, the best any repair can reach). Lossy cases
//!   are reported apart; the targets count the reversible ones (paragraph + sentence). Clean
//!   cases have chain `clean`, `expected == input`, ids `clean-<lang>-N` for paragraphs and
//!   `clean-neg-<kind>-N` for hard negatives (emoji, math, symbols, box, mojibake-talk);
//!   the lossy clean cases are the same with U+FFFD put in (chain `clean-lossy`, ids
//!   `clean-lossy-...`), reported apart.
//! - `ftfy-test-cases.json`: ftfy 6.3.1's `tests/test_cases.json`, a list of {"label",
//!   "original", "fixed", optional "fixed-encoding", optional "comment", "expect"}. As in
//!   ftfy's own test (`test_examples_in_json.py`), what `fix_encoding` must give is
//!   `fixed-encoding` when present, else `fixed`: the key is present only when `fix_text`'s
//!   other fixes (quotes, HTML, widths...) make `fixed` differ. That is what hanfix is
//!   compared with, on every case; `expect: "pass"` marks the cases ftfy itself passes.

use hanfix::{Cleaner, Options, RecordLevel, RuleCounts, Stage, StageSet};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "common/score.rs"]
mod score;
use score::Score;

/// Issue 3: exact restoration over all reversible cases.
const TARGET_OVERALL: f64 = 98.0;
/// Issue 3: exact restoration on every chain.
const TARGET_CHAIN: f64 = 95.0;
/// Issue 3 asks for at least this many cases per chain.
const CASES_PER_CHAIN: usize = 100;
/// Each speed input is repeated to at least this size.
const SPEED_BYTES: usize = 8 << 20;
/// Longest text (in characters) shown whole in a listing.
const SHOW_CHARS: usize = 240;
const SCOPES: [&str; 3] = ["paragraph", "sentence", "lossy"];
const CHINESE: [&str; 3] = ["zh-Hans", "zh-Hant", "lzh"];

/// One line of `cases.jsonl` or `clean-cases.jsonl`.
#[derive(Deserialize)]
struct Case {
    id: String,
    chain: String,
    lang: String,
    scope: String,
    input: String,
    expected: String,
}

impl Case {
    /// A clean case's kind: `paragraph`, or the hard negative's kind (`emoji`, `math`...).
    fn kind(&self) -> &str {
        let id = ["clean-lossy-", "clean-"]
            .iter()
            .find_map(|prefix| self.id.strip_prefix(prefix))
            .unwrap_or(&self.id);
        id.strip_prefix("neg-")
            .and_then(|rest| rest.rsplit_once('-'))
            .map_or("paragraph", |(kind, _)| kind)
    }
}

/// One case of ftfy's `test_cases.json`.
#[derive(Deserialize)]
struct FtfyCase {
    label: String,
    original: String,
    fixed: String,
    #[serde(rename = "fixed-encoding")]
    fixed_encoding: Option<String>,
    expect: String,
}

impl FtfyCase {
    /// What ftfy's `fix_encoding` must give (ftfy's test: `get("fixed-encoding", fixed)`).
    fn expected(&self) -> &str {
        self.fixed_encoding.as_deref().unwrap_or(&self.fixed)
    }
}

struct Args {
    dir: PathBuf,
    failures: usize,
    changed: usize,
    chain: Option<String>,
    speed: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        dir: PathBuf::from("eval/mojibake"),
        failures: 0,
        changed: 10,
        chain: None,
        speed: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut count = |flag: &str| -> usize {
            it.next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| exit_with(&format!("{flag} needs a number")))
        };
        match arg.as_str() {
            "--failures" => args.failures = count("--failures"),
            "--changed" => args.changed = count("--changed"),
            "--chain" => {
                let name = it.next();
                args.chain = Some(name.unwrap_or_else(|| exit_with("--chain needs a name")));
            }
            "--no-speed" => args.speed = false,
            flag if flag.starts_with("--") => exit_with(&format!("unknown option {flag}")),
            _ => args.dir = PathBuf::from(arg),
        }
    }
    args
}

fn exit_with(message: &str) -> ! {
    eprintln!("eval_mojibake: {message}");
    std::process::exit(2)
}

fn main() {
    let args = parse_args();
    let cases = select_chain(load_jsonl(&args.dir, "cases.jsonl"), args.chain.as_deref());
    let clean: Vec<Case> = load_jsonl(&args.dir, "clean-cases.jsonl");
    let lossy_clean: Vec<Case> = load_jsonl(&args.dir, "lossy-clean-cases.jsonl");
    let ftfy: Vec<FtfyCase> = serde_json::from_str(&read(&args.dir, "ftfy-test-cases.json"))
        .unwrap_or_else(|e| exit_with(&format!("ftfy-test-cases.json: {e}")));
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Mojibake))
            .record(RecordLevel::Counts)
            .build(),
    );
    let restoration = evaluate_restoration(&cleaner, &cases, args.failures);
    let untouched = evaluate_clean(
        &cleaner,
        &clean,
        args.changed,
        "clean text left byte-identical (target: all)",
    );
    let lossy_untouched = evaluate_clean(
        &cleaner,
        &lossy_clean,
        args.changed,
        "clean text with U+FFFD put in, as its own lost bytes, left byte-identical",
    );
    let ftfy = evaluate_ftfy(&cleaner, &ftfy, args.failures);
    print_summary(&restoration, untouched, lossy_untouched, &ftfy);
    if args.speed {
        measure_speed(&cases, &clean);
    }
}

fn read(dir: &Path, file: &str) -> String {
    let path = dir.join(file);
    fs::read_to_string(&path).unwrap_or_else(|e| {
        exit_with(&format!(
            "{}: {e}\nbuild the corpus first: python3 scripts/build-mojibake-eval.py && \
             cargo run --release --example build_mojibake_eval",
            path.display()
        ))
    })
}

fn load_jsonl<T: for<'de> Deserialize<'de>>(dir: &Path, file: &str) -> Vec<T> {
    read(dir, file)
        .lines()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| exit_with(&format!("{file}:{}: {e}", n + 1)))
        })
        .collect()
}

/// The cases of one chain, or all of them; an unknown chain name lists the known ones.
fn select_chain(cases: Vec<Case>, chain: Option<&str>) -> Vec<Case> {
    let Some(chain) = chain else {
        return cases;
    };
    let mut names: Vec<&str> = cases.iter().map(|case| case.chain.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if !names.contains(&chain) {
        exit_with(&format!(
            "no chain {chain}; the chains are: {}",
            names.join(" ")
        ));
    }
    cases
        .into_iter()
        .filter(|case| case.chain == chain)
        .collect()
}

/// The mojibake stage alone on one text, and the edits it counted per rule.
fn run(cleaner: &Cleaner, text: &str) -> (String, RuleCounts) {
    let cleaned = cleaner.clean_field(text);
    (cleaned.text.into_owned(), cleaned.report.counts().clone())
}

/// Scores per scope for one chain, in the order of [`SCOPES`].
type ChainScores = [Score; 3];

struct Restoration {
    /// Paragraph + sentence cases, all chains.
    reversible: Score,
    lossy: Score,
    /// Of the chains with the reversible cases the issue asks for, the one with the lowest
    /// reversible score, and its percentage (a thin chain's few cases are no percentage).
    weakest: Option<(String, f64)>,
    /// Chains with fewer reversible cases than the issue asks for.
    thin_chains: Vec<(String, usize)>,
}

fn evaluate_restoration(cleaner: &Cleaner, cases: &[Case], failures: usize) -> Restoration {
    let mut chains: BTreeMap<&str, ChainScores> = BTreeMap::new();
    let mut rules = RuleCounts::default();
    let mut failed = Vec::new();
    let mut failing = 0;
    for case in cases {
        let (got, counts) = run(cleaner, &case.input);
        let ok = got == case.expected;
        failing += usize::from(!ok);
        let scope = SCOPES
            .iter()
            .position(|&s| s == case.scope)
            .unwrap_or_else(|| exit_with(&format!("{}: unknown scope {}", case.id, case.scope)));
        chains.entry(&case.chain).or_default()[scope].add(ok);
        rules.merge(&counts);
        if !ok && failed.len() < failures {
            failed.push((case, got));
        }
    }
    print_chain_table(&chains);
    print_rules("edits per rule on mojibake cases", &rules);
    print_case_failures(&failed, failing);
    summarize_chains(&chains)
}

fn print_chain_table(chains: &BTreeMap<&str, ChainScores>) {
    println!(
        "exact restoration, mojibake stage alone\n{:<32} {:>18} {:>18} {:>18} {:>18}",
        "chain", "paragraph", "sentence", "reversible (p+s)", "lossy"
    );
    let mut totals = ChainScores::default();
    for (chain, scores) in chains {
        print_chain_row(chain, scores);
        for (total, score) in totals.iter_mut().zip(scores) {
            total.merge(*score);
        }
    }
    print_chain_row("all", &totals);
}

fn print_chain_row(name: &str, scores: &ChainScores) {
    let [paragraph, sentence, lossy] = *scores;
    let mut reversible = paragraph;
    reversible.merge(sentence);
    println!(
        "{name:<32} {:>18} {:>18} {:>18} {:>18}",
        paragraph.cell(),
        sentence.cell(),
        reversible.cell(),
        lossy.cell()
    );
}

fn summarize_chains(chains: &BTreeMap<&str, ChainScores>) -> Restoration {
    let mut summary = Restoration {
        reversible: Score::default(),
        lossy: Score::default(),
        weakest: None,
        thin_chains: Vec::new(),
    };
    for (chain, [paragraph, sentence, lossy]) in chains {
        let mut reversible = *paragraph;
        reversible.merge(*sentence);
        summary.reversible.merge(reversible);
        summary.lossy.merge(*lossy);
        if reversible.total < CASES_PER_CHAIN {
            summary
                .thin_chains
                .push((chain.to_string(), reversible.total));
            continue;
        }
        if let Some(percent) = reversible.percent() {
            if summary
                .weakest
                .as_ref()
                .is_none_or(|(_, low)| percent < *low)
            {
                summary.weakest = Some((chain.to_string(), percent));
            }
        }
    }
    summary
}

fn print_rules(title: &str, rules: &RuleCounts) {
    if rules.total() == 0 {
        println!("{title}: none");
        return;
    }
    println!("{title}:");
    for (rule, n) in rules.iter() {
        println!("  {rule:<40} {n}");
    }
}

fn print_case_failures(failed: &[(&Case, String)], count: usize) {
    println!("restoration failures: {count}");
    for (case, got) in failed {
        println!(
            "  {} {} ({}, {})",
            case.chain, case.id, case.lang, case.scope
        );
        println!("    input    {}", show(&case.input));
        println!("    expected {}", show(&case.expected));
        println!("    got      {}", show(got));
        println!("    {}", first_difference(&case.expected, got));
    }
}

/// Clean cases left byte-identical, by language and by kind; the first `limit` changed ones.
fn evaluate_clean(cleaner: &Cleaner, clean: &[Case], limit: usize, title: &str) -> Score {
    let mut by_lang: BTreeMap<&str, Score> = BTreeMap::new();
    let mut by_kind: BTreeMap<&str, Score> = BTreeMap::new();
    let mut all = Score::default();
    let mut rules = RuleCounts::default();
    let mut changed = Vec::new();
    for case in clean {
        let (got, counts) = run(cleaner, &case.input);
        let same = got == case.input;
        all.add(same);
        by_lang.entry(&case.lang).or_default().add(same);
        by_kind.entry(case.kind()).or_default().add(same);
        rules.merge(&counts);
        if !same && changed.len() < limit {
            changed.push((case, got));
        }
    }
    println!("\n{title}");
    print_scores("lang", &by_lang);
    print_scores("kind", &by_kind);
    println!("{:<20} {:>18}", "all", all.cell());
    print_rules("edits per rule on clean text", &rules);
    println!("changed clean cases: {}", all.total - all.ok);
    for (case, got) in changed {
        println!("  {} ({}, {})", case.id, case.lang, case.kind());
        println!("    input  {}", show(&case.input));
        println!("    output {}", show(&got));
    }
    all
}

fn print_scores(title: &str, rows: &BTreeMap<&str, Score>) {
    println!("{title:<20} {:>18}", "unchanged");
    for (name, score) in rows {
        println!("  {name:<18} {:>18}", score.cell());
    }
}

/// hanfix and ftfy on ftfy's cases, compared with what `fix_encoding` must give.
struct FtfyScores {
    /// hanfix: cases whose expected text differs from the original / equals it.
    repairs: Score,
    negatives: Score,
    /// ftfy (cases marked `expect: pass`), on the same split.
    ftfy_repairs: Score,
    ftfy_negatives: Score,
    /// hanfix and ftfy on the cases that carry an explicit "fixed-encoding" key.
    keyed: Score,
    ftfy_keyed: Score,
}

impl FtfyScores {
    fn hanfix(&self) -> Score {
        let mut all = self.repairs;
        all.merge(self.negatives);
        all
    }

    fn ftfy(&self) -> Score {
        let mut all = self.ftfy_repairs;
        all.merge(self.ftfy_negatives);
        all
    }
}

fn evaluate_ftfy(cleaner: &Cleaner, cases: &[FtfyCase], failures: usize) -> FtfyScores {
    let mut scores = FtfyScores {
        repairs: Score::default(),
        negatives: Score::default(),
        ftfy_repairs: Score::default(),
        ftfy_negatives: Score::default(),
        keyed: Score::default(),
        ftfy_keyed: Score::default(),
    };
    let mut failed = Vec::new();
    for case in cases {
        let (got, _) = run(cleaner, &case.original);
        let ok = got == case.expected();
        let ftfy_ok = case.expect == "pass";
        let (hanfix, ftfy) = if case.expected() == case.original {
            (&mut scores.negatives, &mut scores.ftfy_negatives)
        } else {
            (&mut scores.repairs, &mut scores.ftfy_repairs)
        };
        hanfix.add(ok);
        ftfy.add(ftfy_ok);
        if case.fixed_encoding.is_some() {
            scores.keyed.add(ok);
            scores.ftfy_keyed.add(ftfy_ok);
        }
        if !ok && failed.len() < failures {
            failed.push((case, got));
        }
    }
    print_ftfy(&scores);
    for (case, got) in failed {
        println!("  {} (ftfy: {})", case.label, case.expect);
        println!("    input    {}", show(&case.original));
        println!("    expected {}", show(case.expected()));
        println!("    got      {}", show(&got));
    }
    scores
}

fn print_ftfy(scores: &FtfyScores) {
    println!(
        "\nftfy 6.3.1 test cases, against fix_encoding's expectation\n{:<44} {:>18} {:>18}",
        "cases", "hanfix", "ftfy (expect=pass)"
    );
    let rows = [
        (
            "to repair (expected != original)",
            scores.repairs,
            scores.ftfy_repairs,
        ),
        (
            "to leave alone (expected == original)",
            scores.negatives,
            scores.ftfy_negatives,
        ),
        ("all", scores.hanfix(), scores.ftfy()),
        (
            "with an explicit \"fixed-encoding\" key",
            scores.keyed,
            scores.ftfy_keyed,
        ),
    ];
    for (name, hanfix, ftfy) in rows {
        println!("{name:<44} {:>18} {:>18}", hanfix.cell(), ftfy.cell());
    }
}

fn print_summary(
    restoration: &Restoration,
    untouched: Score,
    lossy_untouched: Score,
    ftfy: &FtfyScores,
) {
    println!("\nsummary against issue 3's targets");
    let verdict = |met: bool| if met { "MET" } else { "MISSED" };
    let reversible = restoration.reversible.percent().unwrap_or(0.0);
    println!(
        "  exact restoration, paragraph+sentence: {:<18} target >= {TARGET_OVERALL}%  {}",
        restoration.reversible.cell(),
        verdict(reversible >= TARGET_OVERALL)
    );
    match &restoration.weakest {
        Some((chain, percent)) => println!(
            "  weakest chain (p+s, {CASES_PER_CHAIN}+ cases): {chain} {percent:.1}%  target >= {TARGET_CHAIN}% on every chain  {}",
            verdict(*percent >= TARGET_CHAIN)
        ),
        None => println!("  weakest chain: no reversible cases"),
    }
    println!(
        "  lossy cases, best possible repair:     {} (reported apart)",
        restoration.lossy.cell()
    );
    println!(
        "  clean text byte-identical:             {:<18} target: all  {}",
        untouched.cell(),
        verdict(untouched.ok == untouched.total)
    );
    println!(
        "  the same with U+FFFD put in:           {} (reported apart)",
        lossy_untouched.cell()
    );
    let (hanfix, theirs) = (ftfy.hanfix(), ftfy.ftfy());
    println!(
        "  ftfy test cases (fix_encoding):        {:<18} target >= ftfy's {}  {}",
        hanfix.cell(),
        theirs.cell(),
        verdict(hanfix.ok >= theirs.ok)
    );
    if !restoration.thin_chains.is_empty() {
        let thin: Vec<String> = restoration
            .thin_chains
            .iter()
            .map(|(chain, n)| format!("{chain} ({n})"))
            .collect();
        println!(
            "  chains with fewer than {CASES_PER_CHAIN} reversible cases (mostly lossy): {}",
            thin.join(", ")
        );
    }
}

/// MB/s of the stage alone, one thread, recording off, best of 3, on clean paragraphs (all,
/// and the Chinese ones) and on the mojibake inputs, each joined by newlines and repeated to
/// at least [`SPEED_BYTES`].
fn measure_speed(cases: &[Case], clean: &[Case]) {
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Mojibake))
            .build(),
    );
    let chinese: Vec<&Case> = clean
        .iter()
        .filter(|c| c.kind() == "paragraph" && CHINESE.contains(&c.lang.as_str()))
        .collect();
    // Issue 3's targets (measured there with criterion): clean Chinese, all-mojibake text.
    let inputs = [
        ("clean paragraphs, all", joined(clean.iter()), ""),
        (
            "clean paragraphs, Chinese",
            joined(chinese.into_iter()),
            ">= 500",
        ),
        ("mojibake inputs", joined(cases.iter()), ">= 30"),
    ];
    println!(
        "\nspeed, mojibake stage alone (one thread, best of 3)\n  {:<28} {:>8} {:>14} {:>8}  output",
        "input", "MiB", "MB/s", "target"
    );
    for (name, text, target) in inputs {
        if text.is_empty() {
            continue;
        }
        let seconds = best_of_3(|| {
            std::hint::black_box(cleaner.clean_field(std::hint::black_box(&text)));
        });
        let output = if cleaner.clean_field(&text).is_changed() {
            "changed"
        } else {
            "unchanged (borrowed: nothing was scanned)"
        };
        println!(
            "  {name:<28} {:>8.1} {:>14.0} {target:>8}  {output}",
            text.len() as f64 / (1 << 20) as f64,
            text.len() as f64 / seconds / 1e6
        );
    }
}

/// The cases' inputs joined by newlines, repeated to at least [`SPEED_BYTES`].
fn joined<'c>(cases: impl Iterator<Item = &'c Case>) -> String {
    let unit: String = cases.map(|case| format!("{}\n", case.input)).collect();
    if unit.is_empty() {
        return unit;
    }
    unit.repeat(SPEED_BYTES.div_ceil(unit.len()))
}

/// The shortest of three runs of `run`, in seconds.
fn best_of_3(mut run: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// A text escaped on one line, cut after [`SHOW_CHARS`] characters.
fn show(text: &str) -> String {
    let total = text.chars().count();
    let head: String = text.chars().take(SHOW_CHARS).collect();
    let cut = if total > SHOW_CHARS {
        format!("…(+{} chars)", total - SHOW_CHARS)
    } else {
        String::new()
    };
    format!("«{}»{cut}", head.escape_debug())
}

/// Where two texts first differ, with a little context from each.
fn first_difference(expected: &str, got: &str) -> String {
    let Some(at) = expected
        .chars()
        .zip(got.chars())
        .position(|(a, b)| a != b)
        .or_else(|| {
            let (e, g) = (expected.chars().count(), got.chars().count());
            (e != g).then_some(e.min(g))
        })
    else {
        return "identical".into();
    };
    let context = |text: &str| -> String {
        let window: String = text.chars().skip(at.saturating_sub(6)).take(16).collect();
        window.escape_debug().to_string()
    };
    format!(
        "first difference at char {at}: expected «{}» got «{}»",
        context(expected),
        context(got)
    )
}
