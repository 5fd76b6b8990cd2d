//! CURP (Clave Única de Registro de Población, Mexico): 18 characters,
//! `AAAA YYMMDD S EE CCC H D`. Rules as in IDENTIFIERS.md §3.
//!
//! ```
//! use roster_check::ids::{curp, Context, Date, Status};
//! let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
//! assert_eq!(curp::check("HEGG560427MVZRRL04", &ctx).status, Status::Valid);
//! // 'O' (letter) at position 17 reads as a birth in 2088: a future date.
//! assert_eq!(curp::check("TOMA880125HMNRRNO2", &ctx).status, Status::Invalid);
//! ```

use super::clean::Cleaned;
use super::{
    Canon, CharClass, Context, Date, Descriptor, Detail, IdKind, Issue, Outcome, Parts, Problem,
    Severity, Status,
};

/// The CURP entry of the identifier table.
pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    kind: IdKind::Curp,
    name: "curp",
    headers: &[
        "curp",
        "clavecurp",
        "curpalumno",
        "curpdelalumno",
        "curpestudiante",
        "clavunicaderegistrodepoblacion",
        "claveunicaderegistrodepoblacion",
    ],
    compact,
    check,
    quick: Some(quick),
    digits: None,
    placeholders: &["SIN CURP"],
    vectors: "mx_curp.tsv",
};

/// The 32 states and `NE` (born abroad), with their names.
pub const STATES: [(&str, &str); 33] = [
    ("AS", "Aguascalientes"),
    ("BC", "Baja California"),
    ("BS", "Baja California Sur"),
    ("CC", "Campeche"),
    ("CL", "Coahuila"),
    ("CM", "Colima"),
    ("CS", "Chiapas"),
    ("CH", "Chihuahua"),
    ("DF", "Ciudad de México"),
    ("DG", "Durango"),
    ("GT", "Guanajuato"),
    ("GR", "Guerrero"),
    ("HG", "Hidalgo"),
    ("JC", "Jalisco"),
    ("MC", "Estado de México"),
    ("MN", "Michoacán"),
    ("MS", "Morelos"),
    ("NT", "Nayarit"),
    ("NL", "Nuevo León"),
    ("OC", "Oaxaca"),
    ("PL", "Puebla"),
    ("QT", "Querétaro"),
    ("QR", "Quintana Roo"),
    ("SP", "San Luis Potosí"),
    ("SL", "Sinaloa"),
    ("SR", "Sonora"),
    ("TC", "Tabasco"),
    ("TS", "Tamaulipas"),
    ("TL", "Tlaxcala"),
    ("VZ", "Veracruz"),
    ("YN", "Yucatán"),
    ("ZS", "Zacatecas"),
    ("NE", "Nacido en el extranjero"),
];

/// RENAPO's Anexo 2: positions 1-4 never spell these; the second letter is
/// replaced by X instead (81 words, IDENTIFIERS.md §3.6).
pub const INCONVENIENT_WORDS: [&str; 81] = [
    "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COGI",
    "COJA", "COJE", "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA",
    "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI", "KOJA", "KOJE", "KOJI",
    "KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO", "LOKA", "LOKO", "MAME", "MAMO", "MEAR", "MEAS",
    "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO", "NACA", "NACO", "PEDA", "PEDO", "PENE",
    "PIPI", "PITO", "POPO", "PUTA", "PUTO", "QULO", "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO",
    "TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI", "VUEY", "WUEI", "WUEY",
];

/// The sex marker at position 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// `H`, hombre.
    Male,
    /// `M`, mujer.
    Female,
    /// `X`, non-binary (issued by RENAPO since 2023).
    NonBinary,
}

impl Sex {
    /// The letter used in a CURP.
    ///
    /// ```
    /// use roster_check::ids::curp::Sex;
    /// assert_eq!([Sex::Male, Sex::Female, Sex::NonBinary].map(Sex::letter), ['H', 'M', 'X']);
    /// ```
    pub fn letter(self) -> char {
        // Looked up, not matched: the compiler made the match a jump on
        // the sex, which rows give at random (a wrong guess every other
        // row).
        const LETTERS: [u8; 3] = [b'H', b'M', b'X'];
        char::from(LETTERS[self as usize])
    }

    fn from_letter(ch: u8) -> Option<Sex> {
        match ch {
            b'H' => Some(Sex::Male),
            b'M' => Some(Sex::Female),
            b'X' => Some(Sex::NonBinary),
            _ => None,
        }
    }
}

