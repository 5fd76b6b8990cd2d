//! The messages of findings, and what each finding code means.

use std::borrow::Cow;

use super::*;
use crate::findings::Code;

/// The message for one identifier finding.
pub fn id_message(
    lang: Lang,
    kind: IdKind,
    problem: Problem,
    detail: &Detail,
    suggestion: Option<&str>,
    value: &str,
) -> String {
    let name = id_name(kind);
    let fix = suggestion.unwrap_or("");
    match (problem, detail) {
        (_, Detail::Length { found: 0, .. }) => lang
            .pick(
                "Está vacío: no hay nada que revisar.",
                "It is empty: there is nothing to check.",
            )
            .to_string(),
        (_, Detail::Length { found, .. }) if kind == IdKind::Dni => {
            dni_length_message(lang, *found, value)
        }
        (_, Detail::BadChar { ch, position: 1, .. }) if kind == IdKind::Dni => {
            let c = capitalize(&show_char(lang, *ch));
            let hint = match ch {
                'K' | 'L' | 'M' => lang.pick(
                    " Los NIF que empiezan por K, L o M (menores sin DNI, españoles residentes fuera, extranjeros sin NIE) no son un DNI ni un NIE: pida el DNI o el NIE del alumno.",
                    " A NIF starting with K, L or M (minors without a DNI, Spaniards living abroad, foreigners without a NIE) is neither a DNI nor a NIE: ask for the student's DNI or NIE.",
                ),
                _ => char_hint(lang, kind, *ch, CharClass::Digit),
            };
            match lang {
                Lang::Es(_) => format!("{c} en la posición 1 no vale: un DNI empieza por un dígito y un NIE por X, Y o Z.{hint}"),
                Lang::En => format!("{c} at position 1 is not allowed: a DNI starts with a digit and a NIE with X, Y or Z.{hint}"),
            }
        }
        (_, Detail::Length { found, .. }) if kind == IdKind::Rfc => {
            let found = characters(lang, *found);
            match lang {
                Lang::Es(_) => format!(
                    "Tiene {found}; un RFC tiene 13 (el de una persona) o 12 (el de una empresa)."
                ),
                Lang::En => format!(
                    "It has {found}; an RFC has 13 (a person's) or 12 (a company's)."
                ),
            }
        }
        (_, Detail::Length { found, expected, zero_tried }) => {
            let unit = match (kind.descriptor().digits.is_some(), *found == 1) {
                (true, true) => lang.pick("dígito", "digit"),
                (true, false) => lang.pick("dígitos", "digits"),
                (false, true) => lang.pick("carácter", "character"),
                (false, false) => lang.pick("caracteres", "characters"),
            };
            let found = number(lang, *found as u64);
            let mut m = match lang {
                Lang::Es(_) => {
                    let un = if feminine(kind) { "una" } else { "un" };
                    format!("Tiene {found} {unit}; {un} {name} tiene {expected}.")
                }
                Lang::En => format!("It has {found} {unit}; a {name} has {expected}."),
            };
            if *zero_tried {
                m.push_str(lang.pick(
                    " Ni añadiendo un cero delante es válido: copie el número del documento original.",
                    " Adding a leading zero does not make it valid either: copy the number from the original document.",
                ));
            }
            m
        }
        (_, Detail::BadChar { ch, position, .. } | Detail::Foreign { ch, position })
            if suggestion.is_some() && crate::ids::is_invisible(*ch) =>
        {
            let c = show_char(lang, *ch);
            let valid = if feminine(kind) { "válida" } else { "válido" };
            match lang {
                Lang::Es(_) => format!("En la posición {position} hay un carácter que no se ve, {c}, llegado al copiar y pegar. Sin él es {fix}, {valid}: bórrelo."),
                Lang::En => format!("Position {position} holds a character that cannot be seen, {c}, left by copy and paste. Without it the value is {fix}, valid: delete it."),
            }
        }
        (_, Detail::BadChar { ch, position, .. } | Detail::Foreign { ch, position })
            if suggestion.is_some() && crate::ids::same_glyph(*ch).is_some() =>
        {
            let c = show_char(lang, *ch);
            let latin = crate::ids::same_glyph(*ch).unwrap_or(*ch);
            let valid = if feminine(kind) { "válida" } else { "válido" };
            match lang {
                Lang::Es(_) => format!("En la posición {position}, {c} se ve como «{latin}» pero es un carácter de otro alfabeto o de ancho completo. Con «{latin}» es {fix}, {valid}: vuelva a teclearlo."),
                Lang::En => format!("At position {position}, {c} looks like «{latin}» but is a character of another script or full width. With «{latin}» the value is {fix}, valid: type it again."),
            }
        }
        (_, Detail::BadChar { ch, position, expected }) => {
            let c = capitalize(&show_char(lang, *ch));
            let what = class_name(lang, *expected);
            let hint = char_hint(lang, kind, *ch, *expected);
            let mut m = match lang {
                Lang::Es(_) => format!("{c} en la posición {position} no vale: ahí va {what}.{hint}"),
                Lang::En => format!("{c} at position {position} is not allowed: {what} goes there.{hint}"),
            };
            if let Some(fix) = suggestion {
                let proof = match kind {
                    IdKind::Nuss => lang.pick(
                        "sus dígitos de control lo confirman",
                        "its control digits confirm it",
                    ),
                    IdKind::Dni => lang.pick(
                        "su letra de control lo confirma",
                        "its control letter confirms it",
                    ),
                    _ => lang.local(
                        "su dígito verificador lo confirma",
                        "su dígito de control lo confirma",
                        "its check digit confirms it",
                    ),
                };
                m.push_str(&match lang {
                    Lang::Es(_) => format!(" Con las letras y dígitos que se confunden cambiados es {fix}: {proof}."),
                    Lang::En => format!(" With the look-alike letters and digits changed it is {fix}: {proof}."),
                });
            }
            m
        }
        (_, Detail::Foreign { ch, position }) => {
            let c = capitalize(&show_char(lang, *ch));
            let id = match (lang, kind) {
                (Lang::Es(_), IdKind::Curp) => "una CURP",
                (Lang::Es(_), IdKind::Nss) => "un NSS",
                (Lang::Es(_), IdKind::Nuss) => "un NUSS",
                (Lang::Es(_), IdKind::Rfc) => "un RFC",
                (Lang::Es(_), IdKind::Dni) => "un DNI o NIE",
                (Lang::En, IdKind::Curp) => "a CURP",
                (Lang::En, IdKind::Nss) => "an NSS",
                (Lang::En, IdKind::Nuss) => "a NUSS",
                (Lang::En, IdKind::Rfc) => "an RFC",
                (Lang::En, IdKind::Dni) => "a DNI or NIE",
            };
            let hint = char_hint(lang, kind, *ch, CharClass::Letter);
            match lang {
                Lang::Es(_) => format!("{c} en la posición {position} no puede ir en {id}.{hint}"),
                Lang::En => format!("{c} at position {position} cannot be part of {id}.{hint}"),
            }
        }
        (_, Detail::CheckDigit { .. }) if kind == IdKind::Dni => check_letter_message(lang, value),
        (_, Detail::CheckDigit { .. }) => check_digit_message(lang, kind, suggestion),
        (_, Detail::NoSuchDate { year, month, day }) => match lang {
            Lang::Es(_) => format!("Las posiciones 5-10 no son una fecha real ({day:02}/{month:02}/{year})."),
            Lang::En => format!("Positions 5-10 are not a real date ({year}-{month:02}-{day:02})."),
        },
        (_, Detail::FutureDate { date, marker }) if suggestion.is_some() => match lang {
            Lang::Es(_) => format!(
                "La fecha de nacimiento ({}) es posterior a hoy: la posición 17 («{marker}») es una letra que se confunde con un dígito, y decide el siglo. Con el dígito es {fix}, válida y con la fecha de nacimiento de la fila.",
                day_month_year(date)
            ),
            Lang::En => format!(
                "The birth date ({date}) is after today: position 17 («{marker}») is a letter that looks like a digit, and it sets the century. With the digit it is {fix}, valid and with the row's birth date."
            ),
        },
        (_, Detail::FutureDate { date, marker }) => {
            let hint = if *marker == 'O' {
                lang.pick(" ¿La letra O en lugar de un cero?", " The letter O instead of a zero?")
            } else {
                lang.pick(" Compruebe el año (posiciones 5-6).", " Check the year (positions 5-6).")
            };
            match lang {
                Lang::Es(_) => format!(
                    "La fecha de nacimiento ({}) es posterior a hoy. La posición 17 («{marker}») decide el siglo: dígito hasta 1999, letra desde 2000.{hint}",
                    day_month_year(date)
                ),
                Lang::En => format!(
                    "The birth date ({date}) is after today. Position 17 («{marker}») decides the century: digit up to 1999, letter from 2000.{hint}"
                ),
            }
        }
        (_, Detail::Sex { found }) => match lang {
            Lang::Es(_) => format!("La posición 11 es «{found}»: debe ser H, M o X."),
            Lang::En => format!("Position 11 is «{found}»: it must be H, M or X."),
        },
        (_, Detail::State { code, suggest }) => {
            let mut m = match lang {
                Lang::Es(Region::Spain) => format!(
                    "«{code}» (posiciones 12-13) no es la clave de ningún estado de México."
                ),
                Lang::Es(_) => format!("«{code}» (posiciones 12-13) no es una clave de entidad federativa."),
                Lang::En => format!("«{code}» (positions 12-13) is not a state code."),
            };
            if let Some(s) = suggest {
                m.push_str(&match lang {
                    Lang::Es(_) => format!(" La Ciudad de México sigue siendo {s} en la CURP."),
                    Lang::En => format!(" Mexico City is still {s} in a CURP."),
                });
            }
            m
        }
        (_, Detail::Word { word, replacement }) => match lang {
            Lang::Es(_) => format!(
                "Las letras 1-4 forman «{word}», que RENAPO sustituye por «{replacement}»: así no puede estar emitida. Compruébela en el documento oficial."
            ),
            Lang::En => format!(
                "Letters 1-4 spell «{word}», which RENAPO replaces with «{replacement}»: it cannot have been issued like this. Check the official document."
            ),
        },
        (_, Detail::Province { code }) if matches!(code, 53 | 66) => match lang {
            Lang::Es(_) => format!(
                "El código de provincia {code:02} no es una provincia del INE, aunque aparece en números reales: compruébelo."
            ),
            Lang::En => format!(
                "Province code {code:02} is not an INE province, though it appears in real numbers: check it."
            ),
        },
        (_, Detail::Province { code }) => match lang {
            Lang::Es(_) => format!("El código de provincia {code:02} no existe (01-52)."),
            Lang::En => format!("Province code {code:02} does not exist (01-52)."),
        },
        (_, Detail::ZeroLost { digits, legacy, .. }) => {
            let mut m = match lang {
                Lang::Es(_) => format!(
                    "La hoja de cálculo borró el cero inicial ({digits} dígitos): el número es {fix}. Dé formato de texto a la columna."
                ),
                Lang::En => format!(
                    "The spreadsheet dropped the leading zero ({digits} digits): the number is {fix}. Format the column as text."
                ),
            };
            if let Some(old) = legacy {
                m.push_str(&match lang {
                    Lang::Es(_) => format!(
                        " Si fuera un número antiguo de 11 dígitos, sería {old}: compruébelo si el alumno tiene un número antiguo."
                    ),
                    Lang::En => format!(" Were it an old 11-digit number, it would be {old}: check if the student has an old number."),
                });
            }
            m
        }
        (_, Detail::Legacy) => match lang {
            Lang::Es(_) => format!("Número en el formato antiguo de 11 dígitos; con 12 dígitos es {fix}."),
            Lang::En => format!("Number in the old 11-digit form; with 12 digits it is {fix}."),
        },
        (_, Detail::TwoReadings { legacy, zero_lost }) => match lang {
            Lang::Es(_) => format!(
                "11 dígitos que valen de dos maneras: {legacy} (formato antiguo) o {zero_lost} (cero inicial perdido). Consulte el documento original."
            ),
            Lang::En => format!(
                "11 digits valid in two ways: {legacy} (old form) or {zero_lost} (lost leading zero). Check the original document."
            ),
        },
        (_, Detail::Normalized) => match lang {
            Lang::Es(_) if feminine(kind) => format!("Válida tras quitar espacios, guiones o barras o pasar a mayúsculas: {fix}."),
            Lang::Es(_) => format!("Válido tras quitar espacios, guiones o barras o pasar a mayúsculas: {fix}."),
            Lang::En => format!("Valid after removing spaces, dashes or slashes or fixing case: {fix}."),
        },
        (_, Detail::Years { registration, birth }) => match lang {
            Lang::Es(_) => format!(
                "El año de alta ({registration}) es anterior al de nacimiento ({birth}): compruebe el NSS."
            ),
            Lang::En => format!(
                "The registration year ({registration}) is before the birth year ({birth}): check the NSS."
            ),
        },
        (_, Detail::Scientific { restored }) => match lang {
            Lang::Es(_) => format!(
                "La hoja de cálculo guardó el número en notación científica ({value}), pero conservó todas sus cifras: es {restored}. Dé formato de texto a la columna para que no vuelva a pasar."
            ),
            Lang::En => format!(
                "The spreadsheet saved the number in scientific notation ({value}) but kept every digit: it is {restored}. Format the column as text so that it does not happen again."
            ),
        },
        (Problem::ScientificNotation, _) => match lang {
            Lang::Es(_) => format!(
                "La hoja de cálculo guardó el número en notación científica ({value}) y perdió dígitos. Vuelva a exportar la columna con formato de texto."
            ),
            Lang::En => format!(
                "The spreadsheet saved the number in scientific notation ({value}) and lost digits. Export the column again formatted as text."
            ),
        },
        (Problem::SexX, _) => lang
            .pick(
                "Sexo X (no binario): CURP válida, emitida por RENAPO desde 2023. Confirme que el trámite la acepta.",
                "Sex X (non-binary): a valid CURP, issued by RENAPO since 2023. Confirm the procedure accepts it.",
            )
            .to_string(),
        (p, _) => code_description(lang, Code::new(Field::Id(kind), Kind::Id(p))).to_string(),
    }
}

