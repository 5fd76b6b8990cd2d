//! Shared by the reading targets: the bytes become a file with the given
//! extension, roster-check reads and checks it as `check --no-report`
//! would, and everything a user would see is rendered. Any panic, on the
//! main thread or the reader's, aborts the fuzzer.

use std::path::PathBuf;

use roster_check::config::Config;
use roster_check::i18n::Lang;
use roster_check::ids::{Context, Date};
use roster_check::input::ReadOptions;
use roster_check::report::{json, terminal};

pub fn check_bytes(data: &[u8], ext: &str) {
    // One file per process and extension, rewritten for every input.
    let dir = std::env::temp_dir().join(format!("roster-check-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path: PathBuf = dir.join(format!("input.{ext}"));
    std::fs::write(&path, data).expect("temp file");
    let config = Config {
        inputs: vec![path],
        output: None,
        json: None,
        lang: Lang::Es,
        overrides: Vec::new(),
        read: ReadOptions::default(),
        fail_on: None,
        ctx: Context::new(Date::new(2026, 11, 23).unwrap()),
        quiet: true,
        threads: None,
    };
    let run = roster_check::run_check(&config, &mut |_| {});
    let rows: u64 = run.sources.iter().map(|s| s.rows).sum();
    assert_eq!(rows, run.summary.rows, "rows read and rows counted differ");
    for lang in [Lang::Es, Lang::En] {
        let mut out = Vec::new();
        json::write(&run, lang, &mut out).expect("json");
        let _ = terminal::summary(&run, lang, None);
        for f in &run.failures {
            let _ = roster_check::i18n::input_error(lang, &f.error);
        }
    }
}
