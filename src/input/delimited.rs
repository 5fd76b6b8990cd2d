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

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::threaded::Threaded;
use super::{InputError, ReadOptions, Record, RowSource, Stored, Table};

/// How much of the file the sniffers look at.
const SNIFF_BYTES: usize = 64 * 1024;
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
enum Decoding {
    /// UTF-8, each record falling back to Windows-1252 when it is not.
    Utf8Auto { bom: bool },
    /// A single-byte encoding the user named, applied to every field.
    Fixed(&'static Encoding),
    /// UTF-16 transcoded to UTF-8 on the fly.
    Utf16(&'static Encoding),
}

/// UTF-16 without a BOM shows as NUL bytes in every other position.
fn looks_utf16(head: &[u8]) -> Option<&'static Encoding> {
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

struct CsvRows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: csv::ByteRecord,
    decoding: Decoding,
    /// Row (as a spreadsheet shows it) of the previous record and the
    /// reader's line count after it.
    last: Option<(u64, u64)>,
    saw_utf8: bool,
    saw_1252: bool,
}

fn csv_error(e: csv::Error) -> InputError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => InputError::from_io(io),
        other => InputError::Csv(format!("{other:?}")),
    }
}

impl CsvRows {
    /// The spreadsheet row of the record just read: Excel and LibreOffice
    /// show a blank line as an empty row and a quoted line break inside a
    /// cell as part of one row. The reader's line count after a record
    /// includes the blank lines skipped before it, so those are the lines
    /// consumed beyond the record's own (every record ends with a newline:
    /// one is appended to the input).
    fn row_of_record(&mut self) -> u64 {
        let end = self.reader.position().line();
        let inner = self
            .record
            .as_slice()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let (row, last_end) = self.last.unwrap_or((0, 1));
        let blank = end.saturating_sub(last_end + inner + 1);
        let row = row + 1 + blank;
        self.last = Some((row, end));
        row
    }
}

impl RowSource for CsvRows {
    fn next_batch(&mut self, out: &mut Vec<Record>) -> Result<usize, InputError> {
        let mut n = 0;
        while n < BATCH {
            if !self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(csv_error)?
            {
                break;
            }
            let row = self.row_of_record();
            if out.len() <= n {
                out.push(Record::default());
            }
            let rec = &mut out[n];
            rec.clear();
            rec.row = row;
            // One validation per record: a valid record's fields are valid
            // (they split at ASCII bytes), so they are sliced, not checked.
            let whole = match self.decoding {
                Decoding::Utf8Auto { .. } => std::str::from_utf8(self.record.as_slice()).ok(),
                _ => None,
            };
            self.saw_utf8 |= whole.is_some_and(|w| !w.is_ascii());
            let last = self.record.len().saturating_sub(1);
            for (i, field) in self.record.iter().enumerate() {
                let field = if i == last {
                    field.strip_suffix(b"\r").unwrap_or(field)
                } else {
                    field
                };
                let text: Cow<str> = match self.decoding {
                    Decoding::Utf8Auto { .. } if whole.is_some() => {
                        let start = self.record.range(i).map_or(0, |r| r.start);
                        Cow::Borrowed(
                            whole
                                .and_then(|w| w.get(start..start + field.len()))
                                .unwrap_or(""),
                        )
                    }
                    Decoding::Utf8Auto { .. } => match std::str::from_utf8(field) {
                        Ok(s) => Cow::Borrowed(s),
                        Err(_) => {
                            self.saw_1252 = true;
                            WINDOWS_1252.decode_without_bom_handling(field).0
                        }
                    },
                    Decoding::Fixed(enc) => enc.decode_without_bom_handling(field).0,
                    Decoding::Utf16(_) => String::from_utf8_lossy(field),
                };
                let stored = if text.is_empty() {
                    Stored::Empty
                } else {
                    Stored::Text
                };
                rec.push(&text, stored);
            }
            n += 1;
        }
        Ok(n)
    }

    fn encoding(&self) -> Option<String> {
        Some(match self.decoding {
            Decoding::Utf8Auto { .. } if self.saw_1252 && self.saw_utf8 => {
                "UTF-8 + Windows-1252".to_string()
            }
            Decoding::Utf8Auto { .. } if self.saw_1252 => "Windows-1252".to_string(),
            Decoding::Utf8Auto { bom: true } => "UTF-8 (BOM)".to_string(),
            Decoding::Utf8Auto { bom: false } => "UTF-8".to_string(),
            Decoding::Fixed(enc) | Decoding::Utf16(enc) => enc.name().to_string(),
        })
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
    // Records end at '\n' only, so that each consumes exactly its own line
    // whatever the mix of CRLF and LF (the '\r' left on the last field is
    // dropped below); a file with CR alone (old Mac Excel) keeps csv's
    // default terminators.
    let cr_only = text_head.contains(&b'\r') && !text_head.contains(&b'\n');
    let terminator = if cr_only {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .has_headers(false)
        .flexible(true)
        .from_reader(source);
    let rows = CsvRows {
        reader,
        record: csv::ByteRecord::new(),
        decoding,
        last: None,
        saw_utf8: false,
        saw_1252: false,
    };
    Ok(Table {
        sheet: None,
        disguised: false,
        hidden: false,
        rows: Box::new(Threaded::ahead(Box::new(rows))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
