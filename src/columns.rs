//! Stage 2, columns: a header row goes in; a `ColumnMap` (which column
//! holds which field) comes out, once per table. Headers are compared
//! ignoring case, accents, spacing and punctuation.

use crate::findings::Field;
use crate::ids::names::fold;
use crate::ids::IdKind;

mod whose;
pub use whose::names_whose;

/// Header aliases of the person fields, as `header_key` writes them (an
/// identifier's are in its entry of the identifier table).
const ALIASES: [(Field, &[&str]); 6] = [
    (
        Field::Paterno,
        &[
            "apellidopaterno",
            "paterno",
            "primerapellido",
            "apellido1",
            "1erapellido",
            "appaterno",
            "appat",
            "apellidop",
            "firstsurname",
            "surname1",
            "lastname",
        ],
    ),
    (
        Field::Materno,
        &[
            "apellidomaterno",
            "materno",
            "segundoapellido",
            "apellido2",
            "2doapellido",
            "apmaterno",
            "apmat",
            "apellidom",
            "secondsurname",
            "surname2",
        ],
    ),
    (
        Field::Nombre,
        &[
            "nombre",
            "nombres",
            "nombredepila",
            "givenname",
            "givennames",
            "firstname",
            "name",
        ],
    ),
    (
        Field::NombreCompleto,
        &[
            "nombrecompleto",
            "alumno",
            "alumnoa",
            "apellidosynombre",
            "apellidosnombre",
            "nombreyapellidos",
            "nombreapellidos",
            "nombrealumno",
            "nombredelalumno",
            "nombredelestudiante",
            "estudiante",
            "fullname",
            "studentname",
            "student",
        ],
    ),
    (
        Field::Nacimiento,
        &[
            "fechadenacimiento",
            "fechanacimiento",
            "fnac",
            "fechanac",
            "fecnac",
            "nacimiento",
            "fdenacimiento",
            "fechadenac",
            "birthdate",
            "dateofbirth",
            "dob",
        ],
    ),
    (
        Field::Sexo,
        &[
            "sexo",
            "genero",
            "sex",
            "gender",
            "sexohm",
            "sexomf",
            "sexohombremujer",
        ],
    ),
];

/// A header reduced to lower-case letters and digits, without accents:
/// "Nº de afiliación S.S." → "nodeafiliacionss", "C.U.R.P." → "curp".
///
/// ```
/// use roster_check::columns::header_key;
/// assert_eq!(header_key("Nº de afiliación S.S."), "nodeafiliacionss");
/// assert_eq!(header_key(" C.U.R.P. "), "curp");
/// assert_eq!(header_key("Nombre(s)"), "nombres");
/// ```
pub fn header_key(header: &str) -> String {
    fold(header)
        .chars()
        .filter_map(|c| match c {
            'º' | '°' => Some('o'),
            'Ñ' => Some('n'),
            c if c.is_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The field a header names, if any.
///
/// ```
/// use roster_check::{columns::field_of_header, findings::Field};
/// assert_eq!(field_of_header("No. de Seguridad Social"), Some(Field::NSS));
/// assert_eq!(field_of_header("Número de la Seguridad Social"), Some(Field::NUSS));
/// assert_eq!(field_of_header("Observaciones"), None);
/// ```
pub fn field_of_header(header: &str) -> Option<Field> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    let key = key.as_str();
    let id = IdKind::ALL
        .into_iter()
        .find(|k| k.descriptor().headers.contains(&key));
    id.map(Field::Id).or_else(|| {
        ALIASES
            .iter()
            .find(|(_, aliases)| aliases.contains(&key))
            .map(|(f, _)| *f)
    })
}

/// True for a header that names the DNI, NIE or NIF itself, rather than
/// a «Documento» that may hold anything.
///
/// ```
/// use roster_check::columns::names_dni;
/// assert!(names_dni("DNI/NIE") && names_dni("NIF") && names_dni("DNI/Pasaporte"));
/// assert!(!names_dni("Nº documento") && !names_dni("Documento de identidad"));
/// ```
pub fn names_dni(header: &str) -> bool {
    let key = header_key(header);
    ["dni", "nie", "nif"].iter().any(|k| key.contains(k)) || key == "ipf"
}

/// A column forced by the user: `--col FIELD=HEADER` (or a column letter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOverride {
    pub field: Field,
    pub header: String,
}

impl ColumnOverride {
    /// The column it names among `headers`: by header (compared as
    /// `header_key` does), else by column letter.
    ///
    /// ```
    /// use roster_check::{columns::ColumnOverride, findings::Field};
    /// let headers = ["Nombre".to_string(), "Clave CURP".to_string()];
    /// let by = |h: &str| ColumnOverride { field: Field::CURP, header: h.into() };
    /// assert_eq!(by("clave curp").find(&headers), Some(1));
    /// assert_eq!(by("B").find(&headers), Some(1));
    /// assert_eq!(by("C").find(&headers), None);
    /// ```
    pub fn find(&self, headers: &[String]) -> Option<usize> {
        let key = header_key(&self.header);
        headers
            .iter()
            .position(|h| header_key(h) == key && !key.is_empty())
            .or_else(|| column_letter(self.header.trim()).filter(|&i| i < headers.len()))
    }
}

/// Column index of a spreadsheet column letter ("A" → 0, "AB" → 27).
fn column_letter(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 3 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    s.chars()
        .try_fold(0usize, |acc, c| {
            Some(acc * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1))
        })
        .map(|n| n - 1)
}

