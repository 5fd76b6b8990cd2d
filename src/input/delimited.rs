//! Delimited text (CSV, TSV, TXT) → a `Table`, the way Excel and school
//! systems write it: UTF-8 with or without BOM, UTF-16 with BOM (Excel's
//! "Unicode text"), or Windows-1252 when the bytes are not UTF-8 (decided
//! per record, so a late `Ñ` in Windows-1252 does not stop the run); the
//! delimiter sniffed among `,` `;` tab `|`; records streamed through one
//! reused `csv::ByteRecord`; row numbers as a spreadsheet shows them.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::blocks::Blocks;
use super::threaded::Threaded;
use super::{InputError, ReadOptions, Record, RowSource, Stored, Table};

/// How much of the file the sniffers look at.
const SNIFF_BYTES: usize = 64 * 1024;
/// Excel's 16,384 columns: the most cells a row keeps.
pub(super) const MAX_COLS: usize = 16_384;
/// Records per batch.
const BATCH: usize = 8 * 1024;

/// The delimiter that splits the first lines most consistently: among
/// those found on every line, the one giving the most fields on the first.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(30)
        .collect();
    let count = |line: &[u8], d: u8| {
        let mut quoted = false;
        line.iter()
            .filter(|&&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                b == d && !quoted
            })
            .count()
    };
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        // Lines above the table (titles) may lack the delimiter: judge on
        // the most common count rather than on every line.
        let most = counts.iter().copied().max().unwrap_or(0);
        let consistent = counts.iter().filter(|&&c| c == most).count();
        let score = most * consistent;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// How the bytes become text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decoding {
    /// UTF-8, each record falling back to Windows-1252 when it is not.
    Utf8Auto { bom: bool },
    /// A single-byte encoding the user named, applied to every field.
    Fixed(&'static Encoding),
    /// UTF-16 transcoded to UTF-8 on the fly.
    Utf16(&'static Encoding),
}

/// UTF-16 without a BOM shows as NUL bytes in every other position.
pub(super) fn looks_utf16(head: &[u8]) -> Option<&'static Encoding> {
    if head.len() < 16 {
        return None;
    }
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = head.len() / 2;
    if nul_at(1) * 10 > half * 8 && nul_at(0) * 10 < half {
        Some(UTF_16LE)
    } else if nul_at(0) * 10 > half * 8 && nul_at(1) * 10 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn decoding(head: &[u8], label: Option<&str>) -> Result<Decoding, InputError> {
    if let Some(label) = label {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| InputError::UnknownEncoding(label.to_string()))?;
        return Ok(if enc == UTF_16LE || enc == UTF_16BE {
            Decoding::Utf16(enc)
        } else if enc == UTF_8 {
            Decoding::Utf8Auto {
                bom: head.starts_with(b"\xEF\xBB\xBF"),
            }
        } else {
            Decoding::Fixed(enc)
        });
    }
    Ok(match Encoding::for_bom(head) {
        Some((enc, _)) if enc == UTF_8 => Decoding::Utf8Auto { bom: true },
        Some((enc, _)) => Decoding::Utf16(enc),
        None => match looks_utf16(head) {
            Some(enc) => Decoding::Utf16(enc),
            None => Decoding::Utf8Auto { bom: false },
        },
    })
}

/// Turns a carriage return not followed by a line feed into a line feed,
/// so that every line ending (CRLF, LF, and the lone CR of old Mac
/// exports, even mixed in one file) ends a record and counts as a line.
/// CRLF is left alone; its CR is dropped from the last field later.
struct LoneCr<R> {
    inner: std::io::BufReader<R>,
}

impl<R: Read> LoneCr<R> {
    fn new(inner: R) -> LoneCr<R> {
        LoneCr {
            inner: std::io::BufReader::with_capacity(64 * 1024, inner),
        }
    }
}

