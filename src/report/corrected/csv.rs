//! The corrected roster as delimited text: rows of the corrected roster
//! go in; CSV bytes come out, UTF-8 with a byte-order mark (so that Excel
//! reads it as UTF-8) or Windows-1252, lines ending in CRLF. A cell is
//! quoted when it holds the delimiter, a quote or a line break, and an
//! identifier always is (unless empty): LibreOffice, told to read quoted fields as text,
//! then keeps its zeros. A character of the input that Windows-1252
//! cannot hold is an error naming its row, never a `?`; in the columns
//! roster-check adds, its own words, such a character (an arrow, a file
//! name's letter) is written as `->` or its code.

use std::fs::File;
use std::io::Write;

use encoding_rs::WINDOWS_1252;

use std::borrow::Cow;

use rayon::prelude::*;

use super::{Cell, CorrectedError, Line, Sink, Table};
use crate::config::TextEncoding;
use crate::findings::{Finding, Place};
use crate::i18n::label;
use crate::input::Record;
use crate::report::Writeback;

/// Writes one table's corrected CSV to a file.
pub(in crate::report) struct CsvSink<'f> {
    out: Writeback<'f>,
    format: Format,
    /// The lines made and not yet written, up to [`BUFFER`] bytes: the
    /// writer's own buffer (one copy of each byte fewer than behind a
    /// `BufWriter`, and one call a cell fewer).
    line: Vec<u8>,
}

/// How rows become CSV bytes: what each thread drawing rows holds.
#[derive(Clone)]
struct Format {
    delimiter: u8,
    encoding: TextEncoding,
    /// The bytes that make a cell quoted: the delimiter, `"`, CR, LF.
    special: [bool; 256],
    /// A cell quoted, before it is encoded (Windows-1252 only).
    quoted: String,
}

/// Whose text a cell holds: the input's must be written exactly; words
/// of roster-check's own may be spelled otherwise.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Whose {
    Input,
    Own,
}

impl<'f> CsvSink<'f> {
    /// Starts the file: the byte-order mark (UTF-8) and the header row,
    /// at `header` in the input (for an error naming it).
    pub fn new(
        file: &'f mut File,
        delimiter: u8,
        encoding: TextEncoding,
        headers: &[String],
        header: Place,
    ) -> Result<CsvSink<'f>, CorrectedError> {
        let out = Writeback::new(file);
        let mut line = Vec::with_capacity(BUFFER + 4096);
        if encoding == TextEncoding::Utf8 {
            line.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut special = [false; 256];
        for b in [delimiter, b'"', b'\r', b'\n'] {
            special[usize::from(b)] = true;
        }
        let mut format = Format {
            delimiter,
            encoding,
            special,
            quoted: String::new(),
        };
        let added = headers.len().saturating_sub(2);
        for (i, h) in headers.iter().enumerate() {
            let whose = if i < added { Whose::Input } else { Whose::Own };
            format.cell(&mut line, i > 0, h, false, whose, header)?;
        }
        line.extend_from_slice(b"\r\n");
        Ok(CsvSink { out, format, line })
    }

    /// Ends the file: everything buffered written.
    pub fn finish(mut self) -> Result<(), CorrectedError> {
        self.out.write_all(&self.line)?;
        self.out.flush()?;
        Ok(())
    }
}

