//! The person fields of a row, read the ways offices write them: birth
//! dates (date cells, Excel serials, `dd/mm/yyyy`, `dd-mm-yy`,
//! `yyyy-mm-dd`), sex (H/M/X, Hombre/Mujer, Masculino/Femenino, F/M) and
//! a full name in one cell ("APELLIDOS, NOMBRE" or without the comma).

use crate::ids::curp::Sex;
use crate::ids::names::fold;
use crate::ids::Date;
use crate::input::Stored;

/// Reads a birth date. Two-digit years are the latest century not after
/// `today`; numbers (cells or text) are Excel serials.
///
/// ```
/// use roster_check::check::person::parse_birth;
/// use roster_check::ids::Date;
/// use roster_check::input::Stored;
/// let today = Date::new(2026, 11, 23).unwrap();
/// let d = Date::new(2008, 3, 14);
/// assert_eq!(parse_birth("14/03/2008", Stored::Text, today), d);
/// assert_eq!(parse_birth("14-03-08", Stored::Text, today), d);
/// assert_eq!(parse_birth("2008-03-14", Stored::Text, today), d);
/// assert_eq!(parse_birth("39521", Stored::Number, today), d);
/// assert_eq!(parse_birth("31/02/2008", Stored::Text, today), None);
/// ```
pub fn parse_birth(text: &str, stored: Stored, today: Date) -> Option<Date> {
    // The common shapes, DD/MM/YYYY and YYYY-MM-DD, read in place.
    if let (Stored::Text, &[a, b, c, d, e, f, g, h, i, j]) = (stored, text.as_bytes()) {
        let sep = |x: u8| matches!(x, b'/' | b'-' | b'.');
        let n = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |acc, &x| {
                x.is_ascii_digit().then(|| acc * 10 + u32::from(x - b'0'))
            })
        };
        if sep(c) && sep(f) {
            if let (Some(day), Some(month), Some(year)) = (n(&[a, b]), n(&[d, e]), n(&[g, h, i, j]))
            {
                return Date::new(year as i32, month, day);
            }
        } else if sep(e) && sep(h) {
            if let (Some(year), Some(month), Some(day)) = (n(&[a, b, c, d]), n(&[f, g]), n(&[i, j]))
            {
                return Date::new(year as i32, month, day);
            }
        }
    }
    parse_birth_any(text, stored, today)
}

