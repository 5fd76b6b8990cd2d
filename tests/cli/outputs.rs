//! Issue 19 ("Reliability, round two"): what the front end and the
//! outputs promise beyond the hostile table of ROBUSTNESS.md, each test
//! named after the defect it pins.

use crate::*;

/// `--threads` is capped (issue 19, item 9): 256 is taken, 257 is a usage
/// error that says the cap, before any work.
#[test]
fn threads_are_capped_at_256() {
    let roster = fixture("alumnos_mx.csv");
    let (code, json) = check_json(&["--threads", "256", roster.to_str().unwrap()]);
    assert_eq!((code, json["summary"]["rows"].as_u64()), (1, Some(23)));
    let out = cmd()
        .args(["check", "--no-report", "--threads", "257"])
        .arg(&roster)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("el máximo es 256"), "{stderr}");
    assert!(out.stdout.is_empty());
}

/// A report and a JSON kept private (0600) stay private when a run
/// replaces them (issue 19, item 7): they used to come back 0644, the
/// personal data readable by every user of the machine.
#[cfg(unix)]
#[test]
fn rewriting_a_private_report_or_json_keeps_it_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::TempDir::new().unwrap();
    let (report, json) = (dir.path().join("r.xlsx"), dir.path().join("r.json"));
    for (p, mode) in [(&report, 0o600), (&json, 0o640)] {
        std::fs::write(p, "old").unwrap();
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let out = cmd()
        .args(["check", "-q", "--today", TODAY, "-o"])
        .arg(&report)
        .arg("--json")
        .arg(&json)
        .arg(fixture("alumnos_mx.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    for (p, mode) in [(&report, 0o600), (&json, 0o640)] {
        let meta = std::fs::metadata(p).unwrap();
        assert!(meta.len() > 3, "{} was not replaced", p.display());
        let got = meta.permissions().mode() & 0o777;
        assert_eq!(got, mode, "{}: mode {got:o}", p.display());
    }
}

/// Realistic rosters of any size (benches/support/roster_gen.rs).
#[allow(dead_code)]
#[path = "../../benches/support/roster_gen.rs"]
mod roster_gen;

/// A generated roster of `rows` students, as CSV.
fn big_roster(path: &std::path::Path, rows: u64) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "{}", roster_gen::HEADER.join(",")).unwrap();
    for row in roster_gen::rows(rows, 2026) {
        writeln!(w, "{}", row.join(",")).unwrap();
    }
    w.flush().unwrap();
}

/// The temporary files of roster-check's atomic writes in `dir`.
fn temporaries(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".roster-check-"))
        .collect()
}

/// Ctrl+C or `kill` while the report is being written (issue 19, item
/// 4): the hidden temporary file beside the report (up to 20 MB of
/// students' data) used to stay every time. Now it is removed, the old
/// report stays as it was, and the exit code is 128 + the signal's
/// number, as a shell reports a process a signal ended.
#[cfg(unix)]
#[test]
fn an_interrupted_report_leaves_no_temporary_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let roster = dir.path().join("grande.csv");
    // Some 40,000 rows: the debug build spends a second or two writing
    // the report's file, time enough to be interrupted in it.
    big_roster(&roster, 40_000);
    let report = dir.path().join("reporte.xlsx");
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        std::fs::write(&report, "el reporte de ayer").unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_roster-check"))
            .args(["check", "-q", "--today", TODAY, "-o"])
            .arg(&report)
            .arg(&roster)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // The temporary file appears once the workbook is being saved.
        while temporaries(dir.path()).is_empty() {
            let finished = child.try_wait().unwrap();
            assert!(
                finished.is_none(),
                "{signal}: done before the report was written"
            );
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let sent = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(std::fs::read(&report).unwrap(), b"el reporte de ayer");
    }
}

/// How a test changes an input between its check and its reading again.
type Change = fn(&std::path::Path);