impl Format {
    /// Adds one row, its line ended, to `out`.
    fn line(&mut self, out: &mut Vec<u8>, line: &Line) -> Result<(), CorrectedError> {
        let place = line.place;
        // Room for the whole line at once (quotes doubled only past it).
        let cells = line.cells.iter().chain(line.extra);
        let room = cells.map(|c| c.text.len() + 3).sum::<usize>();
        out.reserve(room + line.status.len() + line.review.len() + 8);
        for (i, c) in line.cells.iter().enumerate() {
            self.cell(out, i > 0, c.text, c.id, Whose::Input, place)?;
        }
        let after = !line.cells.is_empty();
        self.cell(out, after, line.status, false, Whose::Own, place)?;
        self.cell(out, true, line.review, false, Whose::Own, place)?;
        for &Cell { text, id, .. } in line.extra {
            self.cell(out, true, text, id, Whose::Input, place)?;
        }
        out.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// Adds a row without findings, as [`Format::line`] adds its `Line`
    /// (`Table::line`): its cells as read, *Estado* OK, no *Revisar*;
    /// the most rows of a roster, drawn without the `Line`'s making.
    fn clean(
        &mut self,
        out: &mut Vec<u8>,
        table: &Table,
        rec: &Record,
        tail: &[u8],
    ) -> Result<(), CorrectedError> {
        if self.clean_line(out, table, rec, tail) {
            return Ok(());
        }
        self.clean_cells(out, table, rec)
    }

    /// [`Format::clean`] a cell at a time: for any row.
    fn clean_cells(
        &mut self,
        out: &mut Vec<u8>,
        table: &Table,
        rec: &Record,
    ) -> Result<(), CorrectedError> {
        let place = Place {
            source: table.si,
            row: rec.row,
        };
        let cells = rec.len().max(table.width);
        out.reserve(rec.text_len() + 3 * cells + 8);
        let is_id = |c: usize| table.fields.get(c).is_some_and(Option::is_some);
        let shown = table.width.min(cells);
        for c in 0..shown {
            self.cell(out, c > 0, rec.get(c), is_id(c), Whose::Input, place)?;
        }
        let status = label::row_status(table.lang, None);
        self.cell(out, shown > 0, status, false, Whose::Own, place)?;
        self.cell(out, true, "", false, Whose::Own, place)?;
        for c in shown..cells {
            self.cell(out, true, rec.get(c), is_id(c), Whose::Input, place)?;
        }
        out.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// [`Format::clean`] for nearly every row of a CSV roster: a line of
    /// delimited text split in place (`Record::delimited`), with this
    /// file's delimiter, as wide as the header, no cell of it to quote
    /// but the identifiers. Its text is copied whole, each identifier
    /// quoted, then `tail`: the same bytes, at a fraction of a cell at a
    /// time's cost. `false`, and nothing added, for any other row.
    fn clean_line(&self, out: &mut Vec<u8>, table: &Table, rec: &Record, tail: &[u8]) -> bool {
        if self.encoding != TextEncoding::Utf8 || rec.is_empty() || rec.len() != table.width {
            return false;
        }
        let Some((text, spans)) = rec.delimited(self.delimiter) else {
            return false;
        };
        let bytes = text.as_bytes();
        let (start, end) = (spans[0].0, spans[spans.len() - 1].1);
        let line = &bytes[start..end];
        // The delimiters are those between the cells, and no other byte
        // calls for quotes.
        if memchr::memchr3(b'"', b'\r', b'\n', line).is_some()
            || memchr::memchr_iter(self.delimiter, line).count() != spans.len() - 1
        {
            return false;
        }
        out.reserve(line.len() + 2 * table.id_columns.len() + tail.len());
        let mut at = start;
        for &(s, e) in table.id_columns.iter().filter_map(|&c| spans.get(c)) {
            if s < e {
                out.extend_from_slice(&bytes[at..s]);
                out.push(b'"');
                out.extend_from_slice(&bytes[s..e]);
                out.push(b'"');
                at = e;
            }
        }
        out.extend_from_slice(&bytes[at..end]);
        out.extend_from_slice(tail);
        true
    }

    /// What ends a row without findings after its cells: *Estado* OK,
    /// no *Revisar*, the line's end.
    fn clean_tail(&mut self, table: &Table) -> Vec<u8> {
        let mut tail = Vec::new();
        let place = Place {
            source: table.si,
            row: 0,
        };
        let status = label::row_status(table.lang, None);
        // Words of roster-check's own: spelled, never refused.
        let _ = self.cell(&mut tail, true, status, false, Whose::Own, place);
        let _ = self.cell(&mut tail, true, "", false, Whose::Own, place);
        tail.extend_from_slice(b"\r\n");
        tail
    }

    /// Adds one cell to `out`, after a delimiter unless it is the row's
    /// first.
    fn cell(
        &mut self,
        out: &mut Vec<u8>,
        after: bool,
        text: &str,
        id: bool,
        whose: Whose,
        place: Place,
    ) -> Result<(), CorrectedError> {
        if after {
            out.push(self.delimiter);
        }
        let quote = if id {
            !text.is_empty()
        } else {
            self.needs_quotes(text.as_bytes())
        };
        match self.encoding {
            TextEncoding::Utf8 if !quote => out.extend_from_slice(text.as_bytes()),
            TextEncoding::Utf8 => {
                out.push(b'"');
                push_doubled(out, text);
                out.push(b'"');
            }
            TextEncoding::Windows1252 => {
                self.quoted.clear();
                if quote {
                    self.quoted.push('"');
                    self.quoted.push_str(&text.replace('"', "\"\""));
                    self.quoted.push('"');
                } else {
                    self.quoted.push_str(text);
                }
                let (bytes, _, unmappable) = WINDOWS_1252.encode(&self.quoted);
                if !unmappable {
                    out.extend_from_slice(&bytes);
                } else if whose == Whose::Input {
                    let ch = self
                        .quoted
                        .chars()
                        .find(|&c| !in_1252(c))
                        .unwrap_or('\u{fffd}');
                    return Err(CorrectedError::Unencodable { place, ch });
                } else {
                    let spelled: String = self.quoted.chars().map(spell_1252).collect();
                    out.extend_from_slice(&WINDOWS_1252.encode(&spelled).0);
                }
            }
        }
        Ok(())
    }

    /// True when a cell holds the delimiter, a quote or a line break.
    /// Eight bytes at a time: the scan was a third of the writer's time.
    fn needs_quotes(&self, text: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        // True when a byte of `v` is zero (exact, not an estimate).
        let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
        let splat = |b: u8| u64::from(b) * ONES;
        let wanted = [
            splat(self.delimiter),
            splat(b'"'),
            splat(b'\n'),
            splat(b'\r'),
        ];
        let mut chunks = text.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            if wanted.iter().any(|&w| has_zero(x ^ w)) {
                return true;
            }
        }
        chunks
            .remainder()
            .iter()
            .any(|&b| self.special[usize::from(b)])
    }
}

/// Bytes gathered before they are written.
const BUFFER: usize = 1 << 16;

/// Adds `text` with each `"` doubled.
fn push_doubled(line: &mut Vec<u8>, text: &str) {
    if memchr::memchr(b'"', text.as_bytes()).is_none() {
        line.extend_from_slice(text.as_bytes());
        return;
    }
    let mut parts = text.split('"');
    if let Some(first) = parts.next() {
        line.extend_from_slice(first.as_bytes());
    }
    for part in parts {
        line.extend_from_slice(b"\"\"");
        line.extend_from_slice(part.as_bytes());
    }
}

/// True when Windows-1252 holds the character.
fn in_1252(c: char) -> bool {
    let mut buf = [0u8; 4];
    !WINDOWS_1252.encode(c.encode_utf8(&mut buf)).2
}

/// A character of roster-check's own words as Windows-1252 can hold it.
fn spell_1252(c: char) -> String {
    match c {
        _ if in_1252(c) => c.to_string(),
        '→' => "->".to_string(),
        _ => format!("U+{:04X}", c as u32),
    }
}

impl Sink for CsvSink<'_> {
    fn line(&mut self, line: &Line) -> Result<(), CorrectedError> {
        self.format.line(&mut self.line, line)?;
        if self.line.len() >= BUFFER {
            self.out.write_all(&self.line)?;
            self.line.clear();
        }
        Ok(())
    }

