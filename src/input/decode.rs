//! Records' bytes into cells: UTF-8 checked once per record, falling
//! back to Windows-1252 field by field, or the encoding the user named;
//! what was seen, for the report's encoding line.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use encoding_rs::WINDOWS_1252;

use super::sniff::Decoding;
use super::{Record, Stored};

/// Excel's 16,384 columns: the most cells a row keeps.
pub(super) const MAX_COLS: usize = 16_384;

/// What the records read so far had, shared by every reader of one file
/// (the blocks parsed on several threads, then the sequential rest).
#[derive(Debug, Default)]
pub(super) struct Seen {
    utf8: AtomicBool,
    windows_1252: AtomicBool,
    /// The most cells a record has had: a line swallowed by an unclosed
    /// quote looks like a row of about that many.
    pub(super) widest: AtomicUsize,
}

impl Seen {
    /// Adds what some records had.
    pub(super) fn note(&self, utf8: bool, windows_1252: bool, widest: usize) {
        self.utf8.fetch_or(utf8, Ordering::Relaxed);
        self.windows_1252.fetch_or(windows_1252, Ordering::Relaxed);
        self.widest.fetch_max(widest, Ordering::Relaxed);
    }
}

/// A record as the csv parser (`csv_core`) leaves it: its fields' bytes
/// joined, and where each field ends in them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) ends: &'a [usize],
}

impl<'a> Fields<'a> {
    /// Number of fields.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where field `i` lies in [`Fields::as_slice`].
    pub(super) fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1],
        };
        Some(start..end)
    }

    /// The fields' bytes joined.
    pub(super) fn as_slice(&self) -> &'a [u8] {
        let end = self.ends.last().copied().unwrap_or(0);
        self.bytes.get(..end).unwrap_or_default()
    }

    /// Each field's bytes, in order.
    pub(super) fn iter(self) -> impl Iterator<Item = &'a [u8]> {
        let bytes = self.as_slice();
        (0..self.len()).map(move |i| self.range(i).and_then(|r| bytes.get(r)).unwrap_or_default())
    }
}

/// Sets `rec`'s cells from a record the csv parser read, decoded as
/// `decoding` says; notes whether the text held UTF-8 beyond ASCII, or
/// bytes read as Windows-1252.
pub(super) fn fill(
    record: Fields<'_>,
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
