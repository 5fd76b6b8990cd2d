//! The corrected roster as a workbook: rows of the corrected roster go
//! in; one sheet (continued past Excel's last row), header frozen and
//! filtered, comes out. Identifier columns are formatted as text (`@`)
//! and their cells written as text, so that neither a value read now nor
//! one typed later becomes a number that loses its zeros; other cells
//! keep how the input stored them (numbers, dates, text). Nothing is
//! ever written as a formula.

use std::fs::File;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::paged::Paged;
use super::styles::{fitted, Styles};
use super::{fit, MAX_COLUMNS};
use crate::input::Stored;
use crate::report::corrected::{Cell, CorrectedError, Line, Sink};

/// Widths of the *Estado* and *Revisar* columns.
const STATUS_WIDTH: f64 = 12.0;
const REVIEW_WIDTH: f64 = 60.0;

/// One table's corrected workbook, being written.
pub(in crate::report) struct Book {
    wb: Workbook,
    st: Styles,
    /// Text (`@`): identifier columns and cells.
    text: Format,
    date: Format,
    page: Paged,
    id_columns: Vec<usize>,
    /// The longest text of each of the table's columns, for its width.
    longest: Vec<usize>,
    widths: Vec<f64>,
}

impl Book {
    /// A workbook of one sheet named `sheet`, with `headers` (the
    /// table's, then *Estado* and *Revisar*).
    pub fn new(
        sheet: &str,
        headers: &[String],
        id_columns: &[usize],
        page: super::print::Page,
    ) -> Result<Book, XlsxError> {
        let mut wb = super::workbook()?;
        let st = Styles::new(page);
        st.register(&mut wb);
        let text = Format::new().set_num_format("@");
        let date = Format::new().set_num_format("dd/mm/yyyy");
        wb.register_format(&text);
        wb.register_format(&date);
        let table = headers.len().saturating_sub(2);
        let mut widths: Vec<f64> = headers
            .iter()
            .map(|h| fitted(h.chars().count(), 8.0, 40.0))
            .collect();
        widths.truncate(table);
        widths.extend([STATUS_WIDTH, REVIEW_WIDTH]);
        let page = Paged::new(&mut wb, sheet, headers.to_vec(), Vec::new(), &[], &st)?;
        Ok(Book {
            wb,
            st,
            text,
            date,
            page,
            id_columns: id_columns.to_vec(),
            longest: vec![0; table],
            widths,
        })
    }

    /// Writes the workbook to `file`.
    pub fn save(mut self, file: &mut File) -> Result<(), CorrectedError> {
        for (w, n) in self.widths.iter_mut().zip(&self.longest) {
            *w = w.max(fitted(*n, 8.0, 40.0));
        }
        self.page.set_widths(self.widths);
        for mut ws in self.page.finish()? {
            for &c in &self.id_columns {
                ws.set_column_format(c as u16, &self.text)?;
            }
            self.wb.push_worksheet(ws);
        }
        self.wb
            .save_to_writer(crate::report::Latch::new(file))
            .map_err(CorrectedError::from)
    }
}

impl Sink for Book {
    fn line(&mut self, line: &Line) -> Result<(), CorrectedError> {
        let (ws, r) = self.page.next(&mut self.wb, &self.st)?;
        let table = line.cells.len();
        let after = [(table, line.status), (table + 1, line.review)];
        for (c, cell) in line.cells.iter().enumerate() {
            if let Some(long) = self.longest.get_mut(c) {
                *long = (*long).max(cell.text.chars().count());
            }
            write_cell(ws, r, c, cell, &self.text, &self.date)?;
        }
        for (c, text) in after {
            if text.is_empty() {
                continue;
            }
            match line.worst.filter(|_| c == table) {
                Some(s) => {
                    ws.write_string_with_format(r, c as u16, &*fit(text), self.st.severity(s))?
                }
                None => ws.write_string(r, c as u16, &*fit(text))?,
            };
        }
        for (k, cell) in line.extra.iter().enumerate() {
            let c = table + 2 + k;
            if c >= MAX_COLUMNS {
                break;
            }
            write_cell(
                ws,
                r,
                c,
                &Cell { id: false, ..*cell },
                &self.text,
                &self.date,
            )?;
        }
        Ok(())
    }
}

/// Writes one cell as the input stored it, an identifier as text.
fn write_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    c: usize,
    cell: &Cell,
    text: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    let col = c as u16;
    let value = fit(cell.text);
    if cell.id {
        if !value.is_empty() {
            ws.write_string_with_format(r, col, &*value, text)?;
        }
        return Ok(());
    }
    match cell.stored {
        _ if value.is_empty() => {}
        Stored::Number => match value.parse::<f64>() {
            Ok(n) => {
                ws.write_number(r, col, n)?;
            }
            Err(_) => {
                ws.write_string(r, col, &*value)?;
            }
        },
        Stored::Date => match ExcelDateTime::parse_from_str(&value) {
            Ok(d) => {
                ws.write_datetime_with_format(r, col, &d, date)?;
            }
            Err(_) => {
                ws.write_string(r, col, &*value)?;
            }
        },
        _ => {
            ws.write_string(r, col, &*value)?;
        }
    }
    Ok(())
}
