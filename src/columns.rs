//! Stage 2, columns: a header row goes in; a `ColumnMap` (which column
//! holds which field) comes out, once per table. Headers are compared
//! ignoring case, accents, spacing and punctuation.

use crate::findings::Field;
use crate::ids::names::fold;

/// Header aliases per field, as `header_key` writes them.
const ALIASES: [(Field, &[&str]); 10] = [
    (
        Field::Curp,
        &[
            "curp",
            "clavecurp",
            "curpalumno",
            "curpdelalumno",
            "curpestudiante",
            "clavunicaderegistrodepoblacion",
            "claveunicaderegistrodepoblacion",
        ],
    ),
    (
        Field::Nss,
        &[
            "nss",
            "nssimss",
            "imss",
            "noimss",
            "nimss",
            "numimss",
            "numeroimss",
            "numerodeimss",
            "nodeimss",
            "nodeseguridadsocial",
            "numerodeseguridadsocial",
            "numerodesegurosocial",
            "nodesegurosocial",
            "nosegurosocial",
            "numerosegurosocial",
            "numeroseguridadsocial",
            "noseguridadsocial",
            "nssdelalumno",
            "nssalumno",
            "imssnss",
        ],
    ),
    (
        Field::Nuss,
        &[
            "nuss",
            "naf",
            "noafiliacion",
            "nafiliacion",
            "nodeafiliacion",
            "numerodeafiliacion",
            "numeroafiliacion",
            "noafiliacionss",
            "nodeafiliacionss",
            "nafiliacionss",
            "numerodeafiliacionss",
            "numerodelaseguridadsocial",
            "nodelaseguridadsocial",
            "numseguridadsocial",
            "nussnaf",
            "nafnuss",
            "afiliacionss",
            "afiliacionseguridadsocial",
            "socialsecuritynumber",
            "ssn",
        ],
    ),
    (Field::Rfc, &["rfc", "registrofederaldecontribuyentes"]),
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
    (Field::Sexo, &["sexo", "genero", "sex", "gender"]),
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
/// assert_eq!(field_of_header("No. de Seguridad Social"), Some(Field::Nss));
/// assert_eq!(field_of_header("Número de la Seguridad Social"), Some(Field::Nuss));
/// assert_eq!(field_of_header("Observaciones"), None);
/// ```
pub fn field_of_header(header: &str) -> Option<Field> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    ALIASES
        .iter()
        .find(|(_, aliases)| aliases.contains(&key.as_str()))
        .map(|(f, _)| *f)
}

/// A column forced by the user: `--col FIELD=HEADER` (or a column letter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOverride {
    pub field: Field,
    pub header: String,
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
    /// then the first column whose header is an alias of each field.
    pub fn new(headers: &[String], overrides: &[ColumnOverride]) -> ColumnMap {
        let mut cols: Vec<(Field, usize)> = Vec::new();
        for o in overrides {
            let key = header_key(&o.header);
            let found = headers
                .iter()
                .position(|h| header_key(h) == key && !key.is_empty())
                .or_else(|| column_letter(o.header.trim()).filter(|&i| i < headers.len()));
            if let Some(i) = found {
                cols.retain(|(f, _)| *f != o.field);
                cols.push((o.field, i));
            }
        }
        for (i, h) in headers.iter().enumerate() {
            let Some(field) = field_of_header(h) else {
                continue;
            };
            let forced = overrides.iter().any(|o| o.field == field);
            let taken = cols.iter().any(|&(f, c)| f == field || c == i);
            if !forced && !taken {
                cols.push((field, i));
            }
        }
        cols.sort();
        ColumnMap { cols }
    }

    /// The column of a field.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.cols.iter().find(|(f, _)| *f == field).map(|&(_, c)| c)
    }

    /// Every (field, column) pair, in field order.
    pub fn pairs(&self) -> &[(Field, usize)] {
        &self.cols
    }

    /// True when the table holds at least one identifier column.
    pub fn has_identifier(&self) -> bool {
        self.cols.iter().any(|(f, _)| f.id_kind().is_some())
    }

    /// The identifier fields this roster must have: CURP and NSS together
    /// for a Mexican roster (IMSS enrolment needs both), NUSS for a
    /// Spanish one.
    pub fn required(&self) -> Vec<Field> {
        if self.get(Field::Curp).is_some() || self.get(Field::Nss).is_some() {
            vec![Field::Curp, Field::Nss]
        } else if self.get(Field::Nuss).is_some() {
            vec![Field::Nuss]
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
        assert_eq!(m.get(Field::Curp), Some(1));
        assert_eq!(m.get(Field::Nss), Some(2));
        assert_eq!(m.get(Field::Paterno), Some(3));
        assert_eq!(m.get(Field::Materno), Some(4));
        assert_eq!(m.get(Field::Nombre), Some(5));
        assert_eq!(m.get(Field::Nacimiento), Some(6));
        assert_eq!(m.get(Field::Sexo), Some(7));
        assert_eq!(m.required(), vec![Field::Curp, Field::Nss]);
    }

    #[test]
    fn overrides_by_header_or_letter() {
        let h = headers(&["Clave", "Número"]);
        let o = [
            ColumnOverride {
                field: Field::Curp,
                header: "clave".into(),
            },
            ColumnOverride {
                field: Field::Nss,
                header: "B".into(),
            },
        ];
        let m = ColumnMap::new(&h, &o);
        assert_eq!((m.get(Field::Curp), m.get(Field::Nss)), (Some(0), Some(1)));
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter("A"), Some(0));
        assert_eq!(column_letter("z"), Some(25));
        assert_eq!(column_letter("AB"), Some(27));
        assert_eq!(column_letter("A1"), None);
    }
}