/// Which column holds which field in one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    cols: Vec<(Field, usize)>,
}

impl ColumnMap {
    /// Maps `headers`: overrides first (by header, then by column letter),
    /// then the first column whose header is an alias of each field. A
    /// field whose override names no column here is found as usual (the
    /// option may be meant for another table; `unmatched_column` in the
    /// library says when it fits none).
    pub fn new(headers: &[String], overrides: &[ColumnOverride]) -> ColumnMap {
        let mut cols: Vec<(Field, usize)> = Vec::new();
        let mut forced = Vec::new();
        for o in overrides {
            if let Some(i) = o.find(headers) {
                cols.retain(|(f, _)| *f != o.field);
                cols.push((o.field, i));
                forced.push(o.field);
            }
        }
        for (i, h) in headers.iter().enumerate() {
            let Some(field) = field_of_header(h) else {
                continue;
            };
            let forced = forced.contains(&field);
            let taken = cols.iter().any(|&(f, c)| f == field || c == i);
            if !forced && !taken {
                cols.push((field, i));
            }
        }
        cols.sort();
        ColumnMap { cols }
    }

    /// Takes a field off its column.
    pub fn remove(&mut self, field: Field) {
        self.cols.retain(|&(f, _)| f != field);
    }

    /// Sets (or moves) a field to a column.
    pub fn set(&mut self, field: Field, col: usize) {
        self.cols.retain(|&(f, c)| f != field && c != col);
        self.cols.push((field, col));
        self.cols.sort();
    }

    /// The field of a column, if any.
    pub fn field_at(&self, col: usize) -> Option<Field> {
        self.cols.iter().find(|&&(_, c)| c == col).map(|&(f, _)| f)
    }

