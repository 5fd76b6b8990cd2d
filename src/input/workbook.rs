//! Workbooks (xlsx, xlsm, xlsb, xls, ods) → one `Table` per non-empty
//! worksheet, via calamine. Cells become text plus how they were stored;
//! numbers lose the `.0` a float would print.

use std::fmt::Write as _;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader, SheetType};

use super::{InputError, ReadOptions, Record, RowSource, Stored, Table};
use crate::ids::Date;

/// Largest float whose integer digits are all exact.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

/// Writes a cell's text into `buf` and says how it was stored.
fn cell_text(cell: &Data, buf: &mut String) -> Stored {
    match cell {
        Data::Empty => Stored::Empty,
        Data::String(s) => {
            buf.push_str(s);
            if s.is_empty() {
                Stored::Empty
            } else {
                Stored::Text
            }
        }
        Data::Int(i) => {
            let _ = write!(buf, "{i}");
            Stored::Number
        }
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < EXACT_INT {
                let _ = write!(buf, "{}", *f as i64);
            } else {
                let _ = write!(buf, "{f}");
            }
            Stored::Number
        }
        Data::Bool(b) => {
            buf.push_str(if *b { "TRUE" } else { "FALSE" });
            Stored::Bool
        }
        Data::DateTime(dt) => match Date::from_excel_serial(dt.as_f64()) {
            Some(d) if dt.is_datetime() => {
                let _ = write!(buf, "{d}");
                Stored::Date
            }
            _ => {
                let _ = write!(buf, "{}", dt.as_f64());
                Stored::Number
            }
        },
        Data::DateTimeIso(s) => {
            buf.push_str(s.split('T').next().unwrap_or(s));
            Stored::Date
        }
        Data::DurationIso(s) => {
            buf.push_str(s);
            Stored::Text
        }
        Data::Error(e) => {
            let _ = write!(buf, "{e}");
            Stored::Error
        }
    }
}

struct SheetRows {
    range: Range<Data>,
    /// Index (within the range) of the next data row.
    next: usize,
    /// Sheet row number (0-based) of the range's first row.
    first_row: u64,
    /// Sheet column (0-based) of the range's first column; cells left of
    /// it are empty and are pushed as such so columns keep their index.
    first_col: usize,
}

impl RowSource for SheetRows {
    fn next_batch(&mut self, out: &mut Vec<Record>, max: usize) -> Result<usize, InputError> {
        let (height, _) = self.range.get_size();
        let mut n = 0;
        while n < max && self.next < height {
            let cells = &self.range[self.next];
            if out.len() <= n {
                out.push(Record::default());
            }
            let rec = &mut out[n];
            rec.clear();
            rec.row = self.first_row + self.next as u64 + 1;
            for _ in 0..self.first_col {
                rec.push("", Stored::Empty);
            }
            for cell in cells {
                rec.push_with(|buf| cell_text(cell, buf));
            }
            self.next += 1;
            n += 1;
        }
        Ok(n)
    }
}

fn book_error(e: calamine::Error) -> InputError {
    match e {
        calamine::Error::Io(io) => InputError::from_io(io),
        other => InputError::Workbook(other.to_string()),
    }
}

pub(super) fn open(path: &Path, opts: &ReadOptions) -> Result<Vec<Table>, InputError> {
    let mut book = open_workbook_auto(path).map_err(book_error)?;
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    for wanted in &opts.sheets {
        if !sheets.iter().any(|s| s == wanted) {
            return Err(InputError::NoSuchSheet(wanted.clone()));
        }
    }
    let mut tables = Vec::new();
    for name in sheets {
        if !opts.sheets.is_empty() && !opts.sheets.contains(&name) {
            continue;
        }
        let range = book.worksheet_range(&name).map_err(book_error)?;
        let Some((first_row, first_col)) = range.start() else {
            continue;
        };
        let mut header = Record::default();
        for _ in 0..first_col {
            header.push("", Stored::Empty);
        }
        if let Some(cells) = range.rows().next() {
            for cell in cells {
                header.push_with(|buf| cell_text(cell, buf));
            }
        }
        tables.push(Table {
            sheet: Some(name),
            encoding: None,
            header_row: u64::from(first_row) + 1,
            headers: header.iter().map(str::to_string).collect(),
            rows: Box::new(SheetRows {
                range,
                next: 1,
                first_row: u64::from(first_row),
                first_col: first_col as usize,
            }),
        });
    }
    Ok(tables)
}
