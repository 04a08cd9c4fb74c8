//! Throughput of the pipeline, one thread, on real Chinese text (the bundled seed article,
//! repeated to 4 MiB): per stage and end to end, in UTF-8 and in GBK; of the mojibake stage
//! on clean text and on text that is all mojibake; of traditional/simplified conversion,
//! OpenCC's configurations and the script stage, on traditional, simplified and mixed text;
//! of the boilerplate stage, on the article and on mirror pages of it; and of the punct
//! stage on clean and on scraped text.
//!
//! Run: `cargo bench --bench pipeline` (only the mojibake group:
//! `cargo bench --bench pipeline -- mojibake`; only the script group:
//! `cargo bench --bench pipeline -- script`; the boilerplate group: `-- boilerplate`; the
//! punct group: `-- punct`). benches/peers-mojibake.py times ftfy on the
//! mojibake group's inputs, which this bench writes to target/mojibake-speed/;
//! benches/peers-script.py times OpenCC on the evaluation corpus (eval/script/).

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use encoding_rs::Encoding;
use hanfix::{Cleaner, OpenccConfig, Options, ScriptConversion, ScriptTarget, Stage, StageSet};
use std::borrow::Cow;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const SIZE: usize = 4 << 20;

/// The seed article's expected output: real, clean simplified Chinese ending in a newline,
/// so copies of it (and of its mojibake) join without changing each other.
const ARTICLE: &str = include_str!("../samples/seed-expected.txt");

/// Where the mojibake group writes its inputs (`<name>.rust.txt`, UTF-8):
/// benches/peers-mojibake.py rebuilds them, compares the two and times ftfy only when they
/// are byte-identical.
const SPEED_INPUTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/mojibake-speed");

/// Copies of `unit` up to at least [`SIZE`] bytes (whole copies, so every input is real
/// text from end to end).
fn repeated(unit: &str) -> String {
    unit.repeat(SIZE.div_ceil(unit.len()))
}

/// Real, clean simplified Chinese, 4 MiB.
fn chinese_text() -> String {
    repeated(ARTICLE)
}

/// The same text with Windows line endings and trailing spaces on every line: the
/// normalize stage rewrites every line.
fn messy_text(clean: &str) -> String {
    clean.replace('\n', "  \r\n")
}

fn cleaner(stages: StageSet) -> Cleaner {
    Cleaner::new(Options::builder().stages(stages).build())
}

fn bench_inputs(c: &mut Criterion) {
    let utf8 = chinese_text();
    let messy = messy_text(&utf8);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&utf8);
    assert!(!unmappable, "the article is representable in GBK");
    let decode = StageSet::NONE.with(Stage::Decode);
    let normalize = StageSet::NONE.with(Stage::Normalize);
    let decode_normalize = decode.with(Stage::Normalize);

    let mut group = c.benchmark_group("pipeline");
    group.sample_size(20);
    let cases: [(&str, StageSet, &[u8]); 6] = [
        ("decode/utf8-chinese", decode, utf8.as_bytes()),
        ("decode/gbk-chinese", decode, &gbk),
        ("normalize/clean-chinese", normalize, utf8.as_bytes()),
        (
            "normalize/crlf-trailing-spaces",
            normalize,
            messy.as_bytes(),
        ),
        (
            "decode+normalize/utf8-chinese",
            decode_normalize,
            utf8.as_bytes(),
        ),
        ("decode+normalize/gbk-chinese", decode_normalize, &gbk),
    ];
    for (name, stages, input) in cases {
        let cleaner = cleaner(stages);
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| black_box(cleaner.clean_bytes(black_box(input)).unwrap().text.len()))
        });
    }
    let default = Cleaner::default();
    group.throughput(Throughput::Bytes(utf8.len() as u64));
    group.bench_function("default/utf8-chinese", |b| {
        b.iter(|| {
            black_box(
                default
                    .clean_bytes(black_box(utf8.as_bytes()))
                    .unwrap()
                    .text
                    .len(),
            )
        })
    });
    group.finish();
}