    /// The column of a field.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.cols.iter().find(|(f, _)| *f == field).map(|&(_, c)| c)
    }

    /// Every (field, column) pair, in field order.
    pub fn pairs(&self) -> &[(Field, usize)] {
        &self.cols
    }

    /// Columns left unread whose header names the same thing as the
    /// column taken for `field` (two «CURP» columns): the user must know
    /// which one was checked.
    pub fn unread_twins(&self, field: Field, headers: &[String]) -> Vec<usize> {
        let Some(col) = self.get(field) else {
            return Vec::new();
        };
        let Some(family) = headers.get(col).and_then(|h| field_of_header(h)) else {
            return Vec::new();
        };
        headers
            .iter()
            .enumerate()
            .filter(|&(i, h)| {
                i != col && self.field_at(i).is_none() && field_of_header(h) == Some(family)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// True when the table holds at least one identifier column.
    pub fn has_identifier(&self) -> bool {
        self.cols.iter().any(|(f, _)| f.id_kind().is_some())
    }

    /// The identifier fields this roster must have: CURP and NSS together
    /// for a Mexican roster (IMSS enrolment needs both), NUSS for a
    /// Spanish one. A NUSS or DNI/NIE column without a CURP makes a roster
    /// Spanish, whatever other column looks like an NSS: it needs no CURP.
    /// The Seguridad Social registers a student by the NUSS (the DNI/NIE
    /// only identifies the person), so a Spanish roster with a DNI/NIE
    /// column and no NUSS lacks the NUSS; one with a NUSS and no DNI/NIE
    /// lacks nothing.
    pub fn required(&self) -> Vec<Field> {
        let has = |f: Field| self.get(f).is_some();
        if (has(Field::NUSS) || has(Field::DNI)) && !has(Field::CURP) {
            vec![Field::NUSS]
        } else if has(Field::CURP) || has(Field::NSS) {
            vec![Field::CURP, Field::NSS]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_fields_by_alias_in_any_dress() {
        let h = headers(&[
            "No.",
            "C.U.R.P.",
            "No. IMSS",
            "Apellido Paterno",
            "Apellido Materno",
            "Nombre(s)",
            "F. Nac.",
            "Género",
        ]);
        let m = ColumnMap::new(&h, &[]);
        assert_eq!(m.get(Field::CURP), Some(1));
        assert_eq!(m.get(Field::NSS), Some(2));
        assert_eq!(m.get(Field::Paterno), Some(3));
        assert_eq!(m.get(Field::Materno), Some(4));
        assert_eq!(m.get(Field::Nombre), Some(5));
        assert_eq!(m.get(Field::Nacimiento), Some(6));
        assert_eq!(m.get(Field::Sexo), Some(7));
        assert_eq!(m.required(), vec![Field::CURP, Field::NSS]);
    }

    #[test]
    fn overrides_by_header_or_letter() {
        let h = headers(&["Clave", "Número"]);
        let o = [
            ColumnOverride {
                field: Field::CURP,
                header: "clave".into(),
            },
            ColumnOverride {
                field: Field::NSS,
                header: "B".into(),
            },
        ];
        let m = ColumnMap::new(&h, &o);
        assert_eq!((m.get(Field::CURP), m.get(Field::NSS)), (Some(0), Some(1)));
    }

    #[test]
    fn dni_headers_in_any_dress() {
        for h in [
            "DNI",
            "NIE",
            "DNI/NIE",
            "D.N.I.",
            "NIF",
            "NIF/NIE",
            "Documento",
            "Documento de identidad",
            "DNI/Pasaporte",
            "DNI / NIE / Pasaporte",
            "Nº documento",
            "Nº de documento",
            "DNI del alumno",
        ] {
            assert_eq!(field_of_header(h), Some(Field::DNI), "{h}");
        }
        // The Spanish context whose.rs reads stays: these also say Spain.
        assert_eq!(field_of_header("NIA"), None);
    }

    /// A Spanish roster with a DNI/NIE column needs a NUSS (what the
    /// Seguridad Social registers a student by), never a CURP; one with
    /// a NUSS needs no DNI/NIE.
    #[test]
    fn a_dni_roster_needs_a_nuss_not_a_curp() {
        let m = ColumnMap::new(&headers(&["Apellidos y nombre", "DNI/NIE"]), &[]);
        assert_eq!(m.get(Field::DNI), Some(1));
        assert_eq!(m.required(), vec![Field::NUSS]);
        let m = ColumnMap::new(&headers(&["DNI", "NUSS"]), &[]);
        assert_eq!(m.required(), vec![Field::NUSS]);
        let m = ColumnMap::new(&headers(&["NUSS"]), &[]);
        assert_eq!(m.required(), vec![Field::NUSS]);
        let m = ColumnMap::new(&headers(&["CURP", "NSS", "DNI"]), &[]);
        assert_eq!(m.required(), vec![Field::CURP, Field::NSS]);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter("A"), Some(0));
        assert_eq!(column_letter("z"), Some(25));
        assert_eq!(column_letter("AB"), Some(27));
        assert_eq!(column_letter("A1"), None);
    }
}

/// Where a table is inside its rows, and which column holds what.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Index (into the rows given to `detect`) of the header row; `None`
    /// when the table has no header row and columns were found by content.
    pub header_index: Option<usize>,
    /// Index of the first data row (rows above it are titles or headers).
    pub data_start: usize,
    /// The header of each column (column letters when there is no header).
    pub headers: Vec<String>,
    pub map: ColumnMap,
    /// Share of the sampled NUSS values written with 12 digits: a column
    /// that is mostly 12 digits makes an 11-digit value a lost zero rather
    /// than the legacy form.
    pub nuss_twelve_share: f64,
}

/// Rows searched for the header.
const HEADER_SCAN: usize = 30;
/// Data rows sampled to judge columns by content.
const SAMPLE: usize = 500;
/// Share of a column's non-empty values that must look like an identifier
/// for the content to decide.
const CONTENT_SHARE: f64 = 0.6;

/// What a value looks like, cheaply, without validating it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Curp,
    /// 10 or 11 digits (NSS, or NSS without its zero).
    Digits11,
    /// 12 digits, or digits grouped with slashes (NUSS).
    Digits12,
    /// 8 digits and a letter, or X/Y/Z, 7 digits and a letter (DNI/NIE).
    Dni,
    Other,
}

fn shape(value: &str) -> Shape {
    let v = value.trim();
    let slashes = v.contains('/');
    let compact: Vec<char> = v
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/' | '.'))
        .collect();
    let digits = compact.iter().all(char::is_ascii_digit);
    match compact.len() {
        18 if compact[..4].iter().all(char::is_ascii_alphabetic)
            && compact[4..10].iter().all(char::is_ascii_digit) =>
        {
            Shape::Curp
        }
        9 if (compact[0].is_ascii_digit()
            || matches!(compact[0], 'X' | 'Y' | 'Z' | 'x' | 'y' | 'z'))
            && compact[1..8].iter().all(char::is_ascii_digit)
            && compact[8].is_ascii_alphabetic() =>
        {
            Shape::Dni
        }
        10 | 11 if digits && slashes => Shape::Digits12,
        10 | 11 if digits => Shape::Digits11,
        12 if digits => Shape::Digits12,
        _ => Shape::Other,
    }
}

/// Counts of shapes in one column of the sample.
#[derive(Debug, Default, Clone, Copy)]
struct Census {
    filled: usize,
    curp: usize,
    d11: usize,
    d12: usize,
    dni: usize,
    /// Values of exactly 12 digits (after separators).
    twelve: usize,
}

impl Census {
    fn share(&self, n: usize) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            n as f64 / self.filled as f64
        }
    }

    /// The identifier the content says, when it says one clearly.
    fn field(&self) -> Option<Field> {
        if self.share(self.curp) >= CONTENT_SHARE {
            Some(Field::CURP)
        } else if self.share(self.dni) >= CONTENT_SHARE {
            Some(Field::DNI)
        } else if self.share(self.d11 + self.d12) >= CONTENT_SHARE {
            Some(if self.d12 > self.d11 {
                Field::NUSS
            } else {
                Field::NSS
            })
        } else {
            None
        }
    }
}

