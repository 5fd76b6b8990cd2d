//! Stage 1, reading: a path goes in; tables come out, each a stream of
//! `Record`s (every row of the file or sheet, header candidates included)
//! that carry every cell's text, how the cell was stored (text, number,
//! date …) and the row number a person sees. Finding the header row is
//! the next stage's job. Nothing downstream of this module knows about
//! `csv::` or `calamine::`.

mod blocks;
mod decode;
mod delimited;
mod folder;
mod guards;
mod identity;
mod origin;
mod sequential;
mod sniff;
mod threaded;
mod workbook;

pub use blocks::{blocks_agree, blocks_agree_capped, Block};
pub use folder::{list_dir, Listing};
pub use identity::{FileId, Stamp};
pub use origin::{bytes_read, ReadCounter, MAX_COPY_BYTES};
pub use threaded::panics_are_caught;

use std::path::Path;

/// The most bytes a record of delimited text may take, its line break
/// included: 1 MiB, a thousand times a roster's longest row. A longer
/// record (text without line breaks, a quote that never closes) is not
/// held: it becomes a row marked [`Record::too_long`], without cells, and
/// reading goes on after it, so that memory stays bounded whatever the
/// file.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// How a cell was stored in its file. Delimited text is always `Text`
/// (or `Empty`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Text,
    /// A number (the text holds it without exponent or a trailing `.0`; a
    /// float too large for its digits to be exact is written `2.8E11`).
    Number,
    /// A number whose cell format pads it with zeros to this many digits
    /// (`00000000000`): a person sees the zeros, the file does not hold them.
    PaddedNumber(u8),
    /// A date (the text holds it as `YYYY-MM-DD`).
    Date,
    Bool,
    /// An error value such as `#N/A` (the text holds it).
    Error,
    /// A formula whose result was never stored (files written by scripts,
    /// not saved by a spreadsheet program): the text is empty.
    Uncalculated,
    Empty,
}

impl Stored {
    /// How a cell of delimited text, `len` bytes long, is stored.
    pub(crate) fn of_text(len: usize) -> Stored {
        if len == 0 {
            Stored::Empty
        } else {
            Stored::Text
        }
    }
}

/// One row: every cell as text plus how it was stored. Records are reused
/// between batches, so reading allocates only while rows grow.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The row number a person sees in a spreadsheet program.
    pub row: u64,
    /// Delimited text: a quote opened on this row was never closed and
    /// swallowed this many following lines, read back as their own rows.
    pub unclosed_quote: u32,
    /// Cells past Excel's last column (XFD), counted but not kept.
    pub extra_cells: usize,
    /// Delimited text: the record was longer than [`MAX_RECORD_BYTES`]
    /// and was not kept (the record has no cells).
    pub too_long: bool,
    /// The cells' text; a delimited line's delimiters may stay in it,
    /// between cells.
    text: String,
    /// Each cell's byte range in `text`, in order.
    spans: Vec<(usize, usize)>,
    /// How each cell was stored; empty when every cell is delimited text
    /// (`Stored::of_text` of its length), as most records are: their
    /// cells are then added without it.
    stored: Vec<Stored>,
}

impl Record {
    /// Empties the record, keeping its buffers.
    pub fn clear(&mut self) {
        self.unclosed_quote = 0;
        self.extra_cells = 0;
        self.too_long = false;
        self.text.clear();
        self.spans.clear();
        self.stored.clear();
    }

    /// Appends a cell.
    pub fn push(&mut self, text: &str, stored: Stored) {
        let start = self.text.len();
        self.text.push_str(text);
        self.store(stored);
        self.spans.push((start, self.text.len()));
    }

    /// Notes how the cell about to be added was stored, first noting the
    /// cells before it if they were left as text.
    fn store(&mut self, stored: Stored) {
        self.store_texts();
        self.stored.push(stored);
    }

    /// Appends `line` to the text without making cells of it: they are
    /// then added as byte ranges of it with [`Record::push_span`]. Returns
    /// where the line starts.
    pub(crate) fn push_text(&mut self, line: &str) -> usize {
        let start = self.text.len();
        self.text.push_str(line);
        start
    }

