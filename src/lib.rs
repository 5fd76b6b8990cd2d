//! roster-check: audits student rosters (CURP, IMSS NSS, Spanish NUSS)
//! before they go to the social-security authorities.
//!
//! The pipeline, left to right, one module per stage:
//! `input` (csv, calamine) → `columns` (headers → fields) → `check` (ids and
//! cross-field rules, rayon) → `duplicates` (identifiers on several rows)
//! → `findings` → `report` (xlsx, json, terminal).
//! `cli` and `config` sit in front; `i18n` holds every user-facing string.

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

use config::Config;
use findings::{Failure, Run, Source};
use ids::Severity;
use input::{InputError, Record};

pub use progress::Progress;

/// Reads and checks every input. Inputs that cannot be read are recorded
/// in `Run::failures`; the others are checked all the same.
pub fn run_check(config: &Config, progress: &mut dyn FnMut(Progress)) -> Run {
    let mut run = Run::default();
    let mut keys = duplicates::Keys::default();
    let mut ctx = check::table::Ctx { config, progress };
    for path in &config.inputs {
        let display = path.display().to_string();
        if path.is_dir() {
            match input::list_dir(path) {
                Ok(files) => {
                    for f in files {
                        let shown = f.display().to_string();
                        check::table::check_file(&f, &shown, &mut ctx, &mut run, &mut keys);
                    }
                }
                Err(error) => run.failures.push(Failure {
                    file: display,
                    error,
                }),
            }
        } else {
            check::table::check_file(path, &display, &mut ctx, &mut run, &mut keys);
        }
    }
    duplicates::find(keys, &mut run);
    run.finish();
    run
}

/// Reads inputs again for the report's Padrón: the same tables, the same
/// rows the check counted.
pub struct Reread<'a, 'p> {
    pub config: &'a Config,
    pub progress: &'p mut dyn FnMut(Progress),
}

impl report::xlsx::Replay for Reread<'_, '_> {
    fn replay(&mut self, source: &Source, each: &mut dyn FnMut(&Record)) -> Result<(), InputError> {
        let tables = input::open(&source.path, &self.config.read)?;
        let sheet = source.sheet.clone();
        let table = tables
            .into_iter()
            .find(|t| t.sheet == source.sheet)
            .ok_or_else(|| InputError::NoSuchSheet(sheet.unwrap_or_default()))?;
        let width = source.sheet.is_some().then_some(source.headers.len());
        // Parsed ahead while the report writes the rows before.
        let mut rows = table.read_ahead().rows;
        let mut records = Vec::new();
        loop {
            let n = rows.next_batch(&mut records)?;
            if n == 0 {
                return Ok(());
            }
            (self.progress)(Progress::Rows(n as u64));
            for rec in &records[..n] {
                if rec.row >= source.first_data_row && check::is_filled(rec, width) {
                    each(rec);
                }
            }
        }
    }
}

/// The first `--col` that names no column in any roster table the run
/// read, as the usage error that lists those tables' headers. A `--col`
/// may fit some tables and not others (a folder of exports that name a
/// column differently): it is an error only when it fits none. With no
/// roster table at all, the inputs' own errors say what was found.
pub fn unmatched_column(config: &Config, run: &Run) -> Option<config::UsageError> {
    let o = config
        .overrides
        .iter()
        .find(|o| !run.sources.iter().any(|s| o.find(&s.headers).is_some()))
        .filter(|_| !run.sources.is_empty())?;
    Some(config::UsageError::UnmatchedColumn {
        field: o.field,
        header: o.header.clone(),
        tables: run
            .sources
            .iter()
            .map(|s| config::TableHeaders {
                file: s.file.clone(),
                sheet: s.sheet.clone(),
                headers: s.headers.clone(),
            })
            .collect(),
    })
}

/// The exit code of a check run: 2 when an input could not be read or an
/// output could not be written, else 1 when a finding reaches `fail_on`.
pub fn exit_code(run: &Run, fail_on: Option<Severity>, output_failed: bool) -> i32 {
    if output_failed || !run.failures.is_empty() {
        2
    } else if fail_on.is_some_and(|level| run.worst().is_some_and(|w| w >= level)) {
        1
    } else {
        0
    }
}
