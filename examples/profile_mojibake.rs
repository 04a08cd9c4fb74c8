//! Runs the mojibake stage alone over a file, for profilers: instruction counts under
//! callgrind are stable where wall-clock benchmarks on a shared machine are not.
//!
//! ```text
//! cargo bench --bench pipeline -- mojibake     # writes target/mojibake-speed/*.rust.txt
//! head -c 1000000 target/mojibake-speed/utf8-as-gbk.rust.txt > /tmp/gbk.txt
//! cargo build --release --example profile_mojibake
//! valgrind --tool=callgrind --toggle-collect='profile_mojibake::clean' \
//!     target/release/examples/profile_mojibake /tmp/gbk.txt 1
//! ```
//!
//! Arguments: the file, and how many times to clean it (default 3). The tables the stage
//! builds on first use are built on a few lines first, so that with `--toggle-collect` only
//! the cleaning of the whole file is counted. Prints the bytes out and the best
//! throughput.

use hanfix::{Cleaner, Options, Stage, StageSet};
use std::time::Instant;

/// Cleans `text`; a function of its own so that a profiler can count it alone.
#[inline(never)]
fn clean(cleaner: &Cleaner, text: &str) -> usize {
    cleaner.clean_str(text).text.len()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), repeats) = (args.next(), args.next().map(|n| n.parse::<usize>())) else {
        eprintln!("usage: profile_mojibake FILE [TIMES]");
        std::process::exit(2);
    };
    let repeats = match repeats {
        None => 3,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("profile_mojibake: TIMES must be a positive number");
            std::process::exit(2);
        }
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Mojibake))
            .build(),
    );
    let first_lines: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
    // Not through `clean`, which `--toggle-collect` counts.
    cleaner.clean_str(&first_lines);
    let mut best = f64::MAX;
    let mut out = 0;
    for _ in 0..repeats {
        let started = Instant::now();
        out = clean(&cleaner, &text);
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{path}: {} bytes in, {out} out, best of {repeats}: {:.1} MB/s",
        text.len(),
        text.len() as f64 / 1e6 / best
    );
}
