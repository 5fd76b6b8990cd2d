//! Cross-field checks of one row: the CURP against the names, birth date
//! and sex columns, and the NSS against the CURP. What a single-field
//! validator cannot see. Every mismatch is a warning: registries and
//! rosters spell things differently, and the message shows both sides. A
//! birth date that cannot be read is said so (info), never passed over.

use std::borrow::Cow;

use super::birth::parse_birth;
use super::person::{parse_sex, split_full_name, PersonName, SexScheme};
use super::placeholder;
use crate::findings::{Field, Kind, Note};
use crate::ids::names::{curp_letters, fold, NameKey};
use crate::ids::Date;
use crate::input::{trim, Record, Stored};

/// The person columns of a table, resolved once.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonColumns {
    pub paterno: Option<usize>,
    pub materno: Option<usize>,
    pub nombre: Option<usize>,
    pub nombre_completo: Option<usize>,
    pub nacimiento: Option<usize>,
    pub sexo: Option<usize>,
    pub sex_scheme: SexScheme,
}

/// A cross-field finding before it is placed: field, kind, note.
pub type Cross = (Field, Kind, Note);

/// A reading of a row's names: (given, first surname, second surname).
type Names<'a> = (Cow<'a, str>, Cow<'a, str>, Cow<'a, str>);

/// The names a row gives, every reading of them, handed to `each` as a
/// slice: separate columns are borrowed from the row (no allocation for
/// the common case); a full-name cell is split (both orders without a
/// comma).
fn with_row_names<R>(rec: &Record, p: &PersonColumns, each: impl FnOnce(&[Names]) -> R) -> R {
    let get = |c: Option<usize>| c.map_or("", |c| trim(rec.get(c)));
    if p.paterno.is_some() || p.nombre.is_some() {
        let (given, paterno, materno) = (get(p.nombre), get(p.paterno), get(p.materno));
        if given.is_empty() || paterno.is_empty() {
            return each(&[]);
        }
        return each(&[(given.into(), paterno.into(), materno.into())]);
    }
    let split: Vec<Names> = p.nombre_completo.map_or_else(Vec::new, |c| {
        split_full_name(rec.get(c))
            .into_iter()
            .map(|n: PersonName| (n.given.into(), n.paterno.into(), n.materno.into()))
            .collect()
    });
    each(&split)
}

/// The given names to try: as written, and each word alone (a roster may
/// carry a second given name the registry lacks, or miss one it has).
fn given_variants(given: &str) -> Vec<&str> {
    let mut v = vec![given];
    let words: Vec<&str> = given.split_whitespace().collect();
    if words.len() > 1 {
        v.extend(words);
    }
    v
}

/// A roster written without tildes gives N where the registry had Ñ
/// (NUNEZ for NÚÑEZ): try the Ñ spelling too.
fn with_enye(s: &str) -> String {
    fold(s).replace('N', "Ñ")
}

