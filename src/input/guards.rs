//! Guards a workbook passes before calamine opens it: what a zip holds
//! (xlsx, xlsb or ods) and the sizes its parts declare, the cells an .ods
//! would expand to, and the cells an .xls's records span. Each refuses
//! in plain words what would make calamine exhaust memory or abort.

use std::io::BufReader;

use super::origin::Origin;
use super::InputError;

/// A workbook library's error in the user's terms: a password, a range
/// too large, a damaged file, or what the library said.
pub(super) fn book_error(e: impl std::fmt::Display) -> InputError {
    let text = e.to_string();
    let has = |needle: &str| text.to_ascii_lowercase().contains(needle);
    if has("password protected") {
        InputError::Encrypted
    } else if has("cell limit exceeded") {
        // calamine refuses ODS sheets whose declared range would expand
        // past 100 million cells.
        InputError::RangeTooLarge
    } else if [
        "zip",
        "eocd",
        "eof",
        "fill whole buffer",
        "crc",
        "unexpected end",
        "deflate",
    ]
    .iter()
    .any(|n| has(n))
    {
        InputError::Damaged(text)
    } else {
        InputError::Workbook(text)
    }
}

/// The workbook formats calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Book {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// Past these, a zip part is not a roster but a decompression bomb: a
/// million-row sheet is about 150 MB of XML at 5-10 times its compressed
/// size, while a bomb expands hundreds or thousands of times.
const MAX_PART: u64 = 4 << 30;
const BOMB_PART: u64 = 256 << 20;
const BOMB_RATIO: u64 = 100;

/// Which workbook a zip holds, by its parts, refusing decompression bombs
/// by the sizes the zip declares (read from its directory, nothing
/// inflated).
pub(super) fn zip_book(origin: &Origin) -> Result<Book, InputError> {
    let file = origin.open()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(book_error)?;
    let mut book = None;
    let mut sizes = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            return Err(InputError::Damaged(format!("zip entry {i}")));
        };
        sizes.push((part.size(), part.compressed_size()));
        match part.name().as_deref() {
            Ok("xl/workbook.xml") => book = Some(Book::Xlsx),
            Ok("xl/workbook.bin") => book = Some(Book::Xlsb),
            Ok("content.xml") => book = book.or(Some(Book::Ods)),
            _ => {}
        }
    }
    if let Some(size) = bomb(&sizes) {
        return Err(InputError::ZipBomb(size));
    }
    book.ok_or_else(|| InputError::Workbook("a zip without a workbook inside".into()))
}

/// The size a zip's parts declare when it is a decompression bomb: one
/// part, or all of them together (many parts each under the limits add
/// up the same way), past the limits above.
fn bomb(parts: &[(u64, u64)]) -> Option<u64> {
    let too_much = |size: u64, packed: u64| {
        size > MAX_PART || (size > BOMB_PART && size / packed.max(1) > BOMB_RATIO)
    };
    let (all, all_packed) = parts.iter().fold((0u64, 0u64), |(a, p), &(s, c)| {
        (a.saturating_add(s), p.saturating_add(c))
    });
    parts
        .iter()
        .find(|&&(s, c)| too_much(s, c))
        .map(|&(s, _)| s)
        .or_else(|| (all > MAX_PART && too_much(all, all_packed)).then_some(all))
}

/// Most shared strings a workbook may hold. calamine 0.38 reads the whole
/// table into memory as it opens an .xlsx or .xlsb, about 110 bytes a
/// string beside its text (five million took 554 MB) and reserves room
/// for as many as an .xlsx declares (a declared four billion asked for 96
/// GB and the process aborted). Two million cover a million-row sheet
/// with two text columns of its own.
const MAX_SHARED_STRINGS: u64 = 1 << 21;
/// Most bytes of text the shared strings of an .xlsx may hold together.
const MAX_SHARED_TEXT: u64 = 128 << 20;

