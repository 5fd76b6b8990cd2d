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

/// Where an input is read from, and the run's own count of the bytes
/// read, if it keeps one.
#[derive(Debug, Clone)]
pub(super) struct Origin {
    from: From,
    counted: Option<ReadCounter>,
}

#[derive(Debug, Clone)]
enum From {
    File(PathBuf),
    /// The copy of an input that can be read only once.
    Copy(Arc<File>),
}

/// The bytes one run's readers read, on whatever thread: the progress of
/// one check among several at once (`ReadOptions::counted`); the
/// process-wide [`bytes_read`] counts every run's.
#[derive(Debug, Clone, Default)]
pub struct ReadCounter(Arc<AtomicU64>);

impl ReadCounter {
    /// A count from zero.
    pub fn new() -> ReadCounter {
        ReadCounter::default()
    }

    /// The bytes read so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// The copies made so far, by the path as given: the report's second
/// pass over an input opens the same copy.
static COPIES: Mutex<Vec<(PathBuf, Arc<File>)>> = Mutex::new(Vec::new());

impl Origin {
    /// The origin of `path`, whose metadata is `meta`: the file itself
    /// when it is a regular file, else its copy (made now, once).
    /// Its readers' bytes counted in `counted` too.
    pub(super) fn of(
        path: &Path,
        meta: &std::fs::Metadata,
        counted: Option<ReadCounter>,
    ) -> Result<Origin, InputError> {
        let from = if meta.is_file() {
            From::File(path.to_path_buf())
        } else {
            let mut copies = COPIES.lock().unwrap_or_else(|e| e.into_inner());
            match copies.iter().find(|(p, _)| p == path) {
                Some((_, copy)) => From::Copy(copy.clone()),
                None => {
                    let copy = Arc::new(copy_of(path)?);
                    copies.push((path.to_path_buf(), copy.clone()));
                    From::Copy(copy)
                }
            }
        };
        Ok(Origin { from, counted })
    }

    /// A regular file's origin, uncounted.
    #[cfg(test)]
    pub(super) fn file(path: &Path) -> Origin {
        Origin {
            from: From::File(path.to_path_buf()),
            counted: None,
        }
    }

    /// A reader from the first byte, with a position of its own.
    pub(super) fn open(&self) -> Result<Bytes, InputError> {
        let from = match &self.from {
            From::File(path) => Reading::File(File::open(path).map_err(InputError::from_io)?),
            From::Copy(file) => Reading::Copy {
                file: file.clone(),
                at: 0,
            },
        };
        Ok(Bytes {
            from,
            counted: self.counted.clone(),
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
pub(super) struct Bytes {
    from: Reading,
    counted: Option<ReadCounter>,
}

#[derive(Debug)]
enum Reading {
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
        let n = match &mut self.from {
            Reading::File(f) => f.read(out)?,
            Reading::Copy { file, at } => {
                let n = read_at(file, out, *at)?;
                *at += n as u64;
                n
            }
        };
        READ.fetch_add(n as u64, Ordering::Relaxed);
        if let Some(counted) = &self.counted {
            counted.0.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

impl Seek for Bytes {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        match &mut self.from {
            Reading::File(f) => f.seek(to),
            Reading::Copy { file, at } => {
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
        let origin = Origin {
            from: From::Copy(Arc::new(file)),
            counted: None,
        };
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
