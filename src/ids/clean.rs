//! Normalisation shared by every identifier: trim, drop separators, fix
//! case, remember the grouping a person wrote (it decides NUSS readings).

use std::ops::RangeInclusive;

use super::{
    Canon, CharClass, Context, Detail, Hint, IdKind, Issue, Outcome, Problem, Severity, Status,
};

/// Characters people put between groups of an identifier. NBSP and the
/// typographic dashes come from word processors and web forms.
fn is_separator(ch: char) -> bool {
    matches!(
        ch,
        ' ' | '\t' | '-' | '/' | '.' | '_' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2010}'
            ..='\u{2014}'
    )
}

/// How many characters and groups are remembered; more means the value is
/// far too long for any identifier and only its length matters.
const MAX_CHARS: usize = 24;
const MAX_GROUPS: usize = 6;

/// A value after normalisation: characters without separators, upper case.
pub(crate) struct Cleaned {
    buf: [char; MAX_CHARS],
    /// Number of characters, counting those past `MAX_CHARS`.
    len: usize,
    groups: [usize; MAX_GROUPS],
    ngroups: usize,
    /// Separators were removed, case was fixed or a numeric `.0` dropped.
    pub changed: bool,
}

impl Cleaned {
    /// Cleans `value`. With `numeric`, a trailing `.0` left by a spreadsheet
    /// that stored the number as a float is dropped first.
    pub(crate) fn new(value: &str, numeric: bool) -> Cleaned {
        let mut s = value.trim();
        // Most values arrive clean (upper-case ASCII letters and digits,
        // no separators): one pass, no per-character decisions.
        if s.len() <= MAX_CHARS
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            let mut c = Cleaned {
                buf: ['\0'; MAX_CHARS],
                len: s.len(),
                groups: [0; MAX_GROUPS],
                ngroups: usize::from(!s.is_empty()),
                changed: false,
            };
            c.groups[0] = s.len();
            for (slot, b) in c.buf.iter_mut().zip(s.bytes()) {
                *slot = char::from(b);
            }
            return c;
        }
        let mut changed = false;
        if numeric {
            if let Some(head) = s.strip_suffix(".0") {
                if !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit()) {
                    s = head;
                    changed = true;
                }
            }
        }
        let mut c = Cleaned {
            buf: ['\0'; MAX_CHARS],
            len: 0,
            groups: [0; MAX_GROUPS],
            ngroups: 0,
            changed,
        };
        let mut in_group = false;
        for ch in s.chars() {
            if is_separator(ch) {
                c.changed = true;
                in_group = false;
                continue;
            }
            if !in_group {
                in_group = true;
                c.ngroups += 1;
            }
            if let Some(g) = c.groups.get_mut(c.ngroups.wrapping_sub(1)) {
                *g += 1;
            }
            let up = match ch {
                'a'..='z' => ch.to_ascii_uppercase(),
                'ñ' => 'Ñ',
                _ => ch,
            };
            c.changed |= up != ch;
            if let Some(slot) = c.buf.get_mut(c.len) {
                *slot = up;
            }
            c.len += 1;
        }
        c
    }

    /// Number of characters after cleaning.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The characters (at most `MAX_CHARS`).
    pub(crate) fn chars(&self) -> &[char] {
        &self.buf[..self.len.min(MAX_CHARS)]
    }

    /// Lengths of the groups the person wrote, when there were at most
    /// `MAX_GROUPS` of them.
    pub(crate) fn groups(&self) -> Option<&[usize]> {
        (self.ngroups <= MAX_GROUPS).then(|| &self.groups[..self.ngroups])
    }

    /// The first character that is not an ASCII digit, with its 1-based
    /// position.
    pub(crate) fn first_non_digit(&self) -> Option<(usize, char)> {
        self.chars()
            .iter()
            .position(|c| !c.is_ascii_digit())
            .map(|i| (i + 1, self.buf[i]))
    }

    /// The first character that can be part of no identifier of this kind
    /// (anything but ASCII letters and digits, and `extra`), as the format
    /// finding that names it. Checked when the length is wrong: a stray
    /// invisible character should be named, not counted.
    pub(crate) fn foreign(&self, kind: IdKind, extra: &[char]) -> Option<Outcome> {
        let (i, &ch) = self
            .chars()
            .iter()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric() && !extra.contains(c))?;
        let detail = Detail::Foreign {
            ch,
            position: i + 1,
        };
        Some(Outcome::invalid(
            kind,
            Issue::error(Problem::Format, detail),
        ))
    }

    /// The digits as numbers; only meaningful once `first_non_digit` is None.
    pub(crate) fn digits(&self) -> impl Iterator<Item = u32> + '_ {
        self.chars().iter().map(|c| c.to_digit(10).unwrap_or(0))
    }

    /// The cleaned text as a `Canon`.
    pub(crate) fn canon(&self) -> super::Canon {
        let mut c = super::Canon::empty();
        for &ch in self.chars() {
            c.push(ch);
        }
        c
    }
}