impl<R: Read> Read for LoneCr<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use std::io::BufRead;
        let data = self.inner.fill_buf()?;
        let n = data.len().min(out.len());
        out[..n].copy_from_slice(&data[..n]);
        // What follows the last byte copied, when it is still buffered.
        let after = data.get(n).copied();
        self.inner.consume(n);
        if n == 0 || !out[..n].contains(&b'\r') {
            return Ok(n);
        }
        for i in 0..n {
            if out[i] != b'\r' {
                continue;
            }
            let next = match out.get(i + 1).filter(|_| i + 1 < n) {
                Some(&b) => Some(b),
                None => match after {
                    Some(b) => Some(b),
                    None => self.inner.fill_buf()?.first().copied(),
                },
            };
            if next != Some(b'\n') {
                out[i] = b'\n';
            }
        }
        Ok(n)
    }
}

/// What the records read so far had, shared by every reader of one file
/// (the blocks parsed on several threads, then the sequential rest).
#[derive(Debug, Default)]
pub(super) struct Seen {
    utf8: AtomicBool,
    windows_1252: AtomicBool,
    /// The most cells a record has had: a line swallowed by an unclosed
    /// quote looks like a row of about that many.
    widest: AtomicUsize,
}

impl Seen {
    /// Adds what some records had.
    pub(super) fn note(&self, utf8: bool, windows_1252: bool, widest: usize) {
        self.utf8.fetch_or(utf8, Ordering::Relaxed);
        self.windows_1252.fetch_or(windows_1252, Ordering::Relaxed);
        self.widest.fetch_max(widest, Ordering::Relaxed);
    }
}

/// The records of delimited text, in order, as batches of `Record`s.
pub(super) struct CsvRows<R> {
    reader: csv::Reader<Ends<R>>,
    record: csv::ByteRecord,
    /// A read error met after some records of a batch: those are handed
    /// over first, the error with the next batch.
    pending: Option<InputError>,
    decoding: Decoding,
    /// Row (as a spreadsheet shows it) of the previous record and the
    /// reader's line count after it (1 before the first record).
    last: (u64, u64),
    delimiter: u8,
    seen: Arc<Seen>,
    saw_utf8: bool,
    saw_1252: bool,
    widest: usize,
}

/// A reader that tells whether it has met its end.
pub(super) struct Ends<R> {
    inner: R,
    ended: bool,
}

impl<R: Read> Read for Ends<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        self.ended |= n == 0 && !out.is_empty();
        Ok(n)
    }
}

/// The csv crate's reader as every delimited input is read. Records end
/// at '\n' only (lone CRs become '\n' on the way in), so that each
/// consumes exactly its own line whatever the mix of line endings; the
/// '\r' of CRLF left on the last field is dropped from the record.
fn csv_reader<R: Read>(source: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(false)
        .flexible(true)
        .from_reader(source)
}

fn csv_error(e: csv::Error) -> InputError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => InputError::from_io(io),
        other => InputError::Csv(format!("{other:?}")),
    }
}

impl<R: Read> CsvRows<R> {
    /// Records of `source`, which must end with a line break, whose first
    /// line comes after `lines_before` lines of the file.
    pub(super) fn new(
        source: R,
        delimiter: u8,
        decoding: Decoding,
        seen: Arc<Seen>,
        lines_before: u64,
    ) -> CsvRows<R> {
        CsvRows {
            reader: csv_reader(
                Ends {
                    inner: source,
                    ended: false,
                },
                delimiter,
            ),
            record: csv::ByteRecord::new(),
            pending: None,
            decoding,
            last: (lines_before, 1),
            delimiter,
            saw_utf8: false,
            saw_1252: false,
            widest: seen.widest.load(Ordering::Relaxed),
            seen,
        }
    }

    /// The spreadsheet row of the record just read: Excel and LibreOffice
    /// show a blank line as an empty row and a quoted line break inside a
    /// cell as part of one row. The reader's line count after a record
    /// includes the blank lines skipped before it, so those are the lines
    /// consumed beyond the record's own: its line breaks and the one that
    /// ended it. Every line ends with a line break (one is appended to the
    /// input), so only a quote left open to the end of the text ends a
    /// record without one (`terminated` false).
    fn row_of_record(&mut self, has_newline: bool, terminated: bool) -> u64 {
        let end = self.reader.position().line();
        let inner = if has_newline {
            self.record
                .as_slice()
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
        } else {
            0
        };
        let (row, last_end) = self.last;
        let blank = end.saturating_sub(last_end + inner + u64::from(terminated));
        let row = row + 1 + blank;
        self.last = (row, end);
        row
    }
}

