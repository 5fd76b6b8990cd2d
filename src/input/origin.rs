//! Where an input's bytes come from: its own file, opened as often as the
//! readers need (the sniffers, a workbook's guards and parser, the
//! report's second pass), or, for an input that can be read only once (a
//! FIFO, a pipe given as `/dev/fd/N` by `<(…)`, a device), one copy of
//! it, made the first time it is opened and read again from there. A
//! second open of a FIFO whose writer is done would wait forever, and the
//! bytes of a pipe are gone once read.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::InputError;

/// The most an input read only once may hold: it is copied to a
/// temporary file (deleted when the program ends) before it is read, and
/// 1 GiB is ten million roster rows.
pub const MAX_COPY_BYTES: u64 = 1 << 30;

/// Where an input is read from.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    File(PathBuf),
    /// The copy of an input that can be read only once.
    Copy(Arc<File>),
}

/// The copies made so far, by the path as given: the report's second
/// pass over an input opens the same copy.
static COPIES: Mutex<Vec<(PathBuf, Arc<File>)>> = Mutex::new(Vec::new());

impl Origin {
    /// The origin of `path`, whose metadata is `meta`: the file itself
    /// when it is a regular file, else its copy (made now, once).
    pub(super) fn of(path: &Path, meta: &std::fs::Metadata) -> Result<Origin, InputError> {
        if meta.is_file() {
            return Ok(Origin::File(path.to_path_buf()));
        }
        let mut copies = COPIES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, copy)) = copies.iter().find(|(p, _)| p == path) {
            return Ok(Origin::Copy(copy.clone()));
        }
        let copy = Arc::new(copy_of(path)?);
        copies.push((path.to_path_buf(), copy.clone()));
        Ok(Origin::Copy(copy))
    }

    /// A reader from the first byte, with a position of its own.
    pub(super) fn open(&self) -> Result<Bytes, InputError> {
        Ok(match self {
            Origin::File(path) => Bytes::File(File::open(path).map_err(InputError::from_io)?),
            Origin::Copy(file) => Bytes::Copy {
                file: file.clone(),
                at: 0,
            },
        })
    }
}

/// The whole of `path`, read once into an unnamed temporary file, up to
/// `MAX_COPY_BYTES`.
fn copy_of(path: &Path) -> Result<File, InputError> {
    let source = File::open(path).map_err(InputError::from_io)?;
    let mut copy = tempfile::tempfile().map_err(InputError::Io)?;
    let copied = std::io::copy(&mut source.take(MAX_COPY_BYTES + 1), &mut copy)
        .map_err(InputError::from_io)?;
    if copied > MAX_COPY_BYTES {
        return Err(InputError::TooLargeToCopy);
    }
    Ok(copy)
}

/// An input's bytes, read and sought on their own (a copy is shared by
/// several readers, each with its own position).
#[derive(Debug)]
pub(super) enum Bytes {
    File(File),
    Copy { file: Arc<File>, at: u64 },
}

/// Bytes read from inputs since the process began, by every reader: what
/// a progress bar measures against the inputs' size.
static READ: AtomicU64 = AtomicU64::new(0);

/// Bytes read from inputs so far (see [`READ`]).
pub fn bytes_read() -> u64 {
    READ.load(Ordering::Relaxed)
}

impl Read for Bytes {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = match self {
            Bytes::File(f) => f.read(out)?,
            Bytes::Copy { file, at } => {
                let n = read_at(file, out, *at)?;
                *at += n as u64;
                n
            }
        };
        READ.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for Bytes {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        match self {
            Bytes::File(f) => f.seek(to),
            Bytes::Copy { file, at } => {
                let base = match to {
                    SeekFrom::Start(n) => Some(n),
                    SeekFrom::End(d) => file.metadata()?.len().checked_add_signed(d),
                    SeekFrom::Current(d) => at.checked_add_signed(d),
                };
                *at = base.ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
                })?;
                Ok(*at)
            }
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, out: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, out, at)
}

#[cfg(windows)]
fn read_at(file: &File, out: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, out, at)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Readers of one copy keep their own positions.
    #[test]
    fn readers_of_a_copy_do_not_share_a_position() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"abcdef").unwrap();
        let origin = Origin::Copy(Arc::new(file));
        let (mut a, mut b) = (origin.open().unwrap(), origin.open().unwrap());
        let mut two = [0; 2];
        a.read_exact(&mut two).unwrap();
        assert_eq!(&two, b"ab");
        b.seek(SeekFrom::End(-2)).unwrap();
        b.read_exact(&mut two).unwrap();
        assert_eq!(&two, b"ef");
        a.read_exact(&mut two).unwrap();
        assert_eq!(&two, b"cd");
        assert!(a.seek(SeekFrom::Current(-5)).is_err());
    }
}
