//! Which file a path names: two paths (a hard link, a symbolic link, the
//! same file typed twice or reached through its folder) are one file when
//! they name the same device and inode. What the front end compares
//! outputs with inputs by, and the run reads each file by once.

use std::path::Path;

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
}
