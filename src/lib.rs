//! roster-check: audits student rosters (CURP, IMSS NSS, Spanish NUSS)
//! before they go to the social-security authorities.
//!
//! The pipeline, left to right, one module per stage:
//! `input` (csv, calamine) → `columns` (headers → fields) → `check` (ids and
//! cross-field rules, rayon) → `findings` → `report` (xlsx, json, terminal).
//! `cli` and `config` sit in front; `i18n` holds every user-facing string.

pub mod check;
pub mod cli;
pub mod columns;
pub mod config;
pub mod findings;
pub mod i18n;
pub mod ids;
pub mod input;
pub mod report;

use std::path::Path;

use check::{check_batch, Plan, RowResult};
use columns::ColumnMap;
use config::Config;
use findings::{Code, Failure, Field, Finding, Kind, Note, Run, Source};
use ids::{IdKind, Severity};
use input::{InputError, Record, Table};

/// Records read and checked at a time: large enough to keep both cores
/// busy, small enough to keep memory flat.
const BATCH: usize = 8 * 1024;

/// Reads and checks every input. Inputs that cannot be read are recorded
/// in `Run::failures`; the others are checked all the same.
pub fn run_check(config: &Config) -> Run {
    let mut run = Run::default();
    for path in &config.inputs {
        let display = path.display().to_string();
        if path.is_dir() {
            match input::list_dir(path) {
                Ok(files) => {
                    for f in files {
                        let shown = f.display().to_string();
                        check_file(&f, &shown, config, &mut run);
                    }
                }
                Err(error) => run.failures.push(Failure {
                    file: display,
                    error,
                }),
            }
        } else {
            check_file(path, &display, config, &mut run);
        }
    }
    run.finish();
    run
}

fn check_file(path: &Path, display: &str, config: &Config, run: &mut Run) {
    let tables = match input::open(path, &config.read) {
        Ok(t) => t,
        Err(error) => {
            run.failures.push(Failure {
                file: display.to_string(),
                error,
            });
            return;
        }
    };
    let is_book = tables.first().is_some_and(|t| t.sheet.is_some());
    let mut checked = 0;
    let mut last_headers = Vec::new();
    for table in tables {
        let map = ColumnMap::new(&table.headers, &config.overrides);
        if !map.has_identifier() {
            if let Some(sheet) = &table.sheet {
                run.skipped.push((display.to_string(), sheet.clone()));
            }
            last_headers = table.headers;
            continue;
        }
        checked += 1;
        if let Err(error) = check_table(table, &map, display, config, run) {
            run.failures.push(Failure {
                file: display.to_string(),
                error,
            });
        }
    }
    if checked == 0 {
        let error = if is_book {
            InputError::NoRosterSheet
        } else if last_headers.is_empty() {
            InputError::Empty
        } else {
            InputError::NoIdentifierColumn {
                headers: last_headers,
            }
        };
        run.failures.push(Failure {
            file: display.to_string(),
            error,
        });
    }
}

/// Checks one table, streaming its rows in batches. A read error midway
/// keeps every row read before it.
fn check_table(
    mut table: Table,
    map: &ColumnMap,
    display: &str,
    config: &Config,
    run: &mut Run,
) -> Result<(), InputError> {
    let source = run.sources.len();
    run.sources.push(Source {
        file: display.to_string(),
        sheet: table.sheet.clone(),
        encoding: table.encoding.clone(),
        header_row: Some(table.header_row),
        rows: 0,
        headers: table.headers.clone(),
        columns: map.pairs().to_vec(),
    });
    for field in map.required() {
        if map.get(field).is_none() {
            run.findings.push(missing_column(
                source,
                table.header_row,
                field,
                &table.headers,
            ));
        }
    }
    let plan = Plan {
        source,
        ids: map
            .pairs()
            .iter()
            .filter_map(|&(f, c)| f.id_kind().map(|k| (f, c, k)))
            .filter(|&(_, _, k)| k != IdKind::Rfc)
            .collect(),
        ctx: config.ctx,
    };
    let mut records: Vec<Record> = Vec::new();
    let mut results: Vec<RowResult> = Vec::new();
    loop {
        let n = table.rows.next_batch(&mut records, BATCH)?;
        if n == 0 {
            break;
        }
        check_batch(&records[..n], &plan, &mut results);
        for r in results.drain(..) {
            // Blank rows (empty lines, formatted but empty cells) hold no
            // student: they are neither checked nor counted.
            if r.blank {
                continue;
            }
            run.summary.count_row(r.worst());
            run.sources[source].rows += 1;
            run.findings.extend(r.findings);
        }
    }
    Ok(())
}

fn missing_column(source: usize, header_row: u64, field: Field, headers: &[String]) -> Finding {
    Finding {
        source,
        row: header_row,
        field,
        column: None,
        value: None,
        severity: Severity::Error,
        code: Code {
            field,
            kind: Kind::MissingColumn,
        },
        note: Note::MissingColumn {
            headers: headers.to_vec(),
        },
        suggestion: None,
    }
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
