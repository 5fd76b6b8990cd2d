//! Stage 5, reports: a finished `Run` goes in; JSON, a workbook or terminal
//! lines come out, and the corrected roster. Each writer only draws what
//! was decided upstream;
//! `write_all` writes every output a run's `Config` asks for.

mod corrected;
pub mod explain;
pub mod json;
mod outputs;
pub mod terminal;
pub mod xlsx;

pub use outputs::{panic_is_caught, panic_text, write_all, write_all_telling, Written};

use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Writes `path` atomically: `fill` writes a temporary file in the same
/// folder, which is synced and renamed over `path` only once complete. A
/// failure or a crash leaves the old file (or none), never half of one;
/// the temporary file is removed on failure.
pub fn write_atomically<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), E>,
) -> Result<(), E> {
    filled(path, fill)?.commit().map_err(E::from)
}

/// Bytes written between two hand-overs to the disk (`Writeback`).
const WRITEBACK: u64 = 4 << 20;

/// A file written front to back whose bytes are made durable as they
/// come: every few megabytes a thread of its own asks the disk to keep
/// what was written so far (`fdatasync` of a second handle), while the
/// writer goes on, so that [`Filled::commit`]'s `fsync` waits for the
/// last bytes only, not for all. The kernel does not write a file's
/// pages early by itself (nor when asked with `POSIX_FADV_DONTNEED` or
/// `sync_file_range` on this project's machines: measured, the `fsync`
/// of 111 MB written over 0.36 s still took 0.10-0.13 s; with the
/// thread, 8 ms). An error of the thread's is the writer's: told by
/// `flush`, which waits for the thread, as the file's last step before
/// it is committed (the kernel reports a write-back error once per open
/// file, and the two handles share one).
pub struct Writeback<'a> {
    file: &'a mut File,
    written: u64,
    handed: u64,
    syncer: Option<Syncer>,
}

/// The thread that syncs a [`Writeback`]'s file, and how to wake it.
struct Syncer {
    /// One wake-up may wait: a sync asked while another runs is done
    /// once that one ends, and covers every byte written before.
    wake: std::sync::mpsc::SyncSender<()>,
    done: std::thread::JoinHandle<std::io::Result<()>>,
}

impl<'a> Writeback<'a> {
    pub fn new(file: &'a mut File) -> Writeback<'a> {
        Writeback {
            file,
            written: 0,
            handed: 0,
            syncer: None,
        }
    }

    /// Asks for the bytes written so far to be made durable, without
    /// waiting. Without a second handle or a thread, nothing happens:
    /// the `fsync` at the end then does all the writing, as it would.
    fn hand_over(&mut self) {
        self.handed = self.written;
        if self.syncer.is_none() {
            self.syncer = self.file.try_clone().ok().and_then(Syncer::start);
        }
        if let Some(s) = &self.syncer {
            let _ = s.wake.try_send(());
        }
    }

    /// Waits for the thread's syncs to end; the first error of theirs.
    fn settle(&mut self) -> std::io::Result<()> {
        match self.syncer.take() {
            Some(Syncer { wake, done }) => {
                drop(wake);
                done.join().unwrap_or(Ok(()))
            }
            None => Ok(()),
        }
    }
}

impl Syncer {
    fn start(file: File) -> Option<Syncer> {
        let (wake, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let done = std::thread::Builder::new()
            .name("writeback".into())
            .spawn(move || {
                for () in asked {
                    file.sync_data()?;
                }
                Ok(())
            })
            .ok()?;
        Some(Syncer { wake, done })
    }
}

impl Write for Writeback<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.handed >= WRITEBACK {
            self.hand_over();
        }
        Ok(n)
    }

    /// Flushes the file and waits for its syncs: an error of theirs is
    /// this one's.
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        self.settle()
    }
}

impl Drop for Writeback<'_> {
    /// A file abandoned midway: its thread ends before the file does.
    fn drop(&mut self) {
        let _ = self.settle();
    }
}

/// A writer that, once a write has failed, takes every later write
/// without writing it. The zip writer inside rust_xlsxwriter finishes its
/// archive when it is dropped after a failure, and prints to standard
/// error when that fails too ("ZipWriter::drop: failed to finalize
/// archive: …" on a full disk): behind a latch it finishes quietly into
/// nothing, and the first error is the one the caller sees.
pub struct Latch<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> Latch<W> {
    pub fn new(inner: W) -> Latch<W> {
        Latch {
            inner,
            failed: false,
        }
    }
}

impl<W: Write> Write for Latch<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            return Ok(buf.len());
        }
        let written = self.inner.write(buf);
        self.failed = written.is_err();
        written
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.failed = flushed.is_err();
        flushed
    }
}