/// A date as Spanish writes it: 24/12/2088.
fn day_month_year(d: &crate::ids::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// A count of characters: "1 carácter", "12 caracteres".
fn characters(lang: Lang, n: usize) -> String {
    let word = match n {
        1 => lang.pick("carácter", "character"),
        _ => lang.pick("caracteres", "characters"),
    };
    format!("{} {word}", number(lang, n as u64))
}

/// A DNI/NIE of the wrong length: what it should hold, and the usual
/// causes (the letter left out, or a number below 10,000,000 written
/// without its leading zero).
fn dni_length_message(lang: Lang, found: usize, value: &str) -> String {
    let c = crate::ids::dni::compact(value);
    let digits = c.chars().filter(char::is_ascii_digit).count();
    let ends_in_letter = c.chars().last().is_some_and(|ch| ch.is_ascii_alphabetic());
    let shown = characters(lang, found);
    let mut m = match lang {
        Lang::Es(_) => format!(
            "Tiene {shown}; un DNI tiene 9 (8 cifras y una letra) y un NIE también (X, Y o Z, 7 cifras y una letra)."
        ),
        Lang::En => format!(
            "It has {shown}; a DNI has 9 (8 digits and a letter), and so has a NIE (X, Y or Z, 7 digits and a letter)."
        ),
    };
    if digits == c.chars().count() && (7..=8).contains(&digits) {
        m.push_str(lang.pick(
            " Falta la letra (una celda con formato de número no la guarda): cópiela del documento.",
            " The letter is missing (a cell formatted as a number does not keep it): copy it from the document.",
        ));
    } else if found == 8 && digits == 7 && ends_in_letter {
        m.push_str(lang.pick(
            " Si el número del documento tiene menos de 8 cifras, se escribe con ceros delante: compruébelo en el documento.",
            " If the document's number has fewer than 8 digits, it is written with leading zeros: check it against the document.",
        ));
    }
    m
}

/// A DNI/NIE letter that does not match its number. The letter the
/// number gives is never offered: the typo may be in any digit, and
/// that letter would make a valid-looking number of someone else.
fn check_letter_message(lang: Lang, value: &str) -> String {
    let name = value_name(IdKind::Dni, value);
    let source = match (lang, name) {
        (Lang::Es(_), "NIE") => "la tarjeta o el certificado de NIE del alumno",
        (Lang::Es(_), _) => "el documento de identidad del alumno",
        (Lang::En, "NIE") => "the student's foreigner card or NIE certificate",
        (Lang::En, _) => "the student's identity card",
    };
    match lang {
        Lang::Es(_) => format!(
            "La letra no cuadra con el número: alguna cifra o la letra está mal tecleada y no se puede saber cuál (no cambie solo la letra: daría el {name} de otra persona). Copie el {name} tal como figura en {source}."
        ),
        Lang::En => format!(
            "The letter does not match the number: a digit or the letter was mistyped and there is no telling which (do not change just the letter: that gives someone else's {name}). Copy the {name} as it appears on {source}."
        ),
    }
}

/// A check digit that does not match. The digit the rules compute is
/// never offered as the fix: the typo is usually elsewhere, and changing
/// the last character gives a valid-looking number that belongs to nobody.
fn check_digit_message(lang: Lang, kind: IdKind, suggestion: Option<&str>) -> String {
    let check_digit = lang.local(
        "El dígito verificador no cuadra",
        "El dígito de control no cuadra",
        "",
    );
    let (what, the, source) = match (lang, kind) {
        (Lang::Es(_), IdKind::Nuss) => (
            "Los dígitos de control no cuadran",
            "el NUSS",
            "el documento de afiliación o la tarjeta sanitaria",
        ),
        (Lang::Es(_), IdKind::Curp) => (
            check_digit,
            "la CURP",
            "la constancia de la CURP o el acta de nacimiento",
        ),
        (Lang::Es(_), IdKind::Nss) => (
            check_digit,
            "el NSS",
            "la constancia de vigencia o el documento del IMSS",
        ),
        (Lang::Es(_), IdKind::Rfc) => (check_digit, "el RFC", "la constancia de situación fiscal"),
        (Lang::En, IdKind::Nuss) => (
            "The control digits do not match",
            "the NUSS",
            "the affiliation document or health card",
        ),
        (Lang::En, IdKind::Curp) => (
            "The check digit does not match",
            "the CURP",
            "the CURP certificate or the birth certificate",
        ),
        (Lang::En, IdKind::Nss) => (
            "The check digit does not match",
            "the NSS",
            "the IMSS certificate",
        ),
        (Lang::En, IdKind::Rfc) => (
            "The check digit does not match",
            "the RFC",
            "the tax certificate",
        ),
        // A DNI/NIE's letter has its own message (`check_letter_message`).
        (Lang::Es(_), IdKind::Dni) => (
            "La letra no cuadra con el número",
            "el DNI o NIE",
            "el documento de identidad",
        ),
        (Lang::En, IdKind::Dni) => (
            "The letter does not match the number",
            "the DNI or NIE",
            "the identity document",
        ),
    };
    let share = decimal(lang, 1.5);
    let valid = if feminine(kind) { "válida" } else { "válido" };
    match (lang, suggestion) {
        // A warning: some RFCs the SAT issued carry such a character.
        (Lang::Es(_), None) if kind == IdKind::Rfc => format!(
            "{what}: puede ser un carácter mal tecleado, o uno de los RFC que el SAT emitió así (alrededor del {share} %). Compárelo con {source}; no cambie solo el último carácter."
        ),
        (Lang::En, None) if kind == IdKind::Rfc => format!(
            "{what}: a character may be mistyped, or it is one of the RFCs the SAT issued that way (about {share} %). Compare it with {source}; do not change just the last character."
        ),
        (Lang::Es(_), Some(fix)) => format!(
            "{what}: hay una letra en lugar de un dígito (o al revés) que se confunden a la vista. Con ella corregida es {fix}, {valid} y de acuerdo con la fecha de nacimiento de la fila."
        ),
        (Lang::En, Some(fix)) => format!(
            "{what}: a letter stands where a look-alike digit goes (or the reverse). Corrected, it is {fix}, valid and in agreement with the row's birth date."
        ),
        (Lang::Es(_), None) => format!(
            "{what}: algún carácter está mal tecleado y no se puede saber cuál (no cambie solo el último: daría un número de otra persona). Copie {the} {}.",
            of(source)
        ),
        (Lang::En, None) => format!(
            "{what}: some character was mistyped and there is no telling which (do not change just the last one: that gives someone else's number). Copy {the} from {source}."
        ),
    }
}

/// What a finding suggests writing instead: its corrected value, or, for
/// two identifiers in each other's columns, each column's with the name of
/// its identifier ("CURP: … · NSS: …").
pub fn suggestion(f: &Finding) -> Option<Cow<'_, str>> {
    match &f.note {
        Note::Swapped {
            first: (fa, _),
            second: (fb, _),
            fixed: (a, b),
        } => {
            let name = |field: Field| field.id_kind().map_or("", id_name);
            Some(Cow::Owned(format!(
                "{}: {a} · {}: {b}",
                name(*fa),
                name(*fb)
            )))
        }
        _ => f.suggestion.as_deref().map(Cow::Borrowed),
    }
}

