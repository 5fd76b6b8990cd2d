//! UTF-8 delimited text cut into blocks of whole lines that any thread
//! parses on its own, so that reading a big CSV is shared by both cores
//! with the checks instead of being one thread they wait on.
//!
//! Outside quotes the csv crate carries nothing from one line to the
//! next: records end at '\n', and the only other line ending, a lone CR,
//! is rewritten before parsing. So while every quoted cell closes on its
//! own line and no CR stands alone, every line is one record and a block
//! parses alone exactly as it does inside the whole file, its row numbers
//! counted from the lines before it. A thread cuts the blocks, following
//! quotes as the csv crate does (`lines`); from the first line where that
//! does not hold (a quoted line break, a lone CR, a line starting with a
//! byte-order mark, or a read error) the rest of the file is read in
//! order on one thread, as before (`sequential::in_order`). In a block,
//! lines without quotes are split at their delimiters in place and lines
//! with quotes go through the csv crate's own parser. A line longer than
//! the record cap (`MAX_RECORD_BYTES`) becomes a record marked too long,
//! as in order; one with no line break within the cap is skipped to its
//! end while cutting, never held.

use std::cell::RefCell;
use std::io::{Cursor, Read};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use super::decode::{encoding_label, fill, Fields, Seen, MAX_COLS};
use super::sequential::{in_order, CsvRows};
use super::sniff::Decoding;
use super::threaded::{guarded, Threaded};
use super::{InputError, Record, RowSource, MAX_RECORD_BYTES};

/// Bytes of a block: about this many, cut after a line break.
const BLOCK_BYTES: usize = 256 * 1024;
/// Blocks cut ahead of the checks.
const AHEAD: usize = 16;

/// How the blocks of one file are parsed.
struct How {
    delimiter: u8,
    decoding: Decoding,
    seen: Arc<Seen>,
    /// Bytes past which a record is too long (`MAX_RECORD_BYTES`).
    cap: usize,
}

/// Whole lines of a file, parsed on any thread.
pub struct Block {
    bytes: Vec<u8>,
    lines_before: u64,
    /// Lines in the block.
    lines: u64,
    /// The block is one line past the cap, skipped while cutting (its
    /// bytes are not kept).
    too_long: bool,
    how: Arc<How>,
}

impl Block {
    /// Parses the block: its records replace those in `out` (whose
    /// buffers are reused); returns how many there are.
    pub fn records(&self, out: &mut Vec<Record>) -> Result<usize, InputError> {
        let mut count = 0;
        self.each_batch(out, usize::MAX, |rows| count = rows.len())?;
        Ok(count)
    }

    /// About how many records the block holds (its lines, empty ones
    /// included).
    pub fn lines(&self) -> usize {
        self.lines as usize
    }

