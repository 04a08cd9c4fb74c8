//! The writing end of a run: takes cleaned pieces in input order and writes outputs, the
//! audit log and `--explain`, reports failures, and keeps the summary.

use super::inputs::{Destination, Input};
use super::logs::{self, AuditLog, InputSummary, PathMessage, Summary, INVALID_LINES_LISTED};
use super::output::AtomicFile;
use super::progress::Progress;
use super::work::{DocumentLog, Outcome, Tally};
use anyhow::{Context, Result};
use std::io::Write;

/// What the reading end sends about an input, in input order.
pub struct Event {
    /// Index of the input.
    pub input: usize,
    /// Bytes of the input this event covers.
    pub bytes_in: u64,
    /// Whether this is the input's last event.
    pub last: bool,
    pub outcome: Outcome,
}

/// Where the current input's output is going.
enum Sink {
    Stdout,
    File(AtomicFile),
    Nowhere,
}

/// The input being written.
struct Current {
    input: usize,
    sink: Option<Sink>,
    /// Failed or skipped: later pieces are dropped and nothing is committed.
    abandoned: bool,
    /// Some of its documents are in the audit log already.
    audited: bool,
    /// Lines of its pieces written so far (JSON Lines), to number the next piece's lines.
    lines_before: u64,
    /// Its pieces' totals, added to the run's summary once the input is done.
    tallies: Vec<Tally>,
    totals: InputSummary,
}

pub struct Emitter {
    inputs: Vec<Input>,
    explain: bool,
    audit: Option<AuditLog>,
    progress: Progress,
    current: Option<Current>,
    stdout: std::io::BufWriter<std::io::Stdout>,
    pub summary: Summary,
    pub invalid_line_count: u64,
}

