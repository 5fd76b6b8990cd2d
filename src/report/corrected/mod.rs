//! Stage 5, the corrected roster (`--corrected FILE`): a finished `Run`
//! and its inputs read again go in; one file per table comes out (`.xlsx`
//! or `.csv`), the roster as read with every correction the rules prove
//! applied (`findings::RowFixes`, the Padrón's one definition), then
//! *Estado* and *Revisar* (what still needs a person). Streamed: the rows
//! are read again from the input and merged with the table's sorted
//! findings, as the Padrón is, so memory does not grow with the rows.
//!
//! Which rows: those the Padrón shows. Students, with their corrections;
//! rows that are not students but hold something (a repeated header, a
//! total, a heading) copied as they were, *Estado* `Omitida` and the reason
//! in *Revisar*, so that nothing of the file is lost and a filter on
//! *Estado* leaves the students. Blank rows and the titles above the
//! header row are left out: the header row is the file's first.
//!
//! Written atomically and all or nothing: every table's file is filled
//! in a temporary file first, and put in place only once all are.

mod csv;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::XlsxError;

use super::xlsx::{self, Replay};
use crate::config::{Corrected, CorrectedFormat};
use crate::findings::{Field, Finding, Kind, Place, RowFixes, RowState, Run, Severity, Source};
use crate::i18n::{self, field_name, label, Lang};
use crate::input::{InputError, Record, Stored};

/// Why the corrected roster could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CorrectedError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Xlsx(#[from] XlsxError),
    #[error("{file}: {error}")]
    Input { file: String, error: InputError },
    /// A character of the row at `place` that the encoding cannot hold.
    #[error("{place:?}: {ch:?} cannot be encoded")]
    Unencodable { place: Place, ch: char },
}

impl CorrectedError {
    /// The operating system's reason, when the error came from it.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            CorrectedError::Io(e) | CorrectedError::Xlsx(XlsxError::IoError(e)) => Some(e.kind()),
            CorrectedError::Xlsx(XlsxError::ZipError(zip::result::ZipError::Io(e))) => {
                Some(e.kind())
            }
            _ => None,
        }
    }
}

/// A cell of the corrected roster.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell<'a> {
    pub text: &'a str,
    pub stored: Stored,
    /// An identifier column's cell: written as text, always.
    pub id: bool,
}

/// One row of the corrected roster, as every format draws it.
#[derive(Debug)]
pub(super) struct Line<'a> {
    /// Where the row is in its input (for an error naming it).
    pub place: Place,
    /// The table's columns, in order, corrections applied.
    pub cells: &'a [Cell<'a>],
    /// *Estado*, and the severity that colours it.
    pub status: &'a str,
    pub worst: Option<Severity>,
    /// *Revisar*.
    pub review: &'a str,
    /// Cells past the header's width (a ragged row of delimited text):
    /// kept, after *Revisar*.
    pub extra: &'a [Cell<'a>],
}

/// A format's writer of one table.
pub(super) trait Sink {
    fn line(&mut self, line: &Line) -> Result<(), CorrectedError>;

    /// A batch of consecutive rows, each with its findings: drawn
    /// (`Table::line`) and written one after the other, unless the
    /// format does better.
    fn batch(
        &mut self,
        table: &Table,
        rows: &[&Record],
        found: &[Vec<Cow<Finding>>],
    ) -> Result<(), CorrectedError> {
        let mut spare = Vec::new();
        for (rec, found) in rows.iter().zip(found) {
            table.line(rec, found, &mut spare, |line| self.line(line))?;
        }
        Ok(())
    }
}

