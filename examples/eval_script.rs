//! Measures script conversion against issue 4's targets on the corpus that
//! `scripts/build-script-eval.py` builds: hanfix's output of each OpenCC configuration
//! against OpenCC's own (`benches/peers-script.py` writes it), line by line.
//!
//! ```text
//! python3 scripts/build-script-eval.py && python3 benches/peers-script.py
//! cargo run --release --example eval_script -- [DIR] [--show N]
//! python3 benches/peers-script.py --compare DIR/hanfix     # every difference, in context
//! ```
//!
//! - `DIR`: the corpus (default `eval/script`); hanfix's outputs go to `DIR/hanfix/<name>.txt`
//!   under the names OpenCC's outputs have in `DIR/opencc`.
//! - `--show N`: print N differing lines per configuration (default 5).
//!
//! Each input file is converted whole, as one string, as OpenCC's outputs were.

use hanfix::OpenccConfig;
use std::path::{Path, PathBuf};

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