/// [`parse_birth`] without its fast lane: every shape.
fn parse_birth_any(text: &str, stored: Stored, today: Date) -> Option<Date> {
    let t = text.trim();
    // A time of day after the date ("14/03/2008 00:00:00") says nothing.
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let serial = |t: &str| {
        let n: f64 = t.parse().ok()?;
        (1.0..=today.unix_days() as f64 + 25_569.0)
            .contains(&n)
            .then(|| Date::from_excel_serial(n))?
    };
    match stored {
        Stored::Date => return Date::parse_iso(t),
        Stored::Number | Stored::PaddedNumber(_) => return serial(t),
        _ => {}
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && (3..=5).contains(&t.len()) {
        return serial(t);
    }
    let mut parts = t.split(['/', '-', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let num = |s: &str| -> Option<u32> { (!s.is_empty() && s.len() <= 4).then(|| s.parse().ok())? };
    let (a_n, b_n, c_n) = (num(a)?, num(b)?, num(c)?);
    if a.len() == 4 {
        return Date::new(a_n as i32, b_n, c_n);
    }
    let year = match c.len() {
        4 => c_n as i32,
        2 => {
            let y = 2000 + c_n as i32;
            if y > today.year() {
                y - 100
            } else {
                y
            }
        }
        _ => return None,
    };
    Date::new(year, b_n, a_n)
}

/// How a sex column codes its values: H/M (M is mujer) or F/M (M is
/// masculino).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SexScheme {
    #[default]
    HombreMujer,
    FemeninoMasculino,
}

/// Decides a column's scheme from its values: F without H means F/M.
///
/// ```
/// use roster_check::check::person::{sex_scheme, SexScheme};
/// assert_eq!(sex_scheme(["F", "M", "M"].into_iter()), SexScheme::FemeninoMasculino);
/// assert_eq!(sex_scheme(["H", "M"].into_iter()), SexScheme::HombreMujer);
/// ```
pub fn sex_scheme<'a>(values: impl Iterator<Item = &'a str>) -> SexScheme {
    let (mut f, mut h) = (false, false);
    for v in values {
        match fold(v.trim()).as_str() {
            "F" => f = true,
            "H" => h = true,
            _ => {}
        }
    }
    if f && !h {
        SexScheme::FemeninoMasculino
    } else {
        SexScheme::HombreMujer
    }
}

/// Reads a sex value.
///
/// ```
/// use roster_check::check::person::{parse_sex, SexScheme};
/// use roster_check::ids::curp::Sex;
/// assert_eq!(parse_sex("Mujer", SexScheme::HombreMujer), Some(Sex::Female));
/// assert_eq!(parse_sex("M", SexScheme::HombreMujer), Some(Sex::Female));
/// assert_eq!(parse_sex("M", SexScheme::FemeninoMasculino), Some(Sex::Male));
/// assert_eq!(parse_sex("masculino", SexScheme::HombreMujer), Some(Sex::Male));
/// assert_eq!(parse_sex("?", SexScheme::HombreMujer), None);
/// ```
pub fn parse_sex(text: &str, scheme: SexScheme) -> Option<Sex> {
    let t = crate::input::trim(text);
    // Most cells are one letter, H or M as the rows come: looked up, not
    // branched on (a branch on it guessed wrong every other row).
    if let &[b] = t.as_bytes() {
        return ONE_BYTE[scheme as usize]
            .get(usize::from(b))
            .copied()
            .flatten();
    }
    sex_of_words(t, scheme)
}

/// [`parse_sex`] of every one-byte cell, by scheme and byte.
static ONE_BYTE: std::sync::LazyLock<[[Option<Sex>; 128]; 2]> = std::sync::LazyLock::new(|| {
    let of =
        |scheme| std::array::from_fn(|b| sex_of_words(&char::from(b as u8).to_string(), scheme));
    [of(SexScheme::HombreMujer), of(SexScheme::FemeninoMasculino)]
});

/// [`parse_sex`] of a trimmed cell, read as words.
fn sex_of_words(t: &str, scheme: SexScheme) -> Option<Sex> {
    let folded = fold(t);
    match folded.trim_end_matches('.') {
        "M" if scheme == SexScheme::FemeninoMasculino => Some(Sex::Male),
        "M" => Some(Sex::Female),
        "H" | "HOMBRE" | "MASCULINO" | "MASC" | "VARON" | "NINO" | "MALE" | "MAN" | "BOY" => {
            Some(Sex::Male)
        }
        "F" | "MUJER" | "FEMENINO" | "FEM" | "NINA" | "FEMALE" | "WOMAN" | "GIRL" => {
            Some(Sex::Female)
        }
        "X" | "NO BINARIO" | "NB" | "NO BINARIE" | "NON-BINARY" | "NONBINARY" => {
            Some(Sex::NonBinary)
        }
        _ => None,
    }
}

/// A person's names as a CURP uses them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonName {
    pub given: String,
    pub paterno: String,
    pub materno: String,
}

/// Words that start a compound surname ("DE LA FUENTE") or given name
/// ("DEL CARMEN"): they belong to the word after them.
const PARTICLES: [&str; 19] = [
    "DA", "DAS", "DE", "DEL", "DER", "DI", "DIE", "DD", "EL", "LA", "LOS", "LAS", "LE", "LES",
    "MAC", "MC", "VAN", "VON", "Y",
];

