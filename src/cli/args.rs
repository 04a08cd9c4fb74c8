//! The command line, as clap derives it, and its translation into library options.

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use hanfix::{
    BoilerplateRules, Options, RecordLevel, ScriptDictionary, ScriptTarget, Stage, StageSet,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Repairs scraped text: decodes any encoding, undoes mojibake, unifies traditional and
/// simplified Chinese, strips boilerplate, and writes normalized UTF-8.
#[derive(Debug, Parser)]
#[command(name = "hanfix", version, about, long_about = None, max_term_width = 100)]
#[command(after_long_help = "\
Exit status: 0 all inputs processed; 1 --check found inputs that would change;
2 some inputs failed (the others were still processed, each failure named on stderr).
Inputs are never modified; outputs are written atomically.")]
pub struct Args {
    /// Files and directories (recursed). None, or "-", reads standard input.
    pub paths: Vec<PathBuf>,

    /// Output: a file for one input file, else a directory mirroring the inputs' paths.
    /// Without it, cleaned text goes to standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Input is JSON Lines: clean one string field of each record, pass the rest through.
    #[arg(long)]
    pub jsonl: bool,

    /// The field --jsonl cleans.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    pub field: String,

    /// Run only these steps (comma-separated): decode, mojibake, layout, script,
    /// boilerplate, punct, normalize. They always run in that order.
    #[arg(long, value_name = "LIST", conflicts_with = "skip")]
    pub steps: Option<String>,

    /// Run every step but these (comma-separated).
    #[arg(long, value_name = "LIST")]
    pub skip: Option<String>,

    /// Script to unify Chinese text to: hans (default), hant, tw, hk, auto (the script
    /// most of each document is in), keep. A document with fewer than 5 characters that
    /// only one script writes is left alone.
    #[arg(long, value_name = "T", value_parser = parse_script)]
    pub script: Option<ScriptTarget>,

    /// A dictionary for the script step: one term a line, kept as it is (names, brands), or
    /// TERM<TAB>REPLACEMENT, written as REPLACEMENT. Lines starting with # are comments.
    #[arg(long, value_name = "FILE")]
    pub script_dict: Option<PathBuf>,

    /// Boilerplate rules of your own, added to the built-in ones: a TOML file of [[rule]]
    /// tables, each with an id, a pattern or regex, and an anchor (line, start, end,
    /// contains).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Force the input encoding (a WHATWG label such as gbk, big5, shift_jis, utf-16le)
    /// instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Print a human-readable log of every change on stderr, and a line per input: its
    /// encodings, what changed, and characters lost before decoding.
    #[arg(long)]
    pub explain: bool,

    /// Write a JSON Lines audit log: one record per changed document, with every change.
    #[arg(long, value_name = "FILE")]
    pub audit: Option<PathBuf>,

    /// Write a JSON summary: documents, bytes, encodings, changes per rule, characters lost
    /// before decoding (written as U+FFFD), errors, time, and what became of each input.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Change nothing and write nothing; exit 1 if any input would change.
    #[arg(long)]
    pub check: bool,

    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Progress bar on stderr: auto (only on a terminal), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ProgressWhen::Auto)]
    pub progress: ProgressWhen,
}

/// `--progress` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProgressWhen {
    /// A bar when stderr is a terminal.
    Auto,
    /// Always a bar.
    Always,
    /// Never a bar.
    Never,
}

impl Args {
    /// The library options these arguments ask for.
    pub fn options(&self) -> Result<Options> {
        let encoding = self.encoding.as_deref().map(parse_encoding).transpose()?;
        let record = if self.explain || self.audit.is_some() {
            RecordLevel::Full
        } else if self.report.is_some() {
            RecordLevel::Counts
        } else {
            RecordLevel::Off
        };
        let dictionary = self
            .script_dict
            .as_deref()
            .map(read_dictionary)
            .transpose()?;
        let rules = self.rules.as_deref().map(read_rules).transpose()?;
        Ok(Options::builder()
            .stages(self.stages()?)
            .script(self.script.unwrap_or_default())
            .script_dictionary(dictionary.map(Arc::new))
            .boilerplate_rules(rules.map(Arc::new))
            .encoding(encoding)
            .record(record)
            .build())
    }

    /// The stages `--steps` or `--skip` select.
    pub fn stages(&self) -> Result<StageSet> {
        let stages = match (&self.steps, &self.skip) {
            (Some(list), _) => StageSet::parse_list(list).context("--steps")?,
            (None, Some(list)) => {
                let skipped = StageSet::parse_list(list).context("--skip")?;
                skipped
                    .iter()
                    .fold(StageSet::ALL, |set, stage| set.without(stage))
            }
            (None, None) => StageSet::ALL,
        };
        if self.encoding.is_some() && !stages.contains(Stage::Decode) {
            bail!("--encoding needs the decode step, which --steps/--skip turned off");
        }
        Ok(stages)
    }
}

/// `--script-dict FILE`: the file read as a [`ScriptDictionary`].
fn read_dictionary(path: &Path) -> Result<ScriptDictionary> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--script-dict {}", path.display()))?;
    ScriptDictionary::parse(&text).with_context(|| format!("--script-dict {}", path.display()))
}

/// `--rules FILE`: the built-in boilerplate rules and the file's.
fn read_rules(path: &Path) -> Result<BoilerplateRules> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("--rules {}", path.display()))?;
    BoilerplateRules::with_user_rules(&text).with_context(|| format!("--rules {}", path.display()))
}

/// `--script`: one of [`ScriptTarget::NAMES`].
fn parse_script(name: &str) -> Result<ScriptTarget, String> {
    ScriptTarget::NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, target)| *target)
        .ok_or_else(|| {
            let names: Vec<&str> = ScriptTarget::NAMES.iter().map(|(n, _)| *n).collect();
            format!("expected one of {}", names.join(", "))
        })
}

/// `--encoding`: a WHATWG label of an encoding that can decode text. The labels of
/// encoding_rs's "replacement" encoding (iso-2022-kr, hz-gb-2312 …) would turn any input into
/// one U+FFFD, so they are refused.
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding> {
    const TRY: &str = "try gbk, big5, shift_jis, euc-kr, utf-16le, windows-1252";
    match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
        Some(encoding) if encoding == encoding_rs::REPLACEMENT => {
            bail!("--encoding: '{label}' is not supported (it cannot be decoded safely); {TRY}")
        }
        Some(encoding) => Ok(encoding),
        None => bail!("--encoding: '{label}' is not an encoding label; {TRY}"),
    }
}
