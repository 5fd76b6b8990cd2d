//! Spanish DNI (Documento Nacional de Identidad) and NIE (Número de
//! Identidad de Extranjero), one field for both as the Seguridad Social's
//! IPF: 8 digits and a check letter, or X/Y/Z, 7 digits and a check letter;
//! the letter is `TRWAGMYFPDXBNJZSQVHLCKE`[number mod 23], with X, Y and Z
//! read as 0, 1 and 2 (python-stdnum `es/dni.py`, `es/nie.py`).
//!
//! ```
//! use roster_check::ids::{dni, Context, Date, Problem, Status};
//! let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
//! assert_eq!(dni::check("12345678Z", &ctx).status, Status::Valid);
//! assert_eq!(dni::check("X1234567L", &ctx).status, Status::Valid);
//! assert_eq!(dni::check("12345678A", &ctx).issues[0].problem, Problem::CheckLetter);
//! ```

use super::clean::Cleaned;
use super::{
    Canon, CharClass, Context, Descriptor, Detail, IdKind, Issue, Outcome, Parts, Problem,
    Severity, Status,
};

/// The DNI/NIE entry of the identifier table.
pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    kind: IdKind::Dni,
    name: "dni",
    headers: &[
        "dni",
        "nie",
        "nif",
        "dninie",
        "dnienie",
        "dninif",
        "nifnie",
        "dninifnie",
        "dnialumno",
        "dnidelalumno",
        "niealumno",
        "nifalumno",
        "dnipasaporte",
        "dniniepasaporte",
        "nifniepasaporte",
        "ipf",
        // Generic: taken only when the values are DNI/NIE
        // (`names_dni`).
        "documento",
        "documentodeidentidad",
        "documentoidentidad",
        "docidentidad",
        "nodocumento",
        "nodedocumento",
        "ndocumento",
        "numdocumento",
        "numerodocumento",
        "numerodedocumento",
        "nodocumentoidentidad",
        "nodocumentodeidentidad",
    ],
    compact,
    check,
    quick: Some(|value, _| quick(value)),
    digits: None,
    placeholders: &["SIN DNI", "SIN NIE", "SIN DNI/NIE", "SIN DOCUMENTO"],
    vectors: "es_dni.tsv",
};

/// The check letters, by the number's remainder mod 23.
const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Characters of a DNI or NIE.
const LEN: usize = 9;

/// What a well-formed DNI or NIE says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DniParts {
    /// The NIE's first letter (X, Y or Z); `None` for a DNI.
    pub nie_prefix: Option<char>,
    /// The digits between the prefix (if any) and the letter: 8 for a DNI,
    /// 7 for a NIE.
    pub number: u32,
    /// The check letter.
    pub letter: char,
}

impl DniParts {
    /// True for a NIE (a foreigner's number), false for a DNI.
    ///
    /// ```
    /// use roster_check::ids::{dni, Context, Date, Parts};
    /// let ctx = Context::new(Date::MIN);
    /// let Some(Parts::Dni(p)) = dni::check("Y8998792X", &ctx).parts else { panic!() };
    /// assert!(p.is_nie());
    /// ```
    pub fn is_nie(&self) -> bool {
        self.nie_prefix.is_some()
    }

    /// What the NIE prefix counts as in the check letter (X 0, Y 1, Z 2).
    ///
    /// ```
    /// use roster_check::ids::{dni, Context, Date, Parts};
    /// let ctx = Context::new(Date::MIN);
    /// let Some(Parts::Dni(p)) = dni::check("Z1234567R", &ctx).parts else { panic!() };
    /// assert_eq!(p.prefix_value(), Some(2));
    /// ```
    pub fn prefix_value(&self) -> Option<u32> {
        self.nie_prefix.and_then(prefix_value)
    }
}

/// The number a NIE prefix stands for.
fn prefix_value(ch: char) -> Option<u32> {
    match ch {
        'X' => Some(0),
        'Y' => Some(1),
        'Z' => Some(2),
        _ => None,
    }
}

/// Removes separators and surrounding space and upper-cases.
///
/// ```
/// assert_eq!(roster_check::ids::dni::compact("12.345.678-z"), "12345678Z");
/// assert_eq!(roster_check::ids::dni::compact(" y-8998792 x "), "Y8998792X");
/// ```
pub fn compact(value: &str) -> String {
    Cleaned::new(value, true).chars().iter().collect()
}

/// The check letter of a DNI's 8 digits or a NIE's prefix and 7 digits
/// (the value without its letter); `None` for anything else.
///
/// ```
/// use roster_check::ids::dni::calc_check_letter;
/// assert_eq!(calc_check_letter("12345678"), Some('Z'));
/// assert_eq!(calc_check_letter("X1234567"), Some('L'));
/// assert_eq!(calc_check_letter("1234567"), None);
/// ```
pub fn calc_check_letter(body: &str) -> Option<char> {
    let b = body.as_bytes();
    if b.len() != LEN - 1 {
        return None;
    }
    let first = match b[0] {
        d @ b'0'..=b'9' => u32::from(d - b'0'),
        p => prefix_value(char::from(p))?,
    };
    let rest = &b[1..];
    if !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = rest
        .iter()
        .fold(first, |n, &d| n * 10 + u32::from(d - b'0'));
    Some(char::from(LETTERS[(n % 23) as usize]))
}

