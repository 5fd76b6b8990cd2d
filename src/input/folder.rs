//! A folder given as input → the roster files in it, and the entries
//! named like rosters that cannot be read (a link to nothing, a loop of
//! links, a FIFO or a device), each with why, so that none is passed
//! over in silence while the others are checked.

use std::path::{Path, PathBuf};

use super::{is_roster_file, InputError};

/// What a folder holds for the run.
#[derive(Debug, Default)]
pub struct Listing {
    /// The roster files, sorted by name.
    pub files: Vec<PathBuf>,
    /// Entries named like rosters that cannot be read, sorted by name
    /// (an entry the folder could not even list is the folder's own).
    pub failed: Vec<(PathBuf, InputError)>,
}

/// The roster files of a directory, sorted by name, and the entries named
/// like them that cannot be read: hidden files, Excel's `~$` lock files,
/// roster-check's own reports and files of other kinds are left out, as
/// are folders. A file without read permission is listed as a file: its
/// opening says so. No roster and nothing failed: `EmptyDirectory`.
pub fn list_dir(dir: &Path) -> Result<Listing, InputError> {
    let mut listing = Listing::default();
    for entry in std::fs::read_dir(dir).map_err(InputError::from_io)? {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                listing
                    .failed
                    .push((dir.to_path_buf(), InputError::from_io(e)));
                continue;
            }
        };
        let path = entry.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let own = name.starts_with('.')
            || name.starts_with("~$")
            || name.ends_with("-reporte.xlsx")
            || name.ends_with("-report.xlsx");
        if own || !is_roster_file(&path) {
            continue;
        }
        // Links followed: what the name leads to.
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => listing.files.push(path),
            Ok(m) if m.is_dir() => {}
            Ok(_) => listing.failed.push((path, InputError::NotAFile)),
            Err(e) => {
                let link = entry.file_type().is_ok_and(|t| t.is_symlink());
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound if link => InputError::BrokenLink,
                    _ if link && loops(&path) => InputError::LinkLoop,
                    _ => InputError::from_io(e),
                };
                listing.failed.push((path, why));
            }
        }
    }
    listing.files.sort();
    listing.failed.sort_by(|a, b| a.0.cmp(&b.0));
    if listing.files.is_empty() && listing.failed.is_empty() {
        return Err(InputError::EmptyDirectory);
    }
    Ok(listing)
}

/// True when following the link `path` never ends (40 links, as Linux
/// gives up).
fn loops(path: &Path) -> bool {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&at) {
            Ok(to) => at = at.parent().map_or(to.clone(), |dir| dir.join(&to)),
            Err(_) => return false,
        }
    }
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Every entry named like a roster is a file to check or a failure
    /// with its reason; the rest is left out in silence.
    #[test]
    fn unreadable_entries_are_listed_with_why() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::write(d.join("a.csv"), "CURP\n").unwrap();
        std::fs::write(d.join("notas.docx"), "x").unwrap();
        std::fs::create_dir(d.join("viejos.csv")).unwrap();
        std::os::unix::fs::symlink("nada.csv", d.join("roto.csv")).unwrap();
        std::os::unix::fs::symlink("nada.docx", d.join("roto.docx")).unwrap();
        std::os::unix::fs::symlink("bucle.csv", d.join("bucle.csv")).unwrap();
        std::os::unix::fs::symlink("a.csv", d.join("enlace.csv")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(d.join("tubo.xlsx"))
            .status()
            .unwrap();
        assert!(fifo.success());
        let listing = list_dir(d).unwrap();
        assert_eq!(listing.files, [d.join("a.csv"), d.join("enlace.csv")]);
        let failed: Vec<(PathBuf, String)> = listing
            .failed
            .iter()
            .map(|(p, e)| (p.clone(), format!("{e:?}")))
            .collect();
        assert_eq!(
            failed,
            [
                (d.join("bucle.csv"), "LinkLoop".to_string()),
                (d.join("roto.csv"), "BrokenLink".to_string()),
                (d.join("tubo.xlsx"), "NotAFile".to_string()),
            ]
        );
    }
}