/// `text`'s UTF-8 bytes read with the `wrong` decoder, encoding_rs's (the WHATWG decoders of
/// browsers): how mojibake arises, every character of it, with U+FFFD wherever that decoder
/// meets bytes it cannot read (those characters are lost for good).
fn misread(text: &str, wrong: &'static Encoding) -> String {
    wrong
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

/// The mojibake group's inputs: (benchmark label, file name, text), each about 4 MiB. Both
/// mojibake inputs are the seed article misread, copy by copy (the article ends in a newline,
/// so misreading the copies at once would give the same text).
fn mojibake_inputs() -> [(&'static str, &'static str, String); 3] {
    [
        ("clean Chinese", "clean-chinese", chinese_text()),
        (
            "all mojibake (UTF-8 as GBK)",
            "utf8-as-gbk",
            repeated(&misread(ARTICLE, encoding_rs::GBK)),
        ),
        (
            "all mojibake (UTF-8 as windows-1252)",
            "utf8-as-windows-1252",
            repeated(&misread(ARTICLE, encoding_rs::WINDOWS_1252)),
        ),
    ]
}

/// Writes an input where benches/peers-mojibake.py looks for it.
fn write_input(file: &str, text: &str) {
    let dir = Path::new(SPEED_INPUTS);
    std::fs::create_dir_all(dir).expect("create target/mojibake-speed");
    std::fs::write(dir.join(format!("{file}.rust.txt")), text).expect("write a mojibake input");
}

/// Whether `got` is `want` but for characters lost before the repair, each one U+FFFD.
fn same_but_lost(got: &str, want: &str) -> bool {
    got.chars().count() == want.chars().count()
        && got
            .chars()
            .zip(want.chars())
            .all(|(g, w)| g == w || g == '\u{FFFD}')
}

/// One line on what the stage makes of an input, so a fast time cannot hide a stage that
/// repairs nothing: the all-mojibake inputs should come out as the article's lines, but for
/// the characters the wrong decoder lost (GBK loses one wherever a character's bytes run out
/// on a lead byte before a newline or an ASCII character), which stay U+FFFD.
fn describe(cleaner: &Cleaner, label: &str, text: &str) {
    let cleaned = cleaner.clean_str(text);
    let lines = cleaned.text.lines().count();
    let differing = cleaned
        .text
        .lines()
        .zip(ARTICLE.lines().cycle())
        .filter(|(got, want)| !same_but_lost(got, want))
        .count();
    let lost = cleaned.text.matches('\u{FFFD}').count();
    eprintln!(
        "mojibake input {label}: {:.2} MB; mojibake stage output: {differing} of {lines} lines \
         differ from the article's other than by lost characters (U+FFFD: {lost})",
        text.len() as f64 / 1e6
    );
}

/// The mojibake stage alone on each input, and the default pipeline on clean Chinese, all
/// given text (`clean_str`), as ftfy is. Throughput in decimal MB/s, the unit of
/// benches/peers-mojibake.py's ftfy figures.
fn bench_mojibake(c: &mut Criterion) {
    let mojibake = cleaner(StageSet::NONE.with(Stage::Mojibake));
    let inputs = mojibake_inputs();
    let clean = &inputs[0].2;
    let mut group = c.benchmark_group("mojibake");
    // An all-mojibake input takes a tenth of a second per call at 30 MB/s, seconds when the
    // stage is slower: flat sampling (as many calls in every sample) needs as few as 10
    // calls, where criterion's default linear sampling needs 55.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(4));
    for (label, file, text) in &inputs {
        write_input(file, text);
        describe(&mojibake, label, text);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_function(format!("mojibake {label}"), |b| {
            b.iter(|| black_box(mojibake.clean_str(black_box(text)).text.len()))
        });
    }
    let default = Cleaner::default();
    group.throughput(Throughput::BytesDecimal(clean.len() as u64));
    group.bench_function("default pipeline clean Chinese", |b| {
        b.iter(|| black_box(default.clean_str(black_box(clean)).text.len()))
    });
    group.finish();
}

/// The Universal Declaration's traditional translation (Big5 bytes) and its simplified one
/// (GBK bytes): whole documents, each in one script.
const BIG5_ARTICLE: &[u8] = include_bytes!("../samples/big5-article.txt");
const GBK_ARTICLE: &[u8] = include_bytes!("../samples/gbk-article.txt");

/// The seed article in traditional Chinese with simplified leftovers: what a machine
/// conversion left half done.
const SEED: &str = include_str!("../samples/seed.txt");

/// `bytes` read as `encoding`, which must decode every one of them.
fn decoded(bytes: &[u8], encoding: &'static Encoding) -> String {
    let (text, malformed) = encoding.decode_without_bom_handling(bytes);
    assert!(!malformed, "{} decodes the whole sample", encoding.name());
    text.into_owned()
}

/// A cleaner with the script stage alone, converting to `target`.
fn script_cleaner(target: ScriptTarget) -> Cleaner {
    Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Script))
            .script(target)
            .build(),
    )
}

