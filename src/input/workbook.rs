//! Workbooks → one `Table` per worksheet. xlsx/xlsm and xlsb stream their
//! cells through calamine's cell readers on a producer thread, so memory
//! follows the cells that exist, not the declared range (one stray cell at
//! XFD1048576 costs one row, not 17 billion cells). xls and ods go through
//! calamine's in-memory range (those formats have no cell reader).
//! Cells become text plus how they were stored; number formats that pad
//! with zeros are remembered.

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use calamine::{
    open_workbook, open_workbook_auto, Data, DataRef, Reader, SheetType, SheetVisible, Xlsb, Xlsx,
};

use super::threaded::{Feeder, Threaded};
use super::{InputError, ReadOptions, Record, Stored, Table};
use crate::ids::Date;

/// Largest float whose integer digits are all exact.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;
/// Excel's last column is XFD (16,384 columns); nothing beyond is a cell.
const MAX_COLS: u32 = 16_384;

/// Writes a number's text: integers without `.0`; floats too large for
/// their digits to be exact in scientific notation (the digits are lost).
fn number_text(f: f64, buf: &mut String) {
    if f.fract() == 0.0 && f.abs() < EXACT_INT {
        let _ = write!(buf, "{}", f as i64);
    } else if f.abs() >= EXACT_INT {
        let _ = write!(buf, "{f:E}");
    } else {
        let _ = write!(buf, "{f}");
    }
}

/// Writes a cell's text into `buf` and says how it was stored.
fn cell_text(cell: &DataRef<'_>, pad: Option<u8>, buf: &mut String) -> Stored {
    let number = |buf: &mut String, f: f64| {
        number_text(f, buf);
        pad.map_or(Stored::Number, Stored::PaddedNumber)
    };
    match cell {
        DataRef::Empty => Stored::Empty,
        DataRef::String(s) => text(s, buf),
        DataRef::SharedString(s) => text(s, buf),
        DataRef::Int(i) => number(buf, *i as f64),
        DataRef::Float(f) => number(buf, *f),
        DataRef::Bool(b) => {
            buf.push_str(if *b { "TRUE" } else { "FALSE" });
            Stored::Bool
        }
        DataRef::DateTime(dt) => match Date::from_excel_serial(dt.as_f64()) {
            Some(d) if dt.is_datetime() => {
                let _ = write!(buf, "{d}");
                Stored::Date
            }
            _ => number(buf, dt.as_f64()),
        },
        DataRef::DateTimeIso(s) => {
            buf.push_str(s.split('T').next().unwrap_or(s));
            Stored::Date
        }
        DataRef::DurationIso(s) => text(s, buf),
        DataRef::Error(e) => {
            let _ = write!(buf, "{e}");
            Stored::Error
        }
    }
}

fn text(s: &str, buf: &mut String) -> Stored {
    buf.push_str(s);
    if s.is_empty() {
        Stored::Empty
    } else {
        Stored::Text
    }
}

fn data_ref(d: &Data) -> DataRef<'_> {
    match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::SharedString(s),
        Data::DurationIso(s) => DataRef::SharedString(s),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// The width of a number format made only of zeros (`00000000000`).
fn zero_pad(format_code: &str) -> Option<u8> {
    let code = format_code.trim_matches('"');
    (code.len() >= 2 && code.len() <= 30 && code.bytes().all(|b| b == b'0'))
        .then_some(code.len() as u8)
}

/// Puts a cell at (`row`, `col`) (0-based) into the record being built,
/// starting a new record when the row changes and padding skipped columns.
fn place(feeder: &mut Feeder, row: u32, col: u32, write: impl FnOnce(&mut String) -> Stored) {
    if col >= MAX_COLS {
        return;
    }
    let row_number = u64::from(row) + 1;
    let same_row = feeder.current().is_some_and(|r| r.row == row_number);
    let rec: &mut Record = if same_row {
        match feeder.current() {
            Some(r) => r,
            None => return,
        }
    } else {
        feeder.start(row_number)
    };
    while rec.len() < col as usize {
        rec.push("", Stored::Empty);
    }
    if rec.len() == col as usize {
        rec.push_with(write);
    }
}

fn book_error(e: impl std::fmt::Display) -> InputError {
    let text = e.to_string();
    // calamine refuses ODS sheets whose declared range would expand past
    // 100 million cells; say what that means for the user.
    if text.contains("Cell limit exceeded") {
        InputError::RangeTooLarge
    } else {
        InputError::Workbook(text)
    }
}

fn stream_xlsx(path: &Path, sheet: &str, feeder: &mut Feeder) -> Result<(), InputError> {
    let mut book: Xlsx<BufReader<File>> = open_workbook(path).map_err(book_error)?;
    let mut cells = book.worksheet_cells_reader(sheet).map_err(book_error)?;
    let pads: Vec<Option<u8>> = cells
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .and_then(|f| zero_pad(&f.format_code))
        })
        .collect();
    while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(book_error)? {
        let (r, c) = cell.get_position();
        let pad = pads.get(style).copied().flatten();
        place(feeder, r, c, |buf| cell_text(cell.get_value(), pad, buf));
        if feeder.closed {
            break;
        }
    }
    Ok(())
}

fn stream_xlsb(path: &Path, sheet: &str, feeder: &mut Feeder) -> Result<(), InputError> {
    let mut book: Xlsb<BufReader<File>> = open_workbook(path).map_err(book_error)?;
    let mut cells = book.worksheet_cells_reader(sheet).map_err(book_error)?;
    while let Some(cell) = cells.next_cell().map_err(book_error)? {
        let (r, c) = cell.get_position();
        place(feeder, r, c, |buf| cell_text(cell.get_value(), None, buf));
        if feeder.closed {
            break;
        }
    }
    Ok(())
}

fn stream_range(path: &Path, sheet: &str, feeder: &mut Feeder) -> Result<(), InputError> {
    let mut book = open_workbook_auto(path).map_err(book_error)?;
    let range = book.worksheet_range(sheet).map_err(book_error)?;
    let Some((first_row, first_col)) = range.start() else {
        return Ok(());
    };
    for (i, cells) in range.rows().enumerate() {
        for (j, cell) in cells.iter().enumerate() {
            if !matches!(cell, Data::Empty) {
                let (r, c) = (first_row + i as u32, first_col + j as u32);
                place(feeder, r, c, |buf| cell_text(&data_ref(cell), None, buf));
            }
        }
        if feeder.closed {
            break;
        }
    }
    Ok(())
}

pub(super) fn open(path: &Path, ext: &str, opts: &ReadOptions) -> Result<Vec<Table>, InputError> {
    let book = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(io) => InputError::from_io(io),
        other => book_error(other),
    })?;
    let sheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    drop(book);
    for wanted in &opts.sheets {
        if !sheets.iter().any(|(s, _)| s == wanted) {
            return Err(InputError::NoSuchSheet(wanted.clone()));
        }
    }
    let stream: fn(&Path, &str, &mut Feeder) -> Result<(), InputError> = match ext {
        "xlsx" | "xlsm" => stream_xlsx,
        "xlsb" => stream_xlsb,
        _ => stream_range,
    };
    Ok(sheets
        .into_iter()
        .filter(|(name, _)| opts.sheets.is_empty() || opts.sheets.contains(name))
        .map(|(name, hidden)| {
            let (path, sheet): (PathBuf, String) = (path.to_path_buf(), name.clone());
            Table {
                sheet: Some(name),
                disguised: false,
                hidden,
                rows: Box::new(Threaded::new(move |feeder| stream(&path, &sheet, feeder))),
            }
        })
        .collect())
}
