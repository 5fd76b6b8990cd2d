//! Hallazgos: one row per finding, the JSON's columns with readable
//! headers and, after the row, the student's name (heard from the Padrón
//! as it is written); severity coloured, widths fitted to the content.

use std::sync::mpsc::Receiver;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::fit;
use super::paged::Paged;
use super::styles::{fitted, grow_row, Growth, Styles, MESSAGE_WIDTH};
use super::Named;
use crate::findings::Run;
use crate::i18n::{self, field_name, label, Lang};

/// The columns of the row and of the student's name.
const ROW: u16 = 2;
const STUDENT: u16 = 3;

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
        measure(5, f.column.and_then(|c| src.header(c)).unwrap_or(""));
        measure(6, f.value.as_deref().unwrap_or(""));
        measure(10, i18n::suggestion(f).as_deref().unwrap_or(""));
    }
    for code in run.findings.by_code().keys() {
        measure(8, &code.as_string());
    }
    let widths: Vec<f64> = (0..headers.len())
        .map(|c| match c {
            2 => 7.0,
            // The names are known as they are written (`fill`).
            3 => 10.0,
            4 => 12.0,
            7 => 13.0,
            9 => MESSAGE_WIDTH,
            // A long path is cut, not wrapped: the sheet stays two pages
            // wide, its rows as tall as their message.
            0 => fitted(longest[c], 8.0, 30.0),
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
    page.set_key_columns(ROW, STUDENT);
    page.make_pages(wb, run.findings.len() as u64, st)?;
    Ok(page)
}

/// The names of rows, heard in the order the Padrón writes them: the
/// order `fill` lists the findings in, so that each is heard once, just
/// before its findings need it, and only a channel's worth is ever held.
struct Names {
    heard: Receiver<Named>,
    /// The name heard last, not yet passed.
    next: Option<Named>,
    /// Each source's place in the order.
    rank: Vec<usize>,
}

impl Names {
    /// The name of the row at (source, row), if the Padrón gave one: names
    /// of rows before it are passed; a name of a row after it is kept.
    fn of(&mut self, at: (usize, u64)) -> Option<&str> {
        let key = |(s, r): (usize, u64)| (self.rank.get(s).copied(), r);
        loop {
            if self.next.is_none() {
                // None: the Padrón has ended (or failed).
                self.next = Some(self.heard.recv().ok()?);
            }
            let (place, _) = self.next.as_ref()?;
            match key(*place).cmp(&key(at)) {
                std::cmp::Ordering::Less => self.next = None,
                std::cmp::Ordering::Equal => return self.next.as_ref().map(|(_, n)| &**n),
                std::cmp::Ordering::Greater => return None,
            }
        }
    }
}

/// Writes one row per finding on the pages `prepare` made, source by
/// source in `order` (the JSON's order: by file and sheet, then row),
/// with the names the Padrón sends on `heard`.
pub(super) fn fill(
    mut page: Paged,
    run: &Run,
    lang: Lang,
    st: &Styles,
    order: &[usize],
    heard: Receiver<Named>,
) -> Result<Vec<Worksheet>, XlsxError> {
    let mut rank = vec![0; run.sources.len()];
    for (i, &s) in order.iter().enumerate() {
        if let Some(r) = rank.get_mut(s) {
            *r = i;
        }
    }
    let mut names = Names {
        heard,
        next: None,
        rank,
    };
    let mut longest_name = label::findings_headers(lang)[STUDENT as usize]
        .chars()
        .count();
    let mut growth = Growth::new();
    for f in order.iter().flat_map(|&s| run.findings.of_source(s)) {
        let f = f.map_err(XlsxError::IoError)?;
        let f = &*f;
        let (ws, r) = page.next_made()?;
        let src = &run.sources[f.source];
        let message = i18n::message(lang, f, &run.sources);
        grow_row(ws, r, &message, MESSAGE_WIDTH, st, &mut growth)?;
        ws.write_string(r, 0, &*fit(&src.file))?;
        ws.write_string(r, 1, &*fit(src.sheet.as_deref().unwrap_or("")))?;
        ws.write_number(r, ROW, f.row as f64)?;
        if let Some(name) = names.of((f.source, f.row)) {
            longest_name = longest_name.max(name.chars().count());
            ws.write_string(r, STUDENT, &*fit(name))?;
        }
        ws.write_string(r, 4, field_name(lang, f.field))?;
        ws.write_string(
            r,
            5,
            &*fit(f.column.and_then(|c| src.header(c)).unwrap_or("")),
        )?;
        ws.write_string(r, 6, &*fit(f.value.as_deref().unwrap_or("")))?;
        ws.write_string_with_format(
            r,
            7,
            i18n::severity_name(lang, f.severity),
            st.severity(f.severity),
        )?;
        ws.write_string(r, 8, f.code.as_string())?;
        ws.write_string_with_format(r, 9, &*fit(&message), &st.wrap)?;
        ws.write_string(r, 10, &*fit(i18n::suggestion(f).as_deref().unwrap_or("")))?;
    }
    page.set_width(STUDENT as usize, fitted(longest_name, 10.0, 36.0));
    page.finish()
}
