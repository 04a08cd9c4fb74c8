//! The progress bar on stderr (files, bytes, speed, time left), and printing to stderr
//! without tearing it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar, or nothing when progress is not shown.
pub struct Progress {
    bar: Option<ProgressBar>,
    files_total: usize,
    files_done: usize,
}

impl Progress {
    /// A bar over `bytes_total` bytes in `files_total` inputs when `show`; the byte total is
    /// unknown when reading standard input.
    pub fn new(show: bool, files_total: usize, bytes_total: Option<u64>) -> Progress {
        let bar = show.then(|| {
            let bar =
                ProgressBar::with_draw_target(bytes_total, ProgressDrawTarget::stderr_with_hz(8));
            let template = if bytes_total.is_some() {
                "{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}"
            } else {
                "{msg} {spinner} {bytes} {bytes_per_sec}"
            };
            bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
            bar
        });
        let progress = Progress {
            bar,
            files_total,
            files_done: 0,
        };
        progress.show_files();
        progress
    }

    pub fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    pub fn file_done(&mut self) {
        self.files_done += 1;
        self.show_files();
    }

    fn show_files(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{}/{} files", self.files_done, self.files_total));
        }
    }

    /// Prints a line on stderr.
    pub fn println(&self, line: &str) {
        self.print(&format!("{line}\n"));
    }

    /// Prints text on stderr, with the bar out of the way.
    pub fn print(&self, text: &str) {
        let write = || {
            use std::io::Write;
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        };
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