/// An input changed after it was checked and before the report read it
/// again (issue 19, item 1): rows appended used to appear in the Padrón as
/// "OK" though never checked, a file cut short left the Padrón shorter
/// than the summary. Every kind of change is told, by size, by identity,
/// or by the bytes alone (same size, time put back); the report is not
/// written and the message names the file; the JSON, from the check,
/// still is. The binary pauses between the two steps under
/// ROSTER_CHECK_TEST_PAUSE (a test hook in main.rs).
#[test]
fn an_input_changed_before_the_report_is_told_and_no_report_written() {
    const ROWS: &str =
        "CURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,Gloria\nBEML920313HMCLNS09,92919084431,Luis\n";
    let appended: Change = |p| {
        let mut text = std::fs::read_to_string(p).unwrap();
        text.push_str("SABC560626MDFLRN01,04159912346,Concepción\n");
        std::fs::write(p, text).unwrap();
    };
    let cut: Change = |p| {
        let text = std::fs::read_to_string(p).unwrap();
        let keep: Vec<&str> = text.lines().take(2).collect();
        std::fs::write(p, keep.join("\n") + "\n").unwrap();
    };
    let same_size_same_time: Change = |p| {
        let when = std::fs::metadata(p).unwrap().modified().unwrap();
        let text = std::fs::read_to_string(p)
            .unwrap()
            .replace("Gloria", "Glorio");
        std::fs::write(p, text).unwrap();
        let f = std::fs::File::options().write(true).open(p).unwrap();
        f.set_modified(when).unwrap();
    };
    let replaced: Change = |p| {
        let other = p.with_extension("nuevo");
        std::fs::write(&other, std::fs::read(p).unwrap()).unwrap();
        std::fs::rename(&other, p).unwrap();
    };
    let untouched: Change = |_| {};
    for (what, change, changed) in [
        ("rows appended", appended, true),
        ("a row cut", cut, true),
        ("same size and time", same_size_same_time, true),
        ("replaced by a copy", replaced, true),
        ("untouched", untouched, false),
    ] {
        let dir = tempfile::TempDir::new().unwrap();
        let input = dir.path().join("alumnos.csv");
        std::fs::write(&input, ROWS).unwrap();
        let (report, json) = (dir.path().join("r.xlsx"), dir.path().join("r.json"));
        let pause = dir.path().join("pausa");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_roster-check"))
            .args(["check", "-q", "--today", TODAY, "-o"])
            .arg(&report)
            .arg("--json")
            .arg(&json)
            .arg(&input)
            .env("ROSTER_CHECK_TEST_PAUSE", &pause)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        while !pause.exists() {
            assert!(child.try_wait().unwrap().is_none(), "{what}: no pause");
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        change(&input);
        std::fs::remove_file(&pause).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let checked: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        assert_eq!(checked["summary"]["rows"], 2, "{what}");
        if changed {
            assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
            assert!(!report.exists(), "{what}: a report was written");
            assert!(
                stderr.contains("alumnos.csv cambió mientras se revisaba")
                    && stderr.contains("cuando ya no se esté escribiendo"),
                "{what}: {stderr}"
            );
        } else {
            assert_eq!(out.status.code(), Some(0), "{what}: {stderr}");
            assert_eq!(cells(&report, "Padrón").len(), 3, "{what}");
        }
    }
}

/// fixtures/alumnos_mx.xlsx with its roster sheet damaged at row 12: the
/// sheet's XML breaks off in the middle of a cell there, the zip around
/// it whole (as a workbook cut by a faulty copy and rezipped, or written
/// by a buggy exporter).
pub fn damaged_from_row_12(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::{Read, Write};
    let mut book =
        zip::ZipArchive::new(std::fs::File::open(fixture("alumnos_mx.xlsx")).unwrap()).unwrap();
    let path = dir.join("roto.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..book.len() {
        let mut part = book.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let at = text.find("<row r=\"12\"").unwrap();
            bytes = format!("{}<row r=\"12\"><c r=\"A12\" <<", &text[..at]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    path
}

/// A workbook damaged part-way (issue 19, item 2): the rows before the
/// damage were checked and in the JSON, but no report was written and
/// the message blamed the disk or Excel. Now the report is written with
/// the rows read, and the message says the file is damaged from row 12
/// and to save or export it again; the exit code stays 2.
#[test]
fn a_workbook_damaged_part_way_is_reported_up_to_the_damage() {
    let dir = tempfile::TempDir::new().unwrap();
    let book = damaged_from_row_12(dir.path());
    let (report, json) = (dir.path().join("r.xlsx"), dir.path().join("r.json"));
    let out = cmd()
        .args(["check", "-q", "--today", TODAY, "-o"])
        .arg(&report)
        .arg("--json")
        .arg(&json)
        .arg(&book)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("roto.xlsx está dañado a partir de la fila 12 (hoja «Alumnos»)")
            && stderr.contains("guárdelo de nuevo"),
        "{stderr}"
    );
    assert!(!stderr.contains("Excel y que hay espacio"), "{stderr}");
    let checked: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(checked["summary"]["rows"], 10);
    // The Padrón: the header, then rows 2 to 11 as checked (Fila; their
    // "No." is 1 to 10).
    let padron = cells(&report, "Padrón");
    let rows: Vec<(String, String)> = padron[1..]
        .iter()
        .map(|r| (text(&r[0]), text(&r[1])))
        .collect();
    let expected: Vec<(String, String)> = (1..=10)
        .map(|r| ((r + 1).to_string(), r.to_string()))
        .collect();
    assert_eq!(rows, expected);
    // The Resumen says it too.
    let resumen = cells(&report, "Resumen");
    assert!(resumen
        .iter()
        .flatten()
        .any(|c| text(c).contains("dañado a partir de la fila 12")));
}