/// Checks a DNI or NIE: length (9 characters after removing separators),
/// characters (a digit or X/Y/Z, seven digits, a letter), check letter.
/// A wrong letter is an error without a suggestion: the typo may be in any
/// digit, and the letter the digits give belongs to someone else.
///
/// ```
/// use roster_check::ids::{dni, Context, Date, Problem, Status};
/// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
/// let o = dni::check("12.345.678-z", &ctx);
/// assert_eq!(o.status, Status::Valid);
/// assert_eq!(o.issues[0].problem, Problem::Normalized);
/// assert_eq!(o.issues[0].suggestion.unwrap().as_str(), "12345678Z");
/// assert_eq!(dni::check("12345678", &ctx).issues[0].problem, Problem::Length);
/// assert_eq!(dni::check("12345678Z", &ctx).canonical.unwrap().as_str(), "12345678Z");
/// ```
pub fn check(value: &str, _ctx: &Context) -> Outcome {
    let kind = IdKind::Dni;
    let c = Cleaned::new(value, true);
    if c.len() != LEN {
        if let Some(outcome) = c.foreign(kind, &[]) {
            return outcome;
        }
        let detail = Detail::Length {
            found: c.len(),
            expected: LEN,
            zero_tried: false,
        };
        return Outcome::invalid(kind, Issue::error(Problem::Length, detail));
    }
    let chars = c.chars();
    let bad = |i: usize, expected| {
        let detail = Detail::BadChar {
            ch: chars[i],
            position: i + 1,
            expected,
        };
        Outcome::invalid(kind, Issue::error(Problem::Format, detail))
    };
    let first = chars[0];
    if !first.is_ascii_digit() && prefix_value(first).is_none() {
        return bad(0, CharClass::Digit);
    }
    if let Some(i) = (1..LEN - 1).find(|&i| !chars[i].is_ascii_digit()) {
        return bad(i, CharClass::Digit);
    }
    let letter = chars[LEN - 1];
    if !letter.is_ascii_uppercase() {
        return bad(LEN - 1, CharClass::Letter);
    }
    let digits = chars[1..LEN - 1]
        .iter()
        .fold(0u32, |n, d| n * 10 + d.to_digit(10).unwrap_or(0));
    let parts = match prefix_value(first) {
        Some(_) => DniParts {
            nie_prefix: Some(first),
            number: digits,
            letter,
        },
        None => DniParts {
            nie_prefix: None,
            number: first.to_digit(10).unwrap_or(0) * 10_000_000 + digits,
            letter,
        },
    };
    let lead = prefix_value(first).unwrap_or(0) * 10_000_000;
    let expected = char::from(LETTERS[((lead + parts.number) % 23) as usize]);
    let canon = c.canon();
    if letter != expected {
        let detail = Detail::CheckDigit {
            expected: Canon::new(expected.encode_utf8(&mut [0; 4])),
            found: Canon::new(letter.encode_utf8(&mut [0; 4])),
        };
        return Outcome {
            kind,
            status: Status::Invalid,
            canonical: None,
            issues: vec![Issue::error(Problem::CheckLetter, detail)],
            parts: Some(Parts::Dni(parts)),
        };
    }
    let mut issues = Vec::new();
    if c.changed {
        issues.push(
            Issue::new(Problem::Normalized, Severity::Info, Detail::Normalized).suggest(canon),
        );
    }
    Outcome {
        kind,
        status: Status::Valid,
        canonical: Some(canon),
        issues,
        parts: Some(Parts::Dni(parts)),
    }
}

/// True for a DNI or NIE written as its 9 characters alone (upper case,
/// no separators) that [`check`] finds valid with nothing to say: the
/// value is then its own canonical form, known without building an
/// [`Outcome`] (the fast lane for clean cells). False means "ask
/// [`check`]".
///
/// ```
/// use roster_check::ids::dni;
/// assert!(dni::quick("12345678Z"));
/// assert!(dni::quick("X1234567L"));
/// assert!(!dni::quick("12345678-Z")); // valid, normalised
/// assert!(!dni::quick("12345678A"));
/// ```
// Kept out of `IdKind::quick`, so that the CURP and NSS lanes stay
// inlined into the row check (measured: 0.9 M instructions more on the
// 100,000-row Mexican benchmark when it was inlined there).
#[inline(never)]
pub fn quick(value: &str) -> bool {
    let Ok(b): Result<&[u8; LEN], _> = value.as_bytes().try_into() else {
        return false;
    };
    let lead = match b[0] {
        d @ b'0'..=b'9' => u32::from(d - b'0'),
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        _ => return false,
    };
    let mut n = lead;
    for &d in &b[1..LEN - 1] {
        if !d.is_ascii_digit() {
            return false;
        }
        n = n * 10 + u32::from(d - b'0');
    }
    b[LEN - 1] == LETTERS[(n % 23) as usize]
}

/// True when `value` is a valid DNI or NIE as written (separators and
/// lower case allowed).
///
/// ```
/// assert!(roster_check::ids::dni::is_valid("y-8998792-x"));
/// assert!(!roster_check::ids::dni::is_valid("Y8998792A"));
/// ```
pub fn is_valid(value: &str) -> bool {
    // A DNI carries no date: the context's day does not matter.
    check(value, &Context::new(super::Date::MIN)).is_valid()
}

/// The compact form, as the Seguridad Social and most forms want it.
///
/// ```
/// assert_eq!(roster_check::ids::dni::format("12 345 678-z"), "12345678Z");
/// ```
pub fn format(value: &str) -> String {
    compact(value)
}
