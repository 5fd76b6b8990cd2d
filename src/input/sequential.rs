//! The sequential reader of delimited text: the csv crate's parser over
//! one buffer and one reused record, rows numbered as a spreadsheet shows
//! them (blank lines and quoted line breaks counted), every line ending
//! honoured, the rows an unclosed quote swallowed given back, and no
//! record held past `MAX_RECORD_BYTES`.

use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::decode::{encoding_label, fill, Fields, Seen};
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
    text: Text<R>,
    /// The csv crate's own parser, set up as every delimited input is read:
    /// records end at '\n' only (lone CRs become '\n' on the way in), so
    /// that each consumes exactly its own line whatever the mix of line
    /// endings; the '\r' of CRLF left on the last field is dropped later.
    core: csv_core::Reader,
    /// The record being read: its fields' bytes, and where each ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// A read error met after some records of a batch: those are handed
    /// over first, the error with the next batch.
    pending: Option<InputError>,
    decoding: Decoding,
    /// Row (as a spreadsheet shows it) of the previous record.
    last_row: u64,
    /// The text starts the file: a byte-order mark there is dropped.
    at_start: bool,
    /// A record past the cap was cut on one line: the rest of that line
    /// is skipped before the next record.
    skipping: bool,
    cap: usize,
    delimiter: u8,
    seen: Arc<Seen>,
    saw_utf8: bool,
    saw_1252: bool,
    widest: usize,
}

/// Text read into one buffer, which holds the record being parsed whole
/// (at most the cap and a read), so that a record past the cap can be
/// read again from its second line.
struct Text<R> {
    source: R,
    buf: Vec<u8>,
    /// The bytes read: `buf[..filled]`.
    filled: usize,
    /// The first byte of the record being read: kept from here on.
    start: usize,
    /// The next byte to parse.
    pos: usize,
    ended: bool,
}

/// Bytes read at a time.
const READ_BYTES: usize = 64 * 1024;