/// True for text such as `2.81235E+11` or `2,81235E+11`: a spreadsheet
/// showed a long number in scientific notation and the text kept only the
/// digits shown.
pub(crate) fn is_scientific(value: &str) -> bool {
    let s = value.trim();
    let Some(e) = s.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exp) = (&s[..e], &s[e + 1..]);
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    let mut parts = mantissa.splitn(2, ['.', ',']);
    let int = parts.next().unwrap_or("");
    let frac = parts.next().unwrap_or("0");
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && digits(frac) && digits(exp)
}

/// The integer a number in scientific notation writes (`2,81234567840E+11`
/// → `281234567840`), and how many of its last digits the mantissa left
/// out (`2.8123456784E+11` → 1: read as zeros). `None` when the text is no
/// whole number of at most `Canon::CAP` digits.
pub(crate) fn scientific_digits(value: &str) -> Option<(Canon, usize)> {
    if !is_scientific(value) {
        return None;
    }
    let s = value.trim();
    let (mantissa, exp) = s.split_once(['e', 'E'])?;
    let exp: i64 = exp.strip_prefix('+').unwrap_or(exp).parse().ok()?;
    let (int, frac) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    let written = format!("{int}{frac}");
    let significant = written.trim_start_matches('0');
    // The value is `significant` times ten to `shift`.
    let shift = exp.checked_sub(i64::try_from(frac.len()).ok()?)?;
    let (kept, implied) = match usize::try_from(shift) {
        Ok(zeros) => (significant, zeros),
        Err(_) => {
            let cut = significant
                .len()
                .checked_sub(usize::try_from(-shift).ok()?)?;
            let (whole, fraction) = significant.split_at(cut);
            if fraction.bytes().any(|b| b != b'0') {
                return None;
            }
            (whole, 0)
        }
    };
    if kept.is_empty() || kept.len().checked_add(implied)? > Canon::CAP {
        return None;
    }
    let mut c = Canon::new(kept);
    for _ in 0..implied {
        c.push('0');
    }
    Some((c, implied))
}

/// How many check digits end an all-digit identifier.
fn check_digits(kind: IdKind) -> usize {
    match kind {
        IdKind::Nuss => 2,
        _ => 1,
    }
}

/// A value written in scientific notation. It lost digits (an error: the
/// column must be exported again as text) unless its mantissa kept every
/// digit of a number as long as the identifier: then it is a warning with
/// the restored value, which is checked in turn (it went through a number,
/// so its leading zeros are gone) and its own findings follow.
///
/// A mantissa one digit short of the number left its last digit out: a
/// zero to a writer that drops trailing zeros (LibreOffice, R), rounded
/// away by one that rounds (Excel's General format keeps six digits). It
/// is taken as a zero only when part of the check digits was written and
/// the restored value validates: the written digits then fix the rest.
fn scientific(
    kind: IdKind,
    value: &str,
    ctx: &Context,
    lengths: &RangeInclusive<usize>,
) -> Outcome {
    let lost = || {
        Outcome::invalid(
            kind,
            Issue::error(Problem::ScientificNotation, Detail::None),
        )
    };
    let Some((restored, implied)) =
        scientific_digits(value).filter(|(d, _)| lengths.contains(&d.len()))
    else {
        return lost();
    };
    let mut o = kind.check_with(restored.as_str(), ctx, Hint::ZerosLost);
    let proven = matches!(o.status, Status::Valid | Status::Repairable);
    if implied > 0 && (implied >= check_digits(kind) || !proven) {
        return lost();
    }
    let mut issue = Issue::new(
        Problem::ScientificNotation,
        Severity::Warning,
        Detail::Scientific { restored },
    );
    if proven {
        issue.suggestion = o.canonical;
        o.status = Status::Repairable;
    }
    o.issues.insert(0, issue);
    o
}

/// The first rules of an all-digit identifier (NSS, NUSS), in the order
/// the contract gives: scientific notation, length (one of `lengths`;
/// `expected` is what the message asks for), digits only. The cleaned
/// value, or the outcome of the first rule that fails (or of the
/// scientific notation's repair).
pub(crate) fn digits(
    kind: IdKind,
    value: &str,
    ctx: &Context,
    lengths: RangeInclusive<usize>,
    expected: usize,
) -> Result<Cleaned, Outcome> {
    if is_scientific(value) {
        return Err(scientific(kind, value, ctx, &lengths));
    }
    let c = Cleaned::new(value, true);
    if !lengths.contains(&c.len()) {
        if let Some(outcome) = c.foreign(kind, &[]) {
            return Err(outcome);
        }
        let detail = Detail::Length {
            found: c.len(),
            expected,
            zero_tried: false,
        };
        return Err(Outcome::invalid(
            kind,
            Issue::error(Problem::Length, detail),
        ));
    }
    if let Some((position, ch)) = c.first_non_digit() {
        let detail = Detail::BadChar {
            ch,
            position,
            expected: CharClass::Digit,
        };
        return Err(Outcome::invalid(
            kind,
            Issue::error(Problem::Format, detail),
        ));
    }
    Ok(c)
}

