//! Every user-facing string, in Spanish (default) and English, in one
//! place, a file for each audience: `findings` (the messages of findings
//! and what each code means), `report` (the workbook's labels),
//! `terminal` (the summary and phrases with numbers), `id` (what
//! `roster-check id` says), `usage` (why a job could not be done).
//! Stages hand over language-free facts; this draws the words.

use crate::findings::{Field, Finding, Kind, Note, Source};
use crate::ids::{CharClass, Detail, IdKind, Problem};

pub use crate::lang::{Lang, Region};

/// The name of an identifier as people write it.
pub fn id_name(kind: IdKind) -> &'static str {
    match kind {
        IdKind::Curp => "CURP",
        IdKind::Nss => "NSS",
        IdKind::Nuss => "NUSS",
        IdKind::Rfc => "RFC",
        IdKind::Dni => "DNI/NIE",
    }
}

/// True for an identifier Spanish speaks of in the feminine ("la CURP",
/// "el NSS").
pub fn feminine(kind: IdKind) -> bool {
    match kind {
        IdKind::Curp => true,
        IdKind::Nss | IdKind::Nuss | IdKind::Rfc | IdKind::Dni => false,
    }
}

/// The name of one value of `kind`: a DNI/NIE value is a NIE when it
/// starts with X, Y or Z, else a DNI.
///
/// ```
/// use roster_check::{i18n::value_name, ids::IdKind};
/// assert_eq!(value_name(IdKind::Dni, " y-8998792-x"), "NIE");
/// assert_eq!(value_name(IdKind::Dni, "12345678Z"), "DNI");
/// assert_eq!(value_name(IdKind::Nuss, "281234567840"), "NUSS");
/// ```
pub fn value_name(kind: IdKind, value: &str) -> &'static str {
    let first = value
        .trim_start()
        .chars()
        .next()
        .map(|c| c.to_ascii_uppercase());
    match (kind, first) {
        (IdKind::Dni, Some('X' | 'Y' | 'Z')) => "NIE",
        (IdKind::Dni, _) => "DNI",
        _ => id_name(kind),
    }
}

/// A field's name with its Spanish article ("la CURP", "el NSS"); plain
/// in English ("the CURP").
pub fn field_with_article(lang: Lang, field: Field) -> String {
    let name = field_name(lang, field);
    match (lang, field) {
        (Lang::En, _) => format!("the {name}"),
        (Lang::Es(_), Field::Id(kind)) if feminine(kind) => format!("la {name}"),
        (Lang::Es(_), Field::Nacimiento) => format!("la {}", name.to_lowercase()),
        (Lang::Es(_), Field::Id(_)) => format!("el {name}"),
        (Lang::Es(_), _) => format!("el {}", name.to_lowercase()),
    }
}

/// A field's name for people.
pub fn field_name(lang: Lang, field: Field) -> &'static str {
    match field {
        Field::Id(kind) => id_name(kind),
        Field::Paterno => lang.pick("Primer apellido", "First surname"),
        Field::Materno => lang.pick("Segundo apellido", "Second surname"),
        Field::Nombre => lang.pick("Nombre", "Given name"),
        Field::NombreCompleto => lang.pick("Nombre completo", "Full name"),
        Field::Nacimiento => lang.pick("Fecha de nacimiento", "Birth date"),
        Field::Sexo => lang.pick("Sexo", "Sex"),
        Field::Row => lang.pick("Fila", "Row"),
    }
}

/// The non-blank headers of a row, quoted, for a message: at most 15,
/// each cut at 40 characters (a hostile file may have 16,384 of any
/// length).
fn header_list(lang: Lang, headers: &[String]) -> String {
    const SHOWN: usize = 15;
    const LONG: usize = 40;
    let named: Vec<&String> = headers.iter().filter(|h| !h.trim().is_empty()).collect();
    let mut list: Vec<String> = named
        .iter()
        .take(SHOWN)
        .map(|h| match h.char_indices().nth(LONG) {
            Some((cut, _)) => format!("«{}…»", &h[..cut]),
            None => format!("«{h}»"),
        })
        .collect();
    if named.len() > SHOWN {
        let more = number(lang, (named.len() - SHOWN) as u64);
        list.push(match lang {
            Lang::Es(_) => format!("… y {more} más"),
            Lang::En => format!("… and {more} more"),
        });
    }
    list.join(", ")
}

