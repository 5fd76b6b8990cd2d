//! Hallazgos: one row per finding, the JSON's columns with readable
//! headers and, after the row, the student's name (heard from the Padrón
//! as it is written); severity coloured. Printed one page wide, so that no
//! finding is split over two sheets of paper: every column but the
//! message fitted to its content within a narrow bound and wrapped, the
//! message filling the rest of the page (`Page::room`), each row as tall
//! as its most wrapped cell; the file and sheet columns hidden when every
//! row would say the same.

use std::sync::mpsc::Receiver;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::fit;
use super::paged::Paged;
use super::styles::{fitted, grow_row, line_height, Growth, Styles};
use super::Named;
use crate::findings::{Field, Run};
use crate::i18n::{self, field_name, label, Lang};

/// The columns of the row, of the student's name and of the message.
const ROW: u16 = 2;
const STUDENT: u16 = 3;
const MESSAGE: usize = 9;

/// The message's width, in characters: this many wanted, the scale going
/// down to make room for them (a message of two hundred characters in
/// four or five lines), at most `MESSAGE_MAX`; where the file and sheet
/// columns take the room, down to `MESSAGE_LEAST` at the smallest scale.
const MESSAGE_WANTED: f64 = 48.0;
const MESSAGE_LEAST: f64 = 34.0;
const MESSAGE_MAX: f64 = 90.0;

/// The width of the students' names (wrapped): most fit on a line.
const STUDENT_WIDTH: f64 = 24.0;

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
    // The longest text of each column.
    let mut longest: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    let mut measure = |c: usize, s: &str| longest[c] = longest[c].max(s.chars().count());
    for src in &run.sources {
        measure(0, &src.file);
        measure(1, src.sheet.as_deref().unwrap_or(""));
    }
    for f in run.findings.iter() {
        let f = f.map_err(XlsxError::IoError)?;
        let f = &*f;
        let src = &run.sources[f.source];
        measure(4, field_name(lang, f.field));
        measure(5, f.column.and_then(|c| src.header(c)).unwrap_or(""));
        measure(6, f.value.as_deref().unwrap_or(""));
        measure(10, i18n::suggestion(f).as_deref().unwrap_or(""));
    }
    for code in run.findings.by_code().keys() {
        measure(8, &code.as_string());
    }
    // A column every row would fill alike (one file, one sheet) is
    // hidden: on paper it would take the message's room.
    let alike = |of: &dyn Fn(&crate::findings::Source) -> &str| {
        run.sources.windows(2).all(|w| of(&w[0]) == of(&w[1]))
    };
    let one_file = alike(&|s| &s.file);
    let one_sheet = alike(&|s| s.sheet.as_deref().unwrap_or(""));
    let names = run.sources.iter().any(|s| {
        [
            Field::NombreCompleto,
            Field::Paterno,
            Field::Materno,
            Field::Nombre,
        ]
        .into_iter()
        .any(|f| s.column_of(f).is_some())
    });
    let mut widths: Vec<f64> = (0..headers.len())
        .map(|c| match c {
            0 if one_file => 0.0,
            1 if one_sheet => 0.0,
            0 => fitted(longest[c], 8.0, 14.0),
            1 => fitted(longest[c], 6.0, 10.0),
            2 => 7.0,
            3 if names => STUDENT_WIDTH,
            4 => fitted(longest[c], 6.0, 12.0),
            5 => fitted(longest[c], 8.0, 14.0),
            7 => 12.0,
            MESSAGE => 0.0,
            // Values and suggestions: a CURP on one line.
            _ => fitted(longest[c], 8.0, 22.0),
        })
        .collect();
    widths[MESSAGE] = st
        .page
        .room(&widths, MESSAGE_LEAST, MESSAGE_WANTED, MESSAGE_MAX);
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
    let widths = page.widths().to_vec();
    let width = |c: usize| widths.get(c).copied().unwrap_or(0.0);
    let mut growth = Growth::new();
    for f in order.iter().flat_map(|&s| run.findings.of_source(s)) {
        let f = f.map_err(XlsxError::IoError)?;
        let f = &*f;
        let (ws, r) = page.next_made()?;
        let src = &run.sources[f.source];
        let message = i18n::message(lang, f, &run.sources);
        let name = names.of((f.source, f.row));
        let suggestion = i18n::suggestion(f);
        let cells: [(usize, &str); 10] = [
            (0, &src.file),
            (1, src.sheet.as_deref().unwrap_or("")),
            (STUDENT as usize, name.unwrap_or("")),
            (4, field_name(lang, f.field)),
            (5, f.column.and_then(|c| src.header(c)).unwrap_or("")),
            (6, f.value.as_deref().unwrap_or("")),
            (7, i18n::severity_name(lang, f.severity)),
            (8, &f.code.as_string()),
            (MESSAGE, &message),
            (10, suggestion.as_deref().unwrap_or("")),
        ];
        // As tall as its most wrapped cell (a hidden one takes none), every
        // cell wrapping.
        let height = cells
            .iter()
            .filter(|&&(c, _)| width(c) > 0.0)
            .map(|&(c, text)| line_height(text, width(c)))
            .fold(0.0, f64::max);
        grow_row(ws, r, height, &st.wrap, &mut growth)?;
        ws.write_number(r, ROW, f.row as f64)?;
        for (c, text) in cells {
            let c16 = c as u16;
            match c {
                7 => ws.write_string_with_format(r, c16, text, st.severity(f.severity)),
                MESSAGE => ws.write_string_with_format(r, c16, &*fit(text), &st.wrap),
                // No name heard: the cell stays empty.
                3 if name.is_none() => continue,
                _ => ws.write_string(r, c16, &*fit(text)),
            }?;
        }
    }
    page.finish()
}