/// Where a row is, for people: "alumnos.xlsx, hoja «1B», fila 4".
pub fn place(lang: Lang, p: &crate::findings::Place, sources: &[Source]) -> String {
    let Some(s) = sources.get(p.source) else {
        return p.row.to_string();
    };
    match (&s.sheet, lang) {
        (Some(sh), Lang::Es(_)) => format!("{}, hoja «{sh}», fila {}", s.file, p.row),
        (Some(sh), Lang::En) => format!("{}, sheet «{sh}», row {}", s.file, p.row),
        (None, Lang::Es(_)) => format!("{}, fila {}", s.file, p.row),
        (None, Lang::En) => format!("{}, row {}", s.file, p.row),
    }
}

/// The message of a finding; `sources` names the rows other findings
/// point at (duplicates).
pub fn message(lang: Lang, f: &Finding, sources: &[Source]) -> String {
    let value = f.value.as_deref().unwrap_or("");
    // Exhaustive over the notes: no finding reaches a user as debug text.
    match &f.note {
        Note::Id(detail) => match f.code.kind() {
            Kind::Id(p) => {
                let kind = f.field.id_kind().unwrap_or(IdKind::Curp);
                id_message(lang, kind, p, detail, f.suggestion.as_deref(), value)
            }
            _ => code_description(lang, f.code).to_string(),
        },
        Note::Missing { placeholder: None } => match lang {
            Lang::Es(_) => format!(
                "Falta {}: la celda está vacía.",
                field_with_article(lang, f.field)
            ),
            Lang::En => format!(
                "Missing {}: the cell is empty.",
                field_with_article(lang, f.field)
            ),
        },
        Note::Missing {
            placeholder: Some(p),
        } => match lang {
            Lang::Es(_) => format!(
                "Falta {}: la celda dice «{p}».",
                field_with_article(lang, f.field)
            ),
            Lang::En => format!(
                "Missing {}: the cell says «{p}».",
                field_with_article(lang, f.field)
            ),
        },
        Note::Uncalculated => match lang {
            Lang::Es(_) => format!(
                "Falta {}: la celda tiene una fórmula cuyo resultado nunca se guardó (el archivo lo escribió un programa, no Excel). Ábralo en Excel o LibreOffice y guárdelo: así se calcula.",
                field_with_article(lang, f.field)
            ),
            Lang::En => format!(
                "Missing {}: the cell holds a formula whose result was never stored (a program wrote the file, not Excel). Open it in Excel or LibreOffice and save it: that computes it.",
                field_with_article(lang, f.field)
            ),
        },
        Note::ErrorCell { error } => match lang {
            Lang::Es(_) => format!(
                "Falta {}: la celda tiene un error de fórmula ({error}). Corrija la fórmula o escriba el valor.",
                field_with_article(lang, f.field)
            ),
            Lang::En => format!(
                "Missing {}: the cell holds a formula error ({error}). Fix the formula or type the value.",
                field_with_article(lang, f.field)
            ),
        },
        Note::PaddedNumber { restored } => match lang {
            Lang::Es(_) => format!(
                "Guardado como número con formato de ceros: se lee {restored}, como lo muestra la hoja. Al exportar a CSV o copiar puede perder los ceros: mejor guárdelo como texto."
            ),
            Lang::En => format!(
                "Stored as a number with a zero-padding format: read as {restored}, as the sheet shows it. Exporting to CSV or copying may lose the zeros: better store it as text."
            ),
        },
        Note::UnclosedQuote { lines } => match lang {
            Lang::Es(_) => format!(
                "Una comilla («\"») abierta en esta fila no se cierra, y las {lines} líneas siguientes quedaron dentro de una sola celda: así las verían Excel y el sistema que reciba el archivo. roster-check las leyó como filas y las revisó; corrija la comilla en el archivo."
            ),
            Lang::En => format!(
                "A quote («\"») opened on this row is never closed, and the {lines} following lines ended up inside one cell: that is how Excel and the receiving system would read them. roster-check read them as rows and checked them; fix the quote in the file."
            ),
        },
        Note::TooLong { limit } => {
            let mib = limit >> 20;
            match lang {
                Lang::Es(_) => format!(
                    "La fila ocupa más de {mib} MiB, el límite de una fila: no se revisó. Seguramente el archivo no tiene saltos de línea, o una comilla («\"») nunca se cierra. Ábralo en su hoja de cálculo y guárdelo de nuevo como CSV."
                ),
                Lang::En => format!(
                    "The row is longer than {mib} MiB, the limit for a row: it was not checked. The file probably has no line breaks, or a quote («\"») is never closed. Open it in your spreadsheet and save it again as CSV."
                ),
            }
        }
        Note::DuplicateColumn { used, unread } => {
            let list = |v: &[(String, String)]| {
                v.iter()
                    .map(|(l, h)| format!("{l} («{h}»)"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let used = list(std::slice::from_ref(used));
            let unread_count = unread.len();
            let unread = list(unread);
            match lang {
                Lang::Es(_) if unread_count == 1 => format!(
                    "Hay más de una columna con este encabezado: se revisó la columna {used} y no la {unread}. Quite la que sobra, o elija otra con --col."
                ),
                Lang::Es(_) => format!(
                    "Hay más de una columna con este encabezado: se revisó la columna {used} y no las demás: {unread}. Quite las que sobran, o elija otra con --col."
                ),
                Lang::En => format!(
                    "More than one column has this header: column {used} was checked; not checked: {unread}. Remove the extra one, or pick another with --col."
                ),
            }
        }
        Note::Ragged { cells, .. } if *cells > 16_384 => {
            let (cells, most) = (number(lang, *cells as u64), number(lang, 16_384));
            match lang {
                Lang::Es(_) => format!(
                    "La fila tiene {cells} celdas, más de las {most} columnas que caben en Excel: solo se leyeron las primeras {most}. ¿Faltan saltos de línea en el archivo?"
                ),
                Lang::En => format!(
                    "The row has {cells} cells, more than the {most} columns Excel holds: only the first {most} were read. Are line breaks missing from the file?"
                ),
            }
        }
        Note::Ragged { cells, headers } if cells > headers => match lang {
            Lang::Es(_) => format!(
                "La fila tiene {cells} celdas y los encabezados {headers}: un separador dentro de un valor (una coma en un nombre) puede haber desplazado las columnas."
            ),
            Lang::En => format!(
                "The row has {cells} cells and the header {headers}: a delimiter inside a value (a comma in a name) may have shifted the columns."
            ),
        },
        Note::Ragged { cells, headers } => match lang {
            Lang::Es(_) => format!("La fila tiene {cells} celdas y los encabezados {headers}: la fila está incompleta."),
            Lang::En => format!("The row has {cells} cells and the header {headers}: the row is incomplete."),
        },
        Note::NameMismatch { curp, row, name } => {
            // "HERL-RTS" against "HERL-RZS": the CURP positions that differ.
            let positions: Vec<String> = curp
                .chars()
                .zip(row.chars())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| {
                    let pos = if i < 4 { i + 1 } else { i + 9 };
                    match lang {
                        Lang::Es(_) => format!("posición {pos}: la CURP tiene {a}, el nombre da {b}"),
                        Lang::En => format!("position {pos}: the CURP has {a}, the name gives {b}"),
                    }
                })
                .collect();
            let positions = positions.join("; ");
            match lang {
                Lang::Es(_) => format!(
                    "Las letras de la CURP ({curp}) no corresponden al nombre {} ({name} → {row}): {positions}. Compruebe la CURP y la ortografía del nombre.",
                    lang.local("del padrón", "del listado", "")
                ),
                Lang::En => format!(
                    "The CURP's letters ({curp}) do not match the roster's name ({name} → {row}): {positions}. Check the CURP and the spelling of the name."
                ),
            }
        }
        Note::BirthdateMismatch { curp, row } => {
            let roster = lang.local("el padrón", "el listado", "");
            let d = |x: &crate::ids::Date| format!("{:02}/{:02}/{}", x.day(), x.month(), x.year());
            match (lang, f.suggestion.as_deref()) {
                (Lang::Es(_), Some(fix)) => format!(
                    "La CURP indica nacimiento el {} y {roster} dice {}: la posición 17 tiene un cero donde va la letra O, o al revés (decide el siglo). Con ese carácter corregido es {fix}, válida y con la fecha {}.",
                    d(curp),
                    d(row),
                    of(roster)
                ),
                (Lang::En, Some(fix)) => format!(
                    "The CURP says born {curp} and the roster says {row}: position 17 holds a zero where the letter O goes, or the reverse (it sets the century). With it corrected it is {fix}, valid and with the roster's date."
                ),
                (Lang::Es(_), None) => format!(
                    "La CURP indica nacimiento el {} y {roster} dice {}. Compruebe cuál es la correcta.",
                    d(curp),
                    d(row)
                ),
                (Lang::En, None) => format!("The CURP says born {curp} and the roster says {row}. Check which is right."),
            }
        }
        Note::SexMismatch { curp, row } => {
            let word = |c: char| match (lang, c) {
                (Lang::Es(_), 'H') => "H (hombre)",
                (Lang::Es(_), 'M') => "M (mujer)",
                (Lang::En, 'H') => "H (male)",
                (Lang::En, 'M') => "M (female)",
                (Lang::Es(_), _) => "X (no binario)",
                (Lang::En, _) => "X (non-binary)",
            };
            match lang {
                Lang::Es(_) => format!(
                    "La CURP indica sexo {} y {} dice {}. Compruebe cuál es el correcto.",
                    word(*curp),
                    lang.local("el padrón", "el listado", ""),
                    word(*row)
                ),
                Lang::En => format!(
                    "The CURP says sex {} and the roster says {}. Check which is right.",
                    word(*curp),
                    word(*row)
                ),
            }
        }
        Note::BirthYearMismatch { nss, curp } => match lang {
            Lang::Es(_) => format!(
                "El NSS indica año de nacimiento {nss:02} (posiciones 5-6) y la CURP {curp}: o el NSS es de otra persona (¿del padre, la madre o un hermano?), o uno de los dos está mal tecleado. Compruebe ambos en sus documentos."
            ),
            Lang::En => format!(
                "The NSS says birth year {nss:02} (positions 5-6) and the CURP {curp}: either the NSS is someone else's (a parent's or a sibling's?), or one of the two was mistyped. Check both against their documents."
            ),
        },
        Note::Duplicate { others, total, who } => {
            let list: Vec<String> = others.iter().map(|p| place(lang, p, sources)).collect();
            let more = total.saturating_sub(1 + others.len());
            let mut where_ = list.join("; ");
            if more > 0 {
                let more = number(lang, more as u64);
                where_.push_str(&match lang {
                    Lang::Es(_) => format!(" y {more} más"),
                    Lang::En => format!(" and {more} more"),
                });
            }
            let the = field_with_article(lang, f.field);
            let advice = duplicate_advice(lang, f.field == Field::CURP, *who);
            let repeated = match f.field.id_kind() {
                Some(kind) if feminine(kind) => "Repetida",
                _ => "Repetido",
            };
            match lang {
                Lang::Es(_) => format!("{repeated}: {the} también está en {where_}. {advice}"),
                Lang::En => format!("Repeated: {the} is also on {where_}. {advice}"),
            }
        }
        Note::Skipped(why) => skipped_message(lang, *why).to_string(),
        Note::Swapped {
            first: (fa, va),
            second: (fb, vb),
            ..
        } => {
            let (a, b) = (field_with_article(lang, *fa), field_with_article(lang, *fb));
            let (na, nb) = (field_name(lang, *fa), field_name(lang, *fb));
            match lang {
                Lang::Es(_) => format!(
                    "{} y {b} están cada uno en la columna del otro: en la columna {na} está {b} ({va}) y en la columna {nb}, {a} ({vb}). Intercámbielos.",
                    capitalize(&a)
                ),
                Lang::En => format!(
                    "{} and {b} sit in each other's columns: the {na} column holds {b} ({va}) and the {nb} column {a} ({vb}). Swap them.",
                    capitalize(&a)
                ),
            }
        }
        Note::BlankRows { through } if *through > f.row => match lang {
            Lang::Es(_) => format!(
                "Filas {} a {through} en blanco entre alumnos: no se revisaron.",
                f.row
            ),
            Lang::En => format!(
                "Rows {} to {through} are blank between students: not checked.",
                f.row
            ),
        },
        Note::BlankRows { .. } => skipped_message(lang, crate::findings::Skip::Blank).to_string(),
        Note::MissingColumn { headers } => {
            let list = header_list(lang, headers);
            let name = field_name(lang, f.field);
            let the = field_with_article(lang, f.field);
            let field = f.field.as_str();
            let of_the = of(&the);
            let mut m = match lang {
                Lang::Es(_) => format!(
                    "No se encontró la columna {of_the} en esta hoja (encabezados: {list}). Si tiene otro nombre, indíquela con --col {field}=ENCABEZADO."
                ),
                Lang::En => format!(
                    "No {name} column was found in this sheet (headers: {list}). If it has another name, give it with --col {field}=HEADER."
                ),
            };
            if f.field == Field::NUSS {
                m.push_str(lang.pick(
                    " La Seguridad Social da de alta al alumno por su NUSS: el DNI o NIE no lo sustituye.",
                    " The Seguridad Social registers a student by their NUSS: the DNI or NIE does not replace it.",
                ));
            }
            m
        }
        Note::UnreadableDate => lang
            .pick(
                "No se pudo leer la fecha de nacimiento, así que no se comparó con la CURP. Escríbala como día/mes/año (por ejemplo 15/04/2009 o 15/ABR/2009).",
                "The birth date could not be read, so it was not compared with the CURP. Write it as day/month/year (for example 15/04/2009 or 15/APR/2009).",
            )
            .to_string(),
    }
}

/// What a duplicate means and what to do, by who holds it. A CURP is
/// made from the name and birth date, so one on two different people is
/// a copying mistake; a shared social-security number is most often a
/// parent's or a sibling's.
fn duplicate_advice(lang: Lang, curp: bool, who: crate::findings::Holders) -> &'static str {
    use crate::findings::Holders;
    match (who, curp) {
        (Holders::Same, true) => lang.pick(
            "Nada en las filas contradice la CURP (nombre, fecha de nacimiento, sexo): parece el mismo alumno anotado más de una vez. Deje una sola fila.",
            "Nothing on the rows contradicts the CURP (name, birth date, sex): it looks like the same student entered more than once. Keep one row.",
        ),
        (Holders::Same, false) => lang.pick(
            "Las filas tienen el mismo nombre y fecha de nacimiento: es el mismo alumno anotado más de una vez. Deje una sola fila.",
            "The rows have the same name and birth date: the same student entered more than once. Keep one row.",
        ),
        (Holders::Others, true) => lang.pick(
            "Las filas son de alumnos distintos (otro nombre o fecha de nacimiento): la CURP de alguno se copió por error. Compruebe cada una en su documento.",
            "The rows are different students (another name or birth date): one of them got the CURP by a copying mistake. Check each against its document.",
        ),
        (Holders::Others, false) => lang.pick(
            "Las filas son de alumnos distintos (otro nombre o fecha de nacimiento): cada alumno necesita el suyo; probablemente es el número del padre, la madre o un hermano. Pida el número propio del alumno.",
            "The rows are different students (another name or birth date): each student needs their own; it is probably a parent's or a sibling's number. Ask for the student's own number.",
        ),
        (Holders::Unknown, true) => lang.pick(
            "Si es el mismo alumno anotado dos veces, deje una sola fila; si son alumnos distintos, la CURP de alguno se copió por error.",
            "If it is the same student entered twice, keep one row; if they are different students, one of them got the CURP by a copying mistake.",
        ),
        (Holders::Unknown, false) => lang.pick(
            "Si es el mismo alumno anotado dos veces, deje una sola fila; si son alumnos distintos, cada uno necesita el suyo (a menudo es el número del padre o la madre).",
            "If it is the same student entered twice, keep one row; if they are different students, each needs their own (often it is a parent's number).",
        ),
    }
}

/// Why a row was not checked as a student's.
fn skipped_message(lang: Lang, why: crate::findings::Skip) -> &'static str {
    use crate::findings::Skip;
    match why {
        Skip::Blank => lang.pick(
            "Fila en blanco entre alumnos: no se revisó.",
            "Blank row between students: not checked.",
        ),
        Skip::Header => lang.pick(
            "Repite la fila de encabezados (como en un listado por páginas): no es un alumno y no se revisó.",
            "It repeats the header row (as a paginated listing does): not a student, not checked.",
        ),
        Skip::Title => lang.pick(
            "Repite el título de encima del listado (como en un listado por páginas): no es un alumno y no se revisó.",
            "It repeats the title above the list (as a paginated listing does): not a student, not checked.",
        ),
        Skip::Footer => lang.pick(
            "Línea de totales, firmas o número de página: no es un alumno y no se revisó.",
            "A totals, signature or page-number line: not a student, not checked.",
        ),
        Skip::Heading => lang.pick(
            "Título de sección dentro del listado (sin nombre ni identificadores): no se revisó como alumno.",
            "A section heading inside the list (no name, no identifiers): not checked as a student.",
        ),
        Skip::NoPerson => lang.pick(
            "Sin nombre, identificadores, fecha de nacimiento ni sexo: no se revisó como alumno. Si es un alumno, complete sus datos.",
            "No name, identifiers, birth date or sex: not checked as a student. If it is one, fill in their data.",
        ),
    }
}

