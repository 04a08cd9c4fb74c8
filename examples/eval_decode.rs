//! Measures the decode stage on the corpus that `scripts/build-decode-eval.py` builds from
//! real text: exact-decode rates by encoding and size and by language, line accuracy on
//! mixed-encoding dumps, the failures, and decoding speed.
//!
//! ```text
//! python3 scripts/build-decode-eval.py            # writes eval/decode
//! cargo run --release --example eval_decode -- [DIR] [--failures N] [--lines N] [--no-speed]
//! ```
//!
//! A file counts as exact when the decoded text equals the expected text: encodings that
//! read the same bytes the same way (GBK and gb18030, windows-1250 and ISO-8859-2 on shared
//! letters) are not told apart. Files whose labelled encoding itself does not give the
//! expected text under encoding_rs (Python's codec tables differ from the WHATWG ones in a
//! few code points) are corpus defects, listed and left out.

use hanfix::{Cleaner, DecodePlan, Options, PieceStart, Stage, StageSet};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "common/score.rs"]
mod score;
use score::Score;

#[derive(Deserialize)]
struct Entry {
    file: String,
    encoding: String,
    language: String,
    size: usize,
    expected: String,
    kind: String,
    line_encodings: Option<String>,
}

struct Args {
    dir: PathBuf,
    /// How many failed files to list.
    failures: usize,
    /// How many wrongly decoded lines of mixed dumps to list.
    lines: usize,
    speed: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        dir: PathBuf::from("eval/decode"),
        failures: 40,
        lines: 0,
        speed: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--failures" => args.failures = it.next().and_then(|n| n.parse().ok()).unwrap_or(40),
            "--lines" => args.lines = it.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--no-speed" => args.speed = false,
            _ => args.dir = PathBuf::from(arg),
        }
    }
    args
}

fn main() {
    let args = parse_args();
    let manifest = fs::read_to_string(args.dir.join("manifest.jsonl")).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; build the corpus first: python3 scripts/build-decode-eval.py",
            args.dir.display()
        )
    });
    let entries: Vec<Entry> = manifest
        .lines()
        .map(|line| serde_json::from_str(line).expect("manifest line"))
        .collect();
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Decode))
            .build(),
    );
    let (singles, mixed): (Vec<&Entry>, Vec<&Entry>) =
        entries.iter().partition(|entry| entry.kind == "single");
    evaluate_singles(&cleaner, &args, &singles);
    evaluate_mixed(&cleaner, &args, &mixed);
    if args.speed {
        measure_speed(&args.dir, &singles, &mixed);
    }
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The encoding_rs encoding behind a manifest name (`UTF-16LE-BOM` is UTF-16LE with a BOM).
fn labelled(name: &str) -> &'static encoding_rs::Encoding {
    let label = name.trim_end_matches("-BOM");
    encoding_rs::Encoding::for_label(label.as_bytes())
        .unwrap_or_else(|| panic!("unknown encoding {name}"))
}

struct Outcome<'e> {
    entry: &'e Entry,
    ok: bool,
    got: String,
    diff: String,
}

fn evaluate_singles(cleaner: &Cleaner, args: &Args, entries: &[&Entry]) {
    let mut defects = Vec::new();
    let mut outcomes = Vec::new();
    for &entry in entries {
        let bytes = read(&args.dir, &entry.file);
        let expected = String::from_utf8(read(&args.dir, &entry.expected)).expect("UTF-8");
        let oracle = DecodePlan::detect(&bytes, Some(labelled(&entry.encoding)))
            .ok()
            .and_then(|plan| cleaner.decode(&bytes, &plan, PieceStart::InputStart).ok())
            .map(|(text, _)| text.into_owned());
        if oracle.as_deref() != Some(expected.as_str()) {
            defects.push(entry.file.as_str());
            continue;
        }
        let (ok, got, diff) = match cleaner.clean_bytes(&bytes) {
            Ok(cleaned) => {
                let encoding = cleaned.report.decoding.map_or("?", |d| d.encoding);
                let ok = cleaned.text == expected;
                (
                    ok,
                    encoding.to_string(),
                    first_difference(&expected, &cleaned.text),
                )
            }
            Err(error) => (false, "error".into(), error.to_string()),
        };
        outcomes.push(Outcome {
            entry,
            ok,
            got,
            diff,
        });
    }
    print_tables(&outcomes);
    print_failures(&outcomes, args.failures);
    if !defects.is_empty() {
        println!(
            "\ncorpus defects (labelled encoding does not give the expected text; left out): {}",
            defects.len()
        );
        for file in defects.iter().take(10) {
            println!("  {file}");
        }
    }
}

const SIZES: [usize; 4] = [30, 200, 2000, 20000];
const CJK: [&str; 4] = ["zh-Hans", "zh-Hant", "ja", "ko"];