/// Where the corrected file of each table goes: `FILE` itself for one
/// table; with several, `FILE`'s stem, `-`, the table's name (its sheet,
/// or its file's stem), each made unique.
pub(super) fn table_paths(run: &Run, corrected: &Path, lang: Lang) -> Vec<PathBuf> {
    if run.sources.len() <= 1 {
        return vec![corrected.to_path_buf(); run.sources.len()];
    }
    let stem = |file: &str| {
        Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let name = |s: &Source| match &s.sheet {
        Some(sheet) => sheet.clone(),
        None => stem(&s.file),
    };
    let names: Vec<String> = run.sources.iter().map(name).collect();
    // A name two tables share (Hoja1 of two workbooks) takes its file's
    // stem in front; what is still shared, a number behind.
    let mut names: Vec<String> = run
        .sources
        .iter()
        .zip(&names)
        .map(|(s, n)| {
            let shared = names.iter().filter(|m| sanitize(m) == sanitize(n)).count() > 1;
            let n = match (&s.sheet, shared) {
                (Some(sheet), true) => format!("{}-{sheet}", stem(&s.file)),
                _ => n.clone(),
            };
            let n = sanitize(&n);
            if n.is_empty() {
                label::table_fallback(lang).to_string()
            } else {
                n
            }
        })
        .collect();
    for i in 0..names.len() {
        let mut k = 2;
        let base = names[i].clone();
        while names[..i]
            .iter()
            .any(|m| m.to_lowercase() == names[i].to_lowercase())
        {
            names[i] = format!("{base}-{k}");
            k += 1;
        }
    }
    let base = corrected
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_default();
    let ext = corrected.extension().map(|e| e.to_os_string());
    names
        .into_iter()
        .map(|n| {
            let mut file = base.clone();
            file.push("-");
            file.push(n);
            if let Some(ext) = &ext {
                file.push(".");
                file.push(ext);
            }
            corrected.with_file_name(file)
        })
        .collect()
}

/// A table's name as part of a file name: letters, digits, `-`, `_` and
/// `.` kept, anything else (spaces, slashes, quotes, control characters)
/// one `_`, at most 60 characters, no dot or `_` at either end.
fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '-' | '.');
        if keep {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out: String = out.trim_matches(['_', '.']).chars().take(60).collect();
    out.trim_end_matches(['_', '.']).to_string()
}

/// Writes the corrected roster of every table of `run` to `paths` (from
/// [`table_paths`]): each filled in a temporary file, all put in place
/// once every one is complete; on an error none is.
pub(super) fn write(
    run: &Run,
    lang: Lang,
    corrected: &Corrected,
    paths: &[PathBuf],
    replay: &mut dyn Replay,
) -> Result<(), CorrectedError> {
    let mut filled = Vec::with_capacity(paths.len());
    for (si, (source, path)) in run.sources.iter().zip(paths).enumerate() {
        let table = Table::new(run, si, source, lang);
        let f = super::filled(path, |file| match corrected.format {
            CorrectedFormat::Csv => {
                let delimiter = delimiter(source, lang);
                let header = Place {
                    source: si,
                    row: source.header_row.unwrap_or(1),
                };
                let mut sink =
                    csv::CsvSink::new(file, delimiter, corrected.encoding, &table.headers, header)?;
                table.write(run, replay, &mut sink)?;
                sink.finish()
            }
            CorrectedFormat::Xlsx => {
                let page = xlsx::print::Page::new(xlsx::print::paper_for(run, lang), lang);
                let mut book = xlsx::corrected::Book::new(
                    &table.sheet,
                    &table.headers,
                    &table.id_columns,
                    page,
                )?;
                table.write(run, replay, &mut book)?;
                book.save(file)
            }
        })?;
        filled.push(f);
    }
    for f in filled {
        f.commit()?;
    }
    Ok(())
}

/// The delimiter of a table's corrected CSV: its input's, or for a
/// workbook's sheet the one the country's spreadsheets use, `;` in Spain
/// (where the comma is the decimal mark) and `,` in Mexico; in English,
/// the table's identifiers tell the country (`Source::is_spanish`).
pub(super) fn delimiter(source: &Source, lang: Lang) -> u8 {
    let spain = match lang {
        Lang::Es(crate::lang::Region::Spain) => true,
        Lang::Es(crate::lang::Region::Mexico) => false,
        _ => source.is_spanish(),
    };
    match source.delimiter {
        Some(d) => d,
        None if spain => b';',
        None => b',',
    }
}

/// What writing one table needs, decided once.
pub(super) struct Table<'r> {
    si: usize,
    source: &'r Source,
    /// Every table's source (a message may name another's row).
    sources: &'r [Source],
    lang: Lang,
    /// The header's width: the table's columns.
    width: usize,
    /// Every header: the table's, then *Estado* and *Revisar*.
    headers: Vec<String>,
    /// Which of the table's columns hold an identifier, and its field.
    /// The identifier each column holds, if any, by column.
    fields: Vec<Option<Field>>,
    /// The columns holding an identifier, in order.
    id_columns: Vec<usize>,
    /// The sheet's name in a corrected workbook.
    sheet: String,
}

