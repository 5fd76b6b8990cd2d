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
pub mod report;

use std::path::Path;

use check::{check_batch, Plan};
use config::Config;
use findings::{Code, Failure, Field, Finding, Kind, Note, Run, Source};
use ids::Severity;
use input::{InputError, Record, Table};

/// What a long run reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// Starting on a file.
    File(&'a str),
    /// This many more rows done.
    Rows(u64),
}

/// Reads and checks every input. Inputs that cannot be read are recorded
/// in `Run::failures`; the others are checked all the same.
pub fn run_check(config: &Config, progress: &mut dyn FnMut(Progress)) -> Run {
    let mut run = Run::default();
    let mut keys = duplicates::Keys::default();
    let mut ctx = Ctx { config, progress };
    for path in &config.inputs {
        let display = path.display().to_string();
        if path.is_dir() {
            match input::list_dir(path) {
                Ok(listing) => {
                    run.failures
                        .extend(listing.failed.into_iter().map(|(f, error)| Failure {
                            file: f.display().to_string(),
                            error,
                        }));
                    for f in listing.files {
                        let shown = f.display().to_string();
                        check_file(&f, &shown, &mut ctx, &mut run, &mut keys);
                    }
                }
                Err(error) => run.failures.push(Failure {
                    file: display,
                    error,
                }),
            }
        } else {
            check_file(path, &display, &mut ctx, &mut run, &mut keys);
        }
    }
    duplicates::find(keys, &mut run);
    run.finish();
    run
}

/// The person columns of a table, and how its sex column codes sex
/// (judged on the sampled rows).
fn person_columns(map: &columns::ColumnMap, sample: &[Record]) -> check::cross::PersonColumns {
    let sexo = map.get(Field::Sexo);
    check::cross::PersonColumns {
        paterno: map.get(Field::Paterno),
        materno: map.get(Field::Materno),
        nombre: map.get(Field::Nombre),
        nombre_completo: map.get(Field::NombreCompleto),
        nacimiento: map.get(Field::Nacimiento),
        sexo,
        sex_scheme: sexo.map_or_else(Default::default, |c| {
            check::person::sex_scheme(sample.iter().map(|r| r.get(c)))
        }),
    }
}

/// The run's settings and where progress goes.
struct Ctx<'a, 'p> {
    config: &'a Config,
    progress: &'p mut dyn FnMut(Progress),
}

fn check_file(
    path: &Path,
    display: &str,
    ctx: &mut Ctx,
    run: &mut Run,
    keys: &mut duplicates::Keys,
) {
    let config = ctx.config;
    (ctx.progress)(Progress::File(display));
    let source = SourceFile { path, display };
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
    let mut first_rows: Option<Vec<String>> = None;
    for table in tables {
        match check_table(table, &source, ctx, run, keys) {
            Ok(Checked::Roster) => checked += 1,
            Ok(Checked::NotARoster { sheet, first_row }) => {
                if let Some(sheet) = sheet {
                    run.skipped.push((display.to_string(), sheet));
                }
                first_rows.get_or_insert(first_row);
            }
            Err(error) => {
                checked += 1;
                run.failures.push(Failure {
                    file: display.to_string(),
                    error,
                });
            }
        }
    }
    if checked == 0 {
        let error = match first_rows {
            _ if is_book => InputError::NoRosterSheet,
            Some(headers) if !headers.is_empty() => InputError::NoIdentifierColumn { headers },
            _ => InputError::Empty,
        };
        run.failures.push(Failure {
            file: display.to_string(),
            error,
        });
    }
}

/// A file being checked: where it is and how the user named it.
struct SourceFile<'a> {
    path: &'a Path,
    display: &'a str,
}

/// What became of a table.
enum Checked {
    Roster,
    /// No identifier column: the sheet name and the first non-blank row
    /// (to show the user what headers were there).
    NotARoster {
        sheet: Option<String>,
        first_row: Vec<String>,
    },
}

