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
    fold_accented(c).unwrap_or_else(|| c.to_uppercase().next().unwrap_or(c))
}

/// The letters with an accent, diaeresis, tilde or cedilla that names
/// carry, folded: `None` for any other character.
const fn fold_accented(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'ä' | 'â' | 'ã' | 'Á' | 'À' | 'Ä' | 'Â' | 'Ã' => 'A',
        'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'E',
        'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'I',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' | 'Ó' | 'Ò' | 'Ö' | 'Ô' | 'Õ' => 'O',
        'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'U',
        'ñ' | 'Ñ' => 'Ñ',
        'ç' | 'Ç' => 'C',
        _ => return None,
    })
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
    // Most names are cleared bytewise ([`MAY_SPACE`]).
    let maybe_space = name.bytes().any(|b| MAY_SPACE[usize::from(b)]);
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

/// What one character of a name gives the quick lane ([`quick_word`]):
/// as the initial (A-Z, or X), as an internal vowel and as an internal
/// consonant (the letter or X where the search stops there, 0 where it
/// goes on past it). A character the quick lane leaves to the rules has
/// initial 0: whitespace (a name of several words), control characters,
/// characters outside ASCII and U+00C0-U+00FF, and the letters there that
/// [`fold_accented`] does not fold.
type Gives = [u8; 3];

const SLOW: Gives = [0; 3];

/// What a folded character gives (rules 1, 6 and 9): a vowel stops the
/// vowel search, a consonant the consonant search; Ñ is no vowel and
/// gives X as the consonant; a special character (`/ - . '`, digits...)
/// gives X to both.
const fn gives(folded: char) -> Gives {
    match folded {
        'A' | 'E' | 'I' | 'O' | 'U' => [folded as u8, folded as u8, 0],
        'A'..='Z' => [folded as u8, 0, folded as u8],
        'Ñ' => [b'X', 0, b'X'],
        _ => [b'X'; 3],
    }
}

/// Each character's [`Gives`]: ASCII at its own index; U+00C0 to U+00FF
/// (UTF-8 `C3 80` to `C3 BF`) at 128 plus their second byte's low six
/// bits. Built from [`fold_char`]'s own accent table, so both lanes fold
/// alike.
const GIVES: [Gives; 192] = {
    let mut t = [SLOW; 192];
    let mut b = 0x21;
    while b < 0x7F {
        t[b] = gives((b as u8).to_ascii_uppercase() as char);
        b += 1;
    }
    let mut i = 0;
    while i < 64 {
        if let Some(c) = char::from_u32(0xC0 + i as u32) {
            if let Some(folded) = fold_accented(c) {
                t[128 + i] = gives(folded);
            }
        }
        i += 1;
    }
    t
};

/// The bytes that may begin a whitespace character, and the other
/// control characters: every whitespace character's UTF-8 starts with
/// one (ASCII 9-13 and space; U+0085 and U+00A0: C2; U+1680: E1; U+2000
/// to U+205F: E2; U+3000: E3).
const MAY_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b <= b' ' as usize || b == 0xC2 || (b >= 0xE1 && b <= 0xE3);
        b += 1;
    }
    t
};

