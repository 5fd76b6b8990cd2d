//! Stage 2, columns: whose social-security number a column holds. A
//! column taken for the NSS or the NUSS (by its header or by the shape of
//! its values) and the table around it go in; the field the evidence
//! points to comes out. Mexicans and Spaniards both head the column
//! "NSS", "Nº de Seguridad Social", "Nº afiliación": the values and the
//! other headers decide, once per table.

use crate::findings::Field;
use crate::ids::{Context, Date, Hint, IdKind, Status};
use crate::input::{Record, Stored};

use super::{header_key, ColumnMap, SAMPLE};

/// True for a header that names the country's number outright: the IMSS
/// (Mexico) or the NUSS/NAF (Spain). Such a column is never moved.
///
/// ```
/// use roster_check::columns::names_whose;
/// assert!(names_whose("No. IMSS") && names_whose("NUSS") && names_whose("NAF"));
/// assert!(!names_whose("Nº Seguridad Social") && !names_whose("N.S.S."));
/// ```
pub fn names_whose(header: &str) -> bool {
    let key = header_key(header);
    key.contains("imss") || key.contains("nuss") || key == "naf"
}

/// Headers only a Spanish roster has: DNI/NIE, the Spanish way of naming
/// surnames and classes, the province. (Birth dates say nothing: both
/// countries write them day first.)
const SPANISH: [&str; 22] = [
    "dni",
    "nie",
    "nif",
    "dninie",
    "dnienie",
    "nifnie",
    "dninif",
    "dnialumno",
    "dnidelalumno",
    "dniniepasaporte",
    "primerapellido",
    "segundoapellido",
    "apellidos",
    "apellidosnombre",
    "apellidosynombre",
    "provincia",
    "curso",
    "unidad",
    "grupoclase",
    "nia",
    "cial",
    "localidad",
];

/// Headers only a Mexican roster has.
const MEXICAN: [&str; 16] = [
    "curp",
    "clavecurp",
    "apellidopaterno",
    "apellidomaterno",
    "paterno",
    "materno",
    "appaterno",
    "apmaterno",
    "grado",
    "turno",
    "rfc",
    "entidad",
    "entidadfederativa",
    "colonia",
    "alcaldia",
    "cct",
];

/// How Spanish the table's other headers are, from -2 (Mexican) to 2:
/// at most two points either way, so that the values outweigh them
/// whenever a few of them speak.
fn context(headers: &[String], col: usize) -> i64 {
    let (mut es, mut mx) = (0i64, 0i64);
    for (i, h) in headers.iter().enumerate() {
        let key = header_key(h);
        if i == col || key.is_empty() {
            continue;
        }
        es += i64::from(SPANISH.contains(&key.as_str()));
        mx += i64::from(MEXICAN.contains(&key.as_str()));
    }
    es.min(2) - mx.min(2)
}

/// Of a column's sampled values, how many read as a NUSS only and how
/// many as an NSS only (a value that reads as both, or as neither, says
/// nothing). Twelve digits are a NUSS's shape, whatever their control
/// digits. A number cell lost its leading zeros, as the checks will
/// assume.
fn votes(rows: &[Record], col: usize) -> (i64, i64) {
    // No date decides between the two.
    let ctx = Context::new(Date::MIN);
    let (mut nuss, mut nss) = (0, 0);
    for rec in rows.iter().filter(|r| !r.is_blank()).take(SAMPLE) {
        let text = rec.get(col);
        let padded;
        let (value, hint) = match rec.stored(col) {
            Stored::Empty => continue,
            Stored::Number => (text, Hint::ZerosLost),
            Stored::PaddedNumber(width) => {
                padded = format!("{:0>w$}", text.trim(), w = usize::from(width));
                (padded.as_str(), Hint::None)
            }
            _ => (text, Hint::None),
        };
        let fits = |kind: IdKind| kind.check_with(value, &ctx, hint).status != Status::Invalid;
        let twelve = value.bytes().filter(u8::is_ascii_digit).count() == 12;
        match (twelve || fits(IdKind::Nuss), fits(IdKind::Nss)) {
            (true, false) => nuss += 1,
            (false, true) => nss += 1,
            _ => {}
        }
    }
    (nuss, nss)
}