/// Kinds a lone value could be, most likely first (see `IdKind::detect`):
/// those its shape suggests, then every other kind of the identifier
/// table.
pub(crate) fn candidate_kinds(value: &str) -> Vec<IdKind> {
    let mut kinds = likely_kinds(value);
    for kind in IdKind::ALL {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// The kinds a value's shape suggests, most likely first.
fn likely_kinds(value: &str) -> Vec<IdKind> {
    use IdKind::*;
    let c = Cleaned::new(value, true);
    let letters = c.chars().iter().filter(|ch| ch.is_alphabetic()).count();
    if is_scientific(value) {
        return vec![Nuss, Nss];
    }
    // Nine characters ending in a letter, or eight digits (a DNI that lost
    // its letter, or a number below 10,000,000 with its letter): a DNI/NIE.
    let chars = c.chars();
    let digits_before = |n: usize| chars.iter().skip(1).take(n).all(char::is_ascii_digit);
    let ends_in_letter = chars.last().is_some_and(|ch| ch.is_alphabetic());
    let dni_like = match c.len() {
        9 => ends_in_letter && digits_before(7),
        8 => digits_before(6) && (ends_in_letter || chars.iter().all(char::is_ascii_digit)),
        _ => false,
    };
    if dni_like {
        return vec![Dni, Nss, Nuss];
    }
    // Three or four letters, then six digits: the start of an RFC.
    let rfc_like = matches!(c.len(), 12 | 13) && {
        let lead = chars
            .iter()
            .take_while(|ch| ch.is_alphabetic() || **ch == '&')
            .count();
        matches!(lead, 3 | 4) && chars[lead..lead + 6].iter().all(char::is_ascii_digit)
    };
    if rfc_like {
        return vec![Rfc, Curp];
    }
    if letters * 2 >= c.len().max(1) {
        return match c.len() {
            12 | 13 => vec![Rfc, Curp],
            _ => vec![Curp, Rfc],
        };
    }
    let spanish_grouping = value.contains('/')
        || matches!(
            c.groups(),
            Some([2, 7, 2]) | Some([1, 8, 2]) | Some([2, 8, 2])
        );
    if c.len() <= 11 && !spanish_grouping {
        vec![Nss, Nuss]
    } else {
        vec![Nuss, Nss]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_follow_the_separators() {
        let c = Cleaned::new(" 28/1234567/42 ", true);
        assert_eq!(c.groups(), Some(&[2, 7, 2][..]));
        assert_eq!(c.len(), 11);
        assert!(c.changed);
    }

    #[test]
    fn trailing_point_zero_is_dropped_only_from_numbers() {
        assert_eq!(Cleaned::new("28138801999.0", true).len(), 11);
        assert_eq!(Cleaned::new("28138801999.0", false).len(), 12);
        assert_eq!(Cleaned::new(".0", true).len(), 1);
    }

    #[test]
    fn scientific_notation_in_both_decimal_styles() {
        for s in ["2.81235E+11", "2,81235E+11", "2E11", "2.8e-3"] {
            assert!(is_scientific(s), "{s}");
        }
        for s in ["E11", "2.8E", "HEGG560427MVZRRL04", "2.8.1E5", ""] {
            assert!(!is_scientific(s), "{s}");
        }
    }

    #[test]
    fn scientific_digits_say_what_the_mantissa_left_out() {
        let restored = |s: &str| scientific_digits(s).map(|(c, n)| (c.to_string(), n));
        let some = |s: &str, n| Some((s.to_string(), n));
        assert_eq!(restored("2,81234567840E+11"), some("281234567840", 0));
        assert_eq!(restored(" 2.81234567840e11 "), some("281234567840", 0));
        assert_eq!(restored("2.8123456784E+11"), some("281234567840", 1));
        assert_eq!(restored("2,81235E+11"), some("281235000000", 6));
        assert_eq!(restored("0.28E+3"), some("280", 1));
        assert_eq!(restored("28000E-3"), some("28", 0));
        for s in [
            "2.8e-3",
            "2.80E+0",
            "1E+99",
            "0E+5",
            "2.8E+99999999999999999999",
            "HEGG",
        ] {
            assert_eq!(restored(s), None, "{s}");
        }
    }
}