fn print_tables(outcomes: &[Outcome]) {
    let mut by_encoding: BTreeMap<&str, [Score; 4]> = BTreeMap::new();
    let mut by_language: BTreeMap<&str, [Score; 4]> = BTreeMap::new();
    let (mut large, mut cjk_30_legacy, mut cjk_30_all) =
        (Score::default(), Score::default(), Score::default());
    for outcome in outcomes {
        let entry = outcome.entry;
        let column = SIZES.iter().position(|&s| s == entry.size).expect("size");
        by_encoding.entry(&entry.encoding).or_default()[column].add(outcome.ok);
        by_language.entry(&entry.language).or_default()[column].add(outcome.ok);
        if entry.size >= 200 {
            large.add(outcome.ok);
        } else if CJK.contains(&entry.language.as_str()) {
            cjk_30_all.add(outcome.ok);
            if !entry.encoding.starts_with("UTF") {
                cjk_30_legacy.add(outcome.ok);
            }
        }
    }
    print_table("encoding", &by_encoding);
    print_table("language", &by_language);
    println!("\nfiles of 200 B and more, exact:       {}", large.cell());
    println!(
        "30 B CJK snippets, legacy encodings:  {}",
        cjk_30_legacy.cell()
    );
    println!(
        "30 B CJK snippets, with UTF-8/UTF-16: {}",
        cjk_30_all.cell()
    );
}

fn print_table(title: &str, rows: &BTreeMap<&str, [Score; 4]>) {
    println!(
        "\n{title:<14} {:>20} {:>20} {:>20} {:>20}",
        "30 B", "200 B", "2 KB", "20 KB"
    );
    let mut totals = [Score::default(); 4];
    for (name, scores) in rows {
        print!("{name:<14}");
        for (column, score) in scores.iter().enumerate() {
            print!(" {:>20}", score.cell());
            totals[column].ok += score.ok;
            totals[column].total += score.total;
        }
        println!();
    }
    print!("{:<14}", "all");
    for score in totals {
        print!(" {:>20}", score.cell());
    }
    println!();
}

fn print_failures(outcomes: &[Outcome], limit: usize) {
    let failures: Vec<&Outcome> = outcomes.iter().filter(|o| !o.ok).collect();
    println!("\nfailures: {}", failures.len());
    for failure in failures.iter().take(limit) {
        println!(
            "  {} (got {}): {}",
            failure.entry.file, failure.got, failure.diff
        );
    }
}

/// Where two texts first differ, with a little context from each.
fn first_difference(expected: &str, got: &str) -> String {
    let at = expected
        .char_indices()
        .zip(got.chars())
        .find(|((_, a), b)| a != b)
        .map_or(expected.len().min(got.len()), |((i, _), _)| i);
    let context = |text: &str| -> String {
        let mut start = at.saturating_sub(6).min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        text[start..]
            .chars()
            .take(12)
            .collect::<String>()
            .escape_debug()
            .to_string()
    };
    format!("expected «{}» got «{}»", context(expected), context(got))
}

/// Line scores of one mixed dump.
#[derive(Default)]
struct LineScores {
    lines: Score,
    long: Score,
    short: Score,
    /// Lines whose labelled encoding does not give the expected text (left out).
    defects: usize,
}

fn evaluate_mixed(cleaner: &Cleaner, args: &Args, entries: &[&Entry]) {
    println!(
        "\n{:<40} {:>18} {:>18} {:>18} {:>10}",
        "mixed dump", "lines", "long lines", "short lines", "reported"
    );
    let mut by_encoding: BTreeMap<String, Score> = BTreeMap::new();
    let mut all = Score::default();
    let mut wrong = Vec::new();
    let mut defects = 0;
    for entry in entries {
        let bytes = read(&args.dir, &entry.file);
        let cleaned = cleaner.clean_bytes(&bytes).expect("mixed dumps are text");
        let mut scores = LineScores::default();
        for line in mixed_lines(&args.dir, entry, &bytes) {
            if line.oracle != line.expected {
                scores.defects += 1;
                continue;
            }
            let got = cleaned.text.lines().nth(line.index).unwrap_or_default();
            let ok = got == line.expected;
            if !ok && wrong.len() < args.lines {
                let diff = first_difference(&line.expected, got);
                wrong.push(format!(
                    "  {}:{} ({}): {diff}",
                    entry.file,
                    line.index + 1,
                    line.encoding
                ));
            }
            scores.lines.add(ok);
            all.add(ok);
            by_encoding.entry(line.encoding).or_default().add(ok);
            // Short: fewer than 8 non-ASCII characters, too few for chardetng on its own.
            if line.expected.chars().filter(|c| !c.is_ascii()).count() < 8 {
                scores.short.add(ok);
            } else {
                scores.long.add(ok);
            }
        }
        defects += scores.defects;
        let reported = cleaned.report.decoding.map_or("?", |d| d.encoding);
        println!(
            "{:<40} {:>18} {:>18} {:>18} {:>10}",
            entry.file,
            scores.lines.cell(),
            scores.long.cell(),
            scores.short.cell(),
            reported
        );
    }
    println!("{:<40} {:>18}", "all mixed-dump lines", all.cell());
    for (encoding, score) in by_encoding {
        println!("  lines in {encoding:<10} {:>18}", score.cell());
    }
    println!("  corpus defects (lines left out): {defects}");
    for line in wrong {
        println!("{line}");
    }
}