/// What a finding code means, for the Resumen sheet and the terminal.
/// Every code has its own words: the match names every kind and problem.
pub fn code_description(lang: Lang, code: Code) -> &'static str {
    match code.kind() {
        // The NUSS has two control digits wherever it is read.
        Kind::Id(Problem::CheckDigit) if code.field() == Field::NUSS => lang.pick(
            "Los dígitos de control no cuadran",
            "Control digits do not match",
        ),
        Kind::Id(Problem::CheckDigit) => lang.local(
            "El dígito verificador no cuadra",
            "El dígito de control no cuadra",
            "Check digit does not match",
        ),
        Kind::Id(Problem::State) => lang.local(
            "Clave de entidad federativa inexistente",
            "Clave de estado mexicano inexistente",
            "Unknown state code",
        ),
        Kind::Duplicate if code.field() == Field::CURP => {
            lang.pick("Repetida en varias filas", "Repeated on several rows")
        }
        // An RFC's date is a person's birth or a company's incorporation.
        Kind::Id(Problem::Date) if code.field() == Field::RFC => {
            lang.pick("Fecha del RFC inexistente", "The RFC's date does not exist")
        }
        Kind::Id(Problem::Length) => lang.pick(
            "Número de caracteres incorrecto",
            "Wrong number of characters",
        ),
        Kind::Id(Problem::Format) => lang.pick(
            "Carácter no válido en su posición",
            "Character not allowed at its position",
        ),
        Kind::Id(Problem::CheckLetter) => lang.pick(
            "La letra no cuadra con el número",
            "Check letter does not match the number",
        ),
        Kind::Id(Problem::LeadingZeroLost) => lang.pick(
            "La hoja de cálculo borró el cero inicial",
            "Spreadsheet dropped the leading zero",
        ),
        Kind::Id(Problem::ScientificNotation) => lang.pick(
            "Guardado en notación científica (si faltan dígitos, es un error)",
            "Saved in scientific notation (an error when digits were lost)",
        ),
        Kind::Id(Problem::Normalized) => lang.pick(
            "Aceptado tras quitar separadores o corregir mayúsculas",
            "Accepted after removing separators or fixing case",
        ),
        Kind::Id(Problem::Date) => lang.pick(
            "Fecha de nacimiento imposible o futura",
            "Impossible or future birth date",
        ),
        Kind::Id(Problem::Sex) => lang.pick(
            "Posición 11 distinta de H, M o X",
            "Position 11 is not H, M or X",
        ),
        Kind::Id(Problem::SexX) => lang.pick("Sexo X (no binario)", "Sex X (non-binary)"),
        Kind::Id(Problem::InconvenientWord) => lang.pick(
            "Letras 1-4 forman una palabra que RENAPO sustituye",
            "Letters 1-4 spell a word RENAPO replaces",
        ),
        Kind::Id(Problem::Province) => lang.pick(
            "Código de provincia inexistente o inusual",
            "Unknown or unusual province code",
        ),
        Kind::Id(Problem::Ambiguous) => lang.pick(
            "11 dígitos con dos lecturas válidas",
            "11 digits with two valid readings",
        ),
        Kind::Id(Problem::LegacyForm) => {
            lang.pick("Formato antiguo de 11 dígitos", "Old 11-digit form")
        }
        Kind::Id(Problem::RegistrationBeforeBirth) => lang.pick(
            "Año de alta anterior al de nacimiento",
            "Registration year before birth year",
        ),
        Kind::Missing => lang.pick(
            "Falta el valor (celda vacía o «N/A», «PENDIENTE»…)",
            "Value missing (empty cell or N/A, PENDING…)",
        ),
        Kind::MissingColumn => lang.pick(
            "Falta una columna obligatoria",
            "A required column is missing",
        ),
        Kind::Ragged => lang.pick(
            "Fila con más o menos celdas que los encabezados",
            "Row with more or fewer cells than the header",
        ),
        Kind::Duplicate => lang.pick("Repetido en varias filas", "Repeated on several rows"),
        Kind::UnclosedQuote => lang.pick(
            "Comilla sin cerrar: se tragó las filas siguientes",
            "Unclosed quote: it swallowed the following rows",
        ),
        // (The cap is 1 MiB: `MAX_RECORD_BYTES_IS_1_MIB` below.)
        Kind::TooLong => lang.pick(
            "Fila de más de 1 MiB: no se revisó",
            "Row longer than 1 MiB: not checked",
        ),
        Kind::DuplicateColumn => lang.pick(
            "Dos columnas con el mismo encabezado",
            "Two columns with the same header",
        ),
        Kind::NameMismatch => lang.pick("No coincide con el nombre", "Does not match the name"),
        Kind::BirthdateMismatch => lang.pick(
            "No coincide con la fecha de nacimiento",
            "Does not match the birth date",
        ),
        Kind::SexMismatch => lang.pick("No coincide con el sexo", "Does not match the sex"),
        Kind::BirthYearMismatch => lang.pick(
            "Año de nacimiento distinto del de la CURP",
            "Birth year differs from the CURP's",
        ),
        Kind::Skipped => lang.pick(
            "Fila que no es un alumno (no se revisó)",
            "Row that is not a student (not checked)",
        ),
        Kind::Swapped => lang.pick(
            "Identificadores en la columna del otro",
            "Identifiers in each other's columns",
        ),
        Kind::Unreadable => lang.pick(
            "Fecha de nacimiento ilegible: no se comparó con la CURP",
            "Birth date unreadable: not compared with the CURP",
        ),
    }
}

