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