impl<R: Read> CsvRows<R> {
    /// A quote opened in a cell and never closed swallows the lines after
    /// it into that cell, as Excel and the csv crate both read it: rows
    /// would silently vanish. When a cell of record `out[n]` holds line
    /// breaks followed by lines that look like rows, those lines are read
    /// back as the rows they were, with their own row numbers, and the
    /// record is marked (`row.unclosed_quote`). Returns how many records
    /// `out[n..]` now holds.
    fn recover(&mut self, out: &mut Vec<Record>, n: usize) -> usize {
        let rec = &out[n];
        let d = char::from(self.delimiter);
        let looks_like_row = |line: &str| {
            let cells = line.matches(d).count() + 1;
            cells >= 3 && cells + 1 >= self.widest
        };
        // A legitimate cell with a line break (an address) has a line or
        // two; one that swallowed rows has several row-like lines, or ends
        // with the file's own last line break (the quote ran to the end).
        let swallowed_rows = |cell: &str| {
            let rows = cell
                .split('\n')
                .skip(1)
                .filter(|l| looks_like_row(l))
                .count();
            rows >= 2 || (rows == 1 && cell.ends_with('\n'))
        };
        let Some(at) = (0..rec.len()).find(|&i| swallowed_rows(rec.get(i))) else {
            return 1;
        };
        let row = rec.row;
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        // The file's last line break ends the file, not a swallowed line.
        let swallowed = if at + 1 == cells.len() {
            cells[at].trim_end_matches(['\r', '\n'])
        } else {
            &cells[at]
        };
        let mut lines = swallowed.split('\n');
        let first = lines.next().unwrap_or("");
        let rest: Vec<&str> = lines.collect();
        let head = &mut out[n];
        head.clear();
        head.row = row;
        head.unclosed_quote = rest.len() as u32;
        for cell in &cells[..at] {
            head.push(cell, Stored::of_text(cell.len()));
        }
        let first = first.strip_suffix('\r').unwrap_or(first);
        head.push(first, Stored::of_text(first.len()));
        let mut k = 1;
        for (i, line) in rest.iter().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let mut fields: Vec<String> = csv::ReaderBuilder::new()
                .delimiter(self.delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(line.as_bytes())
                .records()
                .next()
                .and_then(Result::ok)
                .map(|r| r.iter().map(str::to_string).collect())
                .unwrap_or_else(|| vec![line.to_string()]);
            if i + 1 == rest.len() {
                fields.extend(cells[at + 1..].iter().cloned());
            }
            // Blank lines are skipped, as the reader skips them.
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if out.len() <= n + k {
                out.push(Record::default());
            }
            let rec = &mut out[n + k];
            rec.clear();
            rec.row = row + 1 + i as u64;
            for f in &fields {
                rec.push(f, Stored::of_text(f.len()));
            }
            k += 1;
        }
        // Every swallowed line was a row: the next record comes after them.
        self.last.0 = row + rest.len() as u64;
        k
    }
}

impl<R: Read> CsvRows<R> {
    /// Reads up to about `limit` records into `out` (reusing its records)
    /// and returns how many there are; 0 at the end.
    pub(super) fn read_into(
        &mut self,
        out: &mut Vec<Record>,
        limit: usize,
    ) -> Result<usize, InputError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let mut n = 0;
        while n < limit {
            let ended_before = self.reader.get_ref().ended;
            let more = match self.reader.read_byte_record(&mut self.record) {
                Ok(more) => more,
                Err(e) if n == 0 => return Err(csv_error(e)),
                Err(e) => {
                    self.pending = Some(csv_error(e));
                    false
                }
            };
            if !more {
                break;
            }
            let has_newline = self.record.as_slice().contains(&b'\n');
            // A record ends at a line break without reading further; one
            // the end of the text ended, the reader met that end reading it.
            let terminated = ended_before || !self.reader.get_ref().ended;
            let row = self.row_of_record(has_newline, terminated);
            if out.len() <= n {
                out.push(Record::default());
            }
            let rec = &mut out[n];
            rec.clear();
            rec.row = row;
            fill(
                &self.record,
                self.decoding,
                rec,
                &mut self.saw_utf8,
                &mut self.saw_1252,
            );
            self.widest = self.widest.max(rec.len());
            n += if has_newline { self.recover(out, n) } else { 1 };
        }
        self.seen.note(self.saw_utf8, self.saw_1252, self.widest);
        Ok(n)
    }
}

