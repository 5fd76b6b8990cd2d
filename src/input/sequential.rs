//! The sequential reader of delimited text: the csv crate's reader over
//! one reused `ByteRecord`, rows numbered as a spreadsheet shows them
//! (blank lines and quoted line breaks counted), every line ending
//! honoured, and the rows an unclosed quote swallowed given back.

use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::decode::{encoding_label, fill, Seen};
use super::sniff::Decoding;
use super::threaded::Threaded;
use super::{InputError, Record, RowSource, Stored};

/// Records per batch.
const BATCH: usize = 8 * 1024;

/// Turns a carriage return not followed by a line feed into a line feed,
/// so that every line ending (CRLF, LF, and the lone CR of old Mac
/// exports, even mixed in one file) ends a record and counts as a line.
/// CRLF is left alone; its CR is dropped from the last field later.
pub(super) struct LoneCr<R> {
    pub(super) inner: std::io::BufReader<R>,
}

impl<R: Read> LoneCr<R> {
    pub(super) fn new(inner: R) -> LoneCr<R> {
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