/// CURP letters 1-4 and 14-16 against the row's names: `None` when some
/// reading of the names gives them. The names as written are tried first
/// (nearly every row), the tolerated variants only after.
fn name_check(canon: &[u8], names: &[Names]) -> Option<Cross> {
    let initials = canon.get(..4)?;
    let consonants = canon.get(13..16)?;
    // An Anexo 2 word in the CURP is reported on its own: the names giving
    // RENAPO's replacement (BXCA for BACA) are a match here.
    let replaced = crate::ids::curp::is_inconvenient(initials).then(|| {
        let mut b = initials.to_vec();
        b[1] = b'X';
        b
    });
    let matches = |k: &NameKey| {
        let initials_ok = k.initials == initials || replaced.as_deref() == Some(&k.initials[..]);
        initials_ok && k.consonants == consonants
    };
    let (first_given, first_paterno, first_materno) = names.first()?;
    if names
        .iter()
        .any(|(g, p, m)| matches(&curp_letters(g, p, m)))
    {
        return None;
    }
    for (g, p, m) in names {
        let (pe, me) = (with_enye(p), with_enye(m));
        for g in given_variants(g) {
            let ge = with_enye(g);
            for (g, p, m) in [
                (g, p.as_ref(), m.as_ref()),
                (g, &pe, &me),
                (&ge, p, m),
                (&ge, &pe, &me),
            ] {
                if matches(&curp_letters(g, p, m)) {
                    return None;
                }
            }
        }
    }
    let row_key = curp_letters(first_given, first_paterno, first_materno);
    let name = [
        first_paterno.as_ref(),
        first_materno.as_ref(),
        first_given.as_ref(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ");
    let text = String::from_utf8_lossy;
    let note = Note::NameMismatch {
        curp: format!("{}-{}", text(initials), text(consonants)),
        row: key_text(&row_key),
        name,
    };
    Some((Field::CURP, Kind::NameMismatch, note))
}

/// The number written by the two ASCII digits at `at`.
fn two_digits(b: &[u8], at: usize) -> Option<u32> {
    match b.get(at..at + 2)? {
        &[t @ b'0'..=b'9', u @ b'0'..=b'9'] => Some(u32::from(t - b'0') * 10 + u32::from(u - b'0')),
        _ => None,
    }
}

/// True when a birth date written as text `DD/MM/YYYY` or `YYYY-MM-DD`
/// (any of `/ - .` between) spells the CURP's date (a real one, as every
/// CURP the cross-checks get has), century included:
/// most rows, told by comparing digits, without reading the date. Any
/// other cell, or a different date, is left to `birth_check`.
fn same_date_text(cell: &str, stored: Stored, curp: &[u8]) -> bool {
    let (Stored::Text, Some(c), Some(&marker)) = (stored, curp.get(4..10), curp.get(16)) else {
        return false;
    };
    let century: &[u8] = if marker.is_ascii_digit() {
        b"19"
    } else {
        b"20"
    };
    let sep = |x: u8| matches!(x, b'/' | b'-' | b'.');
    let (yy, mm, dd) = (&c[0..2], &c[2..4], &c[4..6]);
    match cell.as_bytes() {
        [d0, d1, s1, m0, m1, s2, c0, c1, y0, y1] if sep(*s1) && sep(*s2) => {
            [*d0, *d1] == dd && [*m0, *m1] == mm && [*c0, *c1] == century && [*y0, *y1] == yy
        }
        [c0, c1, y0, y1, s1, m0, m1, s2, d0, d1] if sep(*s1) && sep(*s2) => {
            [*d0, *d1] == dd && [*m0, *m1] == mm && [*c0, *c1] == century && [*y0, *y1] == yy
        }
        _ => false,
    }
}

/// The birth date a CURP's positions 5-10 give, the century from
/// position 17 (a digit up to 1999, a letter from 2000).
#[inline]
pub fn curp_birth(c: &[u8]) -> Option<Date> {
    let digits = |a: usize| two_digits(c, a);
    let century = if c.get(16).is_some_and(u8::is_ascii_digit) {
        1900
    } else {
        2000
    };
    match (digits(4), digits(6), digits(8)) {
        (Some(y), Some(m), Some(d)) => Date::new(century + y as i32, m, d),
        _ => None,
    }
}

fn key_text(k: &NameKey) -> String {
    k.to_string()
}

/// The row's birth date against the CURP's (`born`): a mismatch, or a
/// cell that holds something that cannot be read as a date (placeholders
/// such as `N/A` are no date to read).
fn birth_check(rec: &Record, p: &PersonColumns, born: Option<Date>, today: Date) -> Option<Cross> {
    let col = p.nacimiento?;
    let cell = rec.get(col);
    match parse_birth(cell, rec.stored(col), today, born.map(Date::year)) {
        Some(row) => {
            let curp = born.filter(|&b| b != row)?;
            let note = Note::BirthdateMismatch { curp, row };
            Some((Field::CURP, Kind::BirthdateMismatch, note))
        }
        None if trim(cell).is_empty() || placeholder(cell).is_some() => None,
        None => Some((Field::Nacimiento, Kind::Unreadable, Note::UnreadableDate)),
    }
}

/// Every cross-field finding of a row. `curp` is a CURP whose letters and
/// date can be read (valid, or failing only its check digit or Anexo 2);
/// `nss` a valid NSS (canonical). The NSS's registration year is compared
/// with its own birth year by the NSS check, not here: a difference from
/// the CURP is only `nss.birth_year_mismatch`.
pub fn check(
    rec: &Record,
    p: &PersonColumns,
    curp: Option<&str>,
    nss: Option<&str>,
    today: Date,
) -> Vec<Cross> {
    let mut out = Vec::new();
    let Some(curp) = curp else {
        out.extend(birth_check(rec, p, None, today));
        return out;
    };
    let c = curp.as_bytes();
    if let Some(f) = with_row_names(rec, p, |names| name_check(c, names)) {
        out.push(f);
    }
    let birth = curp_birth(c);
    let agrees = p
        .nacimiento
        .is_some_and(|col| same_date_text(rec.get(col), rec.stored(col), c));
    if !agrees {
        out.extend(birth_check(rec, p, birth, today));
    }
    if let Some(col) = p.sexo {
        let curp_sex = c.get(10).map_or('?', |&b| char::from(b));
        if let Some(row_sex) = parse_sex(rec.get(col), p.sex_scheme) {
            if row_sex.letter() != curp_sex {
                let note = Note::SexMismatch {
                    curp: curp_sex,
                    row: row_sex.letter(),
                };
                out.push((Field::CURP, Kind::SexMismatch, note));
            }
        }
    }
    if let (Some(nss), Some(born)) = (nss, birth) {
        let n = nss.as_bytes();
        let nss_birth = two_digits(n, 4);
        if let Some(yy) = nss_birth {
            if yy != born.year().rem_euclid(100) as u32 {
                let note = Note::BirthYearMismatch {
                    nss: yy,
                    curp: born.year(),
                };
                out.push((Field::NSS, Kind::BirthYearMismatch, note));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Telling a date's text from the CURP's digits agrees with reading
        /// the date and comparing: every date, written either way, with
        /// either century marker.
        #[test]
        fn same_date_text_agrees_with_reading_it(
            y in 1900i32..2100, m in 1u32..13, d in 1u32..32,
            oy in 1900i32..2100, om in 1u32..13, od in 1u32..32,
            iso in any::<bool>(), sep in prop::sample::select(vec!['/', '-', '.']),
            mode in 0..3u8,
        ) {
            // The row's date: the CURP's, the same a century apart, or any.
            let other_century = if y < 2000 { y + 100 } else { y - 100 };
            let (oy, om, od) = match mode {
                0 => (y, m, d),
                1 => (other_century, m, d),
                _ => (oy, om, od),
            };
            let marker = if y < 2000 { '0' } else { 'A' };
            let curp = format!("HEGG{:02}{m:02}{d:02}MVZRRL{marker}4", y % 100);
            let text = if iso {
                format!("{oy:04}{sep}{om:02}{sep}{od:02}")
            } else {
                format!("{od:02}{sep}{om:02}{sep}{oy:04}")
            };
            let today = Date::new(2026, 11, 23).unwrap();
            let read = crate::check::birth::parse_birth(&text, Stored::Text, today, None);
            let born = curp_birth(curp.as_bytes());
            // A CURP reaches the cross-checks with a real date.
            prop_assume!(born.is_some());
            let fast = same_date_text(&text, Stored::Text, curp.as_bytes());
            prop_assert!(!fast || (read.is_some() && read == born), "{text} {curp}");
            if read.is_some() && born.is_some() && read == born {
                prop_assert!(fast, "{text} {curp}");
            }
        }
    }

    /// The birth-date findings of a row whose only person column is a
    /// birth date holding `cell`, against `curp` (born 1956-04-27).
    fn birth(cell: &str, curp: Option<&str>) -> Vec<(Field, Kind)> {
        let mut rec = Record::default();
        rec.push(cell, Stored::of_text(cell.len()));
        let p = PersonColumns {
            nacimiento: Some(0),
            ..PersonColumns::default()
        };
        let today = Date::new(2026, 11, 23).unwrap();
        check(&rec, &p, curp, None, today)
            .into_iter()
            .map(|(field, kind, _)| (field, kind))
            .collect()
    }

    #[test]
    fn a_birth_date_that_cannot_be_read_is_said_so() {
        let curp = Some("HEGG560427MVZRRL04");
        let unreadable = vec![(Field::Nacimiento, Kind::Unreadable)];
        let mismatch = vec![(Field::CURP, Kind::BirthdateMismatch)];
        for (cell, curp, want) in [
            ("27/ABR/1956", curp, vec![]),
            ("27-abr-56", curp, vec![]),
            ("28/ABR/1956", curp, mismatch),
            ("27 de abirl de 1956", curp, unreadable.clone()),
            ("31/02/1956", curp, unreadable.clone()),
            // Without a CURP to compare with, still said.
            ("ayer", None, unreadable),
            ("27/ABR/1956", None, vec![]),
            // Empty, or a placeholder: no date to read.
            ("", curp, vec![]),
            ("  ", curp, vec![]),
            ("N/A", curp, vec![]),
            ("PENDIENTE", None, vec![]),
        ] {
            assert_eq!(birth(cell, curp), want, "{cell:?} {curp:?}");
        }
    }
}