    /// Appends a cell of text: the bytes `start..end` of the record's text
    /// (on character boundaries, after the previous cell's).
    pub(crate) fn push_span(&mut self, start: usize, end: usize) {
        self.spans.push((start, end));
    }

    /// Sets the cells at once from their text joined and each cell's byte
    /// range in it (every range on a character boundary, in order, without
    /// gaps). A carriage return ending the last cell is dropped, as a
    /// line's end.
    pub(crate) fn take_joined(
        &mut self,
        joined: &str,
        ranges: impl ExactSizeIterator<Item = std::ops::Range<usize>> + Clone,
    ) {
        let base = self.text.len();
        self.text.push_str(joined);
        let last = ranges.clone().last();
        self.spans
            .extend(ranges.map(|r| (base + r.start, base + r.end)));
        if last.is_some_and(|r| joined[r].ends_with('\r')) {
            self.text.pop();
            if let Some((_, end)) = self.spans.last_mut() {
                *end -= 1;
            }
        }
        // Cells noted before these: note these too (as their final text).
        if !self.stored.is_empty() {
            self.store_texts();
        }
    }

    /// Notes how the cells added without it were stored: as text.
    fn store_texts(&mut self) {
        let texts = self.spans[self.stored.len()..].iter();
        self.stored
            .extend(texts.map(|&(start, end)| Stored::of_text(end - start)));
    }

    /// Appends a cell whose text `write` puts into the buffer.
    pub(crate) fn push_with(&mut self, write: impl FnOnce(&mut String) -> Stored) {
        let start = self.text.len();
        let stored = write(&mut self.text);
        self.store(stored);
        self.spans.push((start, self.text.len()));
    }

    /// The record's text and each cell's byte range in it, when the
    /// cells stand in it as in a line of delimited text: each cell after
    /// the one `delimiter` byte that ends the one before (a line split in
    /// place). The text between the first cell's start and the last's end
    /// is then the cells joined by `delimiter`.
    pub fn delimited(&self, delimiter: u8) -> Option<(&str, &[(usize, usize)])> {
        let bytes = self.text.as_bytes();
        let joined = self
            .spans
            .windows(2)
            .all(|w| w[1].0 == w[0].1 + 1 && bytes.get(w[0].1) == Some(&delimiter));
        joined.then_some((self.text.as_str(), self.spans.as_slice()))
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The bytes of the cells' text (with what lies between them).
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// True when the record has no cells.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The text of cell `i` ("" past the end: a ragged row).
    pub fn get(&self, i: usize) -> &str {
        let Some(&(start, end)) = self.spans.get(i) else {
            return "";
        };
        self.text.get(start..end).unwrap_or("")
    }

    /// How cell `i` was stored (`Empty` past the end).
    pub fn stored(&self, i: usize) -> Stored {
        match (self.stored.get(i), self.spans.get(i)) {
            (Some(&stored), _) => stored,
            (None, Some(&(start, end))) => Stored::of_text(end - start),
            (None, None) => Stored::Empty,
        }
    }

    /// Every cell's text, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.iter().all(|cell| trim(cell).is_empty())
    }

    /// True when the first `width` cells are blank (content, if any, lies
    /// beyond them).
    pub fn is_blank_within(&self, width: usize) -> bool {
        (0..width.min(self.len())).all(|i| trim(self.get(i)).is_empty())
    }

    /// Number of cells up to the last one that is not blank.
    pub fn used_len(&self) -> usize {
        (0..self.len())
            .rev()
            .find(|&i| !trim(self.get(i)).is_empty())
            .map_or(0, |i| i + 1)
    }
}

