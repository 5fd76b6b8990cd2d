//! Workbooks → one `Table` per worksheet. xlsx/xlsm and xlsb stream their
//! cells through calamine's cell readers on a producer thread, so memory
//! follows the cells that exist, not the declared range (one stray cell at
//! XFD1048576 costs one row, not 17 billion cells). xls and ods go through
//! calamine's in-memory range (those formats have no cell reader).
//! Cells become text plus how they were stored; number formats that pad
//! with zeros are remembered.

use std::fmt::Write as _;
use std::io::BufReader;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsb, Xlsx};

use super::guards::{
    book_error, ods_within_bounds, shared_strings_within_bounds, xls_within_bounds, zip_book, Book,
};
use super::origin::{Bytes, Origin};
use super::threaded::{guarded, Feeder, Threaded};
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

/// Writes a cell's text into `buf` and says how it was stored. `date1904`:
/// the workbook counts its date serials from 1904 (Excel for Mac), not 1900.
fn cell_text(cell: &DataRef<'_>, pad: Option<u8>, date1904: bool, buf: &mut String) -> Stored {
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
        DataRef::DateTime(dt) => match excel_date(dt.as_f64(), date1904) {
            Some(d) if dt.is_datetime() => {
                let _ = write!(buf, "{d}");
                Stored::Date
            }
            _ => number(buf, dt.as_f64()),
        },
        DataRef::DateTimeIso(s) => iso_date(s, buf),
        DataRef::DurationIso(s) => text(s, buf),
        DataRef::Error(e) => {
            let _ = write!(buf, "{e}");
            Stored::Error
        }
    }
}

/// The date a serial stands for in the workbook's date system.
fn excel_date(serial: f64, date1904: bool) -> Option<Date> {
    if date1904 {
        Date::from_excel_serial_1904(serial)
    } else {
        Date::from_excel_serial(serial)
    }
}

