//! RFC (Registro Federal de Contribuyentes, Mexico): 13 characters for a
//! person, 12 for a company, with a mod-11 check character
//! (IDENTIFIERS.md §4). The SAT word list is not applied.
//!
//! ```
//! use roster_check::ids::{rfc, Context, Date};
//! let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
//! assert!(rfc::check("GODE561231GR8", &ctx).is_valid());
//! ```

use super::clean::Cleaned;
use super::{
    Canon, CharClass, Context, Descriptor, Detail, IdKind, Issue, Outcome, Parts, Problem,
    Severity, Status,
};

/// The SAT's generic RFCs: for the general public and for foreigners.
const GENERIC: [&str; 2] = ["XAXX010101000", "XEXX010101000"];

/// The RFC entry of the identifier table.
pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    kind: IdKind::Rfc,
    name: "rfc",
    headers: &["rfc", "registrofederaldecontribuyentes"],
    compact,
    check,
    quick: None,
    digits: None,
    placeholders: &["SIN RFC", GENERIC[0], GENERIC[1]],
    vectors: "mx_rfc.tsv",
};

const ALPHABET: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ";

/// What a well-formed RFC says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RfcParts {
    /// True for a person (13 characters), false for a company (12).
    pub person: bool,
    /// A person's birth date or a company's date of incorporation. An RFC
    /// writes no century: the latest reading not after today.
    pub date: super::Date,
    /// One of the SAT's generic RFCs (XAXX010101000 for the general
    /// public, XEXX010101000 for foreigners): nobody's own, and a roster
    /// reads it as missing.
    pub generic: bool,
}

/// Removes separators and surrounding space and upper-cases.
///
/// ```
/// assert_eq!(roster_check::ids::rfc::compact("gode 561231 gr8"), "GODE561231GR8");
/// ```
pub fn compact(value: &str) -> String {
    Cleaned::new(value, false).chars().iter().collect()
}

/// The check character for an RFC without its last character.
///
/// ```
/// assert_eq!(roster_check::ids::rfc::calc_check_digit("GODE561231GR"), Some('8'));
/// assert_eq!(roster_check::ids::rfc::calc_check_digit("COML8103203Q"), Some('A'));
/// ```
pub fn calc_check_digit(body: &str) -> Option<char> {
    let chars: Vec<char> = body.chars().collect();
    if chars.len() > 12 {
        return None;
    }
    let pad = 12 - chars.len();
    let mut sum = 0usize;
    for (i, ch) in std::iter::repeat_n(' ', pad).chain(chars).enumerate() {
        sum += ALPHABET.chars().position(|a| a == ch)? * (13 - i);
    }
    ALPHABET.chars().nth((11 - sum % 11) % 11)
}

fn is_name_char(ch: char) -> bool {
    ch.is_ascii_uppercase() || ch == '&' || ch == 'Ñ'
}

/// Checks an RFC: length, characters, date, check character. A wrong check
/// character makes the status `Invalid` (the vectors' verdict) but the
/// finding only a warning (`rfc.check_digit`): about 1.5 % of RFCs in use
/// carry one (python-stdnum).
///
/// ```
/// use roster_check::ids::{rfc, Context, Date, Severity, Status};
/// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
/// let o = rfc::check("VACE460910SX6", &ctx);
/// assert_eq!((o.status, o.worst()), (Status::Invalid, Some(Severity::Warning)));
/// ```
pub fn check(value: &str, ctx: &Context) -> Outcome {
    let kind = IdKind::Rfc;
    let c = Cleaned::new(value, false);
    let len = c.len();
    if len != 12 && len != 13 {
        if let Some(outcome) = c.foreign(kind, &['Ñ', '&']) {
            return outcome;
        }
        let detail = Detail::Length {
            found: len,
            expected: 13,
            zero_tried: false,
        };
        return Outcome::invalid(kind, Issue::error(Problem::Length, detail));
    }
    let letters = len - 9;
    for (i, &ch) in c.chars().iter().enumerate() {
        let (ok, expected) = match i {
            i if i < letters => (is_name_char(ch), CharClass::Letter),
            i if i < letters + 6 => (ch.is_ascii_digit(), CharClass::Digit),
            _ => (
                ch.is_ascii_digit() || ch.is_ascii_uppercase(),
                CharClass::DigitOrLetter,
            ),
        };
        if !ok {
            let detail = Detail::BadChar {
                ch,
                position: i + 1,
                expected,
            };
            return Outcome::invalid(kind, Issue::error(Problem::Format, detail));
        }
    }
    let text: String = c.chars().iter().collect();
    let digits: Vec<u32> = c.chars()[letters..letters + 6]
        .iter()
        .filter_map(|d| d.to_digit(10))
        .collect();
    let (yy, mm, dd) = (
        digits[0] * 10 + digits[1],
        digits[2] * 10 + digits[3],
        digits[4] * 10 + digits[5],
    );
    // No century in an RFC: the day must exist in 19YY or in 20YY; the
    // later of the two that is not after today is the one meant.
    let reading = |century: i32| super::Date::new(century + yy as i32, mm, dd);
    let real = reading(2000)
        .filter(|d| *d <= ctx.today)
        .or(reading(1900))
        .or(reading(2000));
    let Some(date) = real else {
        let detail = Detail::NoSuchDate {
            year: 1900 + yy as i32,
            month: mm,
            day: dd,
        };
        return Outcome::invalid(kind, Issue::error(Problem::Date, detail));
    };
    let (body, last) = text.split_at(text.len() - 1);
    let expected = calc_check_digit(body).unwrap_or('?');
    let mut issues = Vec::new();
    let mut status = Status::Valid;
    if !last.starts_with(expected) {
        status = Status::Invalid;
        let detail = Detail::CheckDigit {
            expected: Canon::new(expected.encode_utf8(&mut [0; 4])),
            found: Canon::new(last),
        };
        // A warning, not an error: about 1.5 % of the RFCs in use carry a
        // wrong check character (IDENTIFIERS.md §4), and the SAT's record,
        // not the rule, says which RFC a person has.
        issues.push(Issue::new(Problem::CheckDigit, Severity::Warning, detail));
    } else if c.changed {
        issues.push(
            Issue::new(Problem::Normalized, Severity::Info, Detail::Normalized).suggest(c.canon()),
        );
    }
    Outcome {
        kind,
        status,
        canonical: (status == Status::Valid).then(|| c.canon()),
        issues,
        parts: Some(Parts::Rfc(RfcParts {
            person: len == 13,
            date,
            generic: GENERIC.contains(&text.as_str()),
        })),
    }
}

/// True when `value` is a valid RFC.
///
/// ```
/// assert!(roster_check::ids::rfc::is_valid("MAB9307148T4"));
/// ```
pub fn is_valid(value: &str) -> bool {
    check(value, &Context::new(super::Date::MIN)).is_valid()
}

/// The compact form.
///
/// ```
/// assert_eq!(roster_check::ids::rfc::format("gode-561231-gr8"), "GODE561231GR8");
/// ```
pub fn format(value: &str) -> String {
    compact(value)
}