/// What a well-formed CURP says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurpParts {
    /// Birth date, century from position 17.
    pub birth: Date,
    /// Sex marker.
    pub sex: Sex,
    /// State code (positions 12-13).
    pub state: &'static str,
    /// The state's name.
    pub state_name: &'static str,
}

/// The name of a state code, if it is one.
///
/// ```
/// use roster_check::ids::curp::state_name;
/// assert_eq!(state_name("JC"), Some("Jalisco"));
/// assert_eq!(state_name("CX"), None);
/// ```
pub fn state_name(code: &str) -> Option<&'static str> {
    state(code).map(|(_, n)| n)
}

/// Index of every two-letter code in `STATES` (plus one; 0: none), built
/// at compile time: a state lookup is one array read, not 33 comparisons.
const STATE_TABLE: [u8; 26 * 26] = {
    let mut t = [0u8; 26 * 26];
    let mut i = 0;
    while i < STATES.len() {
        let b = STATES[i].0.as_bytes();
        t[(b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize] = i as u8 + 1;
        i += 1;
    }
    t
};

/// The (code, name) of a state code.
fn state(code: &str) -> Option<(&'static str, &'static str)> {
    let b = code.as_bytes();
    if b.len() != 2 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_uppercase() {
        return None;
    }
    let i = STATE_TABLE[(b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize];
    STATES.get(usize::from(i).checked_sub(1)?).copied()
}

/// True when `word` (four upper-case letters) is in Anexo 2.
///
/// ```
/// assert!(roster_check::ids::curp::is_inconvenient("PEDO"));
/// assert!(!roster_check::ids::curp::is_inconvenient("PXDO"));
/// ```
pub fn is_inconvenient(word: impl AsRef<[u8]>) -> bool {
    let &[a, b, c, d] = word.as_ref() else {
        return false;
    };
    let w = u32::from_be_bytes([a, b, c, d]);
    WORD_SLOTS[word_slot(w)] == w
}

/// Where a word (big-endian) sits in [`WORD_SLOTS`]: a multiplicative
/// hash whose multiplier was searched for to give each Anexo 2 word a
/// slot of its own (the table's construction fails to compile if two
/// share one).
const fn word_slot(w: u32) -> usize {
    (w.wrapping_mul(0xB14B_A259) >> 24) as usize
}

/// Each Anexo 2 word at its slot, so a lookup is one comparison. A slot
/// no word hashes to holds a word of another slot, which no input
/// hashing there can equal.
const WORD_SLOTS: [u32; 256] = {
    let mut slots = [0u32; 256];
    let mut used = [false; 256];
    let mut i = 0;
    while i < INCONVENIENT_WORDS.len() {
        let w = INCONVENIENT_WORDS[i].as_bytes();
        let w = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
        let s = word_slot(w);
        assert!(!used[s], "two Anexo 2 words share a slot");
        slots[s] = w;
        used[s] = true;
        i += 1;
    }
    // Any used slot's word hashes there, not to an unused slot.
    let mut filler = 0;
    while !used[filler] {
        filler += 1;
    }
    let mut s = 0;
    while s < 256 {
        if !used[s] {
            slots[s] = slots[filler];
        }
        s += 1;
    }
    slots
};

/// The character class due at each position.
const LAYOUT: [CharClass; 18] = {
    use CharClass::*;
    [
        Letter,
        VowelOrX,
        Letter,
        Letter,
        Digit,
        Digit,
        Digit,
        Digit,
        Digit,
        Digit,
        Letter,
        Letter,
        Letter,
        ConsonantOrX,
        ConsonantOrX,
        ConsonantOrX,
        DigitOrLetter,
        Digit,
    ]
};

pub(crate) fn fits(ch: char, class: CharClass) -> bool {
    ch.is_ascii() && BYTE_CLASSES[ch as usize] & class_bit(class) != 0
}

/// Removes separators and surrounding space and upper-cases.
///
/// ```
/// assert_eq!(roster_check::ids::curp::compact(" hegg-560427 mvzrrl04"), "HEGG560427MVZRRL04");
/// ```
pub fn compact(value: &str) -> String {
    Cleaned::new(value, false).chars().iter().collect()
}

/// The check digit for the first 17 characters, or None when they are not
/// 17 characters of the CURP alphabet.
///
/// ```
/// assert_eq!(roster_check::ids::curp::calc_check_digit("SABC560626MDFLRN0"), Some('1'));
/// assert_eq!(roster_check::ids::curp::calc_check_digit("SABC"), None);
/// ```
pub fn calc_check_digit(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (i, ch) in first17.chars().enumerate() {
        let v = match ch {
            '0'..='9' | 'A'..='Z' => u32::from(CHECK_VALUES[ch as usize]),
            'Ñ' => 24,
            _ => return None,
        };
        sum += v * (18 - i as u32);
        n += 1;
    }
    (n == 17).then(|| char::from(check_digit_of(sum)))
}

/// The check digit for a weighted sum of the first 17 characters.
fn check_digit_of(sum: u32) -> u8 {
    b'0' + ((10 - sum % 10) % 10) as u8
}

/// Year, month and day of positions 5-10 of a CURP whose characters fit
/// their classes; position 17, a digit before 2000 and a letter from
/// 2000, sets the century.
fn birth_fields(s: &[u8; 18]) -> (i32, u32, u32) {
    let num = |a: usize| u32::from(s[a] - b'0') * 10 + u32::from(s[a + 1] - b'0');
    let century = if s[16].is_ascii_digit() { 1900 } else { 2000 };
    (century + num(4) as i32, num(6), num(8))
}

/// Appends the check digit to 17 characters: a complete CURP.
///
/// ```
/// let c = roster_check::ids::curp::complete("SABC560626MDFLRN0").unwrap();
/// assert_eq!(c.as_str(), "SABC560626MDFLRN01");
/// ```
pub fn complete(first17: &str) -> Option<Canon> {
    let d = calc_check_digit(first17)?;
    let mut c = Canon::new(first17);
    c.push(d);
    Some(c)
}

/// Checks a CURP: length, characters per position, birth date (century from
/// position 17, not after `ctx.today`), sex, state, check digit, then the
/// soft findings (Anexo 2 word, sex X, normalisation).
///
/// An Anexo 2 word makes the status `Invalid` (RENAPO never issues one) while
/// its finding stays a warning, as the contract lists it.
///
/// ```
/// use roster_check::ids::{curp, Context, Date, Problem, Status};
/// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
/// let o = curp::check("SABC560626MCXLRN04", &ctx);
/// assert_eq!(o.issues[0].problem, Problem::State);
/// let o = curp::check("sabc560626mdflrn01", &ctx);
/// assert_eq!((o.status, o.issues[0].problem), (Status::Valid, Problem::Normalized));
/// ```
pub fn check(value: &str, ctx: &Context) -> Outcome {
    let kind = IdKind::Curp;
    let c = Cleaned::new(value, false);
    if c.len() != 18 {
        if let Some(outcome) = c.foreign(kind, &['Ñ']) {
            return outcome;
        }
        let detail = Detail::Length {
            found: c.len(),
            expected: 18,
            zero_tried: false,
        };
        return Outcome::invalid(kind, Issue::error(Problem::Length, detail));
    }
    let chars = c.chars();
    for (i, (&ch, &class)) in chars.iter().zip(LAYOUT.iter()).enumerate() {
        if !fits(ch, class) {
            let detail = Detail::BadChar {
                ch,
                position: i + 1,
                expected: class,
            };
            return Outcome::invalid(kind, Issue::error(Problem::Format, detail));
        }
    }
    // Every character is now ASCII.
    let mut s = [0u8; 18];
    for (b, &ch) in s.iter_mut().zip(chars) {
        *b = ch as u8;
    }
    let (year, month, day) = birth_fields(&s);
    let birth = match Date::new(year, month, day) {
        Some(d) if d > ctx.today => {
            let detail = Detail::FutureDate {
                date: d,
                marker: char::from(s[16]),
            };
            return Outcome::invalid(kind, Issue::error(Problem::Date, detail));
        }
        Some(d) => d,
        None => {
            let detail = Detail::NoSuchDate { year, month, day };
            return Outcome::invalid(kind, Issue::error(Problem::Date, detail));
        }
    };
    let Some(sex) = Sex::from_letter(s[10]) else {
        let detail = Detail::Sex {
            found: char::from(s[10]),
        };
        return Outcome::invalid(kind, Issue::error(Problem::Sex, detail));
    };
    let code = std::str::from_utf8(&s[11..13]).unwrap_or("");
    let Some((state_code, state_name)) = state(code) else {
        let detail = Detail::State {
            code: Canon::new(code),
            suggest: (code == "CX").then(|| Canon::new("DF")),
        };
        return Outcome::invalid(kind, Issue::error(Problem::State, detail));
    };
    let canonical = c.canon();
    let text = canonical.as_str();
    let expected = calc_check_digit(&text[..17]).unwrap_or('?');
    if char::from(s[17]) != expected {
        let detail = Detail::CheckDigit {
            expected: Canon::new(expected.encode_utf8(&mut [0; 4])),
            found: Canon::new(&text[17..]),
        };
        return Outcome::invalid(kind, Issue::error(Problem::CheckDigit, detail));
    }

    let mut status = Status::Valid;
    let mut issues = Vec::new();
    let word = &text[..4];
    if is_inconvenient(word) {
        status = Status::Invalid;
        let mut replacement = Canon::new(&word[..1]);
        replacement.push_str("X");
        replacement.push_str(&word[2..]);
        let detail = Detail::Word {
            word: Canon::new(word),
            replacement,
        };
        issues.push(Issue::new(
            Problem::InconvenientWord,
            Severity::Warning,
            detail,
        ));
    }
    if sex == Sex::NonBinary {
        issues.push(Issue::new(Problem::SexX, Severity::Warning, Detail::None));
    }
    if c.changed && status == Status::Valid {
        issues.push(
            Issue::new(Problem::Normalized, Severity::Info, Detail::Normalized).suggest(canonical),
        );
    }
    let parts = Parts::Curp(CurpParts {
        birth,
        sex,
        state: state_code,
        state_name,
    });
    Outcome {
        kind,
        status,
        canonical: (status == Status::Valid).then_some(canonical),
        issues,
        parts: Some(parts),
    }
}

/// True for a CURP written exactly in canonical form (18 upper-case
/// characters, nothing around them) that [`check`] finds valid with
/// nothing to say (no warning, no note): the value is then its own
/// canonical form, known without building an [`Outcome`]. The fast lane
/// for the clean cells that are most of a roster; false means "ask
/// [`check`]", not "invalid".
///
/// ```
/// use roster_check::ids::{curp, Date};
/// let today = Date::new(2026, 11, 23).unwrap();
/// assert!(curp::quick("HEGG560427MVZRRL04", today));
/// assert!(!curp::quick("hegg560427mvzrrl04", today)); // valid, normalised
/// ```
pub fn quick(value: &str, today: Date) -> bool {
    let Ok(s): Result<&[u8; 18], _> = value.as_bytes().try_into() else {
        return false;
    };
    let mut sum = 0u32;
    for (i, (&b, &class)) in s.iter().zip(LAYOUT_BITS.iter()).enumerate() {
        if BYTE_CLASSES[usize::from(b)] & class == 0 {
            return false;
        }
        sum += u32::from(CHECK_VALUES[usize::from(b)]) * (18 - i as u32);
    }
    // The loop summed the check digit itself too, with weight 1.
    sum -= u32::from(CHECK_VALUES[usize::from(s[17])]);
    if s[17] != check_digit_of(sum) {
        return false;
    }
    let (year, month, day) = birth_fields(s);
    let Some(birth) = Date::new(year, month, day) else {
        return false;
    };
    let sex = matches!(s[10], b'H' | b'M');
    birth <= today && sex && state(&value[11..13]).is_some() && !is_inconvenient(&value[..4])
}

/// The classes of `LAYOUT` as bits, and each byte's classes: a position
/// accepts a byte when they share a bit (only ASCII bytes have any).
const fn class_bit(class: CharClass) -> u8 {
    match class {
        CharClass::Digit => 1,
        CharClass::Letter => 2,
        CharClass::VowelOrX => 4,
        CharClass::ConsonantOrX => 8,
        CharClass::DigitOrLetter => 16,
    }
}

const LAYOUT_BITS: [u8; 18] = {
    let mut bits = [0u8; 18];
    let mut i = 0;
    while i < 18 {
        bits[i] = class_bit(LAYOUT[i]);
        i += 1;
    }
    bits
};

const BYTE_CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_digit() {
            t[b] = 1 | 16;
        } else if c.is_ascii_uppercase() {
            let vowel = matches!(c, b'A' | b'E' | b'I' | b'O' | b'U');
            t[b] = 2 | 16 | if vowel { 4 } else { 8 } | if c == b'X' { 4 } else { 0 };
        }
        b += 1;
    }
    t
};

/// Each ASCII character's value in the check digit sum (`calc_check_digit`).
const CHECK_VALUES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'N' => c - b'A' + 10,
            b'O'..=b'Z' => c - b'O' + 25,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// True when `value` is a valid CURP on `today`.
///
/// ```
/// use roster_check::ids::{curp, Date};
/// assert!(curp::is_valid("BEML920313HMCLNS09", Date::new(2026, 11, 23).unwrap()));
/// ```
pub fn is_valid(value: &str, today: Date) -> bool {
    check(value, &Context::new(today)).is_valid()
}

/// The form to show people: the compact form (a CURP has no grouping).
///
/// ```
/// assert_eq!(roster_check::ids::curp::format("hegg560427mvzrrl04"), "HEGG560427MVZRRL04");
/// ```
pub fn format(value: &str) -> String {
    compact(value)
}