impl Emitter {
    pub fn new(
        inputs: Vec<Input>,
        explain: bool,
        audit: Option<AuditLog>,
        progress: Progress,
    ) -> Emitter {
        Emitter {
            inputs,
            explain,
            audit,
            progress,
            current: None,
            stdout: std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout()),
            summary: Summary::default(),
            invalid_line_count: 0,
        }
    }

    /// Handles the next event. An error here (standard output closed, the audit log not
    /// writable) ends the run.
    pub fn emit(&mut self, event: Event) -> Result<()> {
        if self.current.as_ref().map(|c| c.input) != Some(event.input) {
            self.current = Some(Current {
                input: event.input,
                sink: None,
                abandoned: false,
                audited: false,
                lines_before: 0,
                tallies: Vec::new(),
                totals: InputSummary {
                    path: self.inputs[event.input].name.clone(),
                    ..InputSummary::default()
                },
            });
        }
        self.summary.bytes_in += event.bytes_in;
        self.progress.advance(event.bytes_in);
        // After a failure, the input's later pieces are dropped unseen.
        if self
            .current
            .as_ref()
            .is_some_and(|current| current.abandoned)
        {
            return if event.last {
                self.finish_input()
            } else {
                Ok(())
            };
        }
        match event.outcome {
            Outcome::Cleaned {
                output,
                mut logs,
                mut tally,
            } => {
                let current = self.current.as_mut().expect("an input is open");
                current.totals.add(&tally);
                // Line numbers in a piece count from 0; in messages, from the input's 1.
                let first_line = current.lines_before + 1;
                current.lines_before += tally.lines;
                for log in &mut logs {
                    log.line = log.line.map(|line| first_line + line);
                }
                for (line, _) in &mut tally.invalid_lines {
                    *line += first_line;
                }
                self.report_invalid_lines(event.input, &std::mem::take(&mut tally.invalid_lines));
                for log in &logs {
                    self.log_document(event.input, log)?;
                }
                self.current
                    .as_mut()
                    .expect("an input is open")
                    .tallies
                    .push(tally);
                self.write_output(event.input, &output)?;
            }
            Outcome::Skipped(reason) => {
                self.abandon(event.input, &reason);
                let path = self.inputs[event.input].name.clone();
                self.summary.skipped.push(PathMessage {
                    path,
                    line: None,
                    message: reason,
                });
            }
            Outcome::Failed(error) => self.fail(event.input, error)?,
        }
        if event.last {
            self.finish_input()?;
        }
        Ok(())
    }

    /// A path that never became an input (walk errors, output clashes).
    pub fn report_problem(&mut self, name: &str, error: &str) {
        self.progress.println(&format!("hanfix: {name}: {error}"));
        self.summary.errors.push(PathMessage {
            path: name.to_owned(),
            line: None,
            message: error.to_owned(),
        });
    }

    fn write_output(&mut self, input: usize, output: &[u8]) -> Result<()> {
        let current = self.current.as_mut().expect("an input is open");
        if current.abandoned {
            return Ok(());
        }
        if current.sink.is_none() {
            let sink = match &self.inputs[input].destination {
                Destination::Stdout => Sink::Stdout,
                Destination::Nowhere => Sink::Nowhere,
                Destination::File(path) => match AtomicFile::create(path) {
                    Ok(file) => Sink::File(file),
                    Err(error) => return self.fail(input, format!("{error:#}")),
                },
            };
            self.current.as_mut().expect("an input is open").sink = Some(sink);
        }
        let current = self.current.as_mut().expect("an input is open");
        let written = match current.sink.as_mut().expect("sink opened above") {
            Sink::Stdout => {
                return self
                    .stdout
                    .write_all(output)
                    .context("cannot write to standard output")
            }
            Sink::File(file) => file.write_all(output),
            Sink::Nowhere => Ok(()),
        };
        match written {
            Ok(()) => Ok(()),
            Err(error) => self.fail(input, format!("{error:#}")),
        }
    }

    /// The input failed: its output is dropped and the error is reported. If documents of
    /// it are in the audit log already, a closing record says that their output was dropped.
    fn fail(&mut self, input: usize, error: String) -> Result<()> {
        self.abandon(input, &error);
        let audited = self.current.as_ref().is_some_and(|current| current.audited);
        if let (true, Some(audit)) = (audited, &mut self.audit) {
            audit
                .write_failure(&self.inputs[input].name, &error)
                .context("cannot write the audit log")?;
        }
        self.push_error(input, error);
        Ok(())
    }

    fn finish_input(&mut self) -> Result<()> {
        let current = self.current.as_mut().expect("an input is open");
        if current.abandoned {
            self.current = None;
            return Ok(());
        }
        let input = current.input;
        match current.sink.take() {
            Some(Sink::File(file)) => {
                if let Err(error) = file.commit() {
                    self.fail(input, format!("{error:#}"))?;
                    self.current = None;
                    return Ok(());
                }
            }
            Some(Sink::Stdout) => self
                .stdout
                .flush()
                .context("cannot write to standard output")?,
            Some(Sink::Nowhere) => {}
            None => unreachable!("every input that was not abandoned wrote a piece"),
        }
        let current = self.current.take().expect("an input is open");
        let name = &self.inputs[input].name;
        if current.totals.changed && self.inputs[input].destination == Destination::Nowhere {
            self.progress.println(&format!("would change: {name}"));
        }
        if self.explain {
            self.progress.println(&current.totals.explain());
        }
        for tally in &current.tallies {
            self.summary.add(tally);
        }
        self.summary.files += 1;
        self.summary.files_changed += u64::from(current.totals.changed);
        self.summary.inputs.push(current.totals);
        self.progress.file_done();
        Ok(())
    }

    /// Drops the input's output (a temporary file is removed) and says why on stderr.
    fn abandon(&mut self, input: usize, why: &str) {
        let current = self.current.as_mut().expect("an input is open");
        if current.abandoned {
            return;
        }
        current.abandoned = true;
        current.sink = None;
        self.progress
            .println(&format!("hanfix: {}: {why}", self.inputs[input].name));
        self.progress.file_done();
    }

    fn push_error(&mut self, input: usize, message: String) {
        self.summary.errors.push(PathMessage {
            path: self.inputs[input].name.clone(),
            line: None,
            message,
        });
    }

    fn report_invalid_lines(&mut self, input: usize, lines: &[(u64, String)]) {
        for (line, message) in lines {
            self.invalid_line_count += 1;
            let name = &self.inputs[input].name;
            self.progress.println(&format!(
                "hanfix: {name}:{line}: {message}; passed through unchanged"
            ));
            if self.summary.invalid_lines.len() < INVALID_LINES_LISTED {
                self.summary.invalid_lines.push(PathMessage {
                    path: name.clone(),
                    line: Some(*line),
                    message: message.clone(),
                });
            }
        }
    }

    fn log_document(&mut self, input: usize, log: &DocumentLog) -> Result<()> {
        let name = &self.inputs[input].name;
        if self.explain {
            self.progress.print(&logs::explain(name, log));
        }
        if let Some(audit) = &mut self.audit {
            audit
                .write(name, log)
                .context("cannot write the audit log")?;
            if let Some(current) = self.current.as_mut() {
                current.audited = true;
            }
        }
        Ok(())
    }

    /// Flushes standard output, commits the audit log and clears the progress bar.
    pub fn finish(mut self) -> Result<(Summary, u64)> {
        self.stdout
            .flush()
            .context("cannot write to standard output")?;
        if let Some(audit) = self.audit.take() {
            audit.finish().context("cannot write the audit log")?;
        }
        self.progress.finish();
        Ok((self.summary, self.invalid_line_count))
    }
}