    /// The batch cut in one part per thread, each part's rows drawn and
    /// made into bytes on its thread, the parts written in order: the
    /// rows of a million-row roster are drawn in a fraction of the time
    /// one thread takes. An error is the first row's in the file's order.
    fn batch(
        &mut self,
        table: &Table,
        rows: &[&Record],
        found: &[Vec<Cow<Finding>>],
    ) -> Result<(), CorrectedError> {
        let size = rows
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(MIN_PART);
        let format = &self.format;
        let parts: Vec<Result<Vec<u8>, CorrectedError>> = rows
            .par_chunks(size)
            .zip(found.par_chunks(size))
            .map(|(rows, found)| {
                let mut format = format.clone();
                let tail = format.clean_tail(table);
                let mut out = Vec::with_capacity(rows.len() * 160);
                let mut spare = Vec::new();
                for (rec, found) in rows.iter().zip(found) {
                    if found.is_empty() {
                        format.clean(&mut out, table, rec, &tail)?;
                    } else {
                        table.line(rec, found, &mut spare, |line| format.line(&mut out, line))?;
                    }
                }
                Ok(out)
            })
            .collect();
        self.out.write_all(&self.line)?;
        self.line.clear();
        for part in parts {
            self.out.write_all(&part?)?;
        }
        Ok(())
    }
}

