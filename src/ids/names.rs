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

/// One character upper-cased without accent or diaeresis; Ñ is kept
/// (rule 1). Allocation-free: names are folded character by character.
///
/// ```
/// use roster_check::ids::names::fold_char;
/// assert_eq!((fold_char('é'), fold_char('ñ'), fold_char('Ü'), fold_char('x')), ('E', 'Ñ', 'U', 'X'));
/// ```
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    match c {
        'á' | 'à' | 'ä' | 'â' | 'ã' | 'Á' | 'À' | 'Ä' | 'Â' | 'Ã' => 'A',
        'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'E',
        'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'I',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' | 'Ó' | 'Ò' | 'Ö' | 'Ô' | 'Õ' => 'O',
        'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'U',
        'ñ' | 'Ñ' => 'Ñ',
        'ç' | 'Ç' => 'C',
        other => other.to_uppercase().next().unwrap_or(other),
    }
}

/// Upper case without accents or diaeresis; Ñ is kept (rule 1).
///
/// ```
/// assert_eq!(roster_check::ids::names::fold("Peña Güémez"), "PEÑA GUEMEZ");
/// ```
pub fn fold(name: &str) -> String {
    name.chars().map(fold_char).collect()
}

/// True when `word`, folded, is `pattern` (upper-case ASCII).
fn word_is(word: &str, pattern: &str) -> bool {
    // ASCII folds to its upper case, and a pattern is upper case.
    if word.is_ascii() {
        return word.eq_ignore_ascii_case(pattern);
    }
    word.chars().map(fold_char).eq(pattern.chars())
}

fn is_particle(word: &str) -> bool {
    // Particles are at most three ASCII letters: most words end here.
    word.len() <= 3 && PARTICLES.iter().any(|p| word_is(word, p))
}

/// The word of a compound name that the CURP uses: the first one after
/// any leading particles (rules 2 and 3). A name made only of particles
/// keeps its last word.
fn significant<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut last = None;
    for w in words.by_ref() {
        if !is_particle(w) {
            return Some(w);
        }
        last = Some(w);
    }
    last
}

/// The given name used for positions 4 and 16: MARÍA/JOSÉ (and MA., J.)
/// are skipped when another name follows (rule 4), then particles.
fn given_word(given: &str) -> Option<&str> {
    if let Some(word) = single_word(given) {
        return Some(word);
    }
    let mut words = given.split_whitespace();
    let first = words.next()?;
    let more = words.clone().next().is_some();
    // "MARÍA" is the longest, at six bytes.
    if more && first.len() <= 6 && COMMON_GIVEN.iter().any(|p| word_is(first, p)) {
        significant(words)
    } else {
        significant(given.split_whitespace())
    }
}

fn surname_word(name: &str) -> Option<&str> {
    single_word(name).or_else(|| significant(name.split_whitespace()))
}

/// A name of one word (most names), which is its own significant word:
/// no particle to drop before it, no MARÍA to skip.
fn single_word(name: &str) -> Option<&str> {
    // Every whitespace character's UTF-8 starts with one of these bytes
    // (ASCII 9-13 and space; U+0085 and U+00A0: C2; U+1680: E1; U+2000
    // to U+205F: E2; U+3000: E3): most names are cleared bytewise.
    let maybe_space = name
        .bytes()
        .any(|b| matches!(b, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3));
    let spaced = maybe_space && name.contains(char::is_whitespace);
    (!name.is_empty() && !spaced).then_some(name)
}

/// A name's initial for the CURP: Ñ and anything not A-Z become X.
fn initial(word: &str) -> u8 {
    match word.chars().next().map(fold_char) {
        Some(c) if c.is_ascii_uppercase() => c as u8,
        _ => b'X',
    }
}

/// The first character after the initial that `pick` accepts; a special
/// character met on the way (`/ - . '`) or none found gives X (rules 6, 9).
fn first_internal(word: &str, pick: fn(char) -> bool) -> u8 {
    for c in word.chars().skip(1).map(fold_char) {
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
    let g = given_word(given).unwrap_or_default();
    let p = surname_word(first).unwrap_or_default();
    let m = surname_word(second);

    let mut initials = [
        initial(p),
        if p.is_empty() {
            b'X'
        } else {
            first_internal(p, is_vowel)
        },
        m.map_or(b'X', initial),
        initial(g),
    ];
    if initials.iter().all(u8::is_ascii_uppercase) {
        let word = std::str::from_utf8(&initials).unwrap_or("");
        if is_inconvenient(word) {
            initials[1] = b'X';
        }
    }
    let consonants = [
        first_internal(p, is_consonant),
        m.map_or(b'X', |m| first_internal(m, is_consonant)),
        first_internal(g, is_consonant),
    ];
    NameKey {
        initials,
        consonants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words() -> impl Strategy<Value = String> {
        let listed: Vec<String> = PARTICLES
            .iter()
            .chain(COMMON_GIVEN.iter())
            .map(|w| w.to_string())
            .collect();
        prop_oneof![
            proptest::sample::select(listed),
            "[A-ZÁÉÍÓÚÑa-z.'/-]{1,12}",
            "\\PC{0,12}",
            "[a-z]{0,3}[\u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{b}\u{c}]?[a-zé]{0,3}",
        ]
    }

    #[test]
    fn every_whitespace_character_splits_a_name() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let name = format!("A{c}B");
            assert_eq!(single_word(&name).is_none(), c.is_whitespace(), "{c:?}");
        }
    }

    proptest! {
        /// The one-word shortcut picks what the general rules pick.
        #[test]
        fn single_words_are_their_own_significant_word(w in words()) {
            if let Some(word) = single_word(&w) {
                prop_assert_eq!(w.split_whitespace().count(), 1);
                prop_assert_eq!(Some(word), significant(w.split_whitespace()));
            }
        }
    }
}