/// What a script-group case times.
#[derive(Clone, Copy)]
enum Run {
    /// An OpenCC configuration, on text it changes.
    Opencc(OpenccConfig),
    /// The script stage converting to a target, expected to do what [`Expect`] says.
    Stage(ScriptTarget, Expect),
}

/// What the script stage should do with a case's input.
#[derive(Clone, Copy)]
enum Expect {
    /// Convert the whole document, giving what the OpenCC configuration gives.
    Whole(OpenccConfig),
    /// Find the document already in its target: detection only, the input returned borrowed.
    Unchanged,
    /// Convert only the minority script's characters.
    Minority,
}

/// Checks, once and before it is timed, that a case does what it is named for, and says how
/// much of the text it changed.
fn check_script(name: &str, run: Run, text: &str) {
    let output = match run {
        Run::Opencc(config) => {
            let output = config.convert(text);
            assert!(matches!(output, Cow::Owned(_)), "{name}: changes the text");
            output
        }
        Run::Stage(target, expect) => {
            let cleaned = script_cleaner(target).clean_str(text);
            let converted = cleaned
                .report
                .script()
                .expect("the stage reports")
                .converted;
            let output = cleaned.text;
            match expect {
                Expect::Whole(config) => {
                    assert_eq!(converted, ScriptConversion::Whole, "{name}");
                    assert!(
                        output == config.convert(text),
                        "{name}: as {}",
                        config.name()
                    );
                }
                Expect::Unchanged => {
                    assert_eq!(converted, ScriptConversion::None, "{name}");
                    assert!(
                        matches!(output, Cow::Borrowed(o) if std::ptr::eq(o, text)),
                        "{name}: the input, borrowed"
                    );
                }
                Expect::Minority => assert_eq!(converted, ScriptConversion::Minority, "{name}"),
            }
            output
        }
    };
    let differing = output
        .chars()
        .zip(text.chars())
        .filter(|(a, b)| a != b)
        .count();
    if !matches!(run, Run::Stage(_, Expect::Unchanged)) {
        assert!(differing > 0, "{name}: changes the text");
    }
    eprintln!(
        "script input {name}: {:.2} MB, {} characters; {differing} characters converted",
        text.len() as f64 / 1e6,
        text.chars().count(),
    );
}

/// OpenCC's t2s and s2t, and the script stage (`--script hans`, `hant`, `auto`), each given
/// text (`clean_str`), on about 4 MiB of real text: the traditional and simplified
/// translations of the Universal Declaration, and the seed article, traditional with
/// simplified leftovers (repeated: one big mixed document, which the stage judges as a
/// whole). Throughput in decimal MB/s, the unit of benches/peers-script.py's OpenCC figures.
fn bench_script(c: &mut Criterion) {
    let traditional = repeated(&decoded(BIG5_ARTICLE, encoding_rs::BIG5));
    let simplified = repeated(&decoded(GBK_ARTICLE, encoding_rs::GBK));
    let mixed = repeated(SEED);
    let cases: [(&str, Run, &str); 6] = [
        (
            "t2s traditional",
            Run::Opencc(OpenccConfig::T2s),
            &traditional,
        ),
        (
            "s2t simplified",
            Run::Opencc(OpenccConfig::S2t),
            &simplified,
        ),
        (
            "stage hans traditional",
            Run::Stage(ScriptTarget::Hans, Expect::Whole(OpenccConfig::T2s)),
            &traditional,
        ),
        (
            "stage hans simplified (unchanged)",
            Run::Stage(ScriptTarget::Hans, Expect::Unchanged),
            &simplified,
        ),
        (
            "stage hant traditional (unchanged)",
            Run::Stage(ScriptTarget::Hant, Expect::Unchanged),
            &traditional,
        ),
        (
            "stage auto seed mixed",
            Run::Stage(ScriptTarget::Auto, Expect::Minority),
            &mixed,
        ),
    ];
    let mut group = c.benchmark_group("script");
    // A whole conversion takes tens of milliseconds a call: flat sampling (as many calls in
    // every sample) keeps each case to its measurement time.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    for (name, run, text) in cases {
        check_script(name, run, text);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        match run {
            Run::Opencc(config) => group.bench_function(name, |b| {
                b.iter(|| black_box(config.convert(black_box(text)).len()))
            }),
            Run::Stage(target, _) => {
                let cleaner = script_cleaner(target);
                group.bench_function(name, |b| {
                    b.iter(|| black_box(cleaner.clean_str(black_box(text)).text.len()))
                })
            }
        };
    }
    group.finish();
}

