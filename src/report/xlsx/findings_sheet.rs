//! Hallazgos: one row per finding, the JSON's columns with readable
//! headers; severity coloured, widths fitted to the content.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::fit;
use super::paged::Paged;
use super::styles::{fitted, grow_row, Growth, Styles, MESSAGE_WIDTH};
use crate::findings::Run;
use crate::i18n::{self, field_name, label, Lang};

/// Makes the sheet's pages, one row for each finding to come, named
/// avoiding `taken`: `fill` needs no workbook and can run on its own thread.
pub(super) fn prepare(
    wb: &mut Workbook,
    run: &Run,
    lang: Lang,
    st: &Styles,
    taken: &[String],
) -> Result<Paged, XlsxError> {
    let headers = label::findings_headers(lang);
    // Fitted widths: the longest text of each column, within bounds.
    let mut longest: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    let mut measure = |c: usize, s: &str| longest[c] = longest[c].max(s.chars().count());
    for f in run.findings.iter() {
        let f = f.map_err(XlsxError::IoError)?;
        let f = &*f;
        let src = &run.sources[f.source];
        measure(0, &src.file);
        measure(1, src.sheet.as_deref().unwrap_or(""));
        measure(4, f.column.and_then(|c| src.header(c)).unwrap_or(""));
        measure(5, f.value.as_deref().unwrap_or(""));
        measure(9, i18n::suggestion(f).as_deref().unwrap_or(""));
    }
    measure(7, "nss.registration_before_birth");
    let widths: Vec<f64> = (0..headers.len())
        .map(|c| match c {
            2 => 7.0,
            3 => 12.0,
            6 => 13.0,
            8 => MESSAGE_WIDTH,
            _ => fitted(longest[c], 8.0, 40.0),
        })
        .collect();
    let mut page = Paged::new(
        wb,
        label::sheet_findings(lang),
        headers.iter().map(|h| h.to_string()).collect(),
        widths,
        taken,
        st,
    )?;
    page.make_pages(wb, run.findings.len() as u64, st)?;
    Ok(page)
}

/// Writes one row per finding on the pages `prepare` made.
pub(super) fn fill(
    mut page: Paged,
    run: &Run,
    lang: Lang,
    st: &Styles,
) -> Result<Vec<Worksheet>, XlsxError> {
    let mut growth = Growth::new();
    for f in run.findings.iter() {
        let f = f.map_err(XlsxError::IoError)?;
        let f = &*f;
        let (ws, r) = page.next_made()?;
        let src = &run.sources[f.source];
        let message = i18n::message(lang, f, &run.sources);
        grow_row(ws, r, &message, MESSAGE_WIDTH, st, &mut growth)?;
        ws.write_string(r, 0, &*fit(&src.file))?;
        ws.write_string(r, 1, &*fit(src.sheet.as_deref().unwrap_or("")))?;
        ws.write_number(r, 2, f.row as f64)?;
        ws.write_string(r, 3, field_name(lang, f.field))?;
        ws.write_string(
            r,
            4,
            &*fit(f.column.and_then(|c| src.header(c)).unwrap_or("")),
        )?;
        ws.write_string(r, 5, &*fit(f.value.as_deref().unwrap_or("")))?;
        ws.write_string_with_format(
            r,
            6,
            i18n::severity_name(lang, f.severity),
            st.severity(f.severity),
        )?;
        ws.write_string(r, 7, f.code.as_string())?;
        ws.write_string_with_format(r, 8, &*fit(&message), &st.wrap)?;
        ws.write_string(r, 9, &*fit(i18n::suggestion(f).as_deref().unwrap_or("")))?;
    }
    page.finish()
}
