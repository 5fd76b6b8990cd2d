//! A short identifier held inline (no heap), so that checking a valid value
//! allocates nothing: canonical forms, suggestions and check digits.

use std::fmt;

/// Up to 24 bytes of UTF-8 held inline. Longer input is cut at a character
/// boundary (no identifier is that long; only echoes of bad input can be).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Canon {
    len: u8,
    buf: [u8; Canon::CAP],
}

impl Canon {
    /// How many bytes fit.
    pub const CAP: usize = 24;

    /// An empty value.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Canon::empty().as_str(), "");
    /// ```
    pub const fn empty() -> Canon {
        Canon {
            len: 0,
            buf: [0; Canon::CAP],
        }
    }

    /// Copies `s`, cut to [`Canon::CAP`] bytes at a character boundary.
    ///
    /// ```
    /// use roster_check::ids::Canon;
    /// assert_eq!(Canon::new("280123456742").as_str(), "280123456742");
    /// assert_eq!(Canon::new(&"Ñ".repeat(20)).as_str().chars().count(), 12);
    /// ```
    pub fn new(s: &str) -> Canon {
        let mut c = Canon::empty();
        if s.len() <= Canon::CAP {
            // Every whole string that fits is copied as is.
            c.buf[..s.len()].copy_from_slice(s.as_bytes());
            c.len = s.len() as u8;
            return c;
        }
        for ch in s.chars() {
            if !c.push(ch) {
                break;
            }
        }
        c
    }

    /// Appends `ch`; false (and nothing appended) when it does not fit.
    ///
    /// ```
    /// let mut c = roster_check::ids::Canon::new("0");
    /// assert!(c.push('8'));
    /// assert_eq!(c.as_str(), "08");
    /// ```
    pub fn push(&mut self, ch: char) -> bool {
        if ch.is_ascii() {
            return match self.buf.get_mut(self.len as usize) {
                Some(slot) => {
                    *slot = ch as u8;
                    self.len += 1;
                    true
                }
                None => false,
            };
        }
        let mut tmp = [0u8; 4];
        let bytes = ch.encode_utf8(&mut tmp).as_bytes();
        let at = self.len as usize;
        match self.buf.get_mut(at..at + bytes.len()) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len += bytes.len() as u8;
                true
            }
            None => false,
        }
    }

    /// Appends every character of `s` that fits.
    ///
    /// ```
    /// let mut c = roster_check::ids::Canon::new("28");
    /// c.push_str("0123");
    /// assert_eq!(c.as_str(), "280123");
    /// ```
    pub fn push_str(&mut self, s: &str) {
        for ch in s.chars() {
            if !self.push(ch) {
                break;
            }
        }
    }

    /// The text.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Canon::new("HEGG").as_str(), "HEGG");
    /// ```
    pub fn as_str(&self) -> &str {
        // Only whole characters are ever pushed, so this never fails; the
        // fallback keeps the promise of no panics on any path.
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }

    /// The bytes of the text (no UTF-8 check, unlike `as_str`).
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Canon::new("Ñ1").as_bytes(), "Ñ1".as_bytes());
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }

    /// Length in bytes.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Canon::new("42").len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// True when empty.
    ///
    /// ```
    /// assert!(roster_check::ids::Canon::empty().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Display for Canon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Canon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<&str> for Canon {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Written as its text (findings spilled to a temporary file).
impl serde::Serialize for Canon {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Canon {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Canon, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Canon::new(&text))
    }
}