/// Reads the shared strings of an .xlsx or .xlsb before calamine does:
/// more strings (counted, or declared up front) or more text than the
/// limits above is refused. Malformed parts are left for calamine to
/// report.
pub(super) fn shared_strings_within_bounds(origin: &Origin, book: Book) -> Result<(), InputError> {
    let file = origin.open()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(book_error)?;
    // calamine finds the part by name, whatever its case.
    let suffix = match book {
        Book::Xlsx => "sharedstrings.xml",
        Book::Xlsb => "sharedstrings.bin",
        Book::Xls | Book::Ods => return Ok(()),
    };
    let parts: Vec<usize> = (0..zip.len())
        .filter(|&i| {
            zip.name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| n.to_ascii_lowercase().ends_with(suffix)))
        })
        .collect();
    for i in parts {
        let part = zip.by_index(i).map_err(book_error)?;
        let within = match book {
            Book::Xlsb => xlsb_strings_within(BufReader::new(part), MAX_SHARED_STRINGS),
            _ => xlsx_strings_within(BufReader::new(part), MAX_SHARED_STRINGS, MAX_SHARED_TEXT),
        };
        if !within {
            return Err(InputError::TooManyStrings);
        }
    }
    Ok(())
}

/// True when sharedStrings.xml holds (and declares) at most `strings`
/// strings of at most `bytes` bytes of text.
fn xlsx_strings_within(part: impl std::io::BufRead, max_strings: u64, max_text: u64) -> bool {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(part);
    let (mut strings, mut text) = (0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return true,
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sst" => {
                    let declared = e
                        .try_get_attribute("uniqueCount")
                        .ok()
                        .flatten()
                        .map_or(0, |a| number(a.value.as_bytes()));
                    if declared > max_strings {
                        return false;
                    }
                }
                "si" => strings += 1,
                _ => {}
            },
            Ok(Event::Text(t)) => text += t.len() as u64,
            Ok(Event::CData(t)) => text += t.len() as u64,
            Ok(_) => {}
        }
        if strings > max_strings || text > max_text {
            return false;
        }
        buf.clear();
    }
}

/// The number in the digits of `text` (after a `+`, spaces around),
/// saturating; 0 when it is none.
fn number(text: &[u8]) -> u64 {
    let text = text.trim_ascii();
    let digits = text.strip_prefix(b"+").unwrap_or(text);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return 0;
    }
    digits.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    })
}

/// True when sharedStrings.bin declares at most `max_strings` strings:
/// calamine reads as many as its BrtBeginSst record declares (MS-XLSB
/// 2.4.26: cstTotal, then cstUnique), or fails.
fn xlsb_strings_within(mut part: impl std::io::Read, max_strings: u64) -> bool {
    // The first records (BrtBeginSst comes first in practice).
    for _ in 0..16 {
        let (Some(kind), Some(size)) = (varint(&mut part, 2), varint(&mut part, 4)) else {
            return true;
        };
        let mut data = vec![0u8; (size as usize).min(1 << 16)];
        if part.read_exact(&mut data).is_err() {
            return true;
        }
        if kind == 0x009F {
            let unique = data.get(4..8).map_or(0, |u| {
                u64::from(u32::from_le_bytes([u[0], u[1], u[2], u[3]]))
            });
            return unique <= max_strings;
        }
        if size as usize > data.len() {
            return true;
        }
    }
    true
}

/// A record's type or size: up to `bytes` bytes of 7 bits each, the high
/// bit saying another follows (MS-XLSB 2.1.4).
fn varint(part: &mut impl std::io::Read, bytes: usize) -> Option<u32> {
    let mut v = 0u32;
    for i in 0..bytes {
        let mut b = [0u8];
        part.read_exact(&mut b).ok()?;
        v |= u32::from(b[0] & 0x7F) << (7 * i);
        if b[0] & 0x80 == 0 {
            break;
        }
    }
    Some(v)
}

/// Most cells calamine may lay out for the tables of an .ods: it expands
/// repeated rows and cells into a dense range (up to its own limit of 100
/// million, 3 GB and more; an 848-byte file reached 6 GB).
const ODS_MAX_CELLS: u64 = 1 << 24;