    /// Parses the block `batch` records at a time, each batch replacing
    /// the records in `out` (whose buffers are reused) and handed to
    /// `each` in order: a batch of a few dozen records is checked while
    /// its text is still in the core's cache.
    pub fn each_batch(
        &self,
        out: &mut Vec<Record>,
        batch: usize,
        mut each: impl FnMut(&[Record]),
    ) -> Result<(), InputError> {
        let how = &self.how;
        if self.too_long {
            if out.is_empty() {
                out.push(Record::default());
            }
            out[0].clear();
            (out[0].row, out[0].too_long) = (self.lines_before + 1, true);
            each(&out[..1]);
            return Ok(());
        }
        // Valid UTF-8 (nearly always): each line without a quote is split
        // at its delimiters in place, as the csv crate would split it; a
        // line with quotes goes through the csv crate alone. simdutf8
        // validates a block several times faster than the standard
        // library does text with accents on every other line.
        let Ok(text) = simdutf8::basic::from_utf8(&self.bytes) else {
            let mut rows = CsvRows::new(
                &self.bytes[..],
                how.delimiter,
                how.decoding,
                how.seen.clone(),
                self.lines_before,
                how.cap,
            );
            let n = rows.read_into(out, usize::MAX)?;
            out[..n].chunks(batch).for_each(each);
            return Ok(());
        };
        // The csv crate drops a byte-order mark at the start of its text
        // (no later block starts with one: `lines`).
        let skip = if self.lines_before == 0 && text.starts_with('\u{feff}') {
            BOM.len()
        } else {
            0
        };
        let (mut n, mut widest) = (0, 0);
        thread_local! {
            /// Each thread's parser of quoted lines, kept from block to
            /// block: building one takes ~265,000 instructions.
            static QUOTED: RefCell<Option<Quoted>> = const { RefCell::new(None) };
        }
        let (mut saw_utf8, mut saw_1252) = (!text[skip..].is_ascii(), false);
        // A line past the cap is not read, so it says nothing of the text.
        let mut too_long = false;
        let mut row = self.lines_before;
        let mut at = skip;
        // The block ends with a line break.
        while let Some(len) = memchr::memchr(b'\n', &self.bytes[at..]) {
            let (start, line) = (at, &text[at..at + len]);
            at += len + 1;
            row += 1;
            // The csv crate skips an empty line (its row stays empty).
            if line.is_empty() {
                continue;
            }
            if out.len() <= n {
                out.push(Record::default());
            }
            let rec = &mut out[n];
            rec.clear();
            rec.row = row;
            if line.len() >= how.cap {
                // With its line break, past the cap.
                (rec.too_long, too_long) = (true, true);
            } else if !split(line, how.delimiter, rec) {
                // With its line break; the csv crate's own parser drops
                // the file's mark itself, once.
                let from = if start == skip { 0 } else { start };
                QUOTED.with_borrow_mut(|quoted| {
                    let quoted = match quoted {
                        Some(q) if q.delimiter == how.delimiter => q,
                        _ => quoted.insert(Quoted::new(how.delimiter)),
                    };
                    let record = quoted.parse(&self.bytes[from..at]);
                    fill(record, how.decoding, rec, &mut saw_utf8, &mut saw_1252);
                });
            }
            widest = widest.max(rec.len());
            n += 1;
            if n == batch {
                each(&out[..n]);
                n = 0;
            }
        }
        if n > 0 {
            each(&out[..n]);
        }
        if too_long && saw_utf8 {
            saw_utf8 = text[skip..]
                .split('\n')
                .any(|line| line.len() < how.cap && !line.is_ascii());
        }
        how.seen.note(saw_utf8, saw_1252, widest);
        Ok(())
    }
}

