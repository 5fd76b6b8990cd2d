//! Stage 5, reports: a finished `Run` goes in; JSON, a workbook or terminal
//! lines come out. Each writer only draws what was decided upstream.

pub mod explain;
pub mod json;
pub mod terminal;
pub mod xlsx;

use std::fs::File;
use std::io::{Seek, Write};
use std::path::Path;

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

/// A file written by [`filled`], not yet in place.
#[derive(Debug)]
pub enum Filled {
    /// A device or pipe, written in place already.
    Written,
    /// A complete temporary file beside its final path.
    Pending(tempfile::NamedTempFile, std::path::PathBuf),
}

impl Filled {
    /// Makes the file durable (`fsync`), then renames it over its path:
    /// the second half of [`write_atomically`], which a caller may run on
    /// another thread while it does other work.
    pub fn commit(self) -> std::io::Result<()> {
        match self {
            Filled::Written => Ok(()),
            Filled::Pending(tmp, path) => {
                tmp.as_file().sync_all()?;
                tmp.persist(path).map_err(|e| e.error)?;
                Ok(())
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
    // 0666 less the user's umask, as any program would create it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    fill(tmp.as_file_mut())?;
    Ok(Filled::Pending(tmp, path.to_path_buf()))
}