impl<'r> Table<'r> {
    fn new(run: &'r Run, si: usize, source: &'r Source, lang: Lang) -> Table<'r> {
        let ids: Vec<_> = source
            .columns
            .iter()
            .copied()
            .filter(|(f, _)| f.id_kind().is_some())
            .collect();
        let width = source.headers.len().min(xlsx::MAX_COLUMNS - 2);
        let mut headers = source.headers[..width].to_vec();
        headers.push(label::status_header(lang).to_string());
        headers.push(label::review_header(lang).to_string());
        let sheet = match &source.sheet {
            Some(s) => s.clone(),
            None if run.sources.len() == 1 => label::sheet_roster(lang).to_string(),
            None => Path::new(&source.file)
                .file_stem()
                .map_or_else(|| source.file.clone(), |s| s.to_string_lossy().into_owned()),
        };
        let mut fields = Vec::new();
        for &(field, c) in &ids {
            if fields.len() <= c {
                fields.resize(c + 1, None);
            }
            fields[c].get_or_insert(field);
        }
        Table {
            si,
            source,
            sources: &run.sources,
            lang,
            width,
            headers,
            id_columns: fields
                .iter()
                .enumerate()
                .filter_map(|(c, f)| f.map(|_| c))
                .collect(),
            fields,
            sheet,
        }
    }

    /// Reads the table again and hands its rows, corrected, to `sink`, a
    /// batch at a time, each row with its findings.
    fn write(
        &self,
        run: &Run,
        replay: &mut dyn Replay,
        sink: &mut dyn Sink,
    ) -> Result<(), CorrectedError> {
        let mut rows = run.findings.rows_of(self.si);
        let mut failed: Option<CorrectedError> = None;
        // The findings of each row of the batch (most rows have none: an
        // empty vector, which allocates nothing).
        let mut found: Vec<Vec<Cow<Finding>>> = Vec::new();
        replay
            .replay_batches(self.source, &mut |batch| {
                if failed.is_some() {
                    return;
                }
                found.clear();
                for rec in batch {
                    match rows.take(rec.row) {
                        Ok(f) => found.push(f.to_vec()),
                        Err(e) => {
                            failed = Some(e.into());
                            return;
                        }
                    }
                }
                if let Err(e) = sink.batch(self, batch, &found) {
                    failed = Some(e);
                }
            })
            .map_err(|error| CorrectedError::Input {
                file: self.source.file.clone(),
                error,
            })?;
        match failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Draws one row of the corrected roster from its record and its
    /// findings, and hands it to `draw`. `spare` is the cells' buffer,
    /// kept between rows (a row's cells borrow its record, so it is
    /// handed back empty: `recycled`).
    pub(super) fn line<R>(
        &self,
        rec: &Record,
        found: &[Cow<Finding>],
        spare: &mut Vec<Cell<'static>>,
        draw: impl FnOnce(&Line) -> R,
    ) -> R {
        let fixes = RowFixes::of(found.iter().map(|f| f.as_ref()));
        let state = RowState::of(found.iter().map(|f| f.as_ref()));
        let skipped = state.skipped;
        let mut cells = recycled(std::mem::take(spare));
        for c in 0..rec.len().max(self.width) {
            let field = self.fields.get(c).copied().flatten();
            let fixed = field.and_then(|f| fixes.get(f)).filter(|_| !skipped);
            cells.push(Cell {
                text: fixed.unwrap_or_else(|| rec.get(c)),
                stored: if fixed.is_some() {
                    Stored::Text
                } else {
                    rec.stored(c)
                },
                id: field.is_some(),
            });
        }
        let review: Vec<String> = found
            .iter()
            .filter(|f| {
                f.code.kind() == Kind::Skipped || f.severity > Severity::Info && !fixes.settles(f)
            })
            .map(|f| {
                let message = i18n::message(self.lang, f, self.sources);
                match f.field {
                    Field::Row => message,
                    field => format!("{}: {message}", field_name(self.lang, field)),
                }
            })
            .collect();
        let status = label::state_status(self.lang, state);
        let (row_cells, extra) = cells.split_at(self.width.min(cells.len()));
        let drawn = draw(&Line {
            place: Place {
                source: self.si,
                row: rec.row,
            },
            cells: row_cells,
            status,
            worst: state.worst.filter(|_| !skipped),
            review: &review.join(" · "),
            extra,
        });
        *spare = recycled(cells);
        drawn
    }
}