/// Reads content.xml as a stream before calamine does, adding up what its
/// tables would expand to: per table, the rows up to the last one holding
/// a value times the widest such row (repeats included, with calamine's
/// caps of 1,048,576 rows and 16,384 columns). Malformed XML is left for
/// calamine to report; what was counted before it still counts.
pub(super) fn ods_within_bounds(origin: &Origin) -> Result<(), InputError> {
    use quick_xml::events::{BytesStart, Event};
    let file = origin.open()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(book_error)?;
    let content = zip.by_name("content.xml").map_err(book_error)?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let repeats = |e: &BytesStart, attr: &str, cap: u64| -> u64 {
        e.try_get_attribute(attr)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .min(cap)
    };
    let (mut total, mut row, mut last_row, mut widest) = (0u64, 0u64, 0u64, 0u64);
    let (mut col, mut width) = (0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    total += last_row * widest;
                    (row, last_row, widest) = (0, 0, 0);
                }
                "table:table-row" => {
                    row = (row + repeats(e, "table:number-rows-repeated", 1 << 20)).min(1 << 20);
                    (col, width) = (0, 0);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    col = (col + repeats(e, "table:number-columns-repeated", 1 << 14)).min(1 << 14);
                    let valued =
                        e.attributes().with_checks(false).flatten().any(|a| {
                            matches!(a.key.as_ref(), "office:value-type" | "table:formula")
                        });
                    if valued {
                        width = col;
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" && width > 0 => {
                last_row = row;
                widest = widest.max(width);
            }
            _ => {}
        }
        if total + last_row * widest > ODS_MAX_CELLS {
            return Err(InputError::RangeTooLarge);
        }
        buf.clear();
    }
    Ok(())
}

/// Most cells calamine may lay out densely for all the sheets of an .xls
/// together (it expands every sheet, from its first cell to its last,
/// when the file is opened): one full BIFF8 sheet (65,536 x 256) is 16.8
/// million cells, about 540 MB.
const XLS_MAX_CELLS: u64 = 1 << 24;

/// BIFF8 cell records whose data starts with row and column (MS-XLS 2.4).
const XLS_CELL_RECORDS: [u16; 8] = [
    0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E,
];
/// MULRK and MULBLANK: row, first column, ..., last column.
const XLS_MULTI_RECORDS: [u16; 2] = [0x00BD, 0x00BE];

/// Reads the cell positions of an .xls before calamine does: a column past
/// BIFF's 256, or sheets spanning more than `XLS_MAX_CELLS` in all, would
/// make calamine allocate the dense grid (a few bytes can ask for 137 GB,
/// found by fuzzing) and the process would abort without a word.
pub(super) fn xls_within_bounds(origin: &Origin) -> Result<(), InputError> {
    use std::io::Read;
    let mut cfb =
        cfb::CompoundFile::open(origin.open()?).map_err(|e| InputError::Damaged(e.to_string()))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cfb.is_stream(n))
        .ok_or_else(|| InputError::Damaged("no Workbook stream".into()))?;
    let mut stream = Vec::new();
    cfb.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|e| InputError::Damaged(e.to_string()))?;
    // calamine reads each sheet from the offset its BOUNDSHEET record
    // gives, which need not fall where the walk from the start finds a
    // record (a fuzzed offset made it read a DIMENSIONS asking for 128
    // GB): walk from the start, then from every such offset.
    let (linear, sheets) = xls_walk(&stream, false)?;
    let mut laid_out = 0;
    for pos in sheets {
        if let Some(rest) = stream.get(pos..) {
            laid_out += xls_walk(rest, true)?.0;
        }
    }
    if linear.max(laid_out) > XLS_MAX_CELLS {
        return Err(InputError::RangeTooLarge);
    }
    Ok(())
}

