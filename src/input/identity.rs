//! Which file a path names: two paths (a hard link, a symbolic link, the
//! same file typed twice or reached through its folder) are one file when
//! they name the same device and inode. What the front end compares
//! outputs with inputs by, and the run reads each file by once. And what
//! a file held when it was checked (`Stamp`), so that reading it again
//! for the report can tell it is still that file.

use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use super::InputError;

/// The identity of a file: device and inode on Unix; elsewhere the
/// canonical path (which tells symbolic links apart from their target but
/// not hard links, for want of a stable file index in the standard
/// library).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(Inner);

#[cfg(unix)]
type Inner = (u64, u64);
#[cfg(not(unix))]
type Inner = std::path::PathBuf;

impl FileId {
    /// The file `path` names, following symbolic links; `None` when it
    /// cannot be looked at (it does not exist, or its folder is closed).
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId::from_metadata(path, &meta))
    }

    #[cfg(unix)]
    pub(crate) fn from_metadata(_: &Path, meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId((meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    pub(crate) fn from_metadata(path: &Path, _: &std::fs::Metadata) -> FileId {
        FileId(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// A file as it was when first opened: its identity, size and
/// modification time, and a hash of every byte in it (XXH3, 64 bits:
/// fast, not cryptographic; it tells a file rewritten to the same size
/// within the same timestamp, or with its timestamp put back, from the
/// one checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    id: FileId,
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl Stamp {
    /// Looks at `path` and hashes its bytes. The size and time are those
    /// from before the bytes were read: a write meanwhile changes them
    /// and the file reads as changed.
    pub fn take(path: &Path) -> Result<Stamp, InputError> {
        let mut file = std::fs::File::open(path).map_err(InputError::from_io)?;
        let meta = file.metadata().map_err(InputError::from_io)?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 18];
        loop {
            let n = file.read(&mut buf).map_err(InputError::from_io)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(Stamp {
            id: FileId::from_metadata(path, &meta),
            len: meta.len(),
            modified: meta.modified().ok(),
            hash: hasher.digest(),
        })
    }

    /// `InputError::Changed` unless `path` is still this file: the same
    /// identity, size and time, and (with `rehash`) the same bytes.
    pub fn verify(&self, path: &Path, rehash: bool) -> Result<(), InputError> {
        let same = if rehash {
            Stamp::take(path)? == *self
        } else {
            let meta = std::fs::metadata(path).map_err(InputError::from_io)?;
            FileId::from_metadata(path, &meta) == self.id
                && meta.len() == self.len
                && meta.modified().ok() == self.modified
        };
        if same {
            Ok(())
        } else {
            Err(InputError::Changed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hard link and a symbolic link are the file they point at; a copy
    /// is another file.
    #[cfg(unix)]
    #[test]
    fn links_are_the_file_a_copy_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "x").unwrap();
        let (hard, soft, copy) = (
            dir.path().join("hard.csv"),
            dir.path().join("soft.csv"),
            dir.path().join("copy.csv"),
        );
        std::fs::hard_link(&file, &hard).unwrap();
        std::os::unix::fs::symlink(&file, &soft).unwrap();
        std::fs::copy(&file, &copy).unwrap();
        let id = FileId::of(&file).unwrap();
        assert_eq!(FileId::of(&hard), Some(id.clone()));
        assert_eq!(FileId::of(&soft), Some(id.clone()));
        assert_eq!(
            FileId::of(&dir.path().join(".").join("a.csv")),
            Some(id.clone())
        );
        assert_ne!(FileId::of(&copy), Some(id));
        assert_eq!(FileId::of(&dir.path().join("none.csv")), None);
    }

    /// A file is still itself until a byte, its size, its time or its
    /// identity changes; a change of bytes alone (same size, time put
    /// back) is seen when the bytes are read again.
    #[test]
    fn a_stamp_tells_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "CURP\nA\n").unwrap();
        let stamp = Stamp::take(&file).unwrap();
        stamp.verify(&file, true).unwrap();
        let when = std::fs::metadata(&file).unwrap().modified().unwrap();
        // Same size, same time: only the hash tells.
        std::fs::write(&file, "CURP\nB\n").unwrap();
        let f = std::fs::File::options().write(true).open(&file).unwrap();
        f.set_modified(when).unwrap();
        drop(f);
        stamp.verify(&file, false).unwrap();
        assert!(matches!(
            stamp.verify(&file, true),
            Err(InputError::Changed)
        ));
        // Longer: the size tells, without reading.
        std::fs::write(&file, "CURP\nA\nC\n").unwrap();
        assert!(matches!(
            stamp.verify(&file, false),
            Err(InputError::Changed)
        ));
        // The same bytes in another file put in its place: the identity.
        let other = dir.path().join("b.csv");
        std::fs::write(&other, "CURP\nA\n").unwrap();
        std::fs::rename(&other, &file).unwrap();
        let f = std::fs::File::options().write(true).open(&file).unwrap();
        f.set_modified(when).unwrap();
        drop(f);
        #[cfg(unix)]
        assert!(matches!(
            stamp.verify(&file, true),
            Err(InputError::Changed)
        ));
    }
}
