//! Padrón: every input row, one sheet per input sheet, read again from
//! the input and merged with that input's findings (both in row order):
//! first *Fila*, the row number the findings name, then the original
//! columns in their order (a date as a date), then Estado, Observaciones
//! and the corrected value of each identifier the tool can prove
//! (`findings::RowFixes`, which the corrected roster applies); the cells
//! at fault filled red (error) or yellow (warning). Identifiers as text.
//! The name of each row with findings goes to Hallazgos as the row is
//! written.

use std::sync::mpsc::SyncSender;

use rust_xlsxwriter::{ExcelDateTime, Workbook, Worksheet, XlsxError};

use super::paged::{sheet_name, Paged};
use super::styles::{fitted, grow_row, line_height, Growth, Styles};
use super::{fit, Named, Replay, ReportError, MAX_COLUMNS};
use crate::findings::{Field, Finding, Kind, RowFixes, RowState, Run, Severity, Source};
use crate::i18n::{self, field_name, label, Lang};
use crate::ids::Date;
use crate::input::{InputError, Record, Stored};

/// The names of rows that are in a duplicate group, by (source, row), for
/// the Duplicados sheet: a sorted list (a roster exported twice puts
/// every row in it), found by halving.
#[derive(Debug, Default)]
pub(super) struct Names(Vec<((usize, u64), Box<str>)>);

impl Names {
    fn insert(&mut self, at: (usize, u64), name: String) {
        self.0.push((at, name.into_boxed_str()));
    }

    /// Puts the names in order (rows are replayed in order: nearly free).
    fn sort(&mut self) {
        self.0.sort_by_key(|&(at, _)| at);
    }

    /// The name of the row at (source, row).
    pub(super) fn get(&self, at: &(usize, u64)) -> Option<&str> {
        let i = self.0.binary_search_by_key(at, |&(a, _)| a).ok()?;
        Some(&self.0[i].1)
    }
}

/// The input's columns start after Fila.
const FIRST: usize = 1;

/// Width of the Observaciones column (wrapped).
const NOTES_WIDTH: f64 = 70.0;

/// The columns a finding marks: its own, and for the cross-field checks
/// the columns the identifier was compared with.
fn marked_columns(f: &Finding, source: &Source) -> Vec<usize> {
    let mut v: Vec<usize> = f.column.into_iter().collect();
    let related: &[Field] = match f.code.kind() {
        Kind::BirthdateMismatch => &[Field::Nacimiento],
        Kind::SexMismatch => &[Field::Sexo],
        Kind::NameMismatch => &[
            Field::Paterno,
            Field::Materno,
            Field::Nombre,
            Field::NombreCompleto,
        ],
        _ => &[],
    };
    v.extend(related.iter().filter_map(|&g| source.column_of(g)));
    v
}

/// Writes cell `c` of the input, at sheet column `col`: a number stored as
/// a number stays one (an identifier aside: as text, so that no
/// spreadsheet drops its zeros again), a date stays a date (shown
/// day/month/year), anything else is text.
fn write_cell(
    ws: &mut Worksheet,
    (r, col): (u32, u16),
    text: &str,
    stored: Stored,
    mark: Option<Severity>,
    st: &Styles,
) -> Result<(), XlsxError> {
    match stored {
        Stored::Number => {
            if let Ok(n) = text.parse::<f64>() {
                match mark {
                    Some(s) => ws.write_number_with_format(r, col, n, st.severity(s))?,
                    None => ws.write_number(r, col, n)?,
                };
                return Ok(());
            }
        }
        Stored::Date => {
            let date = Date::parse_iso(text).and_then(|d| {
                let (y, m, d) = (d.year(), d.month(), d.day());
                ExcelDateTime::from_ymd(u16::try_from(y).ok()?, m as u8, d as u8).ok()
            });
            if let Some(date) = date {
                ws.write_datetime_with_format(r, col, date, st.date(mark))?;
                return Ok(());
            }
        }
        _ => {}
    }
    match mark {
        Some(s) => ws.write_string_with_format(r, col, text, st.severity(s))?,
        None if text.is_empty() => ws,
        None => ws.write_string(r, col, text)?,
    };
    Ok(())
}

