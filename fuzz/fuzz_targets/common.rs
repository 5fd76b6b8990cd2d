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

/// libFuzzer aborts on every panic; roster-check catches those of the
/// workbook parsers on purpose (a damaged file, not a crash). Abort only
/// on the others.
fn abort_on_uncaught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if roster_check::input::panics_are_caught() {
                // Each new place once, to list the parsers' bugs.
                static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
                let place = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                let place = place.unwrap_or_default();
                if let Ok(mut seen) = SEEN.lock() {
                    if !seen.contains(&place) {
                        // Keep the input, for a regression test.
                        let mut name = format!("caught-{}", seen.len());
                        if let Ok(current) = CURRENT.lock() {
                            name = format!("{name}.{}", current.0);
                            let _ = std::fs::create_dir_all("caught");
                            let _ = std::fs::write(format!("caught/{name}"), &current.1);
                        }
                        eprintln!("CAUGHT PANIC {name} (reported as a damaged file): {info}");
                        seen.push(place);
                    }
                }
                return;
            }
            default(info);
            std::process::abort();
        }));
    });
}

/// The input being checked, kept for the panic hook.
static CURRENT: std::sync::Mutex<(String, Vec<u8>)> =
    std::sync::Mutex::new((String::new(), Vec::new()));

pub fn check_bytes(data: &[u8], ext: &str) {
    abort_on_uncaught_panics();
    if let Ok(mut current) = CURRENT.lock() {
        current.0 = ext.to_string();
        current.1.clear();
        current.1.extend_from_slice(data);
    }
    // One file per process and extension, rewritten for every input.
    let dir = std::env::temp_dir().join(format!("roster-check-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path: PathBuf = dir.join(format!("input.{ext}"));
    std::fs::write(&path, data).expect("temp file");
    let config = Config {
        inputs: vec![path],
        output: None,
        json: None,
        lang: Lang::ES,
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
    for lang in Lang::ALL {
        let mut out = Vec::new();
        json::write(&run, lang, &mut out).expect("json");
        let _ = terminal::summary(&run, lang, None);
        for f in &run.failures {
            let _ = roster_check::i18n::input_error(lang, &f.error);
        }
    }
}