/// The fewest rows a thread is given to draw: fewer cost more to share
/// than to draw.
const MIN_PART: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Field, Source};
    use crate::input::Stored;

    fn written(encoding: TextEncoding, cells: &[(&str, bool)]) -> Result<Vec<u8>, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut file = File::create(&path).unwrap();
        let place = Place { source: 0, row: 1 };
        let headers: Vec<String> = ["A", "B", "Estado", "Revisar"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let outcome = (|| {
            let mut sink = CsvSink::new(&mut file, b';', encoding, &headers, place)?;
            let cells: Vec<Cell> = cells
                .iter()
                .map(|&(text, id)| Cell {
                    text,
                    stored: Stored::Text,
                    id,
                })
                .collect();
            sink.line(&Line {
                place: Place { source: 0, row: 7 },
                cells: &cells,
                status: "OK",
                worst: None,
                review: "a → b",
                extra: &[],
            })?;
            sink.finish()
        })();
        match outcome {
            Ok(()) => Ok(std::fs::read(&path).unwrap()),
            Err(e) => Err(e.to_string()),
        }
    }

    #[test]
    fn cells_are_quoted_when_they_must_be_and_identifiers_always() {
        let bytes = written(
            TextEncoding::Utf8,
            &[("0123", true), ("a;b \"c\"\nd", false)],
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}A;B;Estado;Revisar\r\n\"0123\";\"a;b \"\"c\"\"\nd\";OK;a → b\r\n"
        );
    }

    proptest::proptest! {
        /// The eight-bytes-at-a-time scan says what a byte-by-byte one
        /// says.
        #[test]
        fn quotes_are_needed_exactly_when_a_byte_says_so(
            text in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::Just(b';'), proptest::prelude::Just(b'"'),
                proptest::prelude::Just(b'\n'), proptest::prelude::Just(b'\r'),
                proptest::prelude::any::<u8>(), 0x20u8..0x7f,
            ], 0..40),
            delimiter in proptest::prop_oneof![proptest::prelude::Just(b';'), proptest::prelude::Just(b','), proptest::prelude::Just(b'\t')],
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut file = File::create(dir.path().join("t.csv")).unwrap();
            let place = Place { source: 0, row: 1 };
            let sink = CsvSink::new(&mut file, delimiter, TextEncoding::Utf8, &[], place).unwrap();
            let naive = text.iter().any(|&b| [delimiter, b'"', b'\n', b'\r'].contains(&b));
            proptest::prop_assert_eq!(sink.format.needs_quotes(&text), naive);
        }
    }

    proptest::proptest! {
        /// A row without findings copied whole as a line gives the bytes
        /// drawn a cell at a time; a line that cannot be is left to them.
        #[test]
        fn a_clean_line_copied_whole_is_the_cells_drawn_one_by_one(
            cells in proptest::collection::vec("[a0ñ ,;\"\r]{0,4}", 1..6),
            width in 1usize..6,
            ids in proptest::collection::vec(proptest::bool::ANY, 6),
            delimiter in proptest::prop_oneof![proptest::prelude::Just(b';'), proptest::prelude::Just(b',')],
            split_in_place in proptest::bool::ANY,
        ) {
            let mut run = crate::findings::Run::default();
            run.sources.push(Source {
                headers: (0..width).map(|i| format!("H{i}")).collect(),
                columns: (0..width).filter(|&c| ids[c]).map(|c| (Field::CURP, c)).collect(),
                ..Source::default()
            });
            let table = Table::new(&run, 0, &run.sources[0], crate::i18n::Lang::ES);
            let mut rec = Record::default();
            if split_in_place {
                let line = cells.join(std::str::from_utf8(&[delimiter]).unwrap());
                let base = rec.push_text(&line);
                let mut at = base;
                for c in &cells {
                    rec.push_span(at, at + c.len());
                    at += c.len() + 1;
                }
            } else {
                for c in &cells {
                    rec.push(c, Stored::Text);
                }
            }
            let dir = tempfile::tempdir().unwrap();
            let mut file = File::create(dir.path().join("t.csv")).unwrap();
            let place = Place { source: 0, row: 1 };
            let sink = CsvSink::new(&mut file, delimiter, TextEncoding::Utf8, &[], place).unwrap();
            let mut format = sink.format.clone();
            let tail = format.clean_tail(&table);
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let copied = format.clean_line(&mut fast, &table, &rec, &tail);
            format.clean_cells(&mut slow, &table, &rec).unwrap();
            if copied {
                proptest::prop_assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&slow));
            } else {
                proptest::prop_assert!(fast.is_empty());
            }
            // An ordinary line of the right width is copied.
            let plain = cells.iter().all(|c| !c.contains([char::from(delimiter), '"', '\r']));
            let as_line = split_in_place || cells.len() == 1;
            proptest::prop_assert_eq!(copied, as_line && plain && cells.len() == width);
        }
    }

    #[test]
    fn windows_1252_holds_spanish_and_refuses_what_it_cannot_hold() {
        let bytes = written(
            TextEncoding::Windows1252,
            &[("0123", true), ("PEÑA €", false)],
        )
        .unwrap();
        let (text, _, bad) = WINDOWS_1252.decode(&bytes);
        assert!(!bad);
        assert_eq!(text, "A;B;Estado;Revisar\r\n\"0123\";PEÑA €;OK;a -> b\r\n");
        assert_eq!(bytes[0], b'A', "no byte-order mark in Windows-1252");
        let refused = written(TextEncoding::Windows1252, &[("0123", true), ("ŐRY", false)]);
        assert!(refused.unwrap_err().contains("'Ő'"));
    }
}