/// Moves each NSS or NUSS column that `forced` does not pin, and whose
/// header does not name the country, to the field the evidence gives:
/// one point per sampled value that reads only one way, up to two for
/// the other headers; a tie keeps the field the column has.
pub(super) fn settle(
    map: &mut ColumnMap,
    data: &[Record],
    headers: &[String],
    forced: impl Fn(Field) -> bool,
) {
    let taken: Vec<(Field, usize)> = map
        .pairs()
        .iter()
        .copied()
        .filter(|(f, _)| matches!(*f, Field::NSS | Field::NUSS))
        .collect();
    for (field, col) in taken {
        if forced(field) || headers.get(col).is_some_and(|h| names_whose(h)) {
            continue;
        }
        let (nuss, nss) = votes(data, col);
        let score = nuss - nss + context(headers, col);
        let other = match field {
            Field::NSS if score > 0 => Field::NUSS,
            Field::NUSS if score < 0 => Field::NSS,
            _ => continue,
        };
        if map.get(other).is_none() && !forced(other) {
            map.set(other, col);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::detect_tests::rows_with as rows;
    use super::super::{detect, ColumnOverride};
    use super::*;

    /// Valid NUSS of provinces 01-09 (modern and legacy-rule bodies)
    /// without their leading zero, as a number cell keeps them.
    const LOST_ZERO: [&str; 6] = [
        "15072481204",
        "24887286057",
        "30906280633",
        "66631325276",
        "89596978487",
        "96390062380",
    ];

    fn spanish(header: &str, numbers: bool) -> Vec<Record> {
        let mut lines: Vec<Vec<&str>> = vec![vec!["Primer apellido", "Nombre", header, "Curso"]];
        for v in LOST_ZERO {
            lines.push(vec!["GARCÍA", "ANA", v, "1º ESO A"]);
        }
        let refs: Vec<&[&str]> = lines.iter().map(Vec::as_slice).collect();
        rows(&refs, numbers)
    }

    /// Issue 17: a Spanish NUSS column under a header Mexicans use too,
    /// its numbers short of their zero, was read as an NSS (and the roster
    /// then lacked a CURP).
    #[test]
    fn ambiguous_header_over_numbers_that_lost_a_zero_is_a_nuss() {
        for header in [
            "Nº Seguridad Social",
            "Número de la Seguridad Social",
            "Nº SS",
            "N.S.S.",
            "NSS",
            "Nº Afiliación SS",
            "No. de Seguridad Social",
        ] {
            for numbers in [true, false] {
                let l = detect(&spanish(header, numbers), &[]).unwrap();
                assert_eq!(
                    (l.map.get(Field::NUSS), l.map.get(Field::NSS)),
                    (Some(2), None),
                    "{header} {numbers}"
                );
                assert_eq!(l.map.required(), vec![Field::NUSS], "{header}");
            }
        }
    }

    #[test]
    fn mexican_nss_under_the_same_headers_stays_an_nss() {
        for header in [
            "NSS",
            "No. de Seguridad Social",
            "Nº Seguridad Social",
            "N.S.S.",
        ] {
            let r = rows(
                &[
                    &["CURP", "Apellido Paterno", header],
                    &["HEGG560427MVZRRL04", "HERNANDEZ", "28138801999"],
                    &["BEML920313HMCLNS09", "BELTRAN", "92919084431"],
                    &["PEGL890909MJCRMS08", "PEREZ", "4159912346"],
                ],
                true,
            );
            let l = detect(&r, &[]).unwrap();
            assert_eq!(
                (l.map.get(Field::NSS), l.map.get(Field::NUSS)),
                (Some(2), None),
                "{header}"
            );
        }
    }

    /// With no value to go by, the other headers decide; with none of
    /// them either, the header's own reading stands.
    #[test]
    fn empty_column_goes_by_the_other_headers() {
        let table = |others: [&'static str; 2]| {
            rows(
                &[
                    &[others[0], others[1], "Nº Seguridad Social"],
                    &["X", "Y", ""],
                ],
                false,
            )
        };
        let field = |others| {
            let l = detect(&table(others), &[]).unwrap();
            l.map
                .pairs()
                .iter()
                .find(|&&(_, c)| c == 2)
                .map(|&(f, _)| f)
        };
        assert_eq!(field(["DNI", "Primer apellido"]), Some(Field::NUSS));
        assert_eq!(field(["CURP", "Apellido Paterno"]), Some(Field::NSS));
        assert_eq!(field(["Nombre", "Grupo"]), Some(Field::NSS));
    }

    /// A header that names the country, and a column the user forced,
    /// stay what they say.
    #[test]
    fn imss_headers_and_forced_columns_are_never_moved() {
        let l = detect(&spanish("No. IMSS", true), &[]).unwrap();
        assert_eq!(l.map.get(Field::NSS), Some(2));
        let forced = [ColumnOverride {
            field: Field::NSS,
            header: "C".into(),
        }];
        let l = detect(&spanish("Nº Seguridad Social", true), &forced).unwrap();
        assert_eq!(l.map.get(Field::NSS), Some(2));
    }

    /// Issue 17: a NUSS roster was asked for a CURP (`row.missing_column`)
    /// as soon as some column read as an NSS.
    #[test]
    fn a_nuss_roster_never_needs_a_curp() {
        let mut map = ColumnMap::default();
        map.set(Field::NUSS, 0);
        assert_eq!(map.required(), vec![Field::NUSS]);
        map.set(Field::NSS, 1);
        assert_eq!(map.required(), vec![Field::NUSS]);
        map.set(Field::CURP, 2);
        assert_eq!(map.required(), vec![Field::CURP, Field::NSS]);
    }

    #[test]
    fn headerless_numbers_that_lost_a_zero_are_a_nuss() {
        let lines: Vec<[&str; 2]> = LOST_ZERO.iter().map(|v| ["ANA", *v]).collect();
        let refs: Vec<&[&str]> = lines.iter().map(|l| l.as_slice()).collect();
        let mut r = rows(&refs, true);
        // Every row is data: mark the first as a number too.
        r[0] = rows(&[&["x"], refs[0]], true).remove(1);
        r[0].row = 1;
        let l = detect(&r, &[]).unwrap();
        assert_eq!(l.header_index, None);
        assert_eq!(
            (l.map.get(Field::NUSS), l.map.get(Field::NSS)),
            (Some(1), None)
        );
    }
}