/// A name's initial, first internal vowel and first internal consonant
/// (what [`by_rules`] gives) read bytewise, when the name is one word of
/// ASCII and accented Latin letters: nearly every name. `None` sends the
/// name to the rules. The letters are looked up in [`GIVES`], not
/// branched on; the search stops once both internal letters are found.
fn quick_word(word: &str) -> Option<[u8; 3]> {
    let bytes = word.as_bytes();
    let mut at = 0;
    let mut next = || {
        let &b = bytes.get(at)?;
        Some(match b {
            0..=0x7F => {
                at += 1;
                GIVES[usize::from(b)]
            }
            // The text is UTF-8: a C3 lead byte has its continuation byte.
            0xC3 => {
                let c = bytes.get(at + 1).map_or(0, |&c| c & 0x3F);
                at += 2;
                GIVES[128 + usize::from(c)]
            }
            _ => SLOW,
        })
    };
    let Some([initial, ..]) = next() else {
        return Some([b'X'; 3]);
    };
    let (mut vowel, mut consonant) = (0, 0);
    // Until both letters are found (two or three characters, mostly).
    while vowel == 0 || consonant == 0 {
        let Some([this, v, c]) = next() else {
            break;
        };
        if this == 0 {
            return None;
        }
        vowel = if vowel == 0 { v } else { vowel };
        consonant = if consonant == 0 { c } else { consonant };
    }
    // The rest changes the letters only if it starts another word (the
    // rules then pick the word): any byte that may begin whitespace
    // ([`MAY_SPACE`]) sends the name to them. Other characters
    // there cannot change a letter already found.
    let rest = bytes.get(at..).unwrap_or_default();
    let spaced = rest.iter().any(|&b| MAY_SPACE[usize::from(b)]);
    let found = |c: u8| if c == 0 { b'X' } else { c };
    (initial != 0 && !spaced).then_some([initial, found(vowel), found(consonant)])
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
    key_from(given, first, second, |name, pick| {
        quick_word(name).unwrap_or_else(|| {
            pick(name).map_or([b'X'; 3], |w| quick_word(w).unwrap_or_else(|| by_rules(w)))
        })
    })
}

/// Picks the word of a name the CURP uses ([`given_word`] or
/// [`surname_word`]).
type Pick = fn(&str) -> Option<&str>;

/// The CURP letters of the three names, given each name's initial,
/// first internal vowel and first internal consonant from `letters`
/// (called with the name and how to pick its word).
fn key_from(
    given: &str,
    first: &str,
    second: &str,
    letters: impl Fn(&str, Pick) -> [u8; 3],
) -> NameKey {
    let [gi, _, gc] = letters(given, given_word);
    let [pi, pv, pc] = letters(first, surname_word);
    let [mi, _, mc] = letters(second, surname_word);
    let mut key = NameKey {
        initials: [pi, pv, mi, gi],
        consonants: [pc, mc, gc],
    };
    // An Anexo 2 word gets X as its second letter.
    if is_inconvenient(key.initials) {
        key.initials[1] = b'X';
    }
    key
}

/// A word's initial, first internal vowel and first internal consonant,
/// character by character (rules 1, 6 and 9).
fn by_rules(word: &str) -> [u8; 3] {
    [
        initial(word),
        first_internal(word, is_vowel),
        first_internal(word, is_consonant),
    ]
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

    /// [`curp_letters`] without its quick lane.
    fn rules_alone(given: &str, first: &str, second: &str) -> NameKey {
        key_from(given, first, second, |name, pick| {
            pick(name).map_or([b'X'; 3], by_rules)
        })
    }

    /// Every character the quick lane reads, and neighbours it must leave
    /// to the rules.
    fn latin_names() -> impl Strategy<Value = String> {
        let latin: String = ('\u{c0}'..='\u{ff}').collect();
        let regex = |r: String| proptest::string::string_regex(&r).expect("a valid regex");
        prop_oneof![
            3 => regex(format!("[A-Za-z{latin}]{{0,10}}")),
            1 => regex(format!("[A-Za-z{latin}0-9 ./'\u{7f}\u{a0}\u{b5}\u{178}\u{1e9e}-]{{0,10}}")),
            1 => words().boxed(),
        ]
    }

    #[test]
    fn every_latin_character_reads_alike_in_both_lanes() {
        for c in (0..0x250).filter_map(char::from_u32) {
            for name in [
                format!("{c}"),
                format!("A{c}B"),
                format!("B{c}A"),
                format!("{c}ON"),
                // After both letters are found: a space there makes a
                // second word ("DEL RIO" is RIO, "MARIA LUISA" LUISA).
                format!("DEL{c}RIO"),
                format!("MARIA{c}LUISA"),
            ] {
                assert_eq!(
                    curp_letters(&name, &name, &name),
                    rules_alone(&name, &name, &name),
                    "{c:?} in {name:?}"
                );
            }
        }
    }

    proptest! {
        /// The quick lane gives what the rules give.
        #[test]
        fn quick_lane_follows_the_rules(
            g in latin_names(), p in latin_names(), m in latin_names()
        ) {
            prop_assert_eq!(curp_letters(&g, &p, &m), rules_alone(&g, &p, &m));
        }

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
