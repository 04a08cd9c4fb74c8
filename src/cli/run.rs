//! A run: inputs are read in order on the calling thread, cut into pieces, cleaned on a
//! pool of worker threads, and written in input order by a writer thread.
//!
//! At most `IN_FLIGHT_PER_THREAD × threads` pieces are between reading and writing at any
//! time, so memory stays bounded however large the inputs are, and the order of outputs,
//! audit records and messages never depends on which worker finished first.

use super::emit::{Emitter, Event};
use super::inputs::{Input, Source};
use super::pieces::{Chunker, WHOLE_LIMIT};
use super::work::{decode_failure, Outcome, Piece, Worker};
use anyhow::{Context, Result};
use hanfix::{PieceStart, ScriptCounts, ScriptTarget, Stage};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

/// Pieces per worker thread that may be read but not yet written.
const IN_FLIGHT_PER_THREAD: usize = 3;

/// Cleans every input and hands each result to `emitter`, in input order.
pub fn run(inputs: &[Input], worker: Worker, emitter: &mut Emitter, threads: usize) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("hanfix-worker-{i}"))
        .build()
        .context("cannot start worker threads")?;
    let in_flight = IN_FLIGHT_PER_THREAD * threads;
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        slot_tx
            .send(())
            .expect("the channel has room for every slot");
    }
    let (done_tx, done_rx) = mpsc::channel::<(u64, Event)>();
    let stopped = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_in_order(done_rx, emitter, slot_tx, &stopped));
        let mut reader = Reader {
            stopped: &stopped,
            worker: Arc::new(worker),
            pool: &pool,
            done: done_tx,
            slots: slot_rx,
            next_sequence: 0,
        };
        for (index, input) in inputs.iter().enumerate() {
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            reader.read_input(index, input);
        }
        drop(reader);
        writer.join().expect("the writer thread does not panic")
    })
}

/// Receives cleaned pieces in any order and emits them in sequence order, freeing a slot
/// for the reader after each. After an error it keeps draining, so that no worker blocks.
fn write_in_order(
    done: Receiver<(u64, Event)>,
    emitter: &mut Emitter,
    slots: mpsc::SyncSender<()>,
    stopped: &AtomicBool,
) -> Result<()> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    let mut result = Ok(());
    for (sequence, event) in done {
        waiting.insert(sequence, event);
        while let Some(event) = waiting.remove(&next) {
            next += 1;
            if result.is_ok() {
                result = emitter.emit(event);
                if result.is_err() {
                    stopped.store(true, Ordering::Relaxed);
                }
            }
            // The reader may be gone already; a slot nobody takes is harmless.
            let _ = slots.send(());
        }
    }
    result
}

/// The reading end: cuts inputs into pieces and dispatches them to the pool.
struct Reader<'p> {
    /// Set by the writer when the run cannot go on (standard output closed).
    stopped: &'p AtomicBool,
    worker: Arc<Worker>,
    pool: &'p rayon::ThreadPool,
    done: Sender<(u64, Event)>,
    slots: Receiver<()>,
    next_sequence: u64,
}

