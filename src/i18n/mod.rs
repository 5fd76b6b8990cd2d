//! Every user-facing string, in Spanish (default) and English, in one
//! place, a file for each audience: `findings` (the messages of findings
//! and what each code means), `report` (the workbook's labels),
//! `terminal` (the summary and phrases with numbers), `id` (what
//! `roster-check id` says), `usage` (why a job could not be done).
//! Stages hand over language-free facts; this draws the words.

use crate::findings::{Field, Finding, Kind, Note, Source};
use crate::ids::{CharClass, Detail, IdKind, Problem};

pub use crate::lang::Lang;

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
        (Lang::Es, Field::Id(kind)) if feminine(kind) => format!("la {name}"),
        (Lang::Es, Field::Nacimiento) => format!("la {name}"),
        (Lang::Es, Field::Id(_)) => format!("el {name}"),
        (Lang::Es, _) => format!("el {}", name.to_lowercase()),
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
        let more = named.len() - SHOWN;
        list.push(match lang {
            Lang::Es => format!("… y {more} más"),
            Lang::En => format!("… and {more} more"),
        });
    }
    list.join(", ")
}

/// A character shown so that invisible and look-alike ones can be told
/// apart: `«O»`, or `U+200B` for what cannot be seen.
fn show_char(lang: Lang, ch: char) -> String {
    if ch.is_ascii_graphic() {
        return format!("«{ch}»");
    }
    let name = match ch {
        '\0' => Some(lang.pick("carácter nulo", "null character")),
        '\u{ad}' => Some(lang.pick("guion invisible", "soft hyphen")),
        '\u{200b}' => Some(lang.pick("espacio invisible", "zero-width space")),
        '\u{200c}' | '\u{200d}' | '\u{2060}' => {
            Some(lang.pick("unión invisible", "zero-width joiner"))
        }
        '\u{200e}' | '\u{200f}' => Some(lang.pick("marca de dirección", "direction mark")),
        '\u{feff}' => Some(lang.pick("marca invisible BOM", "byte-order mark")),
        '\u{fffd}' => Some(lang.pick(
            "carácter ilegible: el archivo se guardó con otra codificación",
            "unreadable character: the file was saved in another encoding",
        )),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{:04X} ({name})", ch as u32),
        None if ch.is_control()
            || ch.is_whitespace()
            || !ch.is_alphanumeric() && !ch.is_ascii() =>
        {
            format!("U+{:04X}", ch as u32)
        }
        None => format!("«{ch}» (U+{:04X})", ch as u32),
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
