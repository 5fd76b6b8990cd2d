//! Rows that are not students: blank separators, the header repeated on
//! each page of a paginated export, page titles repeated with it, totals,
//! footers and signature lines, group headings and pre-numbered empty
//! template rows. Such rows are not checked: each is counted as skipped
//! and listed once as a `row.skipped` note saying why.
//!
//! A row that holds something shaped like an identifier (eight or more
//! characters without a space, five of them digits, in an identifier
//! column) is a student's:
//! that settles nearly every row of a roster at the cost of a look at its
//! identifier cells. Only the others are looked at closely.

use crate::columns::header_key;
use crate::input::{trim, Record};

pub use crate::findings::Skip;

/// What a table's rows are compared with, resolved once per table.
#[derive(Debug, Clone, Default)]
pub struct RowRules {
    /// Each header reduced by `header_key` (empty without a header row).
    header_keys: Vec<String>,
    /// The rows above the header, each reduced by `header_key` as one
    /// text.
    titles: Vec<String>,
    /// Identifier columns.
    ids: Vec<usize>,
    /// Name columns (surnames, given name, full name).
    names: Vec<usize>,
    /// Every column of a person's data: identifiers, names, birth date,
    /// sex.
    person: Vec<usize>,
}

/// Words (reduced by `header_key`) that begin a line that is not a
/// student: totals, signatures, page numbers, print notes.
const FOOTER_WORDS: [&str; 55] = [
    "total",
    "nototal",
    "numerototal",
    "ntotal",
    "continua",
    "sigue",
    "pasaala",
    "nodealumnos",
    "numdealumnos",
    "alumnosmatriculados",
    "matriculados",
    "cantidad",
    "lugaryfecha",
    "nombreyfirma",
    "ccp",
    "generadopor",
    "emitidoel",
    "impresoel",
    "subtotal",
    "suma",
    "elaboro",
    "elaborado",
    "elaboracion",
    "reviso",
    "revisado",
    "autorizo",
    "autorizado",
    "vobo",
    "vistobueno",
    "pagina",
    "pag",
    "hoja",
    "page",
    "fechadeimpresion",
    "fechadeemision",
    "fechadecorte",
    "impreso",
    "generado",
    "generadoel",
    "firma",
    "sello",
    "atentamente",
    "director",
    "directora",
    "subdirector",
    "secretario",
    "secretaria",
    "responsable",
    "findel",
    "findelreporte",
    "numerodealumnos",
    "alumnosinscritos",
    "printed",
    "signature",
    "preparedby",
];

/// Offices named on signature lines (reduced by `header_key`), wherever
/// they stand on the row: no student's name holds them.
const ROLE_WORDS: [&str; 9] = [
    "secretari",
    "director",
    "jefede",
    "jefade",
    "coordinador",
    "supervisor",
    "vobo",
    "nombreyfirma",
    "sellodel",
];

/// Titles that begin a signatory's name: abbreviations when written with
/// their dot ("Lic.", "Mtra.", "D.", "Fdo.:"), the others as words.
const TITLES_ABBREVIATED: [&str; 20] = [
    "lic", "licda", "licdo", "mtra", "mtro", "prof", "profr", "profra", "profa", "ing", "dr",
    "dra", "fdo", "d", "dna", "dña", "sr", "sra", "srta", "c",
];
const TITLES_WHOLE: [&str; 9] = [
    "licenciado",
    "licenciada",
    "maestra",
    "maestro",
    "profesor",
    "profesora",
    "doctora",
    "firmado",
    "atentamente",
];

/// True when `cell` begins with a title: "Lic. Juan Pérez", "Fdo.: La
/// Secretaria", "D./Dña. María López".
fn honorific(cell: &str) -> bool {
    let t = trim(cell);
    let end = t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len());
    let (word, rest) = t.split_at(end);
    let word = word.to_lowercase();
    let dotted = rest.starts_with('.') || rest.starts_with('/');
    (dotted && TITLES_ABBREVIATED.contains(&word.as_str()))
        || (TITLES_WHOLE.contains(&word.as_str()) && !rest.starts_with(|c: char| c.is_alphabetic()))
}