fn census(rows: &[crate::input::Record], width: usize) -> Vec<Census> {
    let mut out = vec![Census::default(); width];
    for rec in rows.iter().filter(|r| !r.is_blank()).take(SAMPLE) {
        for (c, slot) in out.iter_mut().enumerate() {
            let v = rec.get(c);
            if v.trim().is_empty() {
                continue;
            }
            slot.filled += 1;
            if v.chars().filter(char::is_ascii_digit).count() == 12 {
                slot.twelve += 1;
            }
            match shape(v) {
                Shape::Curp => slot.curp += 1,
                Shape::Digits11 => slot.d11 += 1,
                Shape::Digits12 => slot.d12 += 1,
                Shape::Dni => slot.dni += 1,
                Shape::Other => {}
            }
        }
    }
    out
}

/// Spreadsheet column letters: 0 → "A", 27 → "AB".
pub fn letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// No row names the fields: find the identifier columns by content, and
/// take as header the nearest non-blank row above the first value shaped
/// like an identifier (its names were just not recognised); with no such
/// row the table has no header and its columns are named by letter.
type Found = (Option<usize>, usize, Vec<String>, ColumnMap);

fn headerless(rows: &[crate::input::Record], overrides: &[ColumnOverride]) -> Option<Found> {
    let width = rows.iter().take(SAMPLE).map(|r| r.len()).max().unwrap_or(0);
    let counts = census(rows, width);
    let id_cols: Vec<usize> = (0..width)
        .filter(|&c| counts[c].field().is_some())
        .collect();
    let first_data = rows
        .iter()
        .take(SAMPLE)
        .position(|r| id_cols.iter().any(|&c| shape(r.get(c)) != Shape::Other))?;
    let header_index = rows[..first_data]
        .iter()
        .rposition(|r| !r.is_blank())
        .filter(|&i| i < HEADER_SCAN);
    let headers: Vec<String> = (0..width)
        .map(|c| match header_index.map(|i| rows[i].get(c).trim()) {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => letters(c),
        })
        .collect();
    let map = ColumnMap::new(&headers, overrides);
    Some((header_index, first_data, headers, map))
}

