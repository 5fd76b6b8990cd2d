//! CURP letters derived from a person's names (IDENTIFIERS.md §3.7):
//! positions 1-4 from the surnames and given name, 14-16 from their first
//! internal consonants. Names go in as people write them (accents, Ñ,
//! particles, MARÍA/JOSÉ); the eight letters come out.
//!
//! ```
//! use roster_check::ids::names::curp_letters;
//! let k = curp_letters("MARÍA DEL CARMEN", "DE LA FUENTE", "ORTIZ");
//! assert_eq!(k.to_string(), "FUOC-NRR");
//! ```

use std::fmt;

use super::curp::is_inconvenient;

/// Words dropped from the front of a compound name (rule 3).
const PARTICLES: [&str; 19] = [
    "DA", "DAS", "DE", "DEL", "DER", "DI", "DIE", "DD", "EL", "LA", "LOS", "LAS", "LE", "LES",
    "MAC", "MC", "VAN", "VON", "Y",
];

/// Given names skipped when another name follows (rule 4).
const COMMON_GIVEN: [&str; 6] = ["MARIA", "MA.", "MA", "JOSE", "J.", "J"];

/// The eight letters of a CURP that come from names.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameKey {
    /// Positions 1-4 (after the Anexo 2 replacement).
    pub initials: [u8; 4],
    /// Positions 14-16.
    pub consonants: [u8; 3],
}

impl fmt::Display for NameKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |b: &[u8]| b.iter().map(|&c| char::from(c)).collect::<String>();
        write!(f, "{}-{}", s(&self.initials), s(&self.consonants))
    }
}

impl fmt::Debug for NameKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Upper case without accents or diaeresis; Ñ is kept (rule 1).
///
/// ```
/// assert_eq!(roster_check::ids::names::fold("Peña Güémez"), "PEÑA GUEMEZ");
/// ```
pub fn fold(name: &str) -> String {
    name.chars()
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            'Á' | 'À' | 'Ä' | 'Â' | 'Ã' => 'A',
            'É' | 'È' | 'Ë' | 'Ê' => 'E',
            'Í' | 'Ì' | 'Ï' | 'Î' => 'I',
            'Ó' | 'Ò' | 'Ö' | 'Ô' | 'Õ' => 'O',
            'Ú' | 'Ù' | 'Ü' | 'Û' => 'U',
            'Ç' => 'C',
            other => other,
        })
        .collect()
}

/// The word of a compound name that the CURP uses: the first one after
/// any leading particles (rules 2 and 3). A name made only of particles
/// keeps its last word.
fn significant<'a>(words: &[&'a str]) -> Option<&'a str> {
    words
        .iter()
        .find(|w| !PARTICLES.contains(w))
        .or(words.last())
        .copied()
}

/// The given name used for positions 4 and 16: MARÍA/JOSÉ (and MA., J.)
/// are skipped when another name follows (rule 4), then particles.
fn given_word(words: &[&str]) -> Option<String> {
    let rest = match words {
        [first, rest @ ..] if !rest.is_empty() && COMMON_GIVEN.contains(first) => rest,
        all => all,
    };
    significant(rest).map(str::to_string)
}

fn surname_word(name: &str) -> Option<String> {
    let folded = fold(name);
    let words: Vec<&str> = folded.split_whitespace().collect();
    significant(&words).map(str::to_string)
}

/// A name's initial for the CURP: Ñ and anything not A-Z become X.
fn initial(word: &str) -> u8 {
    match word.chars().next() {
        Some(c) if c.is_ascii_uppercase() => c as u8,
        _ => b'X',
    }
}

/// The first character after the initial that `pick` accepts; a special
/// character met on the way (`/ - . '`) or none found gives X (rules 6, 9).
fn first_internal(word: &str, pick: fn(char) -> bool) -> u8 {
    for c in word.chars().skip(1) {
        if pick(c) {
            return c as u8;
        }
        if c == 'Ñ' {
            if pick('X') {
                return b'X';
            }
            continue;
        }
        if !c.is_ascii_uppercase() {
            return b'X';
        }
    }
    b'X'
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'A' | 'E' | 'I' | 'O' | 'U')
}

fn is_consonant(c: char) -> bool {
    c.is_ascii_uppercase() && !is_vowel(c)
}

/// The CURP letters for a person: `given` name(s), `first` surname
/// (paterno), `second` surname (materno, may be empty).
///
/// ```
/// use roster_check::ids::names::curp_letters;
/// assert_eq!(curp_letters("CONCEPCION", "SALGADO", "BRISEÑO").to_string(), "SABC-LRN");
/// assert_eq!(curp_letters("OFELIA", "PEDRERO", "DOMÍNGUEZ").to_string(), "PXDO-DMF");
/// assert_eq!(curp_letters("LUIS", "PÉREZ", "").to_string(), "PEXL-RXS");
/// ```
pub fn curp_letters(given: &str, first: &str, second: &str) -> NameKey {
    let folded_given = fold(given);
    let given_words: Vec<&str> = folded_given.split_whitespace().collect();
    let g = given_word(&given_words).unwrap_or_default();
    let p = surname_word(first).unwrap_or_default();
    let m = surname_word(second);

    let mut initials = [
        initial(&p),
        if p.is_empty() {
            b'X'
        } else {
            first_internal(&p, is_vowel)
        },
        m.as_deref().map_or(b'X', initial),
        initial(&g),
    ];
    if initials.iter().all(u8::is_ascii_uppercase) {
        let word = std::str::from_utf8(&initials).unwrap_or("");
        if is_inconvenient(word) {
            initials[1] = b'X';
        }
    }
    let consonants = [
        first_internal(&p, is_consonant),
        m.as_deref()
            .map_or(b'X', |m| first_internal(m, is_consonant)),
        first_internal(&g, is_consonant),
    ];
    NameKey {
        initials,
        consonants,
    }
}
