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