/// Walks the BIFF records of `stream`, to its end or, with `one_sheet`,
/// to the end of the first substream (as calamine reads a sheet): the
/// cells the sheets met span, and the sheet offsets of the BOUNDSHEET
/// records met. Errors as soon as a cell lies outside the grid or a range
/// is too large.
fn xls_walk(stream: &[u8], one_sheet: bool) -> Result<(u64, Vec<usize>), InputError> {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    // (first row, last row, first col, last col) of the current substream.
    let mut span: Option<(u16, u16, u16, u16)> = None;
    let mut total: u64 = 0;
    let mut sheets = Vec::new();
    let mut close = |span: &mut Option<(u16, u16, u16, u16)>| {
        if let Some((r0, r1, c0, c1)) = span.take() {
            total += (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        }
        total
    };
    let (mut at, mut depth) = (0, 0u32);
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + usize::from(len)).unwrap_or(&[]);
        at += 4 + usize::from(len);
        let cells = if XLS_CELL_RECORDS.contains(&kind) {
            (u16_at(data, 0), u16_at(data, 2), u16_at(data, 2))
        } else if XLS_MULTI_RECORDS.contains(&kind) && data.len() >= 6 {
            (
                u16_at(data, 0),
                u16_at(data, 2),
                u16_at(data, data.len() - 2),
            )
        } else {
            match kind {
                // FILEPASS: the records after it are encrypted.
                0x002F => return Err(InputError::Encrypted),
                // BOUNDSHEET: where a sheet's records start.
                0x0085 if data.len() >= 6 => {
                    let pos = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
                    sheets.push(pos as usize);
                }
                // BOF: a sheet starts at depth 0 (charts nest inside one).
                0x0809 => {
                    if depth == 0 && close(&mut span) > XLS_MAX_CELLS {
                        return Err(InputError::RangeTooLarge);
                    }
                    depth += 1;
                }
                // EOF of a substream.
                0x000A => {
                    depth = depth.saturating_sub(1);
                    if one_sheet && depth == 0 {
                        break;
                    }
                }
                // DIMENSIONS: calamine reserves room for the declared
                // range up front (a fuzzed file asked for 1.4 TB).
                0x0200 if xls_declared_cells(data) > XLS_MAX_CELLS => {
                    return Err(InputError::RangeTooLarge);
                }
                _ => {}
            }
            continue;
        };
        let (Some(row), Some(first), Some(last)) = cells else {
            continue;
        };
        if first > last || last > 255 {
            return Err(InputError::Damaged("a cell outside the .xls grid".into()));
        }
        span = Some(match span {
            None => (row, row, first, last),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(first), c1.max(last)),
        });
    }
    if close(&mut span) > XLS_MAX_CELLS {
        return Err(InputError::RangeTooLarge);
    }
    Ok((total, sheets))
}