/// One record of a mixed dump: what it should decode to, and what its labelled encoding
/// alone decodes it to.
struct MixedLine {
    index: usize,
    encoding: String,
    expected: String,
    oracle: String,
}

fn mixed_lines(dir: &Path, entry: &Entry, bytes: &[u8]) -> Vec<MixedLine> {
    let expected = String::from_utf8(read(dir, &entry.expected)).expect("UTF-8");
    let file = entry
        .line_encodings
        .as_ref()
        .expect("mixed dumps list line encodings");
    let encodings = String::from_utf8(read(dir, file)).expect("UTF-8");
    expected
        .lines()
        .zip(encodings.lines())
        .zip(bytes.split(|&b| b == b'\n'))
        .enumerate()
        .map(|(index, ((expected, encoding), raw))| MixedLine {
            index,
            encoding: encoding.to_string(),
            expected: expected.to_string(),
            oracle: labelled(encoding)
                .decode_without_bom_handling(raw)
                .0
                .into_owned(),
        })
        .collect()
}

/// Speed on inputs of 64 MiB (16 MiB for the mixed dump) built by repeating corpus files,
/// each decoded as one piece in one thread, best of three runs: encoding_rs alone with the
/// right encoding (the floor), hanfix's decode stage, decode+normalize, and making the plan.
fn measure_speed(dir: &Path, singles: &[&Entry], mixed: &[&Entry]) {
    let pick = |language: &str, encoding: &str| -> (&'static encoding_rs::Encoding, Vec<u8>) {
        let file = singles
            .iter()
            .find(|e| e.language == language && e.encoding == encoding && e.size == 20000)
            .map(|e| e.file.as_str())
            .unwrap_or_else(|| panic!("no 20 KB {language} {encoding} file"));
        (labelled(encoding), repeat_to(&read(dir, file), 64 << 20))
    };
    let dump = mixed.first().expect("a mixed dump");
    let inputs = [
        ("UTF-8 Chinese", pick("zh-Hans", "UTF-8")),
        ("GBK", pick("zh-Hans", "GBK")),
        ("Big5", pick("zh-Hant", "Big5")),
        ("Shift_JIS", pick("ja", "Shift_JIS")),
        ("windows-1251", pick("ru", "windows-1251")),
        (
            "mixed UTF-8/GBK/Big5",
            (
                encoding_rs::GBK,
                repeat_to(&read(dir, &dump.file), 16 << 20),
            ),
        ),
    ];
    let decode = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Decode))
            .build(),
    );
    let normalize = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Decode).with(Stage::Normalize))
            .build(),
    );
    println!(
        "\nspeed, MB/s (one thread, one piece, best of 3)\n{:<22} {:>12} {:>12} {:>18} {:>10}",
        "input", "encoding_rs", "decode", "decode+normalize", "plan (ms)"
    );
    for (name, (encoding, input)) in &inputs {
        let prefix = &input[..hanfix::PLAN_PREFIX_LEN];
        let plan = decode.decode_plan(prefix).expect("plan");
        let floor = best_of_3(|| {
            std::hint::black_box(encoding.decode_without_bom_handling(input));
        });
        let decoded = best_of_3(|| {
            std::hint::black_box(
                decode
                    .clean_bytes_with(input, &plan, PieceStart::InputStart)
                    .expect("decodes"),
            );
        });
        let normalized = best_of_3(|| {
            std::hint::black_box(
                normalize
                    .clean_bytes_with(input, &plan, PieceStart::InputStart)
                    .expect("decodes"),
            );
        });
        let planning = best_of_3(|| {
            std::hint::black_box(decode.decode_plan(prefix).expect("plan"));
        });
        let speed = |seconds: f64| input.len() as f64 / seconds / 1e6;
        println!(
            "{name:<22} {:>12.0} {:>12.0} {:>18.0} {:>10.1}",
            speed(floor),
            speed(decoded),
            speed(normalized),
            planning * 1e3
        );
    }
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

/// `unit` repeated (whole lines only) to about `len` bytes.
fn repeat_to(unit: &[u8], len: usize) -> Vec<u8> {
    let end = unit
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(unit.len(), |i| i + 1);
    let mut unit = unit[..end].to_vec();
    if unit.last() != Some(&b'\n') {
        unit.push(b'\n');
    }
    unit.repeat(len.div_ceil(unit.len()))
}
