//! Stage 3, checks, a file at a time: a file's tables are opened, each
//! table's header and columns found (`columns`) and a plan made, then its
//! rows are checked batch by batch; the findings, sources and duplicate
//! keys go into the run.

use std::path::Path;

use crate::check::{self, check_batch, Plan};
use crate::columns;
use crate::config::Config;
use crate::duplicates;
use crate::findings::{Code, Failure, Field, Finding, Kind, Note, Run, Source};
use crate::ids::Severity;
use crate::input::{self, InputError, Record, Table};
use crate::progress::Progress;

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
pub(crate) struct Ctx<'a, 'p> {
    pub config: &'a Config,
    pub progress: &'p mut dyn FnMut(Progress),
}

/// Checks every table of one file: a file with no roster table is a
/// failure saying what it holds instead.
pub(crate) fn check_file(
    path: &Path,
    display: &str,
    ctx: &mut Ctx,
    run: &mut Run,
    keys: &mut duplicates::Keys,
) {
    let config = ctx.config;
    (ctx.progress)(Progress::File(display));
    let source = SourceFile { path, display };
    // The report reads the file again: what it holds now is recorded to
    // tell it is still the same then. (A file that cannot be looked at
    // fails to open below, and says why.) A pipe or device is read once
    // into a private copy (`input::open`), which nothing else can change.
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if config.output.is_some() && regular {
        if let Ok(stamp) = input::Stamp::take(path) {
            run.stamps.insert(path.to_path_buf(), stamp);
        }
    }
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
        delimiter: table.delimiter,
        disguised: table.disguised,
        header_row: header.map(|h| h.row),
        rows: 0,
        headers: layout.headers.clone(),
        columns: layout.map.pairs().to_vec(),
    });
    let header_row = header.map_or(1, |h| h.row);
    let above = &prefix[..layout.data_start.min(n)];
    for r in above.iter().filter(|r| r.too_long) {
        run.findings.push(check::too_long(source, r.row));
    }
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
        names: config
            .names
            .then(|| run.sources[source].name_columns())
            .filter(|n| !n.is_empty()),
    };
    let mut blanks = check::Blanks::after(header.map(|h| h.row));
    let mut results: Vec<check::Chunk> = Vec::new();
    let mut batch = &records[layout.data_start.min(n)..n];
    // The last row read, as a person sees it (`None` once text blocks,
    // which do not say, were read): a read error midway names the row
    // the damage starts at.
    let mut last_read = prefix.last().map(|r| r.row);
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
            |read, chunk| {
                last_read = chunk.last_row;
                take_results(read, [chunk], (source, &mut blanks), ctx, run, keys)
            },
        );
        if let Err(e) = streamed {
            break Err(e);
        }
        match table.rows.next_batch(&mut records) {
            Ok(0) => break Ok(Checked::Roster),
            Ok(n) => {
                batch = &records[..n];
                last_read = batch.last().map(|r| r.row).or(last_read);
            }
            Err(e) => break Err(e),
        }
    };
    // Rows were read and checked before the error: the file is damaged
    // from the next one on, and the report shows those before.
    let outcome = outcome.map_err(|error| InputError::DamagedFrom {
        sheet: table.sheet.clone(),
        row: last_read.map(|r| r + 1),
        error: Box::new(error),
    });
    run.sources[source].encoding = table.rows.encoding();
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
        let mut batch = Vec::new();
        blanks.take(&mut c, source, &mut batch, &mut run.summary);
        run.summary.add_rows(&c.summary);
        run.sources[source].rows += c.summary.rows;
        batch.append(&mut c.findings);
        run.findings.push_rows(batch);
        keys.append(&mut c.keys);
        if let Some(names) = &mut run.names {
            names.push(
                source,
                std::mem::take(&mut c.names),
                std::mem::take(&mut c.spare_names),
            );
        }
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
