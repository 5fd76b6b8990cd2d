//! Dialect sniffing of delimited text: how the bytes become text (BOM,
//! the NUL pattern of UTF-16 without one, or the encoding the user named)
//! and which delimiter splits the first lines.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::InputError;

/// How much of the file the sniffers look at.
pub(super) const SNIFF_BYTES: usize = 64 * 1024;

/// The delimiter that splits the first lines most consistently: among
/// those found on every line, the one giving the most fields on the first.
pub(super) fn sniff_delimiter(head: &[u8]) -> u8 {
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

/// How the bytes of a file whose first bytes are `head` become text,
/// given the encoding the user named, if any.
pub(super) fn decoding(head: &[u8], label: Option<&str>) -> Result<Decoding, InputError> {
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

#[cfg(test)]
mod tests {
    use encoding_rs::WINDOWS_1252;

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
