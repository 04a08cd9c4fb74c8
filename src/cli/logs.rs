//! What a run tells besides its outputs: the `--explain` change log, the `--audit` JSON
//! Lines log and the `--report` JSON summary.

use super::output::AtomicFile;
use super::work::{DocumentLog, Tally};
use anyhow::Result;
use hanfix::{Change, RuleCounts, ScriptReport};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One audit record: a changed document with every change.
#[derive(Serialize)]
struct AuditRecord<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    script: Option<ScriptReport>,
    changes: &'a [Change],
}

/// The `--audit` file, written as the run goes and renamed into place at the end.
pub struct AuditLog {
    file: AtomicFile,
}

impl AuditLog {
    pub fn create(path: &Path) -> Result<AuditLog> {
        Ok(AuditLog {
            file: AtomicFile::create(path)?,
        })
    }

    pub fn write(&mut self, name: &str, log: &DocumentLog) -> Result<()> {
        let record = AuditRecord {
            path: name,
            line: log.line,
            offset: log.offset,
            encoding: log.encoding,
            script: log.script,
            changes: &log.changes,
        };
        let mut line = serde_json::to_vec(&record)?;
        line.push(b'\n');
        self.file.write_all(&line)
    }

    /// Closes the records of an input that failed part way: its output was not written.
    pub fn write_failure(&mut self, name: &str, error: &str) -> Result<()> {
        #[derive(Serialize)]
        struct Failure<'a> {
            path: &'a str,
            failed: &'a str,
        }
        let mut line = serde_json::to_vec(&Failure {
            path: name,
            failed: error,
        })?;
        line.push(b'\n');
        self.file.write_all(&line)
    }

    pub fn finish(self) -> Result<()> {
        self.file.commit()
    }
}

/// The `--explain` text for one changed document.
pub fn explain(name: &str, log: &DocumentLog) -> String {
    let mut text = String::from(name);
    if let Some(line) = log.line {
        let _ = write!(text, ":{line}");
    }
    if let Some(offset) = log.offset {
        let _ = write!(text, " (from byte {offset})");
    }
    if let Some(encoding) = log.encoding {
        let _ = write!(text, ": decoded as {encoding}");
    }
    if let Some(script) = log.script {
        let _ = write!(
            text,
            "; script: {} ({} simplified-only, {} traditional-only characters)",
            script.converted.name(),
            script.counts.simplified,
            script.counts.traditional
        );
    }
    let _ = writeln!(text, "; {} change(s)", log.changes.len());
    for change in &log.changes {
        let _ = writeln!(
            text,
            "  {:<28} {:>7}..{:<7} \"{}\" -> \"{}\"",
            change.rule,
            change.span.start,
            change.span.end,
            visible(&change.before),
            visible(&change.after)
        );
    }
    text
}

/// Text as `--explain` shows it: invisible, space-like and combining characters as
/// `\u{…}` escapes, so that an edit that removes or recomposes them can be seen.
fn visible(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        let invisible = c.is_control()
            || (c.is_whitespace() && c != ' ')
            || unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}');
        match c {
            '"' | '\\' => shown.extend(['\\', c]),
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            _ if invisible => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
            _ => shown.push(c),
        }
    }
    shown
}

/// A path and what went wrong with it.
#[derive(Serialize)]
pub struct PathMessage {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub message: String,
}

/// What became of one input, in the `--report` summary and, with `--explain`, on stderr.
#[derive(Default, Serialize)]
pub struct InputSummary {
    pub path: String,
    /// Documents per encoding they were decoded from (a text file is one document, or one
    /// per piece when it is cut into pieces; a JSON Lines record is one).
    pub encodings: BTreeMap<&'static str, u64>,
    pub documents: u64,
    pub documents_changed: u64,
    /// Whether the output bytes differ from the input bytes.
    pub changed: bool,
    /// Characters whose bytes were lost before the input reached hanfix (see
    /// [`Summary::lost_characters`]).
    pub lost_characters: u64,
}

impl InputSummary {
    /// Adds the totals of one of the input's pieces.
    pub fn add(&mut self, tally: &Tally) {
        self.documents += tally.documents;
        self.documents_changed += tally.changed_documents;
        self.changed |= tally.changed;
        self.lost_characters += tally.lost_characters;
        for (encoding, n) in &tally.encodings {
            *self.encodings.entry(encoding).or_insert(0) += n;
        }
    }

    /// The `--explain` line for the input: its encodings, what changed and, when the input
    /// had lost characters, how many.
    pub fn explain(&self) -> String {
        let encodings: Vec<String> = match self.encodings.len() {
            1 => self.encodings.keys().map(|e| e.to_string()).collect(),
            _ => self
                .encodings
                .iter()
                .map(|(encoding, n)| format!("{encoding} {n}"))
                .collect(),
        };
        let what = if self.changed {
            format!(
                "{} of {} document(s) changed",
                self.documents_changed, self.documents
            )
        } else {
            "unchanged".to_owned()
        };
        let mut line = format!("{}: {}; {what}", self.path, encodings.join(", "));
        if self.lost_characters > 0 {
            let _ = write!(
                line,
                "; {} character(s) lost before decoding, written as U+FFFD",
                self.lost_characters
            );
        }
        line
    }
}

/// The `--report` summary, also used for the exit status.
#[derive(Default, Serialize)]
pub struct Summary {
    pub files: u64,
    pub files_changed: u64,
    pub documents: u64,
    pub documents_changed: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Documents per encoding they were decoded from.
    pub encodings: BTreeMap<&'static str, u64>,
    /// Documents per script conversion: whole, minority (leftovers only) or none.
    pub scripts: BTreeMap<&'static str, u64>,
    /// Changes per rule id.
    pub changes: RuleCounts,
    /// Characters whose bytes were lost before the inputs reached hanfix (a wrong decoder
    /// upstream dropped them): mojibake repair cannot bring them back and writes U+FFFD.
    /// Written even when 0, like the other totals.
    pub lost_characters: u64,
    pub errors: Vec<PathMessage>,
    pub skipped: Vec<PathMessage>,
    pub invalid_lines: Vec<PathMessage>,
    /// Every input processed, in order.
    pub inputs: Vec<InputSummary>,
    pub seconds: f64,
}

/// At most this many invalid JSON Lines are listed per run; the count is always exact.
pub const INVALID_LINES_LISTED: usize = 1000;

impl Summary {
    /// Adds the totals of one piece.
    pub fn add(&mut self, tally: &Tally) {
        self.documents += tally.documents;
        self.documents_changed += tally.changed_documents;
        self.bytes_out += tally.bytes_out;
        for (encoding, n) in &tally.encodings {
            *self.encodings.entry(encoding).or_insert(0) += n;
        }
        for (conversion, n) in &tally.scripts {
            *self.scripts.entry(conversion).or_insert(0) += n;
        }
        self.changes.merge(&tally.changes);
        self.lost_characters += tally.lost_characters;
    }

    /// Writes the summary as pretty JSON.
    pub fn write(&self, path: &Path, invalid_line_count: u64) -> Result<()> {
        #[derive(Serialize)]
        struct Report<'a> {
            hanfix: &'static str,
            #[serde(flatten)]
            summary: &'a Summary,
            invalid_line_count: u64,
        }
        let report = Report {
            hanfix: env!("CARGO_PKG_VERSION"),
            summary: self,
            invalid_line_count,
        };
        let mut file = AtomicFile::create(path)?;
        let mut json = serde_json::to_vec_pretty(&report)?;
        json.push(b'\n');
        file.write_all(&json)?;
        file.commit()
    }
}