/// Why an input could not be read. Rendered for people by `i18n`.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("file not found")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("is a directory with no roster files")]
    EmptyDirectory,
    #[error("unsupported file type {0:?}")]
    Unsupported(String),
    #[error("the file is empty")]
    Empty,
    #[error("unknown encoding {0:?}")]
    UnknownEncoding(String),
    #[error("delimited text: {0}")]
    Csv(String),
    #[error("workbook: {0}")]
    Workbook(String),
    #[error("no sheet named {0:?}")]
    NoSuchSheet(String),
    /// Delimited text whose row `row` is longer than [`MAX_RECORD_BYTES`],
    /// with no header before it (the file is one long line).
    #[error("row {row} is longer than the record cap, with no header before it")]
    TooLong { row: u64 },
    #[error("the sheet declares too large a range")]
    RangeTooLarge,
    #[error("an HTML page named like a workbook")]
    HtmlNotWorkbook,
    #[error("binary data, not text")]
    Binary,
    #[error("the workbook is protected with a password")]
    Encrypted,
    #[error("the workbook is damaged or cut short: {0}")]
    Damaged(String),
    #[error("the workbook would expand to {0} bytes")]
    ZipBomb(u64),
    /// A workbook whose table of shared strings is too large to hold.
    #[error("too many shared strings")]
    TooManyStrings,
    /// In a folder: a link to a file that does not exist.
    #[error("a link to nothing")]
    BrokenLink,
    /// In a folder: a link that leads back to itself.
    #[error("a loop of links")]
    LinkLoop,
    /// In a folder: a FIFO, a socket or a device named like a roster, not
    /// read (it could wait forever).
    #[error("not a regular file")]
    NotAFile,
    /// An input read only once (a FIFO, a pipe) past `MAX_COPY_BYTES`.
    #[error("a pipe or device giving more than the copy limit")]
    TooLargeToCopy,
    #[error("no identifier column among the headers")]
    NoIdentifierColumn { headers: Vec<String> },
    #[error("no sheet holds a roster")]
    NoRosterSheet,
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
    /// Rows were read and checked, then reading failed: `row` is the
    /// first row not read, as a person sees it (`None` when not known),
    /// in `sheet` of a workbook.
    #[error("damaged from row {row:?} of sheet {sheet:?}: {error}")]
    DamagedFrom {
        sheet: Option<String>,
        row: Option<u64>,
        error: Box<InputError>,
    },
    /// Read again (for the report), the file is no longer the one checked.
    #[error("the file changed while it was being checked")]
    Changed,
}

impl InputError {
    pub(crate) fn from_io(e: std::io::Error) -> InputError {
        match e.kind() {
            std::io::ErrorKind::NotFound => InputError::NotFound,
            std::io::ErrorKind::PermissionDenied => InputError::PermissionDenied,
            _ => InputError::Io(e),
        }
    }
}

/// Source of rows, read in batches.
pub trait RowSource: Send {
    /// Replaces the records in `out` with the next batch (reusing their
    /// buffers where it can) and returns how many there are; 0 at the end.
    fn next_batch(&mut self, out: &mut Vec<Record>) -> Result<usize, InputError>;

    /// The next rows as a block, unparsed, for any thread to parse
    /// (`Block::records`); `None` when the next rows come from
    /// `next_batch`. Only delimited UTF-8 text has blocks.
    fn next_block(&mut self) -> Option<Block> {
        None
    }

    /// True when `next_batch` parses on the caller's thread (blocks of
    /// delimited text): see `Table::read_ahead`.
    fn parses_on_caller(&self) -> bool {
        false
    }

    /// How the bytes were decoded, for delimited text; known for sure only
    /// once every row was read (a late non-UTF-8 byte changes it).
    fn encoding(&self) -> Option<String> {
        None
    }
}

/// A table: a delimited text file or one sheet of a workbook.
pub struct Table {
    pub sheet: Option<String>,
    pub rows: Box<dyn RowSource>,
    /// Delimited text in a file named like a workbook (web exports).
    pub disguised: bool,
    /// A sheet hidden in its workbook: checked, and said so.
    pub hidden: bool,
    /// Delimited text: the delimiter its cells were cut at (given or
    /// sniffed); `None` for a workbook's sheet.
    pub delimiter: Option<u8>,
}

