//! `roster-check serve` in a real browser: the binary serves the page,
//! Debian's chromium (headless, driven by tests/browser/serve.mjs through
//! playwright-core) uploads `fixtures/alumnos_mx.xlsx`, reads the
//! findings, changes a column choice, checks again and downloads the
//! report, which must be byte for byte the CLI's report of the same file
//! with the same `--col` (the report's metadata carries a fixed date, so
//! nothing differs between two writes of one run's report).
//!
//! Skipped, saying why, when chromium, node or playwright-core is
//! missing (`.ci/run` installs them). `ROSTER_CHECK_SCREENSHOT=FILE` also
//! saves a picture of the page (docs/serve.png).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The server, stopped when the test ends however it ends.
struct Server(Child);

impl Server {
    /// Stops the server as Ctrl+C or `kill` would (SIGTERM), waiting for
    /// it to clean up; true when it exited by itself.
    fn stop(&mut self) -> bool {
        let pid = self.0.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.0.try_wait() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.stop() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn missing() -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "{chromium} is absent (apt-get install -y chromium)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is absent".into());
    }
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        return Some("playwright-core is absent (cd tests/browser && npm ci)".into());
    }
    None
}

#[test]
fn the_page_checks_a_roster_and_its_report_is_the_clis() {
    if let Some(why) = missing() {
        println!("SKIPPED the_page_checks_a_roster_and_its_report_is_the_clis: {why}");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_roster-check");
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("alumnos_mx.xlsx");
    std::fs::copy(root.join("fixtures/alumnos_mx.xlsx"), &roster).unwrap();

    // The server's temporary files go here, to see them removed.
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin)
        .args(["serve", "--no-open", "--port", "0", "--today", "2026-11-23"])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut server = Server(child);
    let url = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.find("http://").map(|i| l[i..].trim().to_string()))
        .expect("the address on standard output");
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/t/"),
        "{url}"
    );

    let mut node = Command::new("node");
    node.current_dir(root.join("tests/browser"))
        .arg("serve.mjs")
        .arg(&url)
        .arg(&roster)
        .arg(dir.path());
    if let Some(shot) = std::env::var_os("ROSTER_CHECK_SCREENSHOT") {
        node.arg(shot);
    }
    let out = node.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(
        out.stdout
            .split(|&b| b == b'\n')
            .rfind(|l| l.starts_with(b"{"))
            .unwrap(),
    )
    .unwrap();

    // Nothing fetched from anywhere but the page's own server.
    assert_eq!(seen["foreign"], serde_json::json!([]));
    assert_eq!(seen["error"], "");
    // The findings as the fixture's README lists them, with the students.
    let first = seen["first"].as_array().unwrap();
    assert_eq!(first.len(), 22);
    let has = |rows: &[serde_json::Value], row: &str, code: &str, student: &str| {
        rows.iter()
            .any(|r| r["row"] == row && r["code"] == code && r["student"] == student)
    };
    assert!(has(
        first,
        "2",
        "nss.leading_zero_lost",
        "GARCÍA LÓPEZ ANA SOFÍA"
    ));
    assert!(has(
        first,
        "3",
        "curp.check_digit",
        "HERNÁNDEZ RUIZ JOSÉ LUIS"
    ));
    let zero = first.iter().find(|r| r["row"] == "2").unwrap();
    assert_eq!(zero["suggestion"], "04230812341");
    assert!(zero["message"].as_str().unwrap().contains("cero inicial"));
    // Filtered by code, sorted by row (descending) with aria-sort said.
    assert_eq!(seen["filtered"], serde_json::json!(["21", "22"]));
    assert_eq!(seen["sort"], "descending");
    let sorted: Vec<u64> = serde_json::from_value(seen["sortedRows"].clone()).unwrap();
    assert!(sorted.windows(2).all(|w| w[0] >= w[1]) && sorted.len() == 22);
    // The birth date taken from "No." now: every row disagrees with its CURP.
    assert_eq!(seen["taken"], "No.");
    let mismatches = |rows: &serde_json::Value| {
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["code"] == "curp.birthdate_mismatch")
            .count()
    };
    assert_eq!(mismatches(&seen["first"]), 1);
    assert_eq!(mismatches(&seen["second"]), 20);

    // The report downloaded is the CLI's, byte for byte.
    assert_eq!(seen["reportName"], "alumnos_mx-reporte.xlsx");
    let cli = dir.path().join("cli.xlsx");
    let status = Command::new(bin)
        .current_dir(dir.path())
        .args(["check", "alumnos_mx.xlsx", "-q", "--fail-on", "never"])
        .args(["--today", "2026-11-23", "--col", "nacimiento=No.", "-o"])
        .arg(&cli)
        .status()
        .unwrap();
    assert!(status.success());
    let page = std::fs::read(seen["report"].as_str().unwrap()).unwrap();
    assert!(
        page == std::fs::read(&cli).unwrap(),
        "the page's report differs from the CLI's"
    );

    // Stopped, it leaves none of the files it received.
    assert!(server.stop(), "the server stops on SIGTERM");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}