/// Checks one table: the first batch of rows finds the header and the
/// columns, then every row below is checked, batch by batch. A read error
/// midway keeps every row read before it.
fn check_table(
    mut table: Table,
    file: &SourceFile,
    ctx: &mut Ctx,
    run: &mut Run,
    keys: &mut duplicates::Keys,
) -> Result<Checked, InputError> {
    let config = ctx.config;
    let mut records: Vec<Record> = Vec::new();
    let n = table.rows.next_batch(&mut records)?;
    let prefix = &records[..n];
    let Some(layout) = columns::detect(prefix, &config.overrides) else {
        // A line past the cap where the header would be: one long line.
        if let Some(r) = prefix.iter().find(|r| r.too_long) {
            return Err(InputError::TooLong { row: r.row });
        }
        let first_row = prefix
            .iter()
            .find(|r| !r.is_blank())
            .map(|r| r.iter().map(str::to_string).collect())
            .unwrap_or_default();
        return Ok(Checked::NotARoster {
            sheet: table.sheet,
            first_row,
        });
    };
    let header = layout.header_index.and_then(|i| prefix.get(i));
    let source = run.sources.len();
    let first_data_row = prefix
        .get(layout.data_start)
        .map_or(header.map_or(1, |h| h.row + 1), |r| r.row);
    run.sources.push(Source {
        file: file.display.to_string(),
        path: file.path.to_path_buf(),
        first_data_row,
        sheet: table.sheet.clone(),
        hidden: table.hidden,
        encoding: None,
        header_row: header.map(|h| h.row),
        rows: 0,
        headers: layout.headers.clone(),
        columns: layout.map.pairs().to_vec(),
    });
    let header_row = header.map_or(1, |h| h.row);
    let above = &prefix[..layout.data_start.min(n)];
    run.findings.extend(
        above
            .iter()
            .filter(|r| r.too_long)
            .map(|r| check::too_long(source, r.row)),
    );
    if let Some(h) = header.filter(|h| h.extra_cells > 0) {
        // A header past Excel's last column: line breaks were lost.
        run.findings.push(Finding {
            source,
            row: header_row,
            field: Field::Row,
            column: None,
            value: None,
            severity: Severity::Warning,
            code: Code::new(Field::Row, Kind::Ragged),
            note: Note::Ragged {
                cells: h.len() + h.extra_cells,
                headers: h.len(),
            },
            suggestion: None,
        });
    }
    for field in layout.map.required() {
        if layout.map.get(field).is_none() {
            run.findings
                .push(missing_column(source, header_row, field, &layout.headers));
        }
    }
    for &(field, col) in layout.map.pairs() {
        let twins = layout.map.unread_twins(field, &layout.headers);
        if !twins.is_empty() {
            let named = |i: usize| (columns::letters(i), layout.headers[i].clone());
            run.findings.push(Finding {
                source,
                row: header_row,
                field,
                column: Some(col),
                value: None,
                severity: Severity::Warning,
                code: Code::new(field, Kind::DuplicateColumn),
                note: Note::DuplicateColumn {
                    used: named(col),
                    unread: twins.into_iter().map(named).collect(),
                },
                suggestion: None,
            });
        }
    }
    let plan = Plan {
        source,
        key_base: keys.begin_source(source),
        ids: layout
            .map
            .pairs()
            .iter()
            .filter_map(|&(f, c)| f.id_kind().map(|k| (f, c, k)))
            .collect(),
        ctx: config.ctx,
        header_cells: header
            .filter(|_| table.sheet.is_none())
            .map(Record::used_len),
        table_width: table.sheet.is_some().then_some(layout.headers.len()),
        nuss_zeros_lost: layout.nuss_twelve_share > 0.5,
        person: person_columns(&layout.map, &prefix[layout.data_start.min(n)..]),
        rows: row_rules(&layout, header, prefix),
        // A table with a CURP column compares rows by their CURPs.
        print_cells: Field::NAMES
            .iter()
            .chain(&[Field::Nacimiento])
            .filter(|_| layout.map.get(Field::CURP).is_none())
            .filter_map(|&f| layout.map.get(f))
            .collect(),
    };
    let mut blanks = check::Blanks::after(header.map(|h| h.row));
    let mut results: Vec<check::Chunk> = Vec::new();
    let mut batch = &records[layout.data_start.min(n)..n];
    let outcome = loop {
        check_batch(batch, &plan, &mut results);
        take_results(
            batch.len() as u64,
            results.drain(..),
            (source, &mut blanks),
            ctx,
            run,
            keys,
        );
        // Text cut into blocks is parsed beside the checks.
        let rows = &mut table.rows;
        let streamed = check::check_stream(
            || rows.next_block(),
            &plan,
            |read, chunk| take_results(read, [chunk], (source, &mut blanks), ctx, run, keys),
        );
        if let Err(e) = streamed {
            break Err(e);
        }
        match table.rows.next_batch(&mut records) {
            Ok(0) => break Ok(Checked::Roster),
            Ok(n) => batch = &records[..n],
            Err(e) => break Err(e),
        }
    };
    run.sources[source].encoding = match (table.rows.encoding(), table.disguised) {
        (Some(e), true) => Some(i18n::say::disguised_text(config.lang, &e)),
        (None, true) => Some(i18n::say::disguised_book(config.lang)),
        (e, false) => e,
    };
    outcome
}

/// Adds what the checks of `read` records of a table (its source and
/// blank rows) gave to the run.
fn take_results(
    read: u64,
    chunks: impl IntoIterator<Item = check::Chunk>,
    (source, blanks): (usize, &mut check::Blanks),
    ctx: &mut Ctx,
    run: &mut Run,
    keys: &mut duplicates::Keys,
) {
    (ctx.progress)(Progress::Rows(read));
    for mut c in chunks {
        blanks.take(&mut c, source, &mut run.findings, &mut run.summary);
        run.summary.add_rows(&c.summary);
        run.sources[source].rows += c.summary.rows;
        run.findings.append(&mut c.findings);
        keys.append(&mut c.keys);
    }
}

/// The rules telling a table's students from its other rows: its header,
/// the rows above it, and which columns hold a person's data.
fn row_rules(
    layout: &columns::Layout,
    header: Option<&Record>,
    prefix: &[Record],
) -> check::rows::RowRules {
    let map = &layout.map;
    let columns =
        |fields: &[Field]| -> Vec<usize> { fields.iter().filter_map(|&f| map.get(f)).collect() };
    let ids: Vec<usize> = map
        .pairs()
        .iter()
        .filter(|(f, _)| f.id_kind().is_some())
        .map(|&(_, c)| c)
        .collect();
    let names = columns(&Field::NAMES);
    let others = columns(&[Field::Nacimiento, Field::Sexo]);
    let titles: Vec<&Record> = layout
        .header_index
        .map_or(&[][..], |i| &prefix[..i.min(prefix.len())])
        .iter()
        .filter(|r| !r.is_blank())
        .collect();
    let headers = header.map(|_| layout.headers.as_slice());
    check::rows::RowRules::new(headers, &titles, ids, names, &others)
}

fn missing_column(source: usize, header_row: u64, field: Field, headers: &[String]) -> Finding {
    Finding {
        source,
        row: header_row,
        field,
        column: None,
        value: None,
        severity: Severity::Error,
        code: Code::new(field, Kind::MissingColumn),
        note: Note::MissingColumn {
            headers: headers.to_vec(),
        },
        suggestion: None,
    }
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