impl Table {
    /// The same table for a reader that only asks for batches: rows that
    /// would be parsed on the caller's thread are parsed ahead on their
    /// own, as the other sources already are.
    pub fn read_ahead(self) -> Table {
        if !self.rows.parses_on_caller() {
            return self;
        }
        Table {
            rows: Box::new(threaded::Threaded::ahead(self.rows)),
            ..self
        }
    }
}

/// What the user said about reading.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub delimiter: Option<u8>,
    /// An encoding label (`windows-1252`, `utf-16le` …); `None`: sniffed.
    pub encoding: Option<String>,
    /// Only these sheets (empty: all).
    pub sheets: Vec<String>,
    /// A count of this run's bytes read, beside the process's
    /// ([`bytes_read`]): a run among others at once (`serve`) tells its
    /// own progress by it.
    pub counted: Option<ReadCounter>,
}

/// Extensions of delimited text.
const TEXT_EXT: [&str; 3] = ["csv", "tsv", "txt"];
/// Extensions of workbooks calamine reads.
const BOOK_EXT: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// `text` without leading and trailing whitespace, as `str::trim` gives
/// it; a cell that starts and ends with a visible ASCII character (most
/// cells) is returned without decoding either end.
///
/// ```
/// use roster_check::input::trim;
/// assert_eq!((trim(" PÉREZ\u{a0}"), trim("GARCÍA"), trim("\t")), ("PÉREZ", "GARCÍA", ""));
/// ```
pub fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b.is_ascii());
    let b = text.as_bytes();
    if visible(b.first()) && visible(b.last()) {
        text
    } else {
        text.trim()
    }
}

/// True when the file name says it is a roster roster-check can read.
pub fn is_roster_file(path: &Path) -> bool {
    let ext = extension(path);
    TEXT_EXT.contains(&ext.as_str()) || BOOK_EXT.contains(&ext.as_str())
}

/// Opens a file and returns its tables: one for delimited text, one per
/// worksheet (in workbook order) for workbooks. An input that can be read
/// only once (a FIFO, `<(…)`'s `/dev/fd/N`) is copied the first time and
/// read from the copy, then and on every later open; it needs no roster
/// extension (`/dev/fd/63` has none): its bytes decide.
pub fn open(path: &Path, opts: &ReadOptions) -> Result<Vec<Table>, InputError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(InputError::from_io)?;
    if meta.is_dir() {
        return Err(InputError::EmptyDirectory);
    }
    let ext = extension(path);
    let text_named = TEXT_EXT.contains(&ext.as_str());
    let book_named = BOOK_EXT.contains(&ext.as_str());
    if meta.is_file() && !text_named && !book_named {
        return Err(InputError::Unsupported(ext));
    }
    let origin = origin::Origin::of(path, &meta, opts.counted.clone())?;
    // One handle: the first bytes are read once, sniffed, and delimited
    // text goes on from them.
    let mut file = origin.open()?;
    let mut head = Vec::with_capacity(sniff::SNIFF_BYTES);
    (&mut file)
        .take(sniff::SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(InputError::from_io)?;
    // The bytes decide, not the name: web systems save CSV or HTML as
    // ".xls", people rename workbooks to ".csv".
    match sniff_container(&head) {
        Container::Zip => workbook::open(&origin, workbook::Format::Zip, opts, text_named),
        Container::Ole => workbook::open(&origin, workbook::Format::Ole, opts, text_named),
        Container::Html => Err(InputError::HtmlNotWorkbook),
        Container::Empty => Err(InputError::Empty),
        Container::Unknown => Err(InputError::Binary),
        Container::Text => {
            let mut table = delimited::open(head, file, opts)?;
            table.disguised = book_named;
            Ok(vec![table])
        }
    }
}

/// What a file named like a workbook really holds, by its first bytes.
#[derive(Debug, PartialEq, Eq)]
enum Container {
    /// xlsx, xlsm, xlsb, ods.
    Zip,
    /// xls (and encrypted OOXML).
    Ole,
    /// An HTML page, as web systems export "Excel" files.
    Html,
    /// Delimited text with a workbook's name.
    Text,
    Empty,
    Unknown,
}