/// How strongly a row reads as the header: identifier fields count most.
fn header_score(map: &ColumnMap) -> usize {
    map.pairs()
        .iter()
        .map(|(f, _)| if f.id_kind().is_some() { 3 } else { 1 })
        .sum()
}

/// Finds the table in the first rows of a sheet: the header row is the
/// one among the first 30 whose cells best match the field aliases; then
/// the data below it settles what headers leave open (an unclear header,
/// NSS against NUSS). With no header row at all, columns are found by
/// content alone. `None` when nothing looks like a roster.
pub fn detect(rows: &[crate::input::Record], overrides: &[ColumnOverride]) -> Option<Layout> {
    let mut best: Option<(usize, usize, ColumnMap)> = None;
    for (i, rec) in rows.iter().enumerate().take(HEADER_SCAN) {
        if rec.is_blank() {
            continue;
        }
        let headers: Vec<String> = rec.iter().map(str::to_string).collect();
        let map = ColumnMap::new(&headers, overrides);
        let score = header_score(&map);
        if score >= 2 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, i, map));
        }
    }
    let (header_index, data_start, headers, mut map) = match best {
        Some((_, i, map)) => (
            Some(i),
            i + 1,
            rows[i].iter().map(str::to_string).collect::<Vec<_>>(),
            map,
        ),
        None => headerless(rows, overrides)?,
    };
    let data = &rows[data_start..];
    let width = data
        .iter()
        .take(SAMPLE)
        .map(|r| r.len())
        .max()
        .unwrap_or(0)
        .max(headers.len());
    let counts = census(data, width);
    let forced = |f: Field| {
        overrides
            .iter()
            .any(|o| o.field == f && o.find(&headers).is_some())
    };
    for (col, c) in counts.iter().enumerate() {
        let Some(by_content) = c.field() else {
            continue;
        };
        match map.field_at(col) {
            None if map.get(by_content).is_none() && !forced(by_content) => {
                map.set(by_content, col)
            }
            _ => {}
        }
    }
    // A column headed only «Documento» holds a DNI/NIE when its values
    // say so; otherwise (a Mexican roster's documents, passports) it is
    // not checked as one.
    if let Some(col) = map.get(Field::DNI) {
        let generic = headers.get(col).is_some_and(|h| !names_dni(h));
        let values = counts.get(col).copied().unwrap_or_default();
        if generic && !forced(Field::DNI) && values.share(values.dni) < CONTENT_SHARE {
            map.remove(Field::DNI);
        }
    }
    // "NSS" is also what Spaniards call their number, and numbers that
    // lost a zero look like an NSS: the values and the table say whose.
    whose::settle(&mut map, data, &headers, forced);
    if !map.has_identifier() {
        return None;
    }
    let nuss_twelve_share = map.get(Field::NUSS).map_or(0.0, |c| {
        let k = counts.get(c).copied().unwrap_or_default();
        k.share(k.twelve)
    });
    Some(Layout {
        header_index,
        data_start,
        headers,
        map,
        nuss_twelve_share,
    })
}

#[cfg(test)]
mod detect_tests {
    use super::*;
    use crate::input::{Record, Stored};

    fn rows(lines: &[&[&str]]) -> Vec<Record> {
        rows_with(lines, false)
    }