impl RowRules {
    /// The rules of a table: its headers (none for a table without a
    /// header row), the rows above its header, and its columns.
    pub fn new(
        headers: Option<&[String]>,
        titles: &[&Record],
        ids: Vec<usize>,
        names: Vec<usize>,
        others: &[usize],
    ) -> RowRules {
        let mut person: Vec<usize> = ids.iter().chain(&names).chain(others).copied().collect();
        person.sort_unstable();
        person.dedup();
        RowRules {
            header_keys: headers
                .unwrap_or_default()
                .iter()
                .map(|h| header_key(h))
                .collect(),
            titles: titles
                .iter()
                .map(|r| joined_key(r))
                .filter(|k| !k.is_empty())
                .collect(),
            ids,
            names,
            person,
        }
    }

    /// Why `rec` is not a student's row, or `None` when it is one. A
    /// blank row is `Skip::Blank` here; whether it is listed is the
    /// caller's to decide (blank rows at the end are not).
    pub fn classify(&self, rec: &Record, width: Option<usize>) -> Option<Skip> {
        // A student: something shaped like an identifier (no spaces, five
        // digits or more).
        let id_like = |c: usize| {
            let t = trim(rec.get(c)).as_bytes();
            t.len() >= 8
                && !t.contains(&b' ')
                && t.iter().filter(|b| b.is_ascii_digit()).count() >= 5
        };
        if self.ids.iter().any(|&c| id_like(c)) {
            return None;
        }
        let filled = |c: usize| !trim(rec.get(c)).is_empty();
        let width = width.unwrap_or(rec.len()).min(rec.len());
        let cells: Vec<usize> = (0..width).filter(|&c| filled(c)).collect();
        let Some(&first) = cells.first() else {
            return Some(Skip::Blank);
        };
        if self.repeats_header(rec, &cells) {
            return Some(Skip::Header);
        }
        let key = joined_key(rec);
        if self.titles.contains(&key) {
            return Some(Skip::Title);
        }
        let first_key = header_key(rec.get(first));
        let few = cells.len() <= 3.max(width / 2);
        // In an identifier's column, a footer is words ("Total: 420"), not
        // one token ("SUMA1" is a value to check).
        let first_text = trim(rec.get(first));
        let words = !self.ids.contains(&first)
            || first_text.contains(|c: char| c.is_whitespace() || c == ':')
            || (first_text.chars().count() >= 4 && first_text.chars().all(char::is_alphabetic));
        if few && words && FOOTER_WORDS.iter().any(|w| starts_with_word(&first_key, w)) {
            return Some(Skip::Footer);
        }
        // Signatures: a person's title ("Lic. Juan Pérez", "Fdo.: La
        // Secretaria") or an office's role anywhere on the row.
        let signed = cells.iter().any(|&c| honorific(rec.get(c)))
            || ROLE_WORDS.iter().any(|w| key.contains(w));
        if few && signed {
            return Some(Skip::Footer);
        }
        // A name holds no digits: a count in the name column ("Alumnos
        // del grupo: 32") is a footer.
        let counted = self
            .names
            .iter()
            .any(|&c| rec.get(c).contains(|ch: char| ch.is_ascii_digit()));
        if few && counted {
            return Some(Skip::Footer);
        }
        // One cell of words, with no name beside it: a heading.
        let heading = cells.len() == 1
            && !self.names.iter().any(|&c| filled(c))
            && super::placeholder(rec.get(first)).is_none()
            && trim(rec.get(first)).contains(char::is_whitespace)
            && rec.get(first).contains(char::is_alphabetic);
        let nobody = !self.person.is_empty() && !self.person.iter().any(|&c| filled(c));
        match (heading, nobody) {
            (true, _) if !self.names.is_empty() || nobody => Some(Skip::Heading),
            (_, true) => Some(Skip::NoPerson),
            _ => None,
        }
    }

    /// True when at least two of the row's cells, or its only one, say
    /// what the header above them says.
    fn repeats_header(&self, rec: &Record, cells: &[usize]) -> bool {
        let same = cells
            .iter()
            .filter(|&&c| {
                self.header_keys
                    .get(c)
                    .is_some_and(|h| !h.is_empty() && *h == header_key(rec.get(c)))
            })
            .count();
        same >= 2 || (same == 1 && cells.len() == 1)
    }
}

/// A row's cells reduced by `header_key`, one after the other.
fn joined_key(rec: &Record) -> String {
    rec.iter().map(header_key).collect()
}