/// An ISO 8601 date-time (how OpenDocument and strict xlsx store dates):
/// its date part, a `Date`; text when it is no date.
fn iso_date(s: &str, buf: &mut String) -> Stored {
    let day = s.split('T').next().unwrap_or(s);
    if Date::parse_iso(day).is_some() {
        buf.push_str(day);
        Stored::Date
    } else {
        text(s, buf)
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
        // OpenDocument's dates: a date, not text (one clone a date cell).
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
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

fn open_error(e: calamine::Error) -> InputError {
    match e {
        calamine::Error::Io(io) => InputError::from_io(io),
        other => book_error(other),
    }
}

/// The container a workbook's first bytes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// A zip: xlsx, xlsm, xlsb or ods, told apart by the parts inside.
    Zip,
    /// An OLE compound file: xls, or an encrypted OOXML workbook.
    Ole,
}

/// A workbook's bytes as calamine reads them.
type Source = BufReader<Bytes>;

/// Opens `origin` as a workbook of calamine's reader `R`.
fn open_as<R: Reader<Source>>(origin: &Origin) -> Result<R, InputError>
where
    R::Error: std::fmt::Display,
{
    R::new(BufReader::new(origin.open()?)).map_err(book_error)
}

/// Opens `origin` as the workbook `book`, behind calamine's common reader.
fn open_book(origin: &Origin, book: Book) -> Result<Sheets<Source>, InputError> {
    Ok(match book {
        Book::Xlsx => Sheets::Xlsx(open_as(origin)?),
        Book::Xlsb => Sheets::Xlsb(open_as(origin)?),
        Book::Xls => Sheets::Xls(open_as(origin)?),
        Book::Ods => Sheets::Ods(open_as::<Ods<_>>(origin)?),
    })
}

/// An OLE file is an xls, unless it holds an encrypted OOXML package,
/// which calamine's xlsx reader recognises.
fn ole_book(origin: &Origin) -> Result<Sheets<Source>, InputError> {
    if let Ok(c) = cfb::CompoundFile::open(origin.open()?) {
        if c.is_stream("/EncryptedPackage") {
            return Err(InputError::Encrypted);
        }
    }
    xls_within_bounds(origin)?;
    match Xls::new(BufReader::new(origin.open()?)) {
        Ok(xls) => Ok(Sheets::Xls(xls)),
        Err(e) => match Xlsx::new(BufReader::new(origin.open()?)) {
            Err(calamine::XlsxError::Password) => Err(InputError::Encrypted),
            _ => Err(book_error(e)),
        },
    }
}

fn stream_xlsx(origin: &Origin, sheet: &str, feeder: &mut Feeder) -> Result<(), InputError> {
    let mut book: Xlsx<Source> = open_as(origin)?;
    let date1904 = book.has_1904_epoch();
    let mut padded = padded_cells(&mut book, sheet)?.into_iter().peekable();
    let mut cells = book.worksheet_cells_reader(sheet).map_err(book_error)?;
    while let Some(cell) = cells
        .next_cell_with_formula_metadata()
        .map_err(book_error)?
    {
        let (r, c) = cell.pos;
        let pad = padded.next_if(|&(at, _)| at == (r, c)).map(|(_, w)| w);
        // A cell without a value is a formula whose result was never
        // stored only when it holds a formula: a blank cell that carries
        // a style (a highlighted blank) or an empty string is just empty.
        if matches!(cell.value, DataRef::Empty) && cell.formula.is_some() {
            place(feeder, r, c, |_| Stored::Uncalculated);
        } else {
            place(feeder, r, c, |buf| {
                cell_text(&cell.value, pad, date1904, buf)
            });
        }
        if feeder.closed {
            break;
        }
    }
    Ok(())
}

/// A cell's (row, column) and the width its number format pads it to.
type Padded = ((u32, u32), u8);

/// The cells of `sheet` whose number format pads with zeros, with its
/// width, in the sheet's order. calamine gives a cell's style or its
/// formula, not both, so this is a pass of its own ahead of the values,
/// made only when the workbook has such a format at all.
fn padded_cells(book: &mut Xlsx<Source>, sheet: &str) -> Result<Vec<Padded>, InputError> {
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
    let mut out = Vec::new();
    if pads.iter().all(Option::is_none) {
        return Ok(out);
    }
    while let Some((r, c, style)) = cells.next_style_id().map_err(book_error)? {
        if let Some(&Some(width)) = pads.get(style) {
            out.push(((r, c), width));
        }
    }
    Ok(out)
}

fn stream_xlsb(origin: &Origin, sheet: &str, feeder: &mut Feeder) -> Result<(), InputError> {
    let mut book: Xlsb<Source> = open_as(origin)?;
    let date1904 = book.has_1904_epoch();
    let mut cells = book.worksheet_cells_reader(sheet).map_err(book_error)?;
    while let Some(cell) = cells.next_cell().map_err(book_error)? {
        let (r, c) = cell.get_position();
        place(feeder, r, c, |buf| {
            cell_text(cell.get_value(), None, date1904, buf)
        });
        if feeder.closed {
            break;
        }
    }
    Ok(())
}

fn stream_range(
    origin: &Origin,
    book: Book,
    sheet: &str,
    feeder: &mut Feeder,
) -> Result<(), InputError> {
    let mut book = open_book(origin, book)?;
    let date1904 = match &book {
        Sheets::Xls(b) => b.has_1904_epoch(),
        Sheets::Xlsx(b) => b.has_1904_epoch(),
        Sheets::Xlsb(b) => b.has_1904_epoch(),
        // OpenDocument stores dates as ISO text, not as serials.
        Sheets::Ods(_) => false,
    };
    let range = book.worksheet_range(sheet).map_err(open_error)?;
    let Some((first_row, first_col)) = range.start() else {
        return Ok(());
    };
    for (i, cells) in range.rows().enumerate() {
        for (j, cell) in cells.iter().enumerate() {
            if !matches!(cell, Data::Empty) {
                let (r, c) = (first_row + i as u32, first_col + j as u32);
                place(feeder, r, c, |buf| {
                    cell_text(&data_ref(cell), None, date1904, buf)
                });
            }
        }
        if feeder.closed {
            break;
        }
    }
    Ok(())
}

/// Opens a workbook and returns one table per worksheet. `format` is what
/// the first bytes showed; `renamed`: the file is named like text.
pub(super) fn open(
    origin: &Origin,
    format: Format,
    opts: &ReadOptions,
    renamed: bool,
) -> Result<Vec<Table>, InputError> {
    guarded(|| open_unguarded(origin, format, opts, renamed))
}

fn open_unguarded(
    origin: &Origin,
    format: Format,
    opts: &ReadOptions,
    renamed: bool,
) -> Result<Vec<Table>, InputError> {
    let (book, sheets) = match format {
        Format::Zip => {
            let book = zip_book(origin)?;
            if book == Book::Ods {
                ods_within_bounds(origin)?;
            }
            shared_strings_within_bounds(origin, book)?;
            (book, open_book(origin, book)?)
        }
        Format::Ole => (Book::Xls, ole_book(origin)?),
    };
    let sheets: Vec<(String, bool)> = sheets
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    for wanted in &opts.sheets {
        if !sheets.iter().any(|(s, _)| s == wanted) {
            return Err(InputError::NoSuchSheet(wanted.clone()));
        }
    }
    Ok(sheets
        .into_iter()
        .filter(|(name, _)| opts.sheets.is_empty() || opts.sheets.contains(name))
        .map(|(name, hidden)| {
            let (origin, sheet) = (origin.clone(), name.clone());
            let rows = Threaded::new(move |feeder| match book {
                Book::Xlsx => stream_xlsx(&origin, &sheet, feeder),
                Book::Xlsb => stream_xlsb(&origin, &sheet, feeder),
                Book::Xls | Book::Ods => stream_range(&origin, book, &sheet, feeder),
            });
            Table {
                sheet: Some(name),
                disguised: renamed,
                hidden,
                delimiter: None,
                rows: Box::new(rows),
            }
        })
        .collect())
}