/// What the first bytes of a file (`head`) show it holds; the first
/// kilobyte is looked at.
fn sniff_container(head: &[u8]) -> Container {
    let head = &head[..head.len().min(1024)];
    if head.starts_with(b"PK\x03\x04") {
        return Container::Zip;
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") {
        return Container::Ole;
    }
    let text = if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        let (t, _, _) = if head.starts_with(b"\xFF\xFE") {
            encoding_rs::UTF_16LE.decode(head)
        } else {
            encoding_rs::UTF_16BE.decode(head)
        };
        t.into_owned()
    } else {
        String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)).into_owned()
    };
    if sniff::looks_utf16(head).is_some() {
        return Container::Text;
    }
    let trimmed = text.trim_start().to_ascii_lowercase();
    if trimmed.is_empty() {
        return Container::Empty;
    }
    if trimmed.starts_with('<') {
        return Container::Html;
    }
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        .count();
    if controls * 20 < text.chars().count() {
        Container::Text
    } else {
        Container::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The quick trim trims as `str::trim` does.
        #[test]
        fn trim_is_str_trim(text in "[ \t\u{a0}\u{3000}a-zé.]{0,4}|\\PC{0,4}") {
            prop_assert_eq!(trim(&text), text.trim());
        }

        /// Taking a record whole gives the cells pushing them one by one
        /// gives (a carriage return ending the last cell dropped).
        #[test]
        fn a_record_taken_whole_equals_its_cells_pushed(
            cells in prop::collection::vec("[a\\rñ ]{0,3}|\\PC{0,3}", 0..6)
        ) {
            let joined: String = cells.concat();
            let ranges: Vec<std::ops::Range<usize>> = cells
                .iter()
                .scan(0, |end, c| {
                    let start = *end;
                    *end += c.len();
                    Some(start..*end)
                })
                .collect();
            let mut whole = Record::default();
            whole.take_joined(&joined, ranges.into_iter());
            let mut pushed = Record::default();
            for (i, c) in cells.iter().enumerate() {
                let c = if i + 1 == cells.len() {
                    c.strip_suffix('\r').unwrap_or(c)
                } else {
                    c
                };
                pushed.push(c, Stored::of_text(c.len()));
            }
            prop_assert_eq!(&whole.text, &pushed.text);
            prop_assert_eq!(&whole.spans, &pushed.spans);
            let stored = |r: &Record| (0..=r.len()).map(|i| r.stored(i)).collect::<Vec<_>>();
            prop_assert_eq!(stored(&whole), stored(&pushed));
        }

        /// Cells added as text, without how they were stored, and cells
        /// added with it, in any order: each reads as it was added.
        #[test]
        fn cells_read_as_stored_in_any_mix(
            cells in prop::collection::vec((0..4u8, "[ab\r]{0,2}"), 0..8)
        ) {
            let mut rec = Record::default();
            let mut expected = Vec::new();
            for (how, text) in &cells {
                let stored = match how {
                    0 => {
                        let start = rec.push_text(text);
                        rec.push_span(start, start + text.len());
                        Stored::of_text(text.len())
                    }
                    1 => {
                        // Taken as a line: its last carriage return dropped.
                        rec.take_joined(text, std::iter::once(0..text.len()));
                        let text = text.strip_suffix('\r').unwrap_or(text);
                        expected.push((text.to_string(), Stored::of_text(text.len())));
                        continue;
                    }
                    2 => {
                        rec.push(text, Stored::Number);
                        Stored::Number
                    }
                    _ => {
                        rec.push_with(|t| {
                            t.push_str(text);
                            Stored::Date
                        });
                        Stored::Date
                    }
                };
                expected.push((text.clone(), stored));
            }
            let read: Vec<(String, Stored)> =
                (0..rec.len()).map(|i| (rec.get(i).to_string(), rec.stored(i))).collect();
            prop_assert_eq!(read, expected);
            prop_assert_eq!(rec.stored(rec.len()), Stored::Empty);
        }
    }
}