/// Splits words into name units, each particle glued to the word after it.
fn units(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for w in s.split_whitespace() {
        if !pending.is_empty() {
            pending.push(' ');
        }
        pending.push_str(w);
        if !PARTICLES.contains(&fold(w).as_str()) {
            out.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// The readings of a full name in one cell, most likely first:
/// "APELLIDOS, NOMBRE" has one; without a comma both "NOMBRE AP1 AP2" and
/// "AP1 AP2 NOMBRE" are offered (the CURP can tell them apart).
///
/// ```
/// use roster_check::check::person::split_full_name;
/// let n = &split_full_name("GARCÍA LÓPEZ, LUCÍA")[0];
/// assert_eq!((n.given.as_str(), n.paterno.as_str(), n.materno.as_str()), ("LUCÍA", "GARCÍA", "LÓPEZ"));
/// let v = split_full_name("MARÍA DEL CARMEN DE LA FUENTE ORTIZ");
/// assert_eq!((v[0].given.as_str(), v[0].paterno.as_str()), ("MARÍA DEL CARMEN", "DE LA FUENTE"));
/// let v = split_full_name("PÉREZ DÍAZ MARÍA FERNANDA");
/// assert_eq!((v[1].paterno.as_str(), v[1].materno.as_str(), v[1].given.as_str()), ("PÉREZ", "DÍAZ", "MARÍA FERNANDA"));
/// ```
pub fn split_full_name(full: &str) -> Vec<PersonName> {
    let full = full.trim();
    if let Some((surnames, given)) = full.split_once(',') {
        let u = units(surnames);
        let (paterno, materno) = match u.split_first() {
            Some((p, rest)) => (p.clone(), rest.join(" ")),
            None => (String::new(), String::new()),
        };
        return vec![PersonName {
            given: given.trim().to_string(),
            paterno,
            materno,
        }];
    }
    let u = units(full);
    match u.len() {
        0 => vec![],
        1 => vec![PersonName {
            given: u[0].clone(),
            ..Default::default()
        }],
        2 => vec![
            PersonName {
                given: u[0].clone(),
                paterno: u[1].clone(),
                materno: String::new(),
            },
            PersonName {
                given: u[1].clone(),
                paterno: u[0].clone(),
                materno: String::new(),
            },
        ],
        n => vec![
            PersonName {
                given: u[..n - 2].join(" "),
                paterno: u[n - 2].clone(),
                materno: u[n - 1].clone(),
            },
            PersonName {
                given: u[2..].join(" "),
                paterno: u[0].clone(),
                materno: u[1].clone(),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    #[test]
    fn birth_dates_in_every_office_form() {
        let d = Date::new(2008, 3, 14);
        for (text, stored) in [
            ("14/03/2008", Stored::Text),
            ("14/3/2008", Stored::Text),
            ("14-03-2008", Stored::Text),
            ("14.03.2008", Stored::Text),
            ("14-03-08", Stored::Text),
            ("14/03/08", Stored::Text),
            ("2008-03-14", Stored::Text),
            ("2008/03/14", Stored::Text),
            ("14/03/2008 00:00:00", Stored::Text),
            ("2008-03-14", Stored::Date),
            ("39521", Stored::Number),
            ("39521", Stored::Text),
        ] {
            assert_eq!(parse_birth(text, stored, today()), d, "{text} {stored:?}");
        }
        // Two-digit years: never in the future.
        assert_eq!(
            parse_birth("01/01/30", Stored::Text, today()),
            Date::new(1930, 1, 1)
        );
        assert_eq!(
            parse_birth("01/01/26", Stored::Text, today()),
            Date::new(2026, 1, 1)
        );
        for bad in [
            "",
            "abc",
            "32/01/2008",
            "29/02/2007",
            "14/03",
            "1/2/3/4",
            "99999999",
        ] {
            assert_eq!(parse_birth(bad, Stored::Text, today()), None, "{bad}");
        }
    }

    #[test]
    fn sex_in_every_office_form() {
        use SexScheme::*;
        for (v, scheme, sex) in [
            ("H", HombreMujer, Sex::Male),
            ("hombre", HombreMujer, Sex::Male),
            ("Masculino", FemeninoMasculino, Sex::Male),
            ("VARÓN", HombreMujer, Sex::Male),
            ("F", FemeninoMasculino, Sex::Female),
            ("Femenino", HombreMujer, Sex::Female),
            ("mujer", HombreMujer, Sex::Female),
            ("X", HombreMujer, Sex::NonBinary),
        ] {
            assert_eq!(parse_sex(v, scheme), Some(sex), "{v}");
        }
    }

    /// A one-byte cell, looked up, reads as the same text read as words,
    /// under each scheme (M is mujer or masculino by the scheme).
    #[test]
    fn one_letter_cells_read_as_words() {
        use SexScheme::*;
        for scheme in [HombreMujer, FemeninoMasculino] {
            for b in 0..=127u8 {
                let cell = char::from(b).to_string();
                let words = sex_of_words(crate::input::trim(&cell), scheme);
                assert_eq!(parse_sex(&cell, scheme), words, "{b} {scheme:?}");
            }
            for (cell, sex) in [("m", Sex::Female), ("h", Sex::Male), ("x", Sex::NonBinary)] {
                let expected = match (cell, scheme) {
                    ("m", FemeninoMasculino) => Sex::Male,
                    _ => sex,
                };
                assert_eq!(parse_sex(cell, scheme), Some(expected), "{cell} {scheme:?}");
            }
        }
    }

    #[test]
    fn full_names_split_both_ways() {
        let v = split_full_name("DE LA FUENTE ORTIZ, MARÍA DEL CARMEN");
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[0],
            PersonName {
                given: "MARÍA DEL CARMEN".into(),
                paterno: "DE LA FUENTE".into(),
                materno: "ORTIZ".into()
            }
        );
        let v = split_full_name("LUIS PÉREZ");
        assert_eq!(
            (v[0].given.as_str(), v[0].paterno.as_str()),
            ("LUIS", "PÉREZ")
        );
        assert_eq!(
            (v[1].given.as_str(), v[1].paterno.as_str()),
            ("PÉREZ", "LUIS")
        );
        assert!(split_full_name("  ").is_empty());
    }

    proptest::proptest! {
        /// The fast lane of `parse_birth` reads what the general path reads.
        #[test]
        fn birth_fast_lane_agrees(t in "[0-9+ ]{1,4}[/.\\-][0-9a ]{1,2}[/.\\-][0-9 ]{1,4}|[0-9/.\\-]{10}") {
            proptest::prop_assert_eq!(
                parse_birth(&t, Stored::Text, today()),
                parse_birth_any(&t, Stored::Text, today())
            );
        }
    }
}