fn sheet_base(lang: Lang, run: &Run, source: &Source) -> String {
    let roster = label::sheet_roster(lang);
    if run.sources.len() == 1 {
        return roster.to_string();
    }
    let what = source.sheet.clone().unwrap_or_else(|| {
        std::path::Path::new(&source.file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(&source.file)
            .to_string()
    });
    format!("{roster} {what}")
}

/// Writes one Padrón per source, reading the sources again in `order`
/// (the order Hallazgos lists them in) and sending on `tell` the name of
/// each row with findings as it is written; the sheets stand in the
/// sources' own order, named so. Returns the names of the rows in a
/// duplicate group.
#[allow(clippy::too_many_arguments)]
pub(super) fn write(
    wb: &mut Workbook,
    run: &Run,
    lang: Lang,
    st: &Styles,
    replay: &mut dyn Replay,
    taken: &mut Vec<String>,
    order: &[usize],
    tell: SyncSender<Named>,
) -> Result<Names, ReportError> {
    // Rows in a duplicate group, per source, in row order.
    let mut wanted: Vec<Vec<u64>> = vec![Vec::new(); run.sources.len()];
    for p in run.shared.iter().flat_map(|g| &g.places) {
        wanted[p.source].push(p.row);
    }
    for rows in &mut wanted {
        rows.sort_unstable();
    }
    // Each sheet's name, given in the sources' order.
    let mut firsts: Vec<String> = Vec::with_capacity(run.sources.len());
    for source in &run.sources {
        let name = sheet_name(&sheet_base(lang, run, source), taken);
        taken.push(name.clone());
        firsts.push(name);
    }
    let mut sheets: Vec<Vec<Worksheet>> = run.sources.iter().map(|_| Vec::new()).collect();
    let mut names = Names::default();
    let named: Vec<_> = run.sources.iter().map(|s| s.name_columns()).collect();
    for &si in order {
        let source = &run.sources[si];
        let ids: Vec<(Field, usize)> = source
            .columns
            .iter()
            .copied()
            .filter(|(f, _)| f.id_kind().is_some())
            .collect();
        // Excel's last column bounds the Padrón: Fila, the input's
        // columns, then status, notes and one corrected column per
        // identifier.
        let width = source
            .headers
            .len()
            .min(MAX_COLUMNS - FIRST - 2 - ids.len());
        let status_col = (FIRST + width) as u16;
        let mut headers = vec![label::row_header(lang).to_string()];
        headers.extend_from_slice(&source.headers[..width]);
        headers.push(label::status_header(lang).to_string());
        headers.push(label::notes_header(lang).to_string());
        headers.extend(
            ids.iter()
                .map(|&(f, _)| label::corrected_header(lang, field_name(lang, f))),
        );
        let mut widths: Vec<f64> = vec![7.0];
        widths.extend(
            source.headers[..width]
                .iter()
                .map(|h| fitted(h.chars().count(), 8.0, 40.0)),
        );
        let mut longest: Vec<usize> = vec![0; width];
        widths.push(12.0);
        widths.push(NOTES_WIDTH);
        widths.extend(ids.iter().map(|_| 20.0));
        let others: Vec<String> = taken
            .iter()
            .filter(|t| **t != firsts[si])
            .cloned()
            .collect();
        // Widths are set once the rows are in (`set_widths`).
        let mut page = Paged::new(wb, &firsts[si], headers, Vec::new(), &others, st)?;
        page.set_key_columns(0, 0);
        let mut rows = run.findings.rows_of(si);
        let mut failed: Option<XlsxError> = None;
        let mut growth = Growth::new();
        let mut write_row = |rec: &Record| -> Result<(), XlsxError> {
            let found = rows.take(rec.row).map_err(XlsxError::IoError)?;
            // The worst severity marking each column (info marks nothing); a
            // row has few, so a small vector beats a map.
            let mut marks: Vec<(usize, Severity)> = Vec::new();
            for f in found.iter().filter(|f| f.severity > Severity::Info) {
                for c in marked_columns(f, source) {
                    match marks.iter_mut().find(|(mc, _)| *mc == c) {
                        Some((_, m)) => *m = (*m).max(f.severity),
                        None => marks.push((c, f.severity)),
                    }
                }
            }
            let mark = |c: usize| marks.iter().find(|(mc, _)| *mc == c).map(|&(_, s)| s);
            let notes: Vec<String> = found
                .iter()
                .map(|f| {
                    format!(
                        "{}: {}",
                        field_name(lang, f.field),
                        i18n::message(lang, f, &run.sources)
                    )
                })
                .collect();
            let notes = notes.join("\n");
            // Only rows with notes of more than a line grow, and only they
            // need top alignment, given once as the row's format
            // (rust_xlsxwriter hashes the whole Format on each formatted
            // write: one a row, not one a cell).
            let state = RowState::of(found.iter().map(|f| f.as_ref()));
            let skipped = state.skipped;
            let (ws, r) = page.next(wb, st)?;
            grow_row(
                ws,
                r,
                line_height(&notes, NOTES_WIDTH),
                &st.cell,
                &mut growth,
            )?;
            ws.write_number(r, 0, rec.row as f64)?;
            for (c, long) in longest.iter_mut().enumerate() {
                let text = fit(rec.get(c));
                // A title or a total line of an export, not a student,
                // does not widen the columns: its text runs over the
                // empty cells beside it.
                if !skipped {
                    *long = (*long).max(text.chars().count());
                }
                let is_id = ids.iter().any(|&(_, ic)| ic == c);
                let stored = match rec.stored(c) {
                    Stored::Number | Stored::Date if is_id => Stored::Text,
                    stored => stored,
                };
                write_cell(ws, (r, (FIRST + c) as u16), &text, stored, mark(c), st)?;
            }
            let status = label::state_status(lang, state);
            match state.worst {
                Some(s) => ws.write_string_with_format(r, status_col, status, st.severity(s))?,
                None => ws.write_string(r, status_col, status)?,
            };
            if !notes.is_empty() {
                ws.write_string_with_format(r, status_col + 1, &*fit(&notes), &st.wrap)?;
            }
            let fixes = RowFixes::of(found.iter().map(|f| f.as_ref()));
            for (k, &(field, _)) in ids.iter().enumerate() {
                if let Some(fix) = fixes.get(field) {
                    ws.write_string(r, status_col + 2 + k as u16, &*fit(fix))?;
                }
            }
            let in_group = wanted[si].binary_search(&rec.row).is_ok();
            if in_group || !found.is_empty() && !skipped {
                let name = named[si].name(rec);
                if !found.is_empty() && !skipped && !name.is_empty() {
                    // Hallazgos has ended when no one hears: nothing to do.
                    let _ = tell.send(((si, rec.row), name.as_str().into()));
                }
                if in_group {
                    names.insert((si, rec.row), name);
                }
            }
            Ok(())
        };
        replay
            .replay(source, &mut |rec| {
                if failed.is_none() {
                    if let Err(e) = write_row(rec) {
                        failed = Some(e);
                    }
                }
            })
            .map_err(|error: InputError| ReportError::Input {
                file: source.file.clone(),
                error,
            })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        for (c, n) in longest.iter().enumerate() {
            widths[FIRST + c] = widths[FIRST + c].max(fitted(*n, 8.0, 40.0));
        }
        page.set_widths(widths);
        taken.extend_from_slice(page.own_names());
        sheets[si] = page.finish()?;
    }
    for ws in sheets.into_iter().flatten() {
        wb.push_worksheet(ws);
    }
    names.sort();
    Ok(names)
}