impl<R: Read> Text<R> {
    /// Reads more, keeping the bytes from `start`; false at the end.
    fn more(&mut self) -> std::io::Result<bool> {
        if self.ended {
            return Ok(false);
        }
        if self.filled == self.buf.len() {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.filled, 0);
                (self.filled, self.pos) = (self.filled - self.start, self.pos - self.start);
                self.start = 0;
            } else {
                let len = (self.buf.len() * 2).max(READ_BYTES);
                self.buf.resize(len, 0);
            }
        }
        let n = loop {
            match self.source.read(&mut self.buf[self.filled..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.filled += n;
        self.ended = n == 0;
        Ok(n > 0)
    }

    /// Drops what was parsed: the next record starts at `pos`.
    fn consume(&mut self) {
        self.start = self.pos;
    }
}

/// What the parser found next.
enum Next {
    /// A record (`CsvRows::fields`, `CsvRows::ends`) after this many blank
    /// lines.
    Record {
        blank: u64,
    },
    /// A record past the cap after this many blank lines, not kept.
    TooLong {
        blank: u64,
    },
    End,
}

/// The csv crate's parser for delimited text: `,` (or `delimiter`) between
/// fields, '\n' ending records, quotes as the csv crate reads them. It
/// never drops a byte-order mark itself: `CsvRows` drops the file's own.
fn parser(delimiter: u8) -> csv_core::Reader {
    let mut core = csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(csv_core::Terminator::Any(b'\n'))
        .build();
    // The parser drops a mark at the start of the first text it is given:
    // given a blank line first, it has been given text.
    let _ = core.read_record(b"\n", &mut [], &mut []);
    core
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R: Read> CsvRows<R> {
    /// Records of `source`, which must end with a line break, whose first
    /// line comes after `lines_before` lines of the file (a byte-order
    /// mark is dropped at the file's start only); records past `cap` bytes
    /// are cut.
    pub(super) fn new(
        source: R,
        delimiter: u8,
        decoding: Decoding,
        seen: Arc<Seen>,
        lines_before: u64,
        cap: usize,
    ) -> CsvRows<R> {
        CsvRows {
            text: Text {
                source,
                buf: Vec::new(),
                filled: 0,
                start: 0,
                pos: 0,
                ended: false,
            },
            core: parser(delimiter),
            fields: Vec::new(),
            ends: Vec::new(),
            pending: None,
            decoding,
            last_row: lines_before,
            at_start: lines_before == 0,
            skipping: false,
            cap: cap.max(1),
            delimiter,
            saw_utf8: false,
            saw_1252: false,
            widest: seen.widest.load(Ordering::Relaxed),
            seen,
        }
    }

    /// Parses the next record into `fields` and `ends`. A record longer
    /// than the cap is not kept: one whose first line alone passes it is
    /// skipped to that line's end; one that runs on across lines past it
    /// (a quote that never closes) is read again from its second line, as
    /// rows, the way `recover` gives back swallowed lines.
    fn next_record(&mut self, fields: &mut usize, ends: &mut usize) -> std::io::Result<Next> {
        let t = &mut self.text;
        if self.skipping {
            loop {
                if let Some(k) = memchr::memchr(b'\n', &t.buf[t.pos..t.filled]) {
                    t.pos += k + 1;
                    break;
                }
                t.pos = t.filled;
                t.consume();
                if !t.more()? {
                    break;
                }
            }
            self.skipping = false;
        }
        if self.at_start {
            while t.filled - t.pos < BOM.len() && t.more()? {}
            if t.buf[t.pos..t.filled].starts_with(BOM) {
                t.pos += BOM.len();
            }
            self.at_start = false;
        }
        // Blank lines before the record, which the parser would skip.
        let mut blank = 0;
        loop {
            let ahead = &t.buf[t.pos..t.filled];
            let k = ahead
                .iter()
                .position(|&b| b != b'\n')
                .unwrap_or(ahead.len());
            blank += k as u64;
            t.pos += k;
            if t.pos < t.filled {
                break;
            }
            t.consume();
            if !t.more()? {
                break;
            }
        }
        t.consume();
        let (mut out, mut end) = (0, 0);
        loop {
            use csv_core::ReadRecordResult as R;
            let (result, nin, nout, nend) = self.core.read_record(
                &t.buf[t.pos..t.filled],
                &mut self.fields[out..],
                &mut self.ends[end..],
            );
            t.pos += nin;
            out += nout;
            end += nend;
            if t.pos - t.start > self.cap {
                // Where the record's first line ends, if within the cap.
                let first = memchr::memchr(b'\n', &t.buf[t.start..t.start + self.cap]);
                match first {
                    Some(k) => t.pos = t.start + k + 1,
                    None => {
                        t.pos = t.start;
                        self.skipping = true;
                    }
                }
                t.consume();
                self.core = parser(self.delimiter);
                return Ok(Next::TooLong { blank });
            }
            match result {
                R::InputEmpty => {
                    t.more()?;
                }
                R::OutputFull => {
                    let len = (self.fields.len() * 2).max(256);
                    self.fields.resize(len, 0);
                }
                R::OutputEndsFull => {
                    let len = (self.ends.len() * 2).max(16);
                    self.ends.resize(len, 0);
                }
                R::Record => {
                    t.consume();
                    (*fields, *ends) = (out, end);
                    return Ok(Next::Record { blank });
                }
                R::End => return Ok(Next::End),
            }
        }
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
        self.last_row = row + rest.len() as u64;
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
            let (mut fields, mut ends) = (0, 0);
            let (blank, too_long) = match self.next_record(&mut fields, &mut ends) {
                Ok(Next::Record { blank }) => (blank, false),
                Ok(Next::TooLong { blank }) => (blank, true),
                Ok(Next::End) => break,
                Err(e) if n == 0 => return Err(InputError::from_io(e)),
                Err(e) => {
                    self.pending = Some(InputError::from_io(e));
                    break;
                }
            };
            // A spreadsheet shows a blank line as an empty row, and a
            // quoted line break inside a cell as part of one row.
            let row = self.last_row + 1 + blank;
            self.last_row = row;
            if out.len() <= n {
                out.push(Record::default());
            }
            let rec = &mut out[n];
            rec.clear();
            rec.row = row;
            if too_long {
                rec.too_long = true;
                n += 1;
                continue;
            }
            let record = Fields {
                bytes: &self.fields[..fields],
                ends: &self.ends[..ends],
            };
            let has_newline = memchr::memchr(b'\n', record.as_slice()).is_some();
            fill(
                record,
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
/// of the checks; its first line comes after `lines_before` of the file,
/// and records past `cap` bytes are cut.
pub(super) fn in_order(
    source: Box<dyn Read + Send>,
    delimiter: u8,
    decoding: Decoding,
    seen: Arc<Seen>,
    lines_before: u64,
    cap: usize,
) -> Threaded {
    // The last line ends with a line break like the others, so that its
    // row number counts the blank lines before it.
    let source = LoneCr::new(source.chain(&b"\n"[..]));
    let rows = CsvRows::new(source, delimiter, decoding, seen, lines_before, cap);
    Threaded::ahead(Box::new(rows))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::input::delimited::tests::csvish;
    use crate::input::MAX_RECORD_BYTES;

    /// Hands out at most `.1` bytes at a time.
    struct Trickle<R>(R, usize);

    impl<R: Read> Read for Trickle<R> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = out.len().min(self.1);
            self.0.read(&mut out[..n])
        }
    }

    /// (row, cells, too long) of every record of `source` (which ends
    /// with a line break), records cut past `cap`.
    fn read(source: impl Read, cap: usize) -> Vec<(u64, Vec<String>, bool)> {
        let decoding = Decoding::Utf8Auto { bom: false };
        let mut rows = CsvRows::new(source, b',', decoding, Arc::default(), 0, cap);
        let (mut out, mut batch) = (Vec::new(), Vec::new());
        loop {
            let n = rows.read_into(&mut batch, 3).unwrap();
            if n == 0 {
                return out;
            }
            out.extend(batch[..n].iter().map(|r| {
                let cells = r.iter().map(str::to_string).collect();
                (r.row, cells, r.too_long)
            }));
        }
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_line_past_the_cap_is_one_row_and_reading_goes_on() {
        let text = format!("a,b\n\n{}\nc,d\n", "x,".repeat(10));
        assert_eq!(
            read(text.as_bytes(), 12),
            vec![
                (1, cells(&["a", "b"]), false),
                (3, vec![], true),
                (4, cells(&["c", "d"]), false),
            ]
        );
    }

    /// A quote that never closes runs on past the cap: the record is too
    /// long at its first line, and the lines it swallowed are rows.
    #[test]
    fn a_quote_running_past_the_cap_is_read_again_from_its_second_line() {
        let text = b"a,\"b\nc,d\n\ne,f\ng,h\n";
        assert_eq!(
            read(&text[..], 9),
            vec![
                (1, vec![], true),
                (2, cells(&["c", "d"]), false),
                (4, cells(&["e", "f"]), false),
                (5, cells(&["g", "h"]), false),
            ]
        );
        // Within the cap, the same text is one record over five lines.
        let whole = read(&text[..], 64);
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].1[1], "b\nc,d\n\ne,f\ng,h\n");
    }

    /// 64 MiB without a line break cost the cap, not the line.
    #[test]
    fn a_line_past_the_cap_is_not_held() {
        let long = std::io::repeat(b'\0').take(64 << 20);
        let source = b"a,b\n".chain(long).chain(&b"\nc,d\n"[..]);
        let decoding = Decoding::Utf8Auto { bom: false };
        let mut rows = CsvRows::new(source, b',', decoding, Arc::default(), 0, MAX_RECORD_BYTES);
        let mut batch = Vec::new();
        let n = rows.read_into(&mut batch, usize::MAX).unwrap();
        let read: Vec<(u64, bool)> = batch[..n].iter().map(|r| (r.row, r.too_long)).collect();
        assert_eq!(read, [(1, false), (2, true), (3, false)]);
        let held = rows.text.buf.len() + rows.fields.len() + 8 * rows.ends.len();
        assert!(held <= 5 * MAX_RECORD_BYTES, "{held} bytes held");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever sizes the reads take, records past a cap read the same.
        #[test]
        fn records_past_the_cap_read_alike_whatever_the_reads(
            bytes in csvish(),
            cap in 1usize..40,
            chunk in 1usize..9,
        ) {
            let mut bytes = bytes;
            bytes.push(b'\n');
            let whole = read(&bytes[..], cap);
            prop_assert_eq!(read(Trickle(&bytes[..], chunk), cap), whole);
        }
    }
}
