//! Delimited text (CSV, TSV, TXT) → a `Table`, the way Excel and school
//! systems write it: UTF-8 with or without BOM, UTF-16 with BOM (Excel's
//! "Unicode text"), or Windows-1252 when the bytes are not UTF-8 (decided
//! per record, so a late `Ñ` in Windows-1252 does not stop the run); the
//! delimiter sniffed among `,` `;` tab `|`; records streamed through one
//! reused record; row numbers as a spreadsheet shows them.

use std::io::{Cursor, Read};
use std::sync::Arc;

use encoding_rs_io::DecodeReaderBytesBuilder;

use super::blocks::Blocks;
use super::decode::Seen;
use super::sequential::in_order;
use super::sniff::{decoding, sniff_delimiter, Decoding};
use super::{InputError, ReadOptions, RowSource, Table, MAX_RECORD_BYTES};

/// The table of delimited text whose first bytes, `head` (up to
/// `SNIFF_BYTES`), were read from `file`, which goes on after them.
pub(super) fn open(
    head: Vec<u8>,
    file: impl Read + Send + 'static,
    opts: &ReadOptions,
) -> Result<Table, InputError> {
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
        _ => Box::new(in_order(
            source,
            delimiter,
            decoding,
            seen,
            0,
            MAX_RECORD_BYTES,
        )),
    };
    Ok(Table {
        sheet: None,
        disguised: false,
        hidden: false,
        delimiter: Some(delimiter),
        rows,
    })
}
#[cfg(test)]
pub(super) mod tests {
    use std::borrow::Cow;

    use encoding_rs::WINDOWS_1252;
    use proptest::prelude::*;

    use super::*;
    use crate::input::sequential::{CsvRows, LoneCr};

    /// Every record of `bytes` through this reader (delimiter `,`, UTF-8
    /// with the Windows-1252 fallback): (row, cells).
    fn read_all(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, InputError> {
        let opts = ReadOptions {
            delimiter: Some(b','),
            encoding: Some("utf-8".into()),
            sheets: Vec::new(),
            counted: None,
        };
        let (head, rest) = bytes.split_at(bytes.len().min(crate::input::sniff::SNIFF_BYTES));
        let mut table = open(head.to_vec(), Cursor::new(rest.to_vec()), &opts)?;
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
            MAX_RECORD_BYTES,
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
}