/// An empty vector of cells with `v`'s allocation, for other borrows:
/// collecting in place from a vector of the same layout reuses its
/// memory (a million rows, a million allocations fewer).
// `filter` would keep the old borrow's type; `filter_map` makes the new
// one without a panicking arm.
#[allow(clippy::unnecessary_filter_map)]
fn recycled<'a>(mut v: Vec<Cell<'_>>) -> Vec<Cell<'a>> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Code, Finding, Note};

    fn source(file: &str, sheet: Option<&str>) -> Source {
        Source {
            file: file.into(),
            sheet: sheet.map(String::from),
            ..Source::default()
        }
    }

    #[test]
    fn one_table_takes_the_name_given_and_several_their_own() {
        let mut run = Run::default();
        run.sources.push(source("a/alumnos.xlsx", Some("1° A")));
        let out = Path::new("dir/limpio.csv");
        assert_eq!(table_paths(&run, out, Lang::ES), [out]);
        run.sources.push(source("b/otro.xlsx", Some("1° A")));
        run.sources.push(source("padrón 2026.csv", None));
        run.sources.push(source("x.xlsx", Some("../..")));
        run.sources.push(source("y.xlsx", Some("Hoja/1")));
        run.sources.push(source("z.xlsx", Some("Hoja:1")));
        let names: Vec<String> = table_paths(&run, out, Lang::ES)
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "dir/limpio-alumnos-1_A.csv",
                "dir/limpio-otro-1_A.csv",
                "dir/limpio-padrón_2026.csv",
                "dir/limpio-tabla.csv",
                "dir/limpio-y-Hoja_1.csv",
                "dir/limpio-z-Hoja_1.csv",
            ]
        );
    }

    #[test]
    fn names_never_leave_their_folder() {
        for name in [
            "../x",
            "a/b",
            "..",
            ".",
            "\u{0}\n",
            "C:\\x",
            &"x".repeat(300),
        ] {
            let s = sanitize(name);
            assert!(!s.contains(['/', '\\', ':', '\0']), "{s}");
            assert!(!s.starts_with('.') && s.chars().count() <= 60, "{s}");
        }
    }

    /// The swap settles the `row.swapped` finding and gives each column
    /// the other's value; a suggestion settles its finding; a check digit
    /// without one stays for a person.
    #[test]
    fn row_fixes_apply_suggestions_and_swaps_and_settle_only_them() {
        let finding = |field, kind, note, suggestion: Option<&str>| Finding {
            source: 0,
            row: 2,
            field,
            column: None,
            value: None,
            severity: Severity::Warning,
            code: Code::new(field, kind),
            note,
            suggestion: suggestion.map(String::from),
        };
        use crate::ids::Problem;
        let zero = finding(
            Field::NSS,
            Kind::Id(Problem::LeadingZeroLost),
            Note::Missing { placeholder: None },
            Some("04230812341"),
        );
        let digit = finding(
            Field::CURP,
            Kind::Id(Problem::CheckDigit),
            Note::Missing { placeholder: None },
            None,
        );
        let fixes = RowFixes::of([&zero, &digit]);
        assert_eq!(fixes.get(Field::NSS), Some("04230812341"));
        assert_eq!(fixes.get(Field::CURP), None);
        assert!(fixes.settles(&zero) && !fixes.settles(&digit));
        let swap = finding(
            Field::Row,
            Kind::Swapped,
            Note::Swapped {
                first: (Field::CURP, "04230812341".into()),
                second: (Field::NSS, "GALA080314MJCRPNA9".into()),
                fixed: ("GALA080314MJCRPNA9".into(), "04230812341".into()),
            },
            None,
        );
        let fixes = RowFixes::of([&swap]);
        assert_eq!(fixes.get(Field::CURP), Some("GALA080314MJCRPNA9"));
        assert_eq!(fixes.get(Field::NSS), Some("04230812341"));
        assert!(fixes.settles(&swap));
    }
}