/// The temporary files being written, by path: a report of a million
/// rows spends seconds in one, and an interruption must not leave it
/// (20 MB of students' data, hidden beside the report).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes every temporary file being written and keeps any other from
/// being made or put in place: for a process about to exit on a signal
/// (SIGINT, SIGTERM). The list stays locked for good, so a writer that
/// goes on meanwhile stops at its next temporary file; one renamed
/// already is a complete file.
pub fn abandon_temporaries() {
    let pending = pending();
    for path in pending.iter() {
        let _ = std::fs::remove_file(path);
    }
    std::mem::forget(pending);
}

/// A temporary file beside its final path, listed for
/// [`abandon_temporaries`] from the moment it exists until it is renamed
/// or removed (on drop).
#[derive(Debug)]
pub struct Temporary {
    file: Option<tempfile::NamedTempFile>,
}

impl Temporary {
    /// Creates the file and lists it, under one lock: an interruption
    /// sees it as soon as it exists.
    fn create(builder: &tempfile::Builder, dir: &Path) -> std::io::Result<Temporary> {
        let mut pending = pending();
        let file = builder.tempfile_in(dir)?;
        pending.push(file.path().to_path_buf());
        Ok(Temporary { file: Some(file) })
    }

    fn file(&mut self) -> std::io::Result<&mut File> {
        match &mut self.file {
            Some(f) => Ok(f.as_file_mut()),
            None => Err(std::io::Error::other("temporary file already put in place")),
        }
    }

    /// Renames the file over `path` (removed if that fails), then takes it
    /// off the list.
    fn persist(mut self, path: &Path) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let listed = file.path().to_path_buf();
        let persisted = file.persist(path).map(drop).map_err(|e| e.error);
        unlist(&listed);
        persisted
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let listed = file.path().to_path_buf();
            drop(file);
            unlist(&listed);
        }
    }
}

/// Takes a temporary file off the list, once it is renamed or removed.
fn unlist(path: &Path) {
    let mut pending = pending();
    if let Some(i) = pending.iter().position(|p| p == path) {
        pending.swap_remove(i);
    }
}

/// A file written by [`filled`], not yet in place.
#[derive(Debug)]
pub enum Filled {
    /// A device or pipe, written in place already.
    Written,
    /// A complete temporary file beside its final path.
    Pending(Temporary, PathBuf),
}

impl Filled {
    /// Makes the file durable (`fsync`), then renames it over its path:
    /// the second half of [`write_atomically`], which a caller may run on
    /// another thread while it does other work.
    pub fn commit(self) -> std::io::Result<()> {
        match self {
            Filled::Written => Ok(()),
            Filled::Pending(mut tmp, path) => {
                tmp.file()?.sync_all()?;
                tmp.persist(&path)
            }
        }
    }
}

/// The first half of [`write_atomically`]: `fill` writes a temporary
/// file in the folder of `path` (dropped, hence removed, on failure).
pub fn filled<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), E>,
) -> Result<Filled, E> {
    // A device or a pipe (`/dev/stdout`, `/dev/full`) cannot be replaced
    // by a rename, and must not be: it is written in place.
    // Written whole to a temporary file first, then copied, so a writer's
    // own clean-up never meets the device's errors.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut tmp = tempfile::tempfile()?;
        fill(&mut tmp)?;
        tmp.seek(std::io::SeekFrom::Start(0))?;
        let mut device = std::fs::OpenOptions::new().write(true).open(path)?;
        std::io::copy(&mut tmp, &mut device)?;
        device.flush()?;
        return Ok(Filled::Written);
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".roster-check-").suffix(".tmp");
    // A temporary file is private (0600); the result is an ordinary file:
    // 0666 less the user's umask, as any program would create it, or the
    // permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = Temporary::create(&builder, dir)?;
    // A file replaced keeps its permission bits: a report kept private
    // (0600) stays private. Set before any byte is written.
    #[cfg(unix)]
    if let Some(old) = std::fs::metadata(path).ok().filter(|m| m.is_file()) {
        use std::os::unix::fs::PermissionsExt;
        let bits = old.permissions().mode() & 0o777;
        tmp.file()?
            .set_permissions(std::fs::Permissions::from_mode(bits))?;
    }
    fill(tmp.file()?)?;
    Ok(Filled::Pending(tmp, path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What goes through a `Writeback` is the file, byte for byte,
    /// across several hand-overs; the file is complete only once
    /// committed, and the old one stays until then.
    #[test]
    fn a_file_handed_over_early_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, b"old").unwrap();
        let text: Vec<u8> = (0..3 * WRITEBACK + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        let filled = filled(&path, |f| {
            let mut w = std::io::BufWriter::new(Writeback::new(f));
            for piece in text.chunks(100_003) {
                w.write_all(piece)?;
            }
            w.flush()
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        filled.commit().unwrap();
        assert!(std::fs::read(&path).unwrap() == text);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
