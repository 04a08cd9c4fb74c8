//! The command line: parses flags, resolves inputs, runs the library on a thread pool and
//! writes outputs. Nothing here changes text; that is the library's job.

mod args;
mod emit;
mod inputs;
mod jsonl;
mod logs;
mod output;
mod pieces;
mod progress;
mod run;
mod work;

use anyhow::Result;
use args::{Args, ProgressWhen};
use clap::Parser;
use emit::Emitter;
use hanfix::Cleaner;
use inputs::{Request, Source};
use std::io::IsTerminal;
use std::time::Instant;
use work::Worker;

/// Exit status: every input processed.
const EXIT_OK: i32 = 0;
/// Exit status: `--check` found inputs that would change.
const EXIT_WOULD_CHANGE: i32 = 1;
/// Exit status: some inputs failed (the others were processed), or the run could not start.
const EXIT_FAILED: i32 = 2;

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let args = Args::parse();
    match run_command(&args) {
        Ok(status) => status,
        Err(error) if is_broken_pipe(&error) => EXIT_OK,
        Err(error) => {
            eprintln!("hanfix: {error:#}");
            EXIT_FAILED
        }
    }
}

fn run_command(args: &Args) -> Result<i32> {
    let options = args.options()?;
    output::remove_partial_outputs_on_interrupt()?;
    let side_files = [("--audit", &args.audit), ("--report", &args.report)]
        .into_iter()
        .filter_map(|(flag, path)| Some((flag, path.as_deref()?)))
        .collect();
    let plan = inputs::resolve(&Request {
        paths: &args.paths,
        output: args.output.as_deref(),
        check: args.check,
        side_files,
    })?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let show_progress = match args.progress {
        ProgressWhen::Always => true,
        ProgressWhen::Never => false,
        ProgressWhen::Auto => std::io::stderr().is_terminal(),
    };
    let progress =
        progress::Progress::new(show_progress, plan.inputs.len(), total_size(&plan.inputs));
    let audit = args
        .audit
        .as_deref()
        .map(logs::AuditLog::create)
        .transpose()?;
    let mut emitter = Emitter::new(plan.inputs.clone(), args.explain, audit, progress);
    for problem in &plan.problems {
        emitter.report_problem(&problem.name, &problem.error);
    }
    let worker = Worker {
        cleaner: Cleaner::new(options),
        jsonl_field: args.jsonl.then(|| args.field.clone()),
        keep_logs: args.explain || args.audit.is_some(),
    };
    let started = Instant::now();
    run::run(&plan.inputs, worker, &mut emitter, threads)?;
    let (mut summary, invalid_line_count) = emitter.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    if let Some(path) = &args.report {
        summary.write(path, invalid_line_count)?;
    }
    Ok(if !summary.errors.is_empty() {
        EXIT_FAILED
    } else if args.check && summary.files_changed > 0 {
        EXIT_WOULD_CHANGE
    } else {
        EXIT_OK
    })
}

/// The inputs' total size, for the progress bar; unknown when standard input is read.
fn total_size(inputs: &[inputs::Input]) -> Option<u64> {
    inputs
        .iter()
        .map(|input| match &input.source {
            Source::Stdin => None,
            Source::File(path) => Some(std::fs::metadata(path).map_or(0, |m| m.len())),
        })
        .sum()
}

/// Standard output closed by its reader (`hanfix big.txt | head`): not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
