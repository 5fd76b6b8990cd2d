//! The person fields of a row, read the ways offices write them: sex
//! (H/M/X, Hombre/Mujer, Masculino/Femenino, F/M) and a full name in one
//! cell ("APELLIDOS, NOMBRE" or without the comma). Birth dates: `birth`.

use crate::ids::curp::Sex;
use crate::ids::names::fold;

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
}