/// The description of `row.too_long` names the cap.
const _MAX_RECORD_BYTES_IS_1_MIB: () = assert!(crate::input::MAX_RECORD_BYTES == 1 << 20);

/// Severity words for people.
pub fn severity_name(lang: Lang, s: crate::ids::Severity) -> &'static str {
    use crate::ids::Severity::*;
    match s {
        Error => "Error",
        Warning => lang.pick("Advertencia", "Warning"),
        Info => lang.pick("Aviso", "Note"),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Every finding the program can give, as (field, kind). The matches
    /// stop compiling when a kind or a problem is added, until it is
    /// listed here.
    pub(crate) fn every_code() -> Vec<Code> {
        let problems = [
            Problem::Length,
            Problem::Format,
            Problem::CheckDigit,
            Problem::CheckLetter,
            Problem::LeadingZeroLost,
            Problem::ScientificNotation,
            Problem::Normalized,
            Problem::Date,
            Problem::Sex,
            Problem::SexX,
            Problem::State,
            Problem::InconvenientWord,
            Problem::Province,
            Problem::Ambiguous,
            Problem::LegacyForm,
            Problem::RegistrationBeforeBirth,
        ];
        for p in problems {
            match p {
                Problem::Length
                | Problem::Format
                | Problem::CheckDigit
                | Problem::CheckLetter
                | Problem::LeadingZeroLost
                | Problem::ScientificNotation
                | Problem::Normalized
                | Problem::Date
                | Problem::Sex
                | Problem::SexX
                | Problem::State
                | Problem::InconvenientWord
                | Problem::Province
                | Problem::Ambiguous
                | Problem::LegacyForm
                | Problem::RegistrationBeforeBirth => {}
            }
        }
        let ids = IdKind::ALL.map(Field::Id);
        let mut codes = Vec::new();
        let kinds = problems.into_iter().map(Kind::Id).chain([
            Kind::Missing,
            Kind::MissingColumn,
            Kind::Ragged,
            Kind::Duplicate,
            Kind::UnclosedQuote,
            Kind::TooLong,
            Kind::DuplicateColumn,
            Kind::NameMismatch,
            Kind::BirthdateMismatch,
            Kind::SexMismatch,
            Kind::BirthYearMismatch,
            Kind::Skipped,
            Kind::Swapped,
            Kind::Unreadable,
        ]);
        for kind in kinds {
            let fields: &[Field] = match kind {
                // The CURP's own components.
                Kind::Id(
                    Problem::Sex | Problem::SexX | Problem::State | Problem::InconvenientWord,
                ) => &[Field::CURP],
                Kind::Id(_) | Kind::Missing | Kind::Duplicate | Kind::DuplicateColumn => &ids,
                Kind::MissingColumn => &ids,
                Kind::Ragged
                | Kind::UnclosedQuote
                | Kind::TooLong
                | Kind::Skipped
                | Kind::Swapped => &[Field::Row],
                Kind::NameMismatch | Kind::BirthdateMismatch | Kind::SexMismatch => &[Field::CURP],
                Kind::BirthYearMismatch => &[Field::NSS],
                Kind::Unreadable => &[Field::Nacimiento],
            };
            codes.extend(fields.iter().map(|&field| Code::new(field, kind)));
        }
        codes
    }

    /// Every code has its own description in both languages (the match
    /// in `code_description` has no fallback), none empty, and no two
    /// kinds share one.
    #[test]
    fn every_code_is_described_in_both_languages() {
        for lang in Lang::ALL {
            let mut seen = std::collections::BTreeMap::new();
            for code in every_code() {
                let d = code_description(lang, code);
                assert!(!d.is_empty(), "{} ({lang:?})", code.as_string());
                let kind = seen.entry(d).or_insert(code.kind());
                assert_eq!(*kind, code.kind(), "{d:?} describes two kinds");
            }
        }
    }
}
