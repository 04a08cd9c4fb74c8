//! Throughput of the pipeline, one thread, on real Chinese text (the bundled seed article,
//! repeated to 4 MiB): per stage and end to end, in UTF-8 and in GBK.
//!
//! Run: `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hanfix::{Cleaner, Options, Stage, StageSet};
use std::hint::black_box;

const SIZE: usize = 4 << 20;

/// The seed article's expected output: real, clean simplified Chinese.
fn chinese_text() -> String {
    let article = include_str!("../samples/seed-expected.txt");
    let mut text = String::with_capacity(SIZE + article.len());
    while text.len() < SIZE {
        text.push_str(article);
    }
    text
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

criterion_group!(benches, bench_inputs);
criterion_main!(benches);
