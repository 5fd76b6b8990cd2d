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