    /// Rows of cells; with `numbers`, every all-digit cell below the first
    /// row is a number cell, as a spreadsheet stores a typed number.
    pub(super) fn rows_with(lines: &[&[&str]], numbers: bool) -> Vec<Record> {
        lines
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                let mut r = Record::default();
                r.row = i as u64 + 1;
                for c in *cells {
                    let digits = !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit());
                    let stored = match c.is_empty() {
                        true => Stored::Empty,
                        false if numbers && digits && i > 0 => Stored::Number,
                        false => Stored::Text,
                    };
                    r.push(c, stored);
                }
                r
            })
            .collect()
    }

    #[test]
    fn header_below_a_title_and_blank_rows() {
        let r = rows(&[
            &["ESCUELA SECUNDARIA TÉCNICA 12", "", ""],
            &[],
            &["Relación de alumnos 2026-2027"],
            &["No.", "C.U.R.P.", "No. IMSS"],
            &["1", "HEGG560427MVZRRL04", "28138801999"],
        ]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!(l.header_index, Some(3));
        assert_eq!(
            (l.map.get(Field::CURP), l.map.get(Field::NSS)),
            (Some(1), Some(2))
        );
    }

    #[test]
    fn unclear_headers_are_settled_by_content() {
        let r = rows(&[
            &["Alumno", "Clave", "Número"],
            &["ANA", "HEGG560427MVZRRL04", "281234567840"],
            &["LUIS", "BEML920313HMCLNS09", "28/12345678/40"],
        ]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!(l.header_index, Some(0));
        assert_eq!(
            (l.map.get(Field::CURP), l.map.get(Field::NUSS)),
            (Some(1), Some(2))
        );
    }

    #[test]
    fn nss_header_over_spanish_numbers_is_a_nuss() {
        let r = rows(&[
            &["Nombre", "NSS"],
            &["ANA", "281234567840"],
            &["LUIS", "351234567825"],
        ]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!(
            (l.map.get(Field::NUSS), l.map.get(Field::NSS)),
            (Some(1), None)
        );
    }

    #[test]
    fn no_header_row_at_all() {
        let r = rows(&[
            &["HEGG560427MVZRRL04", "28138801999"],
            &["BEML920313HMCLNS09", "92919084431"],
        ]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!(l.header_index, None);
        assert_eq!(l.headers, vec!["A", "B"]);
        assert_eq!(
            (l.map.get(Field::CURP), l.map.get(Field::NSS)),
            (Some(0), Some(1))
        );
    }

    #[test]
    fn notes_are_not_a_roster() {
        let r = rows(&[&["Instrucciones"], &["Llene el padrón en la hoja Alumnos."]]);
        assert_eq!(detect(&r, &[]), None);
    }

    /// A column of 8 digits and a letter (or X/Y/Z, 7 digits and a
    /// letter) under an unclear header is a DNI/NIE column; so is one
    /// with no header at all.
    #[test]
    fn dni_column_found_by_its_values() {
        let r = rows(&[
            &["Alumno", "Identificación", "Número"],
            &["ANA", "12345678Z", "281234567840"],
            &["LUIS", "x-2482300w", "351234567825"],
            &["EVA", "54362315-K", "28/12345678/40"],
        ]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!(
            (l.map.get(Field::DNI), l.map.get(Field::NUSS)),
            (Some(1), Some(2))
        );
        assert_eq!(l.map.required(), vec![Field::NUSS]);
        let r = rows(&[&["ANA", "12345678Z"], &["LUIS", "Y8998792X"]]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!((l.header_index, l.map.get(Field::DNI)), (None, Some(1)));
    }

    /// «Documento» alone may hold anything: it is a DNI/NIE column when its
    /// values are, and not otherwise (a Mexican roster's documents).
    #[test]
    fn a_documento_column_is_a_dni_only_by_its_values() {
        let r = rows(&[
            &["CURP", "NSS", "Documento"],
            &["HEGG560427MVZRRL04", "28138801999", "ACTA DE NACIMIENTO"],
            &["BEML920313HMCLNS09", "92919084431", "PASAPORTE G12345678"],
        ]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!(l.map.get(Field::DNI), None);
        let r = rows(&[
            &["Primer apellido", "Nombre", "Nº documento"],
            &["GARCÍA", "ANA", "12345678Z"],
            &["PONS", "MARC", "X2482300W"],
            &["SOLER", "MARTA", "N/A"],
        ]);
        let l = detect(&r, &[]).unwrap();
        assert_eq!(l.map.get(Field::DNI), Some(2));
        // Named outright, it is taken whatever it holds.
        let r = rows(&[&["CURP", "DNI"], &["HEGG560427MVZRRL04", "ACTA"]]);
        assert_eq!(detect(&r, &[]).unwrap().map.get(Field::DNI), Some(1));
        // And a column the user forces stays.
        let r = rows(&[&["CURP", "Documento"], &["HEGG560427MVZRRL04", "ACTA"]]);
        let forced = [ColumnOverride {
            field: Field::DNI,
            header: "Documento".into(),
        }];
        assert_eq!(detect(&r, &forced).unwrap().map.get(Field::DNI), Some(1));
    }

    #[test]
    fn column_letters_round_trip() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(column_letter(&letters(700)), Some(700));
    }
}