impl<R: Read + Send> RowSource for CsvRows<R> {
    fn next_batch(&mut self, out: &mut Vec<Record>) -> Result<usize, InputError> {
        self.read_into(out, BATCH)
    }

    fn encoding(&self) -> Option<String> {
        Some(encoding_label(self.decoding, &self.seen))
    }
}

/// Sets `rec`'s cells from a record the csv crate read, decoded as
/// `decoding` says; notes whether the text held UTF-8 beyond ASCII, or
/// bytes read as Windows-1252.
pub(super) fn fill(
    record: &csv::ByteRecord,
    decoding: Decoding,
    rec: &mut Record,
    saw_utf8: &mut bool,
    saw_1252: &mut bool,
) {
    // One validation per record: a valid record's fields are valid
    // (they split at ASCII bytes), so they are sliced, not checked.
    let whole = match decoding {
        Decoding::Utf8Auto { .. } => std::str::from_utf8(record.as_slice()).ok(),
        _ => None,
    };
    *saw_utf8 |= whole.is_some_and(|w| !w.is_ascii());
    let last = record.len().saturating_sub(1);
    // Excel's last column is XFD: cells beyond it are counted, not kept.
    rec.extra_cells = record.len().saturating_sub(MAX_COLS);
    // The common record, valid UTF-8 with every field boundary on a
    // character boundary, is taken whole: the record's bytes are
    // its fields joined, so they become the cells' text at once.
    let joined = whole.filter(|w| {
        rec.extra_cells == 0
            && (0..record.len())
                .all(|i| record.range(i).is_some_and(|r| w.is_char_boundary(r.start)))
    });
    if let Some(w) = joined {
        rec.take_joined(
            w,
            (0..record.len()).map(|i| record.range(i).unwrap_or_default()),
        );
    } else {
        for (i, field) in record.iter().enumerate().take(MAX_COLS) {
            let field = if i == last {
                field.strip_suffix(b"\r").unwrap_or(field)
            } else {
                field
            };
            // The record's bytes joined are valid UTF-8 (checked
            // once), but a delimiter may split a character
            // (`\xc2,\x80`): such a field is decoded on its own.
            let sliced = whole.and_then(|w| {
                let start = record.range(i)?.start;
                w.get(start..start + field.len())
            });
            let text: Cow<str> = match decoding {
                Decoding::Utf8Auto { .. } if sliced.is_some() => {
                    Cow::Borrowed(sliced.unwrap_or(""))
                }
                Decoding::Utf8Auto { .. } => match std::str::from_utf8(field) {
                    Ok(s) => Cow::Borrowed(s),
                    Err(_) => {
                        *saw_1252 = true;
                        WINDOWS_1252.decode_without_bom_handling(field).0
                    }
                },
                Decoding::Fixed(enc) => enc.decode_without_bom_handling(field).0,
                Decoding::Utf16(_) => String::from_utf8_lossy(field),
            };
            rec.push(&text, Stored::of_text(text.len()));
        }
    }
}

/// How a file's bytes were decoded, as the report states it.
pub(super) fn encoding_label(decoding: Decoding, seen: &Seen) -> String {
    let utf8 = seen.utf8.load(Ordering::Relaxed);
    let windows_1252 = seen.windows_1252.load(Ordering::Relaxed);
    match decoding {
        Decoding::Utf8Auto { .. } if windows_1252 && utf8 => "UTF-8 + Windows-1252".to_string(),
        Decoding::Utf8Auto { .. } if windows_1252 => "Windows-1252".to_string(),
        Decoding::Utf8Auto { bom: true } => "UTF-8 (BOM)".to_string(),
        Decoding::Utf8Auto { bom: false } => "UTF-8".to_string(),
        Decoding::Fixed(enc) | Decoding::Utf16(enc) => enc.name().to_string(),
    }
}

