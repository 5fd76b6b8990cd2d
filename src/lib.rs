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

use check::{check_batch, Plan};
use config::Config;
use findings::{Code, Failure, Field, Finding, Kind, Note, Place, Run, Source};
use ids::{IdKind, Severity};
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
    let mut keys = Vec::new();
    let mut ctx = Ctx { config, progress };
    for path in &config.inputs {
        let display = path.display().to_string();
        if path.is_dir() {
            match input::list_dir(path) {
                Ok(files) => {
                    for f in files {
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
    duplicates(keys, &mut run);
    run.finish();
    run
}

/// An identifier seen on a row, for finding duplicates.
use check::DupKey as Key;

/// How many other rows a duplicate's message names.
const DUPLICATE_PLACES: usize = 5;

/// Every row whose identifier appears on another row (of any input) gets
/// a `FIELD.duplicate` naming the others.
fn duplicates(keys: Vec<Key>, run: &mut Run) {
    let place = |k: &Key| Place {
        source: k.source as usize,
        row: k.row,
    };
    // Keys arrive in (source, row) order, so ordering 16-byte (hash,
    // index) pairs orders each group by place as well: no tie is left to
    // chance, and the 56-byte keys are not moved. Keys are compared only
    // where hashes are equal, so a collision never merges two values.
    let order = by_hash(&keys, |k| k.hash);
    let mut groups: Vec<Vec<Key>> = Vec::new();
    for same_hash in order.chunk_by(|a, b| a.0 == b.0) {
        if same_hash.len() < 2 {
            continue;
        }
        let mut v: Vec<Key> = same_hash.iter().map(|&(_, i)| keys[i as usize]).collect();
        // Stable: within a value, places keep their order.
        v.sort_by_key(|k| (k.field, k.key));
        for g in v.chunk_by(|a, b| (a.field, a.key) == (b.field, b.key)) {
            if g.len() > 1 {
                groups.push(g.to_vec());
            }
        }
    }
    for group in &groups {
        let places: Vec<Place> = group.iter().map(place).collect();
        for (i, k) in group.iter().enumerate() {
            let others: Vec<Place> = places
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, p)| *p)
                .take(DUPLICATE_PLACES)
                .collect();
            let source = k.source as usize;
            let column = run.sources[source].column_of(k.field);
            run.findings.push(Finding {
                source,
                row: k.row,
                field: k.field,
                column,
                value: Some(k.key.to_string()),
                severity: Severity::Error,
                code: Code {
                    field: k.field,
                    kind: Kind::Duplicate,
                },
                note: Note::Duplicate {
                    others,
                    total: group.len(),
                },
                suggestion: None,
            });
        }
    }
}

/// (hash, index) of every key, ordered by hash then index. One pass
/// scatters the pairs into buckets by the hash's top bits (about 16 keys
/// a bucket), then each small bucket is sorted: a tenth of the
/// instructions of sorting them all, for the two million keys of a
/// million rows. Equal hashes share a bucket, so the order is total.
fn by_hash<T>(keys: &[T], hash_of: impl Fn(&T) -> u64) -> Vec<(u64, u32)> {
    let bits = (usize::BITS - keys.len().leading_zeros())
        .saturating_sub(4)
        .clamp(1, 20);
    let bucket = |hash: u64| (hash >> (64 - bits)) as usize;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for k in keys {
        starts[bucket(hash_of(k)) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut order = vec![(0u64, 0u32); keys.len()];
    for (i, k) in keys.iter().enumerate() {
        let hash = hash_of(k);
        let slot = &mut next[bucket(hash)];
        order[*slot] = (hash, i as u32);
        *slot += 1;
    }
    for w in starts.windows(2) {
        order[w[0]..w[1]].sort_unstable();
    }
    order
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

fn check_file(path: &Path, display: &str, ctx: &mut Ctx, run: &mut Run, keys: &mut Vec<Key>) {
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
    keys: &mut Vec<Key>,
) -> Result<Checked, InputError> {
    let config = ctx.config;
    let mut records: Vec<Record> = Vec::new();
    let n = table.rows.next_batch(&mut records)?;
    let prefix = &records[..n];
    let Some(layout) = columns::detect(prefix, &config.overrides) else {
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
    if let Some(h) = header.filter(|h| h.extra_cells > 0) {
        // A header past Excel's last column: line breaks were lost.
        run.findings.push(Finding {
            source,
            row: header_row,
            field: Field::Row,
            column: None,
            value: None,
            severity: Severity::Warning,
            code: Code {
                field: Field::Row,
                kind: Kind::Ragged,
            },
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
                code: Code {
                    field,
                    kind: Kind::DuplicateColumn,
                },
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
        ids: layout
            .map
            .pairs()
            .iter()
            .filter_map(|&(f, c)| f.id_kind().map(|k| (f, c, k)))
            .filter(|&(_, _, k)| k != IdKind::Rfc)
            .collect(),
        ctx: config.ctx,
        header_cells: header
            .filter(|_| table.sheet.is_none())
            .map(Record::used_len),
        table_width: table.sheet.is_some().then_some(layout.headers.len()),
        nuss_zeros_lost: layout.nuss_twelve_share > 0.5,
        person: person_columns(&layout.map, &prefix[layout.data_start.min(n)..]),
    };
    let mut results: Vec<check::Chunk> = Vec::new();
    let mut batch = &records[layout.data_start.min(n)..n];
    let outcome = loop {
        check_batch(batch, &plan, &mut results);
        take_results(batch.len() as u64, &mut results, source, ctx, run, keys);
        // Text cut into blocks is parsed beside the checks.
        loop {
            let blocks = table.rows.blocks(BLOCKS_AT_ONCE);
            if blocks.is_empty() {
                break;
            }
            match check::check_blocks(&blocks, &plan, &mut results) {
                Ok(read) => take_results(read, &mut results, source, ctx, run, keys),
                Err(e) => return Err(e),
            }
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

/// Blocks of delimited text parsed and checked at a time.
const BLOCKS_AT_ONCE: usize = 8;

/// Adds what the checks of `read` records gave to the run.
fn take_results(
    read: u64,
    results: &mut Vec<check::Chunk>,
    source: usize,
    ctx: &mut Ctx,
    run: &mut Run,
    keys: &mut Vec<Key>,
) {
    (ctx.progress)(Progress::Rows(read));
    for mut c in results.drain(..) {
        run.summary.add_rows(&c.summary);
        run.sources[source].rows += c.summary.rows;
        run.findings.append(&mut c.findings);
        keys.append(&mut c.keys);
    }
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
        let mut table = tables
            .into_iter()
            .find(|t| t.sheet == source.sheet)
            .ok_or_else(|| InputError::NoSuchSheet(sheet.unwrap_or_default()))?;
        let width = source.sheet.is_some().then_some(source.headers.len());
        let mut records = Vec::new();
        loop {
            let n = table.rows.next_batch(&mut records)?;
            if n == 0 {
                return Ok(());
            }
            (self.progress)(Progress::Rows(n as u64));
            for rec in &records[..n] {
                if rec.row >= source.first_data_row && check::is_student(rec, width) {
                    each(rec);
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Bucketing then sorting each bucket orders the pairs exactly as
        /// sorting them all does, equal hashes included.
        #[test]
        fn by_hash_is_a_sort(
            hashes in prop::collection::vec(
                prop_oneof![any::<u64>(), 0u64..4, Just(u64::MAX)],
                0..3000,
            )
        ) {
            let mut sorted: Vec<(u64, u32)> =
                hashes.iter().enumerate().map(|(i, &h)| (h, i as u32)).collect();
            sorted.sort_unstable();
            prop_assert_eq!(super::by_hash(&hashes, |&h| h), sorted);
        }
    }
}
