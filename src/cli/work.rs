//! Cleaning one piece of an input: a whole small file, or a part of a large one cut at a
//! line boundary. Runs on the worker threads; everything it returns is owned, so results can
//! travel to the thread that writes them in input order.

use super::jsonl::{self, Record};
use hanfix::{
    Change, Cleaner, DecodeError, DecodePlan, PieceStart, Report, RuleCounts, PLAN_PREFIX_LEN,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A piece of an input.
pub struct Piece {
    pub bytes: Vec<u8>,
    /// The input's decode plan; `None` for a whole file, which makes its own.
    pub plan: Option<Arc<DecodePlan>>,
    /// Number of the piece's first line in the input (1-based).
    pub first_line: u64,
    /// Byte offset of the piece in the input.
    pub offset: u64,
}

/// A document's entry in the audit log and `--explain`.
pub struct DocumentLog {
    /// The JSON Lines line number, for records.
    pub line: Option<u64>,
    /// The byte offset of the document in its input, for pieces of a large text file.
    pub offset: Option<u64>,
    pub encoding: Option<&'static str>,
    pub changes: Vec<Change>,
}

/// Totals over the documents of a piece.
#[derive(Default)]
pub struct Tally {
    pub documents: u64,
    pub changed_documents: u64,
    pub bytes_out: u64,
    /// Whether the output bytes differ from the input bytes.
    pub changed: bool,
    pub encodings: BTreeMap<&'static str, u64>,
    pub changes: RuleCounts,
    /// Lines of a JSON Lines input that passed through because they are not JSON objects.
    pub invalid_lines: Vec<(u64, String)>,
}

/// What cleaning a piece gave.
pub enum Outcome {
    Cleaned {
        output: Vec<u8>,
        /// Changed documents, only when an audit log or `--explain` asks for them.
        logs: Vec<DocumentLog>,
        tally: Tally,
    },
    /// Not text (binary data): skipped, not an error.
    Skipped(String),
    Failed(String),
}

/// Cleans pieces with one cleaner; shared by all worker threads.
pub struct Worker {
    pub cleaner: Cleaner,
    /// The field to clean when inputs are JSON Lines.
    pub jsonl_field: Option<String>,
    /// Keep per-document change logs (for `--audit` and `--explain`).
    pub keep_logs: bool,
}

impl Worker {
    /// Cleans one piece.
    pub fn clean(&self, piece: Piece) -> Outcome {
        let plan = match &piece.plan {
            Some(plan) => Arc::clone(plan),
            None => {
                let prefix = &piece.bytes[..piece.bytes.len().min(PLAN_PREFIX_LEN)];
                match self.cleaner.decode_plan(prefix) {
                    Ok(plan) => Arc::new(plan),
                    Err(error) => return decode_failure(error),
                }
            }
        };
        match &self.jsonl_field {
            Some(field) => self.clean_records(piece, &plan, field),
            None => self.clean_document(piece, &plan),
        }
    }

    fn clean_document(&self, piece: Piece, plan: &DecodePlan) -> Outcome {
        let mut tally = Tally::default();
        let mut logs = Vec::new();
        let start = if piece.offset == 0 {
            PieceStart::InputStart
        } else {
            PieceStart::AfterLine
        };
        let cleaned = match self.cleaner.clean_bytes_with(&piece.bytes, plan, start) {
            Ok(cleaned) => cleaned,
            Err(error) => return decode_failure(error),
        };
        let changed = cleaned.text.as_bytes() != piece.bytes.as_slice();
        count(&mut tally, &cleaned.report, changed);
        if changed && self.keep_logs {
            logs.push(DocumentLog {
                line: None,
                offset: (piece.offset > 0 || piece.plan.is_some()).then_some(piece.offset),
                encoding: cleaned.report.decoding.as_ref().map(|d| d.encoding),
                changes: cleaned.report.changes().to_vec(),
            });
        }
        let output = if changed {
            cleaned.text.into_owned().into_bytes()
        } else {
            drop(cleaned);
            piece.bytes
        };
        tally.bytes_out = output.len() as u64;
        tally.changed = changed;
        Outcome::Cleaned {
            output,
            logs,
            tally,
        }
    }

    fn clean_records(&self, piece: Piece, plan: &DecodePlan, field: &str) -> Outcome {
        let mut tally = Tally::default();
        let mut logs = Vec::new();
        let mut output = Vec::with_capacity(piece.bytes.len() + piece.bytes.len() / 8);
        for (index, line) in piece.bytes.split_inclusive(|&b| b == b'\n').enumerate() {
            let number = piece.first_line + index as u64;
            let (content, ending) = split_line_ending(line);
            if content.iter().all(u8::is_ascii_whitespace) {
                output.extend_from_slice(line);
                continue;
            }
            let (text, decoding) = match self.cleaner.decode(content, plan) {
                Ok(decoded) => decoded,
                Err(error) => {
                    tally.invalid_lines.push((number, error.to_string()));
                    output.extend_from_slice(line);
                    continue;
                }
            };
            match jsonl::clean_record(&self.cleaner, &text, field) {
                Record::Invalid(error) => {
                    tally.invalid_lines.push((number, error));
                    output.extend_from_slice(line);
                    continue;
                }
                Record::NoField => output.extend_from_slice(text.as_bytes()),
                Record::Cleaned {
                    line: cleaned_line,
                    report,
                } => {
                    let changed = cleaned_line.as_bytes() != content;
                    count(&mut tally, &report, changed);
                    *tally.encodings.entry(decoding.encoding).or_insert(0) += 1;
                    if changed && self.keep_logs {
                        logs.push(DocumentLog {
                            line: Some(number),
                            offset: None,
                            encoding: Some(decoding.encoding),
                            changes: report.changes().to_vec(),
                        });
                    }
                    output.extend_from_slice(cleaned_line.as_bytes());
                }
            }
            output.extend_from_slice(ending);
        }
        tally.bytes_out = output.len() as u64;
        tally.changed = output != piece.bytes;
        Outcome::Cleaned {
            output,
            logs,
            tally,
        }
    }
}

/// Adds a cleaned document to the totals.
fn count(tally: &mut Tally, report: &Report, changed: bool) {
    tally.documents += 1;
    tally.changed_documents += u64::from(changed);
    tally.changes.merge(report.counts());
    if let Some(decoding) = &report.decoding {
        *tally.encodings.entry(decoding.encoding).or_insert(0) += 1;
    }
}

/// A line's content and its terminator (`\n`, or nothing on a last line without one).
fn split_line_ending(line: &[u8]) -> (&[u8], &[u8]) {
    match line.split_last() {
        Some((b'\n', content)) => (content, b"\n"),
        _ => (line, b""),
    }
}

pub fn decode_failure(error: DecodeError) -> Outcome {
    match error {
        DecodeError::Binary { .. } => Outcome::Skipped(error.to_string()),
        other => Outcome::Failed(other.to_string()),
    }
}
