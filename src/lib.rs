//! roster-check: audits student rosters (CURP, IMSS NSS, Spanish NUSS)
//! before they go to the social-security authorities.
//!
//! The pipeline, left to right, one module per stage:
//! `input` (csv, calamine) → `columns` (headers → fields) → `check` (ids and
//! cross-field rules, rayon) → `duplicates` (identifiers on several rows)
//! → `findings` → `report` (xlsx, json, terminal).
//! `cli` and `config` sit in front; `i18n` holds every user-facing string.
//! `run_check` here walks the inputs into a `Run`; `report::write_all`
//! writes every output a run's `Config` asks for. `lang` and `progress`
//! are plain values any stage may name. Dependencies point one way
//! (tests/layers.rs).

pub mod check;
pub mod cli;
pub mod columns;
pub mod config;
pub mod duplicates;
pub mod findings;
pub mod i18n;
pub mod ids;
pub mod input;
pub mod lang;
pub mod progress;
pub mod report;
pub mod serve;
pub mod spill;

use config::Config;
use findings::{Failure, Run};

pub use progress::Progress;

/// Reads and checks every input. Inputs that cannot be read are recorded
/// in `Run::failures`; the others are checked all the same. A file is
/// read once however often it is named (twice, through a link, or on
/// its own and in its folder): its rows are not each other's duplicates.
pub fn run_check(config: &Config, progress: &mut dyn FnMut(Progress)) -> Run {
    run_check_as(config, &|p| p.display().to_string(), progress)
}

/// `run_check`, each file named in findings, messages and the report by
/// `shown` rather than by its path: the local page (`serve`) keeps
/// uploads in a private folder, and they are named by the name they were
/// uploaded under, never by that folder.
pub fn run_check_as(
    config: &Config,
    shown: &dyn Fn(&std::path::Path) -> String,
    progress: &mut dyn FnMut(Progress),
) -> Run {
    let mut run = Run {
        names: config.names.then(findings::Names::new),
        ..Run::default()
    };
    let mut keys = duplicates::Keys::default();
    // Folders are listed first: the files' total size lets progress show
    // a percentage and the time left (none when a pipe is among them).
    let mut todo = Vec::new();
    for path in &config.inputs {
        let display = shown(path);
        if path.is_dir() {
            match input::list_dir(path) {
                Ok(listing) => {
                    todo.extend(listing.failed.into_iter().map(|(f, error)| {
                        Err(Failure {
                            file: shown(&f),
                            error,
                        })
                    }));
                    todo.extend(listing.files.into_iter().map(|f| Ok((shown(&f), f))));
                }
                Err(error) => todo.push(Err(Failure {
                    file: display,
                    error,
                })),
            }
        } else {
            todo.push(Ok((display, path.clone())));
        }
    }
    let size: Option<u64> = todo
        .iter()
        .filter_map(|t| t.as_ref().ok())
        .map(|(_, f)| {
            std::fs::metadata(f)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len())
        })
        .sum();
    if let Some(bytes) = size.filter(|&b| b > 0) {
        progress(Progress::Expect(progress::Amount::Bytes(bytes)));
    }
    // The run's own count when it keeps one (a run among others at
    // once), else the process's since the run began.
    let start = input::bytes_read();
    let read = || match &config.read.counted {
        Some(counted) => counted.get(),
        None => input::bytes_read().saturating_sub(start),
    };
    let mut progress = |e: Progress| {
        progress(e);
        if let Progress::Rows(_) = e {
            progress(Progress::BytesRead(read()));
        }
    };
    let mut ctx = check::table::Ctx {
        config,
        progress: &mut progress,
    };
    let mut seen = std::collections::HashSet::new();
    let mut first_time =
        |p: &std::path::Path| input::FileId::of(p).is_none_or(|id| seen.insert(id));
    for item in todo {
        match item {
            Err(failure) => run.failures.push(failure),
            Ok((shown, f)) if first_time(&f) => {
                check::table::check_file(&f, &shown, &mut ctx, &mut run, &mut keys);
            }
            Ok(_) => {}
        }
    }
    progress(Progress::Gathering);
    duplicates::find(keys, &mut run);
    run.finish();
    run
}