/// Lines with quotes, parsed by the csv crate's own parser (`csv_core`,
/// set up as `sequential::csv_reader` sets it up): as a line of a clean
/// block is a whole record, each is parsed from the start state. Each
/// thread builds one when a quote first needs it and keeps it from block
/// to block, as building takes a DFA's worth of instructions (~265,000)
/// and csv-core 0.1.13's `Clone` copies only part of the parser's tables
/// (a clone misreads: `,` ended a record).
struct Quoted {
    delimiter: u8,
    core: Option<csv_core::Reader>,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl Quoted {
    fn new(delimiter: u8) -> Quoted {
        Quoted {
            delimiter,
            core: None,
            output: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// The record of `line` (ending with its line break).
    fn parse(&mut self, line: &[u8]) -> Fields<'_> {
        use csv_core::ReadRecordResult as R;
        let delimiter = self.delimiter;
        let core = self.core.get_or_insert_with(|| {
            csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build()
        });
        core.reset();
        // A record's fields hold at most its bytes, and it has at most a
        // field more than it has bytes.
        self.output.resize(self.output.len().max(line.len()), 0);
        self.ends.resize(self.ends.len().max(line.len() + 1), 0);
        let (mut input, mut out, mut end) = (line, 0, 0);
        loop {
            let (result, nin, nout, nend) =
                core.read_record(input, &mut self.output[out..], &mut self.ends[end..]);
            input = &input[nin..];
            out += nout;
            end += nend;
            match result {
                // Only an empty input (the end) is left to give.
                R::InputEmpty if !input.is_empty() => continue,
                R::InputEmpty => {
                    if nin == 0 && nout == 0 && nend == 0 {
                        break;
                    }
                }
                R::OutputFull => self.output.resize(self.output.len() * 2 + 1, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2 + 1, 0),
                R::Record | R::End => break,
            }
        }
        Fields {
            bytes: &self.output[..out],
            ends: &self.ends[..end],
        }
    }
}

/// The cells of `line` as the csv crate reads them when it holds no
/// quote: split at every delimiter, a carriage return ending the last one
/// dropped as a line's end, cells past Excel's last column counted. The
/// line is copied once; its cells are ranges of the copy. False, and the
/// record emptied, when the line has a quote, which the csv crate's own
/// parser must read (few lines have one: the line is read once, its
/// quotes looked for with its delimiters).
fn split(line: &str, delimiter: u8, rec: &mut Record) -> bool {
    let bytes = line.as_bytes();
    // Eight bytes at a time: the high bit of each byte equal to the
    // delimiter or a quote, exactly (no carries between bytes).
    let marks = |word: u64, of: u64| {
        let x = word ^ of;
        !(((x & LOW_7) + LOW_7) | x | LOW_7)
    };
    let (delimiters, quotes) = (SPREAD * u64::from(delimiter), SPREAD * u64::from(b'"'));
    let base = rec.push_text(line);
    let mut cells = Cells {
        rec,
        base,
        start: 0,
        count: 0,
    };
    // The word of bytes from `at`, only its bytes `inside` looked at.
    let mut take = |at: usize, word: u64, inside: u64| {
        if marks(word, quotes) & inside != 0 {
            return false;
        }
        let mut found = marks(word, delimiters) & inside;
        while found != 0 {
            cells.end_at(at + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
        true
    };
    let mut words = bytes.chunks_exact(8);
    let whole = words
        .by_ref()
        .enumerate()
        .all(|(i, w)| take(i * 8, word_of(w), !0));
    // The last bytes, padded to a word.
    let rest = words.remainder();
    let mut last = [0; 8];
    last[..rest.len()].copy_from_slice(rest);
    let inside = (1 << (8 * rest.len())) - 1;
    if !(whole && take(bytes.len() - rest.len(), u64::from_le_bytes(last), inside)) {
        cells.rec.clear();
        return false;
    }
    // (With '\r' as the delimiter, a line's last '\r' has ended a cell.)
    let last = line.strip_suffix('\r').unwrap_or(line).len();
    cells.end_at(last.max(cells.start));
    true
}

/// 0x01 in every byte.
const SPREAD: u64 = u64::from_le_bytes([1; 8]);
/// 0x7F in every byte.
const LOW_7: u64 = SPREAD * 0x7F;

/// Eight bytes as a little-endian word (the first byte lowest).
fn word_of(bytes: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(bytes);
    u64::from_le_bytes(w)
}

/// The cells of a line being split into a record.
struct Cells<'r> {
    rec: &'r mut Record,
    /// Where the line starts in the record's text.
    base: usize,
    /// Where the next cell starts in the line.
    start: usize,
    count: usize,
}

impl Cells<'_> {
    /// Ends the current cell at byte `end` of the line.
    fn end_at(&mut self, end: usize) {
        if self.count < MAX_COLS {
            self.rec.push_span(self.base + self.start, self.base + end);
        } else {
            self.rec.extra_cells += 1;
        }
        self.count += 1;
        self.start = end + 1;
    }
}

/// What the cutting thread sends.
enum Cut {
    Block(Block),
    /// The rest of the file, from a line on which it must be read in
    /// order: these bytes, then the source's.
    Rest(Vec<u8>, u64, Box<dyn Read + Send>),
    End,
    Failed(InputError),
}

/// A read error met while cutting, handed to the reader in order after
/// the bytes read before it, so that it reports it where it would have.
struct Fails(Option<std::io::Error>);

impl Read for Fails {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

/// Where the lines of `buf` that are one record each end, as the csv
/// crate reads them: a quote opens a quoted cell only at the start of a
/// cell (elsewhere it is a letter like any other), `""` inside one is a
/// quote, and a line break inside one continues the record.
struct Lines {
    /// The end of the last line that is a whole record, with every line
    /// before it one too.
    end: usize,
    /// How many lines end there.
    count: u64,
    /// From `end` on the text must be read in order: a quoted cell runs
    /// past the line starting there, or the line after it starts with a
    /// byte-order mark (which the csv crate drops at the start of its
    /// text only, so neither a block nor the reader in order may start
    /// on that line).
    in_order: bool,
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads `buf` (starting at the start of a line, the file's first when
/// `first`; the whole rest of the file when `eof`) for its record lines.
fn lines(buf: &[u8], delimiter: u8, first: bool, eof: bool) -> Lines {
    lines_by(buf, delimiter, first, eof, true)
}

/// [`lines`], taking the text between quotes a stretch at a time when
/// `quick`, else one quote or line break at a time.
fn lines_by(buf: &[u8], delimiter: u8, first: bool, eof: bool, quick: bool) -> Lines {
    let mut found = Lines {
        end: 0,
        count: 0,
        in_order: false,
    };
    let mut quoted = false;
    // The mark the csv crate drops at the start of the text: a cell
    // starts after it.
    let start = if first && buf.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let mut at = start;
    // Up to here, take one quote or line break at a time.
    let mut careful_until = start;
    loop {
        if quick && !quoted && at >= careful_until {
            // Up to the next quote, every line break ends a record unless
            // a line starts with a byte-order mark (no 0xEF byte: none
            // does) or too little text follows it.
            let stop = memchr::memchr(b'"', &buf[at..]).map_or(buf.len(), |k| at + k);
            if memchr::memchr(BOM[0], &buf[at..stop]).is_some() {
                careful_until = stop;
            } else {
                let limit = if eof {
                    stop
                } else {
                    stop.min(buf.len().saturating_sub(BOM.len()))
                };
                let whole = &buf[at..limit.max(at)];
                if let Some(last) = memchr::memrchr(b'\n', whole) {
                    found.count += memchr::memchr_iter(b'\n', whole).count() as u64;
                    found.end = at + last + 1;
                }
                // Whether the next line starts with a mark comes with
                // more text.
                if stop == buf.len() || memchr::memchr(b'\n', &buf[limit.max(at)..stop]).is_some() {
                    return found;
                }
                at = stop;
            }
        }
        let Some(k) = memchr::memchr2(b'"', b'\n', &buf[at..]) else {
            break;
        };
        let p = at + k;
        at = p + 1;
        if buf[p] == b'\n' {
            if quoted {
                found.in_order = true;
                return found;
            }
            // A line starting with a byte-order mark is read in order
            // from the line before it: neither a block nor the reader in
            // order may start with the mark.
            if buf[at..].starts_with(BOM) {
                found.in_order = true;
                return found;
            }
            // Whether the next line starts with one comes with more text.
            if buf.len() - at < BOM.len() && !eof {
                return found;
            }
            found.end = at;
            found.count += 1;
        } else if quoted {
            match buf.get(at) {
                Some(b'"') => at += 1,
                // Whether the quote ends the cell comes with more text.
                None if !eof => return found,
                _ => quoted = false,
            }
        } else {
            quoted = p == start || buf[p - 1] == b'\n' || buf[p - 1] == delimiter;
        }
    }
    // A quote still open at the end of the file swallowed the lines after
    // it; the reader in order gives them back.
    found.in_order |= quoted && eof;
    found
}

/// True when `bytes` has a lone carriage return (the reader in order
/// reads one as a line break).
fn has_lone_cr(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

/// Reads until `buf` holds `want` bytes or the source ends (true); the
/// bytes read before an error stay in `buf`.
fn read_to(source: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let missing = want.saturating_sub(buf.len());
    // Into the vector's spare room, without zeroing it first.
    let read = source.take(missing as u64).read_to_end(buf)?;
    Ok(read < missing)
}

/// Cuts `source` into blocks of about `size` bytes, each ending after a
/// line break (the file's last line is given one), and sends them in
/// order, as long as every line is a record; the rest goes as one
/// `Cut::Rest` from the first line that is not, or from a read error.
fn cut(
    mut source: Box<dyn Read + Send>,
    how: &Arc<How>,
    size: usize,
    tx: &SyncSender<Cut>,
) -> Result<(), InputError> {
    let mut buf: Vec<u8> = Vec::with_capacity(size);
    let mut lines_before = 0u64;
    let mut want = size;
    // A line past the cap was just skipped.
    let mut skipped = false;
    loop {
        let eof = match read_to(&mut source, &mut buf, want) {
            Ok(eof) => eof,
            Err(e) => {
                let rest = Box::new(Fails(Some(e)));
                let _ = tx.send(Cut::Rest(buf, lines_before, rest));
                return Ok(());
            }
        };
        // The line after a skipped one starts with a byte-order mark,
        // which no block may start with (`Lines::in_order`).
        if std::mem::take(&mut skipped) && buf.starts_with(BOM) {
            let _ = tx.send(Cut::Rest(buf, lines_before, source));
            return Ok(());
        }
        let found = lines(&buf, how.delimiter, lines_before == 0, eof);
        // At the end of the file its last line, without a line break, is
        // a record too unless a quote spans lines.
        let end = if eof && !found.in_order {
            buf.len()
        } else {
            found.end
        };
        if end == 0 && !eof && !found.in_order {
            // The file's own mark is no part of its first line (what of
            // it was read so far, at least).
            let mark = match lines_before {
                0 => buf.iter().zip(BOM).take_while(|(a, b)| a == b).count(),
                _ => 0,
            };
            if buf.len() - mark < how.cap || memchr::memchr(b'\n', &buf).is_some() {
                // A line longer than a block.
                want = buf.len() + size;
                continue;
            }
            if memchr::memchr(b'\r', &buf).is_some() {
                // A carriage return may end the line: the reader in
                // order knows (and it is bounded too).
                let _ = tx.send(Cut::Rest(buf, lines_before, source));
                return Ok(());
            }
            // A line past the cap, with no line break in sight: it is
            // read no further than its end, as in order.
            let block = Block {
                bytes: Vec::new(),
                lines_before,
                lines: 1,
                too_long: true,
                how: how.clone(),
            };
            lines_before += 1;
            if tx.send(Cut::Block(block)).is_err() {
                return Ok(());
            }
            match skip_line(&mut source, &mut buf) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => {
                    let rest = Box::new(Fails(Some(e)));
                    let _ = tx.send(Cut::Rest(Vec::new(), lines_before, rest));
                    return Ok(());
                }
            }
            (want, skipped) = (size, true);
            continue;
        }
        let mut next = Vec::with_capacity(size.max(buf.len() - end));
        next.extend_from_slice(&buf[end..]);
        buf.truncate(end);
        let mut block = std::mem::replace(&mut buf, next);
        let lone_cr = has_lone_cr(&block);
        if !block.is_empty() && !lone_cr {
            if !block.ends_with(b"\n") {
                block.push(b'\n');
            }
            let lines = found.count + u64::from(end > found.end);
            let block = Block {
                bytes: block,
                lines_before,
                lines,
                too_long: false,
                how: how.clone(),
            };
            lines_before += lines;
            if tx.send(Cut::Block(block)).is_err() {
                return Ok(());
            }
        } else if lone_cr {
            block.extend_from_slice(&buf);
            buf = block;
        }
        if found.in_order || lone_cr {
            let _ = tx.send(Cut::Rest(buf, lines_before, source));
            return Ok(());
        }
        if eof {
            return Ok(());
        }
        want = size;
    }
}

/// Skips the rest of a line (`buf` holds its next bytes), reading on as
/// the reader in order would skip it: up to and with its end, a line
/// feed or a carriage return (with the line feed after it). `buf` is left
/// holding what follows; false when the text ended first.
fn skip_line(source: &mut dyn Read, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    loop {
        if let Some(k) = memchr::memchr2(b'\n', b'\r', buf) {
            if buf[k] == b'\r' && k + 1 == buf.len() {
                // Whether a line feed follows comes with the next byte.
                buf.drain(..k);
                if read_to(source, buf, 2)? {
                    buf.clear();
                    return Ok(false);
                }
                continue;
            }
            let end = match (buf[k], buf.get(k + 1)) {
                (b'\r', Some(b'\n')) => k + 2,
                _ => k + 1,
            };
            buf.drain(..end);
            return Ok(true);
        }
        buf.clear();
        if read_to(source, buf, READ_BYTES)? && buf.is_empty() {
            return Ok(false);
        }
    }
}

/// Bytes read at a time while skipping a line.
const READ_BYTES: usize = 64 * 1024;

/// The rows of a UTF-8 delimited file: blocks while the text is clean,
/// then the rest in order.
pub(super) struct Blocks {
    rx: Receiver<Cut>,
    how: Arc<How>,
    /// The next cut, when it was not a block.
    held: Option<Cut>,
    /// The rest of the file, read in order.
    rest: Option<Threaded>,
    ended: bool,
    /// An error met gathering a batch, handed over after it.
    pending: Option<InputError>,
}

impl Blocks {
    /// Starts cutting `source` (text without its BOM) on its own thread.
    pub(super) fn start(
        source: Box<dyn Read + Send>,
        delimiter: u8,
        decoding: Decoding,
        seen: Arc<Seen>,
    ) -> Blocks {
        Blocks::sized(
            source,
            (delimiter, decoding, seen),
            BLOCK_BYTES,
            MAX_RECORD_BYTES,
        )
    }

    /// Blocks of about `size` bytes, records cut past `cap`.
    fn sized(
        source: Box<dyn Read + Send>,
        (delimiter, decoding, seen): (u8, Decoding, Arc<Seen>),
        size: usize,
        cap: usize,
    ) -> Blocks {
        let how = Arc::new(How {
            delimiter,
            decoding,
            seen,
            cap: cap.max(1),
        });
        let (tx, rx) = sync_channel(AHEAD);
        let cutter = how.clone();
        std::thread::spawn(move || {
            let result = guarded(|| cut(source, &cutter, size, &tx));
            let _ = tx.send(match result {
                Ok(()) => Cut::End,
                Err(e) => Cut::Failed(e),
            });
        });
        Blocks {
            rx,
            how,
            held: None,
            rest: None,
            ended: false,
            pending: None,
        }
    }

    fn next_cut(&mut self) -> Cut {
        self.held.take().unwrap_or_else(|| {
            self.rx.recv().unwrap_or_else(|_| {
                Cut::Failed(InputError::Damaged(
                    "the reader stopped on a malformed structure".into(),
                ))
            })
        })
    }
}

/// The most rows past the cap a batch gathers while waiting for others.
const LONE_TOO_LONG: usize = 4096;

impl Blocks {
    /// The next batch as it comes: a block's records, or a batch of the
    /// reader in order.
    fn next_alone(&mut self, out: &mut Vec<Record>) -> Result<usize, InputError> {
        loop {
            if let Some(rest) = &mut self.rest {
                return rest.next_batch(out);
            }
            if self.ended {
                return Ok(0);
            }
            match self.next_cut() {
                Cut::Block(block) => {
                    let n = block.records(out)?;
                    if n > 0 {
                        return Ok(n);
                    }
                }
                Cut::Rest(bytes, lines_before, source) => {
                    let how = &self.how;
                    self.rest = Some(in_order(
                        Box::new(Cursor::new(bytes).chain(source)),
                        how.delimiter,
                        how.decoding,
                        how.seen.clone(),
                        lines_before,
                        how.cap,
                    ));
                }
                Cut::End => self.ended = true,
                Cut::Failed(e) => {
                    self.ended = true;
                    return Err(e);
                }
            }
        }
    }
}

impl RowSource for Blocks {
    fn next_batch(&mut self, out: &mut Vec<Record>) -> Result<usize, InputError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let mut n = self.next_alone(out)?;
        // A line past the cap is a block of its own, and rows past the cap
        // alone are no batch to find a header in: the rows after them come
        // along.
        let mut more = Vec::new();
        while n > 0 && n < LONE_TOO_LONG && out[..n].iter().all(|r| r.too_long) {
            match self.next_alone(&mut more) {
                Ok(0) => break,
                Ok(m) => {
                    out.truncate(n);
                    out.extend(more.drain(..m));
                    n += m;
                }
                Err(e) => {
                    self.pending = Some(e);
                    break;
                }
            }
        }
        Ok(n)
    }

    fn next_block(&mut self) -> Option<Block> {
        if self.rest.is_some() || self.ended || self.pending.is_some() {
            return None;
        }
        match self.next_cut() {
            Cut::Block(block) => Some(block),
            other => {
                self.held = Some(other);
                None
            }
        }
    }

    fn encoding(&self) -> Option<String> {
        Some(encoding_label(self.how.decoding, &self.how.seen))
    }

    fn parses_on_caller(&self) -> bool {
        true
    }
}

/// Every record of a source as (row, cells, how each cell was stored,
/// lines swallowed, too long), blocks parsed as the checker parses them,
/// then the encoding, or the error that ended the reading.
type Reading = (
    Vec<(u64, Vec<String>, String, u32, bool)>,
    Result<String, String>,
);

fn drain(mut source: Box<dyn RowSource>) -> Reading {
    let mut out = Vec::new();
    let mut records = Vec::new();
    let mut take = |records: &[Record]| {
        for r in records {
            let cells = r.iter().map(str::to_string).collect();
            let stored = (0..r.len()).map(|i| format!("{:?}", r.stored(i))).collect();
            out.push((r.row, cells, stored, r.unclosed_quote, r.too_long));
        }
    };
    let end = loop {
        // Up to three blocks parsed as the checks parse them (a few
        // records at a time), then a batch parsed by the source itself
        // (which may be a block too, parsed whole).
        for block in std::iter::from_fn(|| source.next_block()).take(3) {
            if let Err(e) = block.each_batch(&mut records, 3, &mut take) {
                return (out, Err(e.to_string()));
            }
        }
        match source.next_batch(&mut records) {
            Ok(0) => break Ok(source.encoding().unwrap_or_default()),
            Ok(n) => take(&records[..n]),
            Err(e) => break Err(e.to_string()),
        }
    };
    (out, end)
}

/// For tests and the `csv_blocks` fuzz target: `bytes` (UTF-8 text with
/// `,` as delimiter) read cut into blocks of `size` bytes and read in
/// order; `Err` says how they differ.
#[doc(hidden)]
pub fn blocks_agree(bytes: &[u8], size: usize) -> Result<(), String> {
    blocks_agree_by(bytes, size, b',', MAX_RECORD_BYTES)
}

/// [`blocks_agree`] with records cut past `cap` bytes instead of
/// `MAX_RECORD_BYTES`.
#[doc(hidden)]
pub fn blocks_agree_capped(bytes: &[u8], size: usize, cap: usize) -> Result<(), String> {
    blocks_agree_by(bytes, size, b',', cap)
}

/// [`blocks_agree`] with another delimiter and cap.
fn blocks_agree_by(bytes: &[u8], size: usize, delimiter: u8, cap: usize) -> Result<(), String> {
    let decoding = Decoding::Utf8Auto { bom: false };
    let source = || Box::new(Cursor::new(bytes.to_vec())) as Box<dyn Read + Send>;
    let how = || (delimiter, decoding, Arc::default());
    let blocks = drain(Box::new(Blocks::sized(source(), how(), size.max(1), cap)));
    let in_order = drain(Box::new(in_order(
        source(),
        delimiter,
        decoding,
        Arc::default(),
        0,
        cap,
    )));
    if blocks == in_order {
        Ok(())
    } else {
        Err(format!("blocks: {blocks:?}\nin order: {in_order:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::delimited::tests::{csvish, Failing};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// Cut into blocks of any size, text reads exactly as in order:
        /// the same records, cells, row numbers and encoding, whatever
        /// quotes, line endings and bytes it holds.
        #[test]
        fn blocks_read_as_the_text_in_order(
            pieces in prop::collection::vec((csvish(), any::<bool>()), 1..4),
            size in 1usize..48,
        ) {
            // Byte-order marks anywhere, at the start too.
            let bytes: Vec<u8> = pieces
                .into_iter()
                .flat_map(|(p, bom)| if bom { [BOM, &p].concat() } else { p })
                .collect();
            if let Err(e) = blocks_agree(&bytes, size) {
                prop_assert!(false, "{}", e);
            }
        }

        /// The same for text mostly made of whole clean lines, where most
        /// of it goes through blocks.
        #[test]
        fn clean_lines_read_as_in_order(
            lines in prop::collection::vec("[a-zñ0-9 ]{0,6}(,[a-z0-9 \"]{0,6}){0,4}(\r)?", 0..40),
            size in 1usize..64,
        ) {
            let bytes = lines.join("\n").into_bytes();
            if let Err(e) = blocks_agree(&bytes, size) {
                prop_assert!(false, "{}", e);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// Records cut past a cap (a few bytes here, 1 MiB in use) read
        /// alike in blocks and in order: the too-long rows, the rows after
        /// them, a quote running past the cap read again from its second
        /// line.
        #[test]
        fn records_past_the_cap_read_as_in_order(
            pieces in prop::collection::vec((csvish(), any::<bool>()), 1..4),
            size in 1usize..48,
            cap in 1usize..40,
        ) {
            let bytes: Vec<u8> = pieces
                .into_iter()
                .flat_map(|(p, bom)| if bom { [BOM, &p].concat() } else { p })
                .collect();
            if let Err(e) = blocks_agree_capped(&bytes, size, cap) {
                prop_assert!(false, "{}", e);
            }
        }

        /// The same for long clean lines, which blocks cut themselves.
        #[test]
        fn long_lines_read_as_in_order(
            lines in prop::collection::vec("[a-z, ]{0,70}(\r)?", 0..20),
            size in 1usize..64,
            cap in 1usize..50,
        ) {
            let bytes = lines.join("\n").into_bytes();
            if let Err(e) = blocks_agree_capped(&bytes, size, cap) {
                prop_assert!(false, "{}", e);
            }
        }
    }

    proptest! {
        /// Stretches without quotes give the lines that taking one line
        /// break at a time gives: marks, quotes, the end of the text.
        #[test]
        fn quick_lines_are_the_careful_ones(
            text in prop::collection::vec(prop::sample::select(&b"ab,\n\"\r\xEF\xBB\xBF"[..]), 0..80),
            first in any::<bool>(),
            eof in any::<bool>(),
        ) {
            let quick = lines_by(&text, b',', first, eof, true);
            let careful = lines_by(&text, b',', first, eof, false);
            prop_assert_eq!(
                (quick.end, quick.count, quick.in_order),
                (careful.end, careful.count, careful.in_order)
            );
        }

        /// Lines split eight bytes at a time read as the csv crate reads
        /// them, whatever the delimiter: long and short lines, cells past
        /// a word's edge, a carriage return as the delimiter or the end.
        #[test]
        fn lines_split_as_the_csv_crate_splits_them(
            lines in prop::collection::vec("[a-zé0-9 ,;\t|\r\"]{0,40}", 0..20),
            delimiter in prop::sample::select(&b",;\t| \r\"a"[..]),
        ) {
            let bytes = lines.join("\n").into_bytes();
            if let Err(e) = blocks_agree_by(&bytes, 4096, delimiter, MAX_RECORD_BYTES) {
                prop_assert!(false, "{}", e);
            }
        }
    }

    /// Cells past Excel's last column are counted, not kept, as in order.
    #[test]
    fn cells_past_the_last_column_are_counted() {
        let line = ",".repeat(MAX_COLS + 20) + "\n";
        blocks_agree(line.as_bytes(), 1 << 20).unwrap();
        let mut rec = Record::default();
        assert!(split(line.trim_end(), b',', &mut rec));
        assert_eq!((rec.len(), rec.extra_cells), (MAX_COLS, 21));
    }

    #[test]
    fn quoted_cells_on_one_line_stay_in_blocks() {
        let text = b"a,\"b,c\",d\ne,\"f\"\"g\",h\n\"i\"j,k\"l,m\n";
        let found = lines(text, b',', true, true);
        assert_eq!(
            (found.end, found.count, found.in_order),
            (text.len(), 3, false)
        );
        let text = b"a,b\nc,\"d\ne\",f\n";
        let found = lines(text, b',', true, true);
        assert_eq!((found.end, found.count, found.in_order), (4, 1, true));
        // A closing quote at the end of what was read waits for more.
        let found = lines(b"a,b\nc,\"d\"", b',', true, false);
        assert_eq!((found.end, found.count, found.in_order), (4, 1, false));
    }

    /// The csv crate drops a byte-order mark at the start of its text,
    /// not elsewhere: blocks read the same (found by the csv_blocks fuzz
    /// target: the first case).
    #[test]
    fn a_byte_order_mark_reads_as_in_order() {
        for text in [
            &b"\xEF\xBB\xBFNo.po"[..],
            b"\xEF\xBB\xBF\"a\",b\nc\n",
            b"a,b\n\xEF\xBB\xBFc,d\n",
            b"a,b\n\xEF\xBB\xBF\"c\",d\ne\n",
            b"\xEF\xBB\xBF\n\xEF\xBB\xBF\n",
        ] {
            for size in [1, 3, 15, 64] {
                blocks_agree(text, size).unwrap();
            }
        }
    }

    /// A line past the cap is a block of its own; the first batch brings
    /// the rows after it along, where the header is looked for.
    #[test]
    fn a_line_past_the_cap_comes_with_the_rows_after_it() {
        let text = format!("{}\nCURP,NSS\na,b\n", "x".repeat(100));
        let source = Box::new(Cursor::new(text.into_bytes()));
        let how = (b',', Decoding::Utf8Auto { bom: false }, Arc::default());
        let mut blocks = Blocks::sized(source, how, 16, 10);
        let mut out = Vec::new();
        let n = blocks.next_batch(&mut out).unwrap();
        let rows: Vec<(u64, bool, String)> = out[..n]
            .iter()
            .map(|r| (r.row, r.too_long, r.iter().collect::<Vec<_>>().join("|")))
            .collect();
        assert_eq!(
            rows,
            [
                (1, true, String::new()),
                (2, false, "CURP|NSS".into()),
                (3, false, "a|b".into())
            ]
        );
    }

    /// A read error midway comes after the rows before it, as in order.
    #[test]
    fn a_read_error_comes_after_the_rows_before_it() {
        let failing = Box::new(Failing(b"a,b\nc,d\ne,f\ng", 7));
        let decoding = Decoding::Utf8Auto { bom: false };
        let how = (b',', decoding, Arc::default());
        let blocks = Blocks::sized(failing, how, 5, MAX_RECORD_BYTES);
        let (rows, end) = super::drain(Box::new(blocks));
        let rows: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(rows, [1, 2, 3]);
        assert!(end.unwrap_err().contains("disk went away"));
    }
}
