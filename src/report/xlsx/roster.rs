//! Padrón: every input row, one sheet per input sheet, read again from
//! the input and merged with that input's findings (both in row order):
//! the original columns in their order, then Estado, Observaciones and the
//! corrected value of each identifier the tool can prove
//! (`findings::RowFixes`, which the corrected roster applies); the cells at
//! fault filled red (error) or yellow (warning). Identifiers as text.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::paged::Paged;
use super::styles::{fitted, grow_row, Growth, Styles};
use super::{fit, Replay, ReportError, MAX_COLUMNS};
use crate::findings::{Field, Finding, Kind, RowFixes, Run, Severity, Source};
use crate::i18n::{self, field_name, label, Lang};
use crate::input::{InputError, Stored};

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

/// The name of a row, from whichever name columns the source has.
fn row_name(rec: &crate::input::Record, source: &Source) -> String {
    let parts: Vec<&str> = [
        Field::Paterno,
        Field::Materno,
        Field::Nombre,
        Field::NombreCompleto,
    ]
    .iter()
    .filter_map(|&f| source.column_of(f))
    .map(|c| rec.get(c).trim())
    .filter(|s| !s.is_empty())
    .collect();
    parts.join(" ")
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

pub(super) fn write(
    wb: &mut Workbook,
    run: &Run,
    lang: Lang,
    st: &Styles,
    replay: &mut dyn Replay,
    taken: &mut Vec<String>,
) -> Result<Names, ReportError> {
    // Rows in a duplicate group, per source, in row order.
    let mut wanted: Vec<Vec<u64>> = vec![Vec::new(); run.sources.len()];
    for p in run.shared.iter().flat_map(|g| &g.places) {
        wanted[p.source].push(p.row);
    }
    for rows in &mut wanted {
        rows.sort_unstable();
    }
    let mut names = Names::default();
    for (si, source) in run.sources.iter().enumerate() {
        let ids: Vec<(Field, usize)> = source
            .columns
            .iter()
            .copied()
            .filter(|(f, _)| f.id_kind().is_some())
            .collect();
        // Excel's last column bounds the Padrón: the input's columns, then
        // status, notes and one corrected column per identifier.
        let width = source.headers.len().min(MAX_COLUMNS - 2 - ids.len());
        let mut headers = source.headers[..width].to_vec();
        headers.push(label::status_header(lang).to_string());
        headers.push(label::notes_header(lang).to_string());
        headers.extend(
            ids.iter()
                .map(|&(f, _)| label::corrected_header(lang, field_name(lang, f))),
        );
        let mut widths: Vec<f64> = source.headers[..width]
            .iter()
            .map(|h| fitted(h.chars().count(), 8.0, 40.0))
            .collect();
        let mut longest: Vec<usize> = vec![0; width];
        widths.push(12.0);
        widths.push(NOTES_WIDTH);
        widths.extend(ids.iter().map(|_| 20.0));
        let base = sheet_base(lang, run, source);
        // Widths are set once the rows are in (`set_widths`).
        let mut page = Paged::new(wb, &base, headers, Vec::new(), taken, st)?;
        let mut list = run.findings.of_source(si).peekable();
        let mut found: Vec<std::borrow::Cow<Finding>> = Vec::new();
        let mut failed: Option<XlsxError> = None;
        let mut growth = Growth::new();
        let mut write_row = |rec: &crate::input::Record| -> Result<(), XlsxError> {
            // This row's findings (those of rows before it, which the
            // replay does not give, are passed over).
            found.clear();
            while let Some(f) = list.next_if(|f| f.as_ref().map_or(true, |f| f.row <= rec.row)) {
                match f {
                    Ok(f) if f.row == rec.row => found.push(f),
                    Ok(_) => {}
                    Err(e) => return Err(XlsxError::IoError(e)),
                }
            }
            let found = &found[..];
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
            let mark = |c: usize| marks.iter().find(|(mc, _)| *mc == c).map(|(_, s)| s);
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
            let (ws, r) = page.next(wb, st)?;
            grow_row(ws, r, &notes, NOTES_WIDTH, st, &mut growth)?;
            for (c, long) in longest.iter_mut().enumerate() {
                let text = fit(rec.get(c));
                *long = (*long).max(text.chars().count());
                let is_id = ids.iter().any(|&(_, ic)| ic == c);
                let number = (!is_id && rec.stored(c) == Stored::Number)
                    .then(|| text.parse::<f64>().ok())
                    .flatten();
                match (mark(c), number) {
                    (Some(s), Some(n)) => {
                        ws.write_number_with_format(r, c as u16, n, st.severity(*s))?
                    }
                    (None, Some(n)) => ws.write_number(r, c as u16, n)?,
                    (Some(s), None) => {
                        ws.write_string_with_format(r, c as u16, text, st.severity(*s))?
                    }
                    (None, None) if text.is_empty() => ws,
                    (None, None) => ws.write_string(r, c as u16, text)?,
                };
            }
            let worst = found
                .iter()
                .map(|f| f.severity)
                .max()
                .filter(|s| *s > Severity::Info);
            let skipped = found.iter().any(|f| f.code.kind() == Kind::Skipped);
            let status = if skipped {
                label::skipped_status(lang)
            } else {
                label::row_status(lang, worst)
            };
            match worst {
                Some(s) => ws.write_string_with_format(r, width as u16, status, st.severity(s))?,
                None => ws.write_string(r, width as u16, status)?,
            };
            if !notes.is_empty() {
                ws.write_string_with_format(r, width as u16 + 1, &*fit(&notes), &st.wrap)?;
            }
            let fixes = RowFixes::of(found.iter().map(|f| f.as_ref()));
            for (k, &(field, _)) in ids.iter().enumerate() {
                if let Some(fix) = fixes.get(field) {
                    ws.write_string(r, (width + 2 + k) as u16, &*fit(fix))?;
                }
            }
            if wanted[si].binary_search(&rec.row).is_ok() {
                names.insert((si, rec.row), row_name(rec, source));
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
            widths[c] = widths[c].max(fitted(*n, 8.0, 40.0));
        }
        page.set_widths(widths);
        taken.extend_from_slice(page.own_names());
        for ws in page.finish()? {
            wb.push_worksheet(ws);
        }
    }
    names.sort();
    Ok(names)
}