/// True when `key` is `word`, or begins with it followed by a digit
/// ("pagina2de5") or, for words of four letters or more, by anything:
/// "total" begins "totaldealumnos", but "pag" must not begin "pagano".
fn starts_with_word(key: &str, word: &str) -> bool {
    match key.strip_prefix(word) {
        Some("") => true,
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => true,
        Some(_) => word.len() >= 4,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Stored;

    fn rec(cells: &[&str]) -> Record {
        let mut r = Record::default();
        for c in cells {
            r.push(c, Stored::Text);
        }
        r
    }

    /// No., CURP, NSS, Nombre, Fecha: a Mexican roster with a title.
    fn rules() -> RowRules {
        let headers: Vec<String> = ["No.", "CURP", "NSS", "Nombre", "Fecha de nacimiento"]
            .map(String::from)
            .to_vec();
        let title = rec(&["ESCUELA SECUNDARIA 12 - LISTA DE ALUMNOS"]);
        RowRules::new(Some(&headers), &[&title], vec![1, 2], vec![3], &[4])
    }

    #[test]
    fn students_are_students_even_with_faults() {
        let r = rules();
        let w = Some(5);
        for cells in [
            &[
                "1",
                "GALA080314MJCRPNA9",
                "04230812341",
                "ANA",
                "14/03/2008",
            ][..],
            &["2", "", "", "JOSÉ LUIS HERNÁNDEZ", ""],
            &["3", "SIN CURP", "PENDIENTE", "VALERIA", "30/06/2008"],
            &["4", "X", "", "", "30/06/2008"],
            &["", "GALA080314", "", "", ""],
            // A surname that begins like a footer word.
            &["5", "", "", "TOTALES RUIZ ANA", ""],
        ] {
            assert_eq!(r.classify(&rec(cells), w), None, "{cells:?}");
        }
    }

    #[test]
    fn rows_that_are_not_students() {
        let r = rules();
        let w = Some(5);
        for (cells, why) in [
            (&["", "", "", "", ""][..], Skip::Blank),
            (
                &["No.", "CURP", "NSS", "Nombre", "Fecha de nacimiento"],
                Skip::Header,
            ),
            (&["no", "c.u.r.p.", "N.S.S.", "", ""], Skip::Header),
            (&["Escuela Secundaria 12 — Lista de alumnos"], Skip::Title),
            (&["Total de alumnos: 420"], Skip::Footer),
            (&["", "", "", "TOTAL", "420"], Skip::Footer),
            (&["Página 2 de 5"], Skip::Footer),
            (&["Elaboró: Lic. Marta Ruiz"], Skip::Footer),
            (&["Vo. Bo. Director"], Skip::Footer),
            (&["", "", "", "Alumnos del grupo: 32", ""], Skip::Footer),
            (&["", "", "", "Nº de alumnos/as 25", ""], Skip::Footer),
            (
                &["", "", "", "Continúa en la siguiente página...", ""],
                Skip::Footer,
            ),
            (
                &["", "", "", "Lic. Juan Pérez Gómez", "Mtra. Rosa Díaz"],
                Skip::Footer,
            ),
            (&["", "", "", "Fdo.: La Secretaria", ""], Skip::Footer),
            (
                &["", "", "", "D./Dña. María López, Secretaria del centro", ""],
                Skip::Footer,
            ),
            (
                &[
                    "",
                    "",
                    "",
                    "El/La Secretario/a: D. Juan Pérez",
                    "Vº Bº El/La Director/a",
                ],
                Skip::Footer,
            ),
            (&["", "", "ATENTAMENTE", "", ""], Skip::Footer),
            (&["", "Elaboró", "", "Revisó", ""], Skip::Footer),
            (
                &["", "", "", "Nº total de alumnos/as: 1", "H: 0  M: 1"],
                Skip::Footer,
            ),
            (&["17", "", "", "", ""], Skip::NoPerson),
            (&["GRUPO 1° A", "", "", "", ""], Skip::Heading),
            (&["", "GRUPO 1° A", "", "", ""], Skip::Heading),
        ] {
            assert_eq!(r.classify(&rec(cells), w), Some(why), "{cells:?}");
        }
    }

    #[test]
    fn a_remark_past_the_person_columns_is_nobody() {
        let r = rules();
        let row = rec(&["", "", "", "", "", "Baja"]);
        assert_eq!(r.classify(&row, None), Some(Skip::NoPerson));
        // Past a workbook table's width, it is a blank row.
        assert_eq!(r.classify(&row, Some(5)), Some(Skip::Blank));
    }

    #[test]
    fn footer_words_are_whole() {
        assert!(starts_with_word("pagina2de5", "pagina"));
        assert!(starts_with_word("pag3", "pag"));
        assert!(!starts_with_word("pagano", "pag"));
        assert!(starts_with_word("totaldealumnos420", "total"));
    }
}