pub(super) fn open(path: &Path, opts: &ReadOptions) -> Result<Table, InputError> {
    let mut file = File::open(path).map_err(InputError::from_io)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(InputError::from_io)?;
    let decoding = decoding(&head, opts.encoding.as_deref())?;
    let rest = Cursor::new(head.clone()).chain(file);
    let (source, text_head): (Box<dyn Read + Send>, Vec<u8>) = match decoding {
        Decoding::Utf16(enc) => {
            let (text, _) = enc.decode_with_bom_removal(&head);
            let reader = DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .build(rest);
            (Box::new(reader), text.into_owned().into_bytes())
        }
        Decoding::Utf8Auto { bom: true } => {
            let mut rest = rest;
            let mut bom = [0u8; 3];
            rest.read_exact(&mut bom).map_err(InputError::from_io)?;
            (Box::new(rest), head[3..].to_vec())
        }
        _ => (Box::new(rest), head),
    };
    if text_head.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        return Err(InputError::Empty);
    }
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| sniff_delimiter(&text_head));
    let seen = Arc::new(Seen::default());
    let rows: Box<dyn RowSource> = match decoding {
        // A quote or a line break as the delimiter would be read for
        // what it is, not cut at.
        Decoding::Utf8Auto { .. } if !b"\"\r\n".contains(&delimiter) => {
            Box::new(Blocks::start(source, delimiter, decoding, seen))
        }
        _ => Box::new(in_order(source, delimiter, decoding, seen, 0)),
    };
    Ok(Table {
        sheet: None,
        disguised: false,
        hidden: false,
        rows,
    })
}