/// The seed article as a WeChat mirror page: its traditional text with the footer it came
/// with, and a head and tail of the prompts such pages carry. Each copy is a document: the
/// bench cleans them one after another, as a run over many files or records would.
fn wechat_page() -> String {
    let seed = SEED.trim_end();
    format!(
        "點擊上方藍字關注我們\n原標題：2023冠縣·中國軸承（鍛造）產業高質量發展大會舉辦\n{seed}\n\
         推薦閱讀\n免責聲明：本文來源於網絡，僅代表作者個人觀點，如有侵權請聯繫刪除。\n\
         點個“在看”，你最好看\n"
    )
}

/// The boilerplate stage alone, given text: on the clean article (nothing to remove, every
/// line folded or measured), and on mirror pages of it, a copy a document (a footer and a
/// head to remove from each).
fn bench_boilerplate(c: &mut Criterion) {
    let boilerplate = cleaner(StageSet::NONE.with(Stage::Boilerplate));
    let clean = chinese_text();
    let page = wechat_page();
    let pages = SIZE.div_ceil(page.len());
    let removed = boilerplate.clean_str(&page).text.len();
    assert!(
        removed < page.len(),
        "the stage removes the page's boilerplate"
    );
    eprintln!(
        "boilerplate input: the seed article as a mirror page, {} bytes; {} bytes left",
        page.len(),
        removed
    );
    let mut group = c.benchmark_group("boilerplate");
    group.sample_size(20);
    group.throughput(Throughput::BytesDecimal(clean.len() as u64));
    group.bench_function("clean article (nothing to remove)", |b| {
        b.iter(|| black_box(boilerplate.clean_str(black_box(&clean)).text.len()))
    });
    group.throughput(Throughput::BytesDecimal((page.len() * pages) as u64));
    group.bench_function("mirror pages (head and footer removed)", |b| {
        b.iter(|| {
            (0..pages)
                .map(|_| boilerplate.clean_str(black_box(&page)).text.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// The punct stage alone, given text: on clean Chinese (nothing to change: the scan alone),
/// on the seed article as scraped (ASCII punctuation in every line, spaces between
/// sentences, parentheses around Han text) and on the GBK sample's simplified Chinese,
/// whose translation writes ASCII commas between Han text; and the stages that clean
/// layout, boilerplate and punctuation together on clean Chinese. Throughput in decimal
/// MB/s.
fn bench_punct(c: &mut Criterion) {
    let punct = StageSet::NONE.with(Stage::Punct);
    let three = punct.with(Stage::Layout).with(Stage::Boilerplate);
    let clean = chinese_text();
    let seed = repeated(SEED);
    let udhr = repeated(&decoded(GBK_ARTICLE, encoding_rs::GBK));
    let cases: [(&str, StageSet, &str); 4] = [
        ("punct clean Chinese", punct, &clean),
        ("punct seed article as scraped", punct, &seed),
        ("punct UDHR with ASCII commas", punct, &udhr),
        ("layout+boilerplate+punct clean Chinese", three, &clean),
    ];
    let mut group = c.benchmark_group("punct");
    group.sample_size(20);
    for (name, stages, text) in cases {
        let cleaner = cleaner(stages);
        let output = cleaner.clean_str(text).text;
        let changed = output
            .lines()
            .zip(text.lines())
            .filter(|(a, b)| a != b)
            .count();
        eprintln!(
            "punct input {name}: {:.2} MB, {changed} of {} lines changed",
            text.len() as f64 / 1e6,
            text.lines().count()
        );
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(cleaner.clean_str(black_box(text)).text.len()))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_inputs,
    bench_mojibake,
    bench_script,
    bench_boilerplate,
    bench_punct
);
criterion_main!(benches);
