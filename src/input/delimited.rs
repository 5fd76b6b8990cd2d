//! Delimited text (CSV, TSV, TXT) → a `Table`: sniffs the delimiter, reads
//! the header record, then streams records in batches through one reused
//! `csv::StringRecord`.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use super::{InputError, ReadOptions, Record, RowSource, Stored, Table};

/// How much of the file the sniffer looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// The delimiter that splits the first lines most consistently: the one
/// with the most fields per line among those that appear on every line.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(20)
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
        let min = counts.iter().copied().min().unwrap_or(0);
        let first = counts.first().copied().unwrap_or(0);
        let score = if min > 0 { first.max(1) * 2 } else { first };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

struct CsvRows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: csv::StringRecord,
    next_row: u64,
}

impl RowSource for CsvRows {
    fn next_batch(&mut self, out: &mut Vec<Record>, max: usize) -> Result<usize, InputError> {
        let mut n = 0;
        while n < max {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_error(e, self.next_row)),
            }
            if out.len() <= n {
                out.push(Record::default());
            }
            let rec = &mut out[n];
            rec.clear();
            rec.row = self.next_row;
            for field in self.record.iter() {
                rec.push(
                    field,
                    if field.is_empty() {
                        Stored::Empty
                    } else {
                        Stored::Text
                    },
                );
            }
            self.next_row += 1;
            n += 1;
        }
        Ok(n)
    }
}

fn csv_error(e: csv::Error, record: u64) -> InputError {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => InputError::NotUtf8 { record },
        csv::ErrorKind::Io(_) => match e.into_kind() {
            csv::ErrorKind::Io(io) => InputError::from_io(io),
            _ => InputError::Csv(String::new()),
        },
        _ => InputError::Csv(e.to_string()),
    }
}

pub(super) fn open(path: &Path, opts: &ReadOptions) -> Result<Table, InputError> {
    let mut file = File::open(path).map_err(InputError::from_io)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(InputError::from_io)?;
    if let Some(rest) = head.strip_prefix(b"\xEF\xBB\xBF") {
        head = rest.to_vec();
    }
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty);
    }
    let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(&head));
    let source: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(file));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(source);
    let mut header = csv::StringRecord::new();
    match reader.read_record(&mut header) {
        Ok(true) => {}
        Ok(false) => return Err(InputError::Empty),
        Err(e) => return Err(csv_error(e, 1)),
    }
    Ok(Table {
        sheet: None,
        encoding: Some("UTF-8".to_string()),
        header_row: 1,
        headers: header.iter().map(str::to_string).collect(),
        rows: Box::new(CsvRows {
            reader,
            record: csv::StringRecord::new(),
            next_row: 2,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::sniff_delimiter;

    #[test]
    fn sniffs_semicolon_comma_tab() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;x\",b\n1,2\n"), b',');
    }
}