/// The records of `source` read in order on a thread of their own, ahead
/// of the checks; its first line comes after `lines_before` of the file.
pub(super) fn in_order(
    source: Box<dyn Read + Send>,
    delimiter: u8,
    decoding: Decoding,
    seen: Arc<Seen>,
    lines_before: u64,
) -> Threaded {
    // The last line ends with a line break like the others, so that its
    // row number counts the blank lines before it.
    let source = LoneCr::new(source.chain(&b"\n"[..]));
    let rows = CsvRows::new(source, delimiter, decoding, seen, lines_before);
    Threaded::ahead(Box::new(rows))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record of `bytes` through this reader (delimiter `,`, UTF-8
    /// with the Windows-1252 fallback): (row, cells).
    fn read_all(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, InputError> {
        let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        let opts = ReadOptions {
            delimiter: Some(b','),
            encoding: Some("utf-8".into()),
            sheets: Vec::new(),
        };
        let mut table = open(file.path(), &opts)?;
        let mut out = Vec::new();
        let mut batch = Vec::new();
        loop {
            let n = table.rows.next_batch(&mut batch)?;
            if n == 0 {
                return Ok(out);
            }
            out.extend(
                batch[..n]
                    .iter()
                    .map(|r| (r.row, r.iter().map(str::to_string).collect())),
            );
        }
    }

    /// The letters and digits of a cell, as this reader decodes it
    /// (UTF-8, else Windows-1252).
    fn alnum(f: &[u8]) -> String {
        let text = std::str::from_utf8(f).map_or_else(
            |_| WINDOWS_1252.decode_without_bom_handling(f).0,
            Cow::Borrowed,
        );
        text.chars().filter(|c| c.is_alphanumeric()).collect()
    }

    /// What the csv crate itself reads from `bytes` with its defaults (any
    /// of CR, LF, CRLF ends a record): the number of records holding a
    /// letter or digit, and all their letters and digits in order.
    fn csv_crate_content(bytes: &[u8]) -> (usize, String) {
        let mut rows = 0;
        let mut all = String::new();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        for r in rdr.byte_records().map_while(Result::ok) {
            let text: String = r.iter().map(alnum).collect();
            rows += usize::from(!text.is_empty());
            all.push_str(&text);
        }
        (rows, all)
    }

    /// Bytes that look like CSV often enough to matter: delimiters,
    /// quotes, every line ending, spaces, letters, multi-byte UTF-8,
    /// stray Windows-1252 bytes, NUL.
    pub(in crate::input) fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b",".to_vec()),
            Just(b"\"".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(b" ".to_vec()),
            Just("Ñ".as_bytes().to_vec()),
            Just(b"\xf1".to_vec()),
            Just(b"\0".to_vec()),
            Just(b"HEGG560427MVZRRL04".to_vec()),
            "[a-z0-9]{1,4}".prop_map(String::into_bytes),
            any::<u8>().prop_map(|b| vec![b]),
        ];
        prop::collection::vec(piece, 0..200).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Never a panic, never a row or a character lost: every record
        /// the csv crate reads with a letter or digit is a record here too
        /// (an unclosed quote can only add the rows it swallowed), every
        /// letter and digit comes through in order, and row numbers grow.
        #[test]
        fn never_loses_a_row_the_csv_crate_reads(bytes in csvish()) {
            let (rows, content) = csv_crate_content(&bytes);
            match read_all(&bytes) {
                Ok(read) => {
                    let ours: Vec<String> = read
                        .iter()
                        .map(|(_, cells)| cells.iter().map(|c| alnum(c.as_bytes())).collect())
                        .collect();
                    let with_content = ours.iter().filter(|t| !t.is_empty()).count();
                    prop_assert!(with_content >= rows, "{with_content} < {rows} rows");
                    prop_assert_eq!(ours.concat(), content);
                    prop_assert!(read.windows(2).all(|w| w[0].0 < w[1].0));
                }
                // Only text without any letter or digit is refused.
                Err(InputError::Empty) => prop_assert_eq!(rows, 0),
                Err(e) => prop_assert!(false, "{e}"),
            }
        }

        /// A CSV the csv crate writes (quotes, delimiters, a line break
        /// inside cells) reads back cell for cell, each record on the row
        /// a spreadsheet shows (a cell's line break stays in its row).
        #[test]
        fn csv_written_by_the_csv_crate_reads_back_exactly(
            table in prop::collection::vec(
                prop::collection::vec("[a-z ,\"]{0,8}(\n[a-z ,\"]{1,8})?", 3..6),
                1..20,
            )
        ) {
            let mut bytes = Vec::new();
            {
                let mut w = csv::WriterBuilder::new().flexible(true).from_writer(&mut bytes);
                for row in &table {
                    w.write_record(row).unwrap();
                }
            }
            let read = match read_all(&bytes) {
                Ok(read) => read,
                // Only a table of blanks is empty text.
                Err(InputError::Empty) => Vec::new(),
                Err(e) => return Err(TestCaseError::fail(e.to_string())),
            };
            let numbers: Vec<u64> = read.iter().map(|(n, _)| *n).collect();
            let cells: Vec<Vec<String>> = read.into_iter().map(|(_, c)| c).collect();
            if !cells.is_empty() {
                prop_assert_eq!(&cells, &table);
                prop_assert_eq!(numbers, (1..=table.len() as u64).collect::<Vec<_>>());
            }
        }

        /// Lone CRs become LF, CRLF stays, whatever sizes the reads take.
        #[test]
        fn lone_cr_matches_a_plain_rewrite(
            bytes in prop::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'a')], 0..64),
            sizes in prop::collection::vec(1usize..5, 1..64),
        ) {
            let expected: Vec<u8> = bytes
                .iter()
                .enumerate()
                .map(|(i, &b)| if b == b'\r' && bytes.get(i + 1) != Some(&b'\n') { b'\n' } else { b })
                .collect();
            // A reader that hands out at most a few bytes at a time.
            struct Trickle<'a>(&'a [u8], usize);
            impl Read for Trickle<'_> {
                fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                    let n = self.1.min(out.len()).min(self.0.len());
                    out[..n].copy_from_slice(&self.0[..n]);
                    self.0 = &self.0[n..];
                    Ok(n)
                }
            }
            let mut r = LoneCr {
                inner: std::io::BufReader::with_capacity(3, Trickle(&bytes, 2)),
            };
            let mut got = Vec::new();
            let mut k = 0;
            loop {
                let mut out = vec![0u8; sizes[k % sizes.len()]];
                k += 1;
                let n = r.read(&mut out).unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&out[..n]);
            }
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
            let _ = read_all(&bytes);
        }
    }

    /// Gives its bytes, at most `.1` at a time, then fails as a disk or
    /// network that went away.
    pub(in crate::input) struct Failing(pub &'static [u8], pub usize);

    impl Read for Failing {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("the disk went away"));
            }
            let n = out.len().min(self.0.len()).min(self.1);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// A disk or network error midway: the rows read before it in the
    /// same batch are handed over, then the error.
    #[test]
    fn a_read_error_keeps_the_rows_before_it() {
        let mut rows = CsvRows::new(
            Failing(b"a,b\nc,d\ne,f\n", usize::MAX),
            b',',
            Decoding::Utf8Auto { bom: false },
            Arc::default(),
            0,
        );
        let mut out = Vec::new();
        assert_eq!(rows.next_batch(&mut out).unwrap(), 3);
        let cells: Vec<String> = out
            .iter()
            .map(|r| r.iter().collect::<Vec<_>>().join("|"))
            .collect();
        assert_eq!(cells, ["a|b", "c|d", "e|f"]);
        assert!(
            matches!(rows.next_batch(&mut out), Err(InputError::Io(_))),
            "the error comes next"
        );
    }

    /// Blank lines before a last line without a line break count, as
    /// they do before any other line.
    #[test]
    fn the_last_line_keeps_its_row_without_a_line_break() {
        for text in [
            &b"a,b\n\n\nc,d"[..],
            b"a,b\n\n\nc,d\n",
            b"a,b\r\n\r\n\r\nc,d",
        ] {
            let rows: Vec<u64> = read_all(text)
                .unwrap()
                .iter()
                .filter(|r| r.1.iter().any(|c| !c.is_empty()))
                .map(|r| r.0)
                .collect();
            assert_eq!(rows, [1, 4], "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn lone_carriage_returns_end_rows() {
        let rows = read_all(b"a,b\r\nc,d\re,f\ng,h\r").unwrap();
        let rows: Vec<(u64, String)> = rows.into_iter().map(|(r, c)| (r, c.join("|"))).collect();
        assert_eq!(
            rows,
            vec![
                (1, "a|b".into()),
                (2, "c|d".into()),
                (3, "e|f".into()),
                (4, "g|h".into()),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_gives_back_the_rows_it_swallowed() {
        let text = b"CURP,NSS,Nombre\nA1,1,\"Ana\nB2,2,Luis\n\nC3,3,Sara\nD4,4,Eva\n";
        let rows = read_all(text).unwrap();
        let rows: Vec<(u64, String)> = rows.into_iter().map(|(r, c)| (r, c.join("|"))).collect();
        assert_eq!(
            rows,
            vec![
                (1, "CURP|NSS|Nombre".into()),
                (2, "A1|1|Ana".into()),
                (3, "B2|2|Luis".into()),
                (5, "C3|3|Sara".into()),
                (6, "D4|4|Eva".into()),
            ]
        );
    }

    /// A cell with a legitimate line break (an address) is left alone.
    #[test]
    fn a_quoted_line_break_is_not_an_unclosed_quote() {
        let text = b"CURP,NSS,Domicilio,Grupo\nA1,1,\"Calle 1\nCentro\",2B\nB2,2,x,3A\n";
        let rows = read_all(text).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].1[2], "Calle 1\nCentro");
        assert_eq!((rows[1].0, rows[2].0), (2, 3));
    }

    #[test]
    fn sniffs_semicolon_comma_tab_pipe() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_delimiter(b"\"a;x\",b\n1,2\n"), b',');
        // A title line without delimiters above the table.
        assert_eq!(
            sniff_delimiter(b"Padron 2026\n\na;b;c\n1;2;3\n4;5;6\n"),
            b';'
        );
    }

    #[test]
    fn decoding_from_bom_or_nul_pattern() {
        assert_eq!(
            decoding(b"\xEF\xBB\xBFa,b", None).unwrap(),
            Decoding::Utf8Auto { bom: true }
        );
        assert_eq!(
            decoding(b"\xFF\xFEa\0", None).unwrap(),
            Decoding::Utf16(UTF_16LE)
        );
        assert_eq!(
            decoding(b"\xFE\xFF\0a", None).unwrap(),
            Decoding::Utf16(UTF_16BE)
        );
        let le: Vec<u8> = "CURP\tNSS\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decoding(&le, None).unwrap(), Decoding::Utf16(UTF_16LE));
        assert_eq!(
            decoding(b"a,b", Some("latin1")).unwrap(),
            Decoding::Fixed(WINDOWS_1252)
        );
        assert!(decoding(b"a,b", Some("klingon")).is_err());
    }
}
