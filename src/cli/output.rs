//! Output files written atomically: a temporary file beside the destination, renamed over
//! it only when complete. An interrupted run (Ctrl-C) removes its temporary files, so it
//! never leaves a partial output behind.

use anyhow::{Context, Result};
use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use tempfile::NamedTempFile;

/// Temporary files not yet renamed into place, for the interrupt handler to remove.
fn pending() -> &'static Mutex<HashSet<PathBuf>> {
    static PENDING: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    PENDING.get_or_init(|| Mutex::new(HashSet::new()))
}

/// On Ctrl-C or SIGTERM: remove every temporary file and exit with status 130. Destinations
/// keep whatever they held before the run, or do not exist.
pub fn remove_partial_outputs_on_interrupt() -> Result<()> {
    ctrlc::set_handler(|| {
        // A poisoned lock still holds the paths; removing them is all that matters now.
        let pending = pending()
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for path in pending.iter() {
            let _ = std::fs::remove_file(path);
        }
        eprintln!("hanfix: interrupted; no partial output was left");
        std::process::exit(130);
    })
    .context("cannot install the Ctrl-C handler")
}

/// A file being written; it appears at its destination only on [`AtomicFile::commit`].
pub struct AtomicFile {
    writer: BufWriter<NamedTempFile>,
    destination: PathBuf,
    /// Declared after `writer`, so the temporary file is gone before it leaves the list.
    _pending: Pending,
}

/// A temporary file's entry in the list the interrupt handler clears; dropping it removes
/// the entry (by then the file itself was renamed into place or removed).
struct Pending(PathBuf);

impl Drop for Pending {
    fn drop(&mut self) {
        pending()
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(&self.0);
    }
}

impl AtomicFile {
    /// Starts writing `destination`, creating its parent directories.
    pub fn create(destination: &Path) -> Result<AtomicFile> {
        let parent = match destination.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create directory {}", parent.display()))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".hanfix-").suffix(".tmp");
        // Temporary files are private (0600) by default; outputs get ordinary permissions.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let temp = builder
            .tempfile_in(parent)
            .with_context(|| format!("cannot create a file in {}", parent.display()))?;
        let temp_path = temp.path().to_owned();
        pending()
            .lock()
            .expect("pending-output lock")
            .insert(temp_path.clone());
        Ok(AtomicFile {
            writer: BufWriter::with_capacity(256 * 1024, temp),
            destination: destination.to_owned(),
            _pending: Pending(temp_path),
        })
    }

    /// Appends bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .with_context(|| format!("cannot write {}", self.destination.display()))
    }

    /// Flushes the file and renames it into place. Dropping an `AtomicFile` instead
    /// abandons it: `NamedTempFile` removes the temporary file.
    pub fn commit(self) -> Result<()> {
        let AtomicFile {
            writer,
            destination,
            _pending,
        } = self;
        let temp = writer
            .into_inner()
            .map_err(|error| error.into_error())
            .with_context(|| format!("cannot write {}", destination.display()))?;
        temp.persist(&destination)
            .map(drop)
            .map_err(|error| error.error)
            .with_context(|| format!("cannot rename into place {}", destination.display()))
    }
}