/// A character as a clerk can name it, never by its code point: «el
/// carácter» would not tell a letter O from a zero, nor name what
/// cannot be seen. Letters, digits and signs are shown between «», the
/// invisible and the unreadable are said in words.
fn show_char(lang: Lang, ch: char) -> String {
    let named = match ch {
        '\0' => Some(lang.pick("un carácter nulo", "a null character")),
        '\u{ad}' => Some(lang.pick("un guion invisible", "an invisible hyphen")),
        '\u{200b}' => Some(lang.pick("un espacio invisible", "an invisible space")),
        '\u{200c}' | '\u{200d}' | '\u{2060}' => Some(lang.pick(
            "un carácter invisible de unión",
            "an invisible joining character",
        )),
        '\u{200e}' | '\u{200f}' => Some(lang.pick(
            "una marca invisible de dirección del texto",
            "an invisible text-direction mark",
        )),
        '\u{feff}' => Some(lang.pick(
            "una marca invisible de comienzo de texto",
            "an invisible start-of-text mark",
        )),
        '\u{fffd}' => Some(lang.pick(
            "un carácter ilegible (el archivo se guardó con otra codificación)",
            "an unreadable character (the file was saved in another encoding)",
        )),
        '\u{a0}' | '\u{2007}' | '\u{202f}' => {
            Some(lang.pick("un espacio de no separación", "a non-breaking space"))
        }
        _ => None,
    };
    if let Some(name) = named {
        return name.to_string();
    }
    let invisible = matches!(ch,
        '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{fe00}'..='\u{fe0f}' | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}');
    let unseen = if invisible {
        Some(lang.pick("un carácter invisible", "an invisible character"))
    } else if ch.is_control() {
        Some(lang.pick("un carácter de control", "a control character"))
    } else if ch.is_whitespace() {
        Some(lang.pick("un espacio especial", "a special space"))
    } else {
        None
    };
    if let Some(words) = unseen {
        return words.to_string();
    }
    let (es, en) = if ch.is_alphabetic() {
        ("la letra", "the letter")
    } else if ch.is_ascii_digit() {
        ("el dígito", "the digit")
    } else if ch.is_numeric() {
        ("la cifra", "the numeral")
    } else {
        ("el signo", "the sign")
    };
    format!("{} «{ch}»", lang.pick(es, en))
}

/// `s` with its first letter in upper case.
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// «de» before a phrase with its article, contracted as Spanish writes
/// it: «de el NSS» is «del NSS».
fn of(the: &str) -> String {
    match the.strip_prefix("el ") {
        Some(rest) => format!("del {rest}"),
        None => format!("de {the}"),
    }
}

/// A count as the reader writes numbers: 1,000,000 in Mexico and in
/// English, 1.000.000 in Spain, where (CLDR's minimum grouping digits
/// for es-ES) a number of four digits is written without a point: 1000.
///
/// ```
/// use roster_check::i18n::{number, Lang};
/// assert_eq!(number(Lang::ES_MX, 1_234_567), "1,234,567");
/// assert_eq!(number(Lang::ES_ES, 1_234_567), "1.234.567");
/// assert_eq!(number(Lang::ES_ES, 1_234), "1234");
/// assert_eq!(number(Lang::En, 1_234), "1,234");
/// ```
pub fn number(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let (sep, least) = match lang {
        Lang::Es(Region::Spain) => ('.', 5),
        _ => (',', 4),
    };
    if digits.len() < least {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// A number with one decimal as the reader writes it: 1.5 in Mexico and
/// in English, 1,5 in Spain.
pub fn decimal(lang: Lang, x: f64) -> String {
    let text = format!("{x:.1}");
    match lang {
        Lang::Es(Region::Spain) => text.replace('.', ","),
        _ => text,
    }
}

fn class_name(lang: Lang, class: CharClass) -> &'static str {
    match class {
        CharClass::Digit => lang.pick("un dígito", "a digit"),
        CharClass::Letter => lang.pick("una letra", "a letter"),
        CharClass::VowelOrX => lang.pick("una vocal o X", "a vowel or X"),
        CharClass::ConsonantOrX => lang.pick("una consonante", "a consonant"),
        CharClass::DigitOrLetter => lang.pick("un dígito o una letra", "a digit or a letter"),
    }
}

/// A hint for the usual look-alike mistakes.
fn char_hint(lang: Lang, kind: IdKind, ch: char, class: CharClass) -> &'static str {
    match (ch, class) {
        ('O', CharClass::Digit) => lang.pick(
            " ¿La letra O en lugar del cero?",
            " The letter O instead of zero?",
        ),
        ('I' | 'L', CharClass::Digit) => {
            lang.pick(" ¿Una letra en lugar del 1?", " A letter instead of 1?")
        }
        ('0', _) => lang.pick(
            " ¿Un cero en lugar de la letra O?",
            " A zero instead of the letter O?",
        ),
        ('Ñ', _) if kind == IdKind::Curp => lang.pick(
            " En la CURP la Ñ se escribe X.",
            " In a CURP, Ñ is written X.",
        ),
        // Latin letters with an accent or a tilde (Latin-1 and Latin
        // Extended-A): typed as a name is, not from another script.
        (c, _) if c.is_alphabetic() && ('\u{c0}'..='\u{17f}').contains(&c) => lang.pick(
            " Un identificador no lleva tildes ni eñes.",
            " Identifiers carry no accents and no Ñ.",
        ),
        (c, _) if !c.is_ascii() && c.is_alphanumeric() => lang.pick(
            " Parece una letra o cifra de otro alfabeto: vuelva a teclearla.",
            " It looks like a letter or digit of another script: type it again.",
        ),
        (c, _) if !c.is_ascii() => lang.pick(
            " Es un carácter invisible o especial: bórrelo y vuelva a teclear el valor.",
            " It is an invisible or special character: delete it and type the value again.",
        ),
        _ => "",
    }
}

mod findings;
pub mod help;
mod id;
pub mod page;
pub mod report;
pub mod terminal;
mod usage;

pub use findings::{code_description, id_message, message, place, severity_name, suggestion};
pub use id::{parts_line, verdict};
/// The report's labels, by the name the callers use.
pub use report as label;
/// The terminal's phrases, by the name the callers use.
pub use terminal as say;
pub use usage::{input_error, usage_error};

#[cfg(test)]
mod tests;