impl Reader<'_> {
    fn read_input(&mut self, index: usize, input: &Input) {
        let result = match &input.source {
            Source::Stdin => self.read_pieces(index, std::io::stdin().lock()),
            Source::File(path) => match std::fs::File::open(path) {
                Ok(file) => self.read_pieces(index, file),
                Err(error) => Err(error),
            },
        };
        if let Err(error) = result {
            let message = format!("cannot read: {error}");
            self.send_now(index, 0, true, Outcome::Failed(message));
        }
    }

    /// Small inputs go to a worker whole; larger ones are cut into pieces that share one
    /// decode plan, made here from the input's first bytes.
    fn read_pieces(&mut self, index: usize, source: impl Read) -> std::io::Result<()> {
        let records = self.worker.jsonl_field.is_some();
        let mut chunker = Chunker::new(source);
        chunker.fill(WHOLE_LIMIT + 1)?;
        if chunker.at_end() {
            let bytes = chunker.take_rest()?;
            self.dispatch(index, piece(bytes, None, None, 0), true);
            return Ok(());
        }
        let plan = match self.worker.cleaner.decode_plan(chunker.buffered()) {
            Ok(plan) => Arc::new(plan),
            Err(error) => {
                let bytes_in = chunker.buffered().len() as u64;
                self.send_now(index, bytes_in, true, decode_failure(error, 0));
                return Ok(());
            }
        };
        if !plan.splits_at_newlines() {
            let bytes = chunker.take_rest()?;
            self.dispatch(index, piece(bytes, Some(plan), None, 0), true);
            return Ok(());
        }
        // Every piece of a text is judged by the script of the text's first bytes: a
        // document is converted alike throughout. Each record judges its own.
        let options = self.worker.cleaner.options();
        let converts =
            options.stages().contains(Stage::Script) && options.script() != ScriptTarget::Keep;
        let script = (!records && converts).then(|| self.prefix_script(chunker.buffered(), &plan));
        let mut offset = 0;
        // Records are cut at any line end; text only after a line that cleaning cannot make
        // blank (see `hanfix::may_cut_after`), once decoded.
        let worker = Arc::clone(&self.worker);
        let cut_after = |line: &[u8]| {
            records
                || worker
                    .cleaner
                    .decode(line, &plan, PieceStart::AfterLine)
                    .is_ok_and(|(text, _)| hanfix::may_cut_after(&text))
        };
        while let Some((bytes, last)) = chunker.next_piece(cut_after)? {
            if self.stopped.load(Ordering::Relaxed) {
                return Ok(());
            }
            let length = bytes.len() as u64;
            let plan = Some(Arc::clone(&plan));
            self.dispatch(index, piece(bytes, plan, script, offset), last);
            offset += length;
        }
        Ok(())
    }

    /// The script evidence of an input's first bytes (up to their last line break), decoded.
    fn prefix_script(&self, prefix: &[u8], plan: &hanfix::DecodePlan) -> ScriptCounts {
        let lines = memchr::memrchr(b'\n', prefix).map_or(prefix, |at| &prefix[..=at]);
        match self
            .worker
            .cleaner
            .decode(lines, plan, PieceStart::InputStart)
        {
            Ok((text, _)) => ScriptCounts::of(&text),
            Err(_) => ScriptCounts::default(),
        }
    }

    /// Waits for a free slot, then has a worker clean the piece.
    fn dispatch(&mut self, index: usize, piece: Piece, last: bool) {
        let sequence = self.take_slot();
        let worker = Arc::clone(&self.worker);
        let done = self.done.clone();
        self.pool.spawn(move || {
            let bytes_in = piece.bytes.len() as u64;
            let outcome = worker.clean(piece);
            let event = Event {
                input: index,
                bytes_in,
                last,
                outcome,
            };
            // The writer outlives every worker job; a send can fail only after it stopped.
            let _ = done.send((sequence, event));
        });
    }

    /// Sends an outcome the reader already knows (a read error, a binary input).
    fn send_now(&mut self, index: usize, bytes_in: u64, last: bool, outcome: Outcome) {
        let sequence = self.take_slot();
        let event = Event {
            input: index,
            bytes_in,
            last,
            outcome,
        };
        let _ = self.done.send((sequence, event));
    }

    fn take_slot(&mut self) -> u64 {
        // The writer holds the other end until all events are in, so this cannot fail.
        self.slots.recv().expect("the writer is running");
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        sequence
    }
}

fn piece(
    bytes: Vec<u8>,
    plan: Option<Arc<hanfix::DecodePlan>>,
    script: Option<ScriptCounts>,
    offset: u64,
) -> Piece {
    Piece {
        bytes,
        plan,
        script,
        offset,
    }
}