/// The cells a DIMENSIONS record declares, read as calamine 0.38 reads
/// it (`parse_dimensions`, including its u32 wrap-around).
fn xls_declared_cells(data: &[u8]) -> u64 {
    let u16_at = |i: usize| u32::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1);
    let cols = end_c.wrapping_sub(cf).wrapping_add(1);
    u64::from(rows) * u64::from(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An .xls (a compound file with a Workbook stream) of BIFF records.
    fn xls(records: &[(u16, Vec<u8>)]) -> tempfile::NamedTempFile {
        use std::io::Write;
        let file = tempfile::Builder::new().suffix(".xls").tempfile().unwrap();
        let mut cfb = cfb::create(file.path()).unwrap();
        let mut stream = cfb.create_stream("/Workbook").unwrap();
        for (kind, data) in records {
            stream.write_all(&kind.to_le_bytes()).unwrap();
            stream
                .write_all(&(data.len() as u16).to_le_bytes())
                .unwrap();
            stream.write_all(data).unwrap();
        }
        drop(stream);
        cfb.flush().unwrap();
        file
    }

    /// Where a test file is read from.
    fn at(file: &tempfile::NamedTempFile) -> Origin {
        Origin::file(file.path())
    }

    /// A NUMBER record at (row, col).
    fn number(row: u16, col: u16) -> (u16, Vec<u8>) {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        (0x0203, d)
    }

    const BOF: (u16, Vec<u8>) = (0x0809, Vec::new());
    const EOF: (u16, Vec<u8>) = (0x000A, Vec::new());

    #[test]
    fn zip_bombs_by_declared_sizes() {
        const MB: u64 = 1 << 20;
        // A million-row sheet: 150 MB at 6x, and its shared strings.
        assert_eq!(bomb(&[(150 * MB, 25 * MB), (40 * MB, 8 * MB)]), None);
        // One part of 300 MB at 1000x (fixtures/hostile/bomba.xlsx).
        assert_eq!(bomb(&[(300 * MB, 300 * 1024)]), Some(300 * MB));
        // Twenty parts of 240 MB, each under the part limit.
        let many = vec![(240 * MB, 240 * 1024); 20];
        assert_eq!(bomb(&many), Some(20 * 240 * MB));
        // Anything past 4 GiB, whatever its ratio.
        assert_eq!(bomb(&[(5 << 30, 4 << 30)]), Some(5 << 30));
    }

    /// Shared strings are counted (whatever their prefix, empty ones
    /// too), their declared count read, their text added up; limits of
    /// 3 strings and 10 bytes here.
    #[test]
    fn shared_strings_are_counted_before_calamine_holds_them() {
        let within = |xml: &str| xlsx_strings_within(xml.as_bytes(), 3, 10);
        let sst = |items: &str| format!("<sst xmlns=\"ns\">{items}</sst>");
        assert!(within(&sst("<si><t>a</t></si><si/><si><t>b</t></si>")));
        assert!(!within(&sst(
            "<si><t>a</t></si><si/><si/><si><t>b</t></si>"
        )));
        assert!(!within(
            "<x:sst xmlns:x=\"ns\"><x:si/><x:si/><x:si/><x:si/></x:sst>"
        ));
        assert!(!within(&sst("<si><t>abcdefghijk</t></si>")));
        // Declared: calamine reserves room for as many up front.
        assert!(!within(
            "<sst uniqueCount=\"4000000000\"><si><t>a</t></si></sst>"
        ));
        assert!(within("<sst uniqueCount=\" 3 \"><si><t>a</t></si></sst>"));
        assert!(!within("<sst uniqueCount=\"+4\"></sst>"));
    }

    /// An .xlsb's BrtBeginSst (type 0x9F, two bytes; size 8) declares how
    /// many strings calamine reads.
    #[test]
    fn xlsb_shared_strings_are_refused_by_their_declared_count() {
        let sst = |unique: u32| {
            let mut b = vec![0x9F, 0x01, 0x08];
            b.extend(1u32.to_le_bytes());
            b.extend(unique.to_le_bytes());
            b
        };
        assert!(xlsb_strings_within(&sst(5)[..], 5));
        assert!(!xlsb_strings_within(&sst(3_000_000_000)[..], 5));
        // After another record (BrtBeginBook-like, type 0x83 0x01, empty).
        let mut later = vec![0x83, 0x01, 0x00];
        later.extend(sst(6));
        assert!(!xlsb_strings_within(&later[..], 5));
        assert!(xlsb_strings_within(&b""[..], 5));
    }

    #[test]
    fn xls_cells_are_checked_before_calamine_lays_them_out() {
        // One full BIFF8 sheet is allowed ...
        let one = xls(&[BOF, number(0, 0), number(65_535, 255), EOF]);
        assert!(xls_within_bounds(&at(&one)).is_ok());
        // ... a column past IV is a damaged file ...
        let wide = xls(&[BOF, number(0, 0), number(3, 300), EOF]);
        assert!(matches!(
            xls_within_bounds(&at(&wide)),
            Err(InputError::Damaged(_))
        ));
        // ... and two full sheets (a chart nested in the first) too many.
        let two = xls(&[
            BOF,
            number(0, 0),
            BOF,
            EOF,
            number(65_535, 255),
            EOF,
            BOF,
            number(0, 0),
            number(65_535, 255),
            EOF,
        ]);
        assert!(matches!(
            xls_within_bounds(&at(&two)),
            Err(InputError::RangeTooLarge)
        ));
        // A declared range calamine would reserve up front.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(4_000_000_000u32.to_le_bytes());
        dims.extend([0, 0, 200, 0, 0, 0]);
        let declared = xls(&[BOF, (0x0200, dims), number(0, 0), EOF]);
        assert!(matches!(
            xls_within_bounds(&at(&declared)),
            Err(InputError::RangeTooLarge)
        ));
        // FILEPASS: encrypted.
        let locked = xls(&[BOF, (0x002F, vec![1, 0]), EOF]);
        assert!(matches!(
            xls_within_bounds(&at(&locked)),
            Err(InputError::Encrypted)
        ));
    }
}
