//! Inputs that are no plain files: a FIFO, and a pipe given as a
//! `/dev/fd` path as the shell's `<(…)` gives it, are read once (a second
//! open of a FIFO whose writer is done waits forever), copied, and the
//! report's second pass reads the copy; inside a folder, such entries and
//! broken links are listed as failed.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use calamine::{open_workbook_auto, Reader};
use serde_json::Value;
use tempfile::TempDir;

use crate::*;

/// Two synthetic students.
const TWO: &str =
    "CURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,Gloria\nBEML920313HMCLNS09,92919084431,Luis\n";

/// A FIFO named `name` in `dir`, with a thread writing `bytes` into it
/// once a reader opens it.
fn fifo(dir: &Path, name: &str, bytes: Vec<u8>) -> PathBuf {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let to = path.clone();
    // Left running if the run never opens the FIFO (the test fails then).
    std::thread::spawn(move || {
        let _ = std::fs::write(to, bytes);
    });
    path
}

/// Runs `check` on `input` with a report and JSON in `dir`, within a
/// minute (it used to wait forever): (exit code, JSON, report path).
fn check_with_report(dir: &Path, input: &Path, stdin: Option<&str>) -> (i32, Value, PathBuf) {
    let report = dir.join("reporte.xlsx");
    let json = dir.join("salida.json");
    let mut c = cmd();
    c.args(["check", "-q", "--today", TODAY, "-o"])
        .arg(&report)
        .arg("--json")
        .arg(&json)
        .arg(input)
        .timeout(Duration::from_secs(60));
    if let Some(text) = stdin {
        c.write_stdin(text);
    }
    let out = c.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed: {stderr}"));
    let json: Value = serde_json::from_slice(&std::fs::read(&json).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (code, json, report)
}

/// The rows of the report's roster sheet (Padrón), its header included.
fn padron_rows(report: &Path) -> usize {
    let mut book = open_workbook_auto(report).unwrap();
    book.worksheet_range("Padrón").unwrap().rows().count()
}

#[test]
fn a_fifo_is_read_once_and_the_report_has_its_rows() {
    let tmp = TempDir::new().unwrap();
    let input = fifo(tmp.path(), "alumnos.csv", TWO.into());
    let (code, json, report) = check_with_report(tmp.path(), &input, None);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["rows"], 2);
    assert_eq!(json["inputs"][0]["encoding"], "UTF-8");
    assert_eq!(padron_rows(&report), 3);
}

/// A workbook through a FIFO: its reader must seek, so it reads the copy,
/// and finds what it finds in the file itself.
#[test]
fn a_workbook_through_a_fifo_is_read_from_its_copy() {
    let tmp = TempDir::new().unwrap();
    let path = fixture("alumnos_mx.xlsx");
    let input = fifo(tmp.path(), "alumnos.xlsx", std::fs::read(&path).unwrap());
    let (code, json, report) = check_with_report(tmp.path(), &input, None);
    let (file_code, file_json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(code, file_code);
    assert_eq!(json["summary"], file_json["summary"]);
    assert_eq!(row_codes(&json), row_codes(&file_json));
    assert_eq!(padron_rows(&report), 24);
}

/// `roster-check <(…)` gives a path such as /dev/fd/63, without an
/// extension: its bytes say what it is (here a pipe on /dev/fd/0).
#[test]
fn a_pipe_given_as_dev_fd_is_read_by_its_bytes() {
    let tmp = TempDir::new().unwrap();
    let (code, json, report) = check_with_report(tmp.path(), Path::new("/dev/fd/0"), Some(TWO));
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["rows"], 2);
    assert_eq!(json["inputs"][0]["file"], "/dev/fd/0");
    assert_eq!(padron_rows(&report), 3);
}

/// A folder's entries named like rosters that cannot be read (they were
/// passed over in silence) are listed as failed, in the JSON, on the
/// terminal and in the report, in English too, while the roster beside
/// them is checked.
#[test]
fn a_folder_lists_the_entries_it_cannot_read() {
    use std::os::unix::fs::symlink;
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("padrones");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("grupo_a.csv"), TWO).unwrap();
    symlink("borrado.xlsx", dir.join("roto.xlsx")).unwrap();
    symlink("vuelta.csv", dir.join("ida.csv")).unwrap();
    symlink("ida.csv", dir.join("vuelta.csv")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("tubo.csv"))
        .status()
        .unwrap();
    assert!(made.success());
    symlink("borrado.pdf", dir.join("roto.pdf")).unwrap();
    let report = tmp.path().join("report.xlsx");
    let out = cmd()
        .args([
            "check", "--lang", "en", "--today", TODAY, "--json", "-", "-o",
        ])
        .arg(&report)
        .arg(&dir)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["rows"], 2);
    let failed: Vec<(String, String)> = json["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            (name.to_string(), f["message"].as_str().unwrap().to_string())
        })
        .collect();
    let names: Vec<&str> = failed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ida.csv", "roto.xlsx", "tubo.csv", "vuelta.csv"]);
    assert!(failed[0].1.contains("in a circle"), "{}", failed[0].1);
    assert!(failed[1].1.contains("no longer exists"), "{}", failed[1].1);
    assert!(
        failed[2].1.contains("not a file but a pipe"),
        "{}",
        failed[2].1
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in names {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
    let mut book = open_workbook_auto(&report).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let text: String = summary.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(text.contains("roto.xlsx") && text.contains("tubo.csv"));
}
