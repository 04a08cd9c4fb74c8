//! Cleaning one piece of an input: a whole small file, or a part of a large one cut at a
//! line boundary. Runs on the worker threads; everything it returns is owned, so results can
//! travel to the thread that writes them in input order.

use super::jsonl::{self, Record};
use hanfix::{
    Change, Cleaner, DecodeError, DecodePlan, PieceStart, Report, RuleCounts, ScriptCounts,
    ScriptReport,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A piece of an input.
pub struct Piece {
    pub bytes: Vec<u8>,
    /// The input's decode plan; `None` for a whole file, which makes its own.
    pub plan: Option<Arc<DecodePlan>>,
    /// The script evidence of a text input cut into pieces (from its first bytes), so that
    /// every piece is converted alike; `None` for a whole file or records.
    pub script: Option<ScriptCounts>,
    /// Byte offset of the piece in the input.
    pub offset: u64,
}

impl Piece {
    /// Where the piece sits in its input.
    fn start(&self) -> PieceStart {
        if self.offset == 0 {
            PieceStart::InputStart
        } else {
            PieceStart::AfterLine
        }
    }
}

/// A document's entry in the audit log and `--explain`.
pub struct DocumentLog {
    /// The JSON Lines line number, for records: counted from 0 in the piece until the
    /// writer, which knows how many lines came before, makes it the input's (from 1).
    pub line: Option<u64>,
    /// The byte offset of the document in its input, for pieces of a large text file.
    pub offset: Option<u64>,
    pub encoding: Option<&'static str>,
    /// What the script stage found and did, when it ran.
    pub script: Option<ScriptReport>,
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
    /// Documents per script conversion.
    pub scripts: BTreeMap<&'static str, u64>,
    pub changes: RuleCounts,
    /// Characters whose bytes were lost before the input reached hanfix, written as U+FFFD.
    pub lost_characters: u64,
    /// Lines of a JSON Lines input that passed through because they are not JSON objects,
    /// numbered like [`DocumentLog::line`].
    pub invalid_lines: Vec<(u64, String)>,
    /// Lines in the piece (JSON Lines).
    pub lines: u64,
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
    /// Cleans one piece. A panic (a bug) fails the input it came from, not the run.
    pub fn clean(&self, piece: Piece) -> Outcome {
        let offset = piece.offset;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.clean_piece(piece)))
            .unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Outcome::Failed(format!(
                    "internal error while cleaning from byte {offset}: {what}; please report it"
                ))
            })
    }

    fn clean_piece(&self, piece: Piece) -> Outcome {
        let plan = match &piece.plan {
            Some(plan) => Arc::clone(plan),
            None => match self.cleaner.decode_plan(&piece.bytes) {
                Ok(plan) => Arc::new(plan),
                Err(error) => return decode_failure(error, piece.offset),
            },
        };
        match &self.jsonl_field {
            Some(field) => self.clean_records(piece, &plan, field),
            None => self.clean_document(piece, &plan),
        }
    }

    fn clean_document(&self, piece: Piece, plan: &DecodePlan) -> Outcome {
        let mut tally = Tally::default();
        let mut logs = Vec::new();
        let for_input;
        let cleaner = match piece.script {
            Some(counts) => {
                for_input = self.cleaner.with_script_counts(counts);
                &for_input
            }
            None => &self.cleaner,
        };
        let cleaned = match cleaner.clean_bytes_with(&piece.bytes, plan, piece.start()) {
            Ok(cleaned) => cleaned,
            Err(error) => return decode_failure(error, piece.offset),
        };
        // Text borrowed whole from the piece is the piece: no need to compare it byte by byte.
        let is_the_piece =
            |text: &str| text.as_ptr() == piece.bytes.as_ptr() && text.len() == piece.bytes.len();
        let changed = !is_the_piece(&cleaned.text) && cleaned.text.as_bytes() != piece.bytes;
        count(&mut tally, &cleaned.report, changed);
        if changed && self.keep_logs {
            logs.push(DocumentLog {
                line: None,
                offset: (piece.offset > 0 || piece.plan.is_some()).then_some(piece.offset),
                encoding: cleaned.report.decoding.as_ref().map(|d| d.encoding),
                script: cleaned.report.script().copied(),
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

    /// Cleans the records of a JSON Lines piece. The piece is decoded as a whole, so that
    /// short lines can borrow their neighbours' encoding and UTF-16 splits into the right
    /// lines; where that fails (not UTF-8 with the decode step off), line by line, passing
    /// lines that do not decode through as they are.
    fn clean_records(&self, piece: Piece, plan: &DecodePlan, field: &str) -> Outcome {
        let mut records = Records::new(self, field, piece.bytes.len());
        let raw_lines = || piece.bytes.split_inclusive(|&b| b == b'\n');
        match self.cleaner.decode(&piece.bytes, plan, piece.start()) {
            Ok((text, decoding)) => {
                // In ASCII-compatible encodings each decoded line is one line of bytes.
                let mut raw = plan.splits_at_newlines().then(raw_lines);
                let lines = text.split_inclusive('\n').zip(decoding.line_encodings());
                for (index, (line, encoding)) in lines.enumerate() {
                    let raw_line = raw.as_mut().and_then(Iterator::next);
                    records.add(index as u64, line, raw_line, encoding);
                }
            }
            Err(_) => {
                for (index, raw_line) in raw_lines().enumerate() {
                    let number = index as u64;
                    match self.cleaner.decode(raw_line, plan, PieceStart::AfterLine) {
                        Ok((line, decoding)) => {
                            records.add(number, &line, Some(raw_line), decoding.encoding);
                        }
                        Err(error) => records.pass_invalid(number, raw_line, error.to_string()),
                    }
                }
            }
        }
        records.finish(&piece.bytes)
    }
}

/// The output and totals of a JSON Lines piece, built record by record.
struct Records<'w> {
    worker: &'w Worker,
    field: &'w str,
    output: Vec<u8>,
    logs: Vec<DocumentLog>,
    tally: Tally,
}

impl<'w> Records<'w> {
    fn new(worker: &'w Worker, field: &'w str, size: usize) -> Records<'w> {
        Records {
            worker,
            field,
            output: Vec::with_capacity(size + size / 8),
            logs: Vec::new(),
            tally: Tally::default(),
        }
    }

    /// Cleans one decoded line (its `\n` included) whose bytes in the input were `raw`
    /// (unknown for UTF-16), decoded from `encoding`.
    fn add(&mut self, number: u64, line: &str, raw: Option<&[u8]>, encoding: &'static str) {
        self.tally.lines += 1;
        let (content, ending) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        if content.trim_ascii().is_empty() {
            self.output.extend_from_slice(line.as_bytes());
            return;
        }
        match jsonl::clean_record(&self.worker.cleaner, content, self.field) {
            Record::Invalid(error) => {
                self.tally.invalid_lines.push((number, error));
                self.output.extend_from_slice(content.as_bytes());
            }
            Record::NoField => self.output.extend_from_slice(content.as_bytes()),
            Record::Cleaned {
                line: cleaned,
                report,
            } => {
                let raw_content = raw.map(|raw| raw.strip_suffix(b"\n").unwrap_or(raw));
                let changed = raw_content != Some(cleaned.as_bytes());
                count(&mut self.tally, &report, changed);
                *self.tally.encodings.entry(encoding).or_insert(0) += 1;
                if changed && self.worker.keep_logs {
                    self.logs.push(DocumentLog {
                        line: Some(number),
                        offset: None,
                        encoding: Some(encoding),
                        script: report.script().copied(),
                        changes: report.changes().to_vec(),
                    });
                }
                self.output.extend_from_slice(cleaned.as_bytes());
            }
        }
        self.output.extend_from_slice(ending.as_bytes());
    }

    /// A line that could not be decoded passes through as it is, and is reported.
    fn pass_invalid(&mut self, number: u64, raw: &[u8], error: String) {
        self.tally.lines += 1;
        self.tally.invalid_lines.push((number, error));
        self.output.extend_from_slice(raw);
    }

    fn finish(mut self, input: &[u8]) -> Outcome {
        self.tally.bytes_out = self.output.len() as u64;
        self.tally.changed = self.output != input;
        Outcome::Cleaned {
            output: self.output,
            logs: self.logs,
            tally: self.tally,
        }
    }
}

/// Adds a cleaned document to the totals.
fn count(tally: &mut Tally, report: &Report, changed: bool) {
    tally.documents += 1;
    tally.changed_documents += u64::from(changed);
    tally.changes.merge(report.counts());
    tally.lost_characters += report.lost_characters();
    if let Some(decoding) = &report.decoding {
        *tally.encodings.entry(decoding.encoding).or_insert(0) += 1;
    }
    if let Some(script) = report.script() {
        *tally.scripts.entry(script.converted.name()).or_insert(0) += 1;
    }
}

/// A decoding error of the piece at byte `offset` of its input, as an outcome: binary input
/// is skipped, other errors fail the input. Offsets in messages count from the input's start.
pub fn decode_failure(error: DecodeError, offset: u64) -> Outcome {
    let from_input_start = |at: usize| at + offset as usize;
    match error {
        DecodeError::Binary { offset } => Outcome::Skipped(
            DecodeError::Binary {
                offset: from_input_start(offset),
            }
            .to_string(),
        ),
        DecodeError::NotUtf8 { offset } => Outcome::Failed(
            DecodeError::NotUtf8 {
                offset: from_input_start(offset),
            }
            .to_string(),
        ),
    }
}
