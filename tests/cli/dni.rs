//! The Spanish DNI/NIE end to end, on fixtures/office/alumnos_es_dni.*
//! (fixtures/office/README.md, section E): every `dni` code on its row, a
//! NUSS and a DNI/NIE in each other's columns, duplicates within a sheet
//! and across files, a sheet with a DNI and no NUSS, the report's
//! correction column, `--col dni=…`, and `roster-check id` on a DNI and a
//! NIE in both languages.

use calamine::Data;
use serde_json::Value;
use tempfile::TempDir;

use crate::*;

fn workbook() -> String {
    fixture("office/alumnos_es_dni.xlsx")
        .to_str()
        .unwrap()
        .to_string()
}

fn other_group() -> String {
    fixture("office/alumnos_es_dni_b.csv")
        .to_str()
        .unwrap()
        .to_string()
}

/// What each row of sheet «Alumnos» must give, alone (row 15's NIE is
/// repeated only in the other file).
const ALUMNOS_EXPECTED: [(u64, &str); 12] = [
    (4, "dni.normalized"),
    (5, "dni.normalized"),
    (6, "dni.check_letter"),
    // A DNI typed into a number cell: its letter is gone.
    (7, "dni.length"),
    (8, "dni.format"),
    (9, "dni.missing"),
    (10, "dni.missing"),
    // The dummy DNI of forms, 00000000T.
    (11, "dni.missing"),
    (12, "row.swapped"),
    (13, "dni.duplicate"),
    (14, "dni.duplicate"),
    // 01234567L without its zero.
    (16, "dni.length"),
];

fn in_sheet<'a>(json: &'a Value, sheet: &str) -> Vec<&'a Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["sheet"] == sheet)
        .collect()
}

/// The one finding of `code` on `row` of sheet «Alumnos».
fn finding<'a>(json: &'a Value, row: u64, code: &str) -> &'a Value {
    let found: Vec<&Value> = in_sheet(json, "Alumnos")
        .into_iter()
        .filter(|f| f["row"] == row && f["code"] == code)
        .collect();
    assert_eq!(found.len(), 1, "{code} on row {row}: {found:?}");
    found[0]
}

fn message(f: &Value) -> &str {
    f["message"].as_str().unwrap()
}

#[test]
fn every_dni_code_on_its_row() {
    let (code, json) = check_json(&[&workbook()]);
    assert_eq!(code, 1);
    assert_schema(&json);
    assert_summary_consistent(&json);
    assert_sorted(&json);
    let got: Vec<(u64, String)> = in_sheet(&json, "Alumnos")
        .iter()
        .map(|f| {
            (
                f["row"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, pairs(&ALUMNOS_EXPECTED));
    let input = &json["inputs"][0];
    assert_eq!(
        (&input["columns"]["dni"], &input["columns"]["nuss"]),
        (&Value::from("DNI/NIE"), &Value::from("NUSS"))
    );
    // Lower case and separators: a note, the canonical form suggested.
    for (row, canonical) in [(4, "12345678Z"), (5, "Y8998792X")] {
        let f = finding(&json, row, "dni.normalized");
        assert_eq!(f["severity"], "info");
        assert_eq!(f["suggestion"], canonical);
        assert_eq!(f["field"], "dni");
        assert_eq!(f["column"], "DNI/NIE");
    }
    // A wrong letter: an error with no suggestion, whose message says to
    // copy the DNI and never offers the letter its digits give (K).
    let f = finding(&json, 6, "dni.check_letter");
    assert_eq!(
        (&f["severity"], &f["suggestion"]),
        (&"error".into(), &Value::Null)
    );
    assert!(message(f).contains("Copie el DNI"), "{f}");
    assert!(!message(f).contains('K'), "{f}");
    for (row, code) in [
        (7, "dni.length"),
        (8, "dni.format"),
        (9, "dni.missing"),
        (10, "dni.missing"),
        (11, "dni.missing"),
        (16, "dni.length"),
    ] {
        let f = finding(&json, row, code);
        assert_eq!(
            (&f["severity"], &f["suggestion"]),
            (&"error".into(), &Value::Null)
        );
    }
    assert!(message(finding(&json, 7, "dni.length")).contains("Falta la letra"));
    assert!(message(finding(&json, 16, "dni.length")).contains("ceros delante"));
    assert!(message(finding(&json, 11, "dni.missing")).contains("«00000000T»"));
}

/// A Spanish sheet with a DNI column and no NUSS column is asked for the
/// NUSS (what the Seguridad Social registers a student by), never for a
/// CURP.
#[test]
fn a_sheet_with_a_dni_and_no_nuss_lacks_the_nuss_not_a_curp() {
    let (_, json) = check_json(&[&workbook()]);
    let solo = in_sheet(&json, "Solo DNI");
    let got: Vec<(u64, &str, &str)> = solo
        .iter()
        .map(|f| {
            (
                f["row"].as_u64().unwrap(),
                f["code"].as_str().unwrap(),
                f["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(1, "row.missing_column", "nuss")]);
    let m = message(solo[0]);
    assert!(
        m.contains("No se encontró la columna del NUSS") && m.contains("no lo sustituye"),
        "{m}"
    );
    assert_eq!(json["inputs"][1]["columns"]["dni"], "DNI");
}

#[test]
fn nuss_and_dni_in_each_others_columns_are_one_swap_warning() {
    let (_, json) = check_json(&[&workbook()]);
    let row12: Vec<&Value> = in_sheet(&json, "Alumnos")
        .into_iter()
        .filter(|f| f["row"] == 12)
        .collect();
    assert_eq!(row12.len(), 1, "{row12:?}");
    let f = row12[0];
    assert_eq!(
        (&f["code"], &f["severity"]),
        (&"row.swapped".into(), &"warning".into())
    );
    assert_eq!(f["suggestion"], "NUSS: 501122334432 · DNI/NIE: 23414538D");
    assert!(
        message(f).contains("en la columna NUSS está el DNI/NIE (23414538D)"),
        "{f}"
    );
    let (_, json) = check_json(&["--lang", "en", &workbook()]);
    let f = finding(&json, 12, "row.swapped");
    assert!(
        message(f).contains("the NUSS column holds the DNI/NIE (23414538D)"),
        "{f}"
    );
}

#[test]
fn a_dni_on_two_rows_and_across_files_is_a_duplicate() {
    let (code, json) = check_json(&[&workbook(), &other_group()]);
    assert_eq!(code, 1);
    assert_schema(&json);
    let duplicates = places_of(&json, "dni.duplicate");
    assert_eq!(
        duplicates,
        [
            (Some("Alumnos"), 13, "71234567W"),
            (Some("Alumnos"), 14, "71234567W"),
            (Some("Alumnos"), 15, "Z1234567R"),
            (None, 2, "Z1234567R"),
        ]
    );
    assert!(message(finding(&json, 13, "dni.duplicate")).contains("hoja «Alumnos», fila 14"));
    assert!(message(finding(&json, 15, "dni.duplicate")).contains("alumnos_es_dni_b.csv, fila 2"));
    let csv = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["sheet"].is_null() && f["code"] == "dni.duplicate")
        .unwrap();
    assert!(
        message(csv).contains("alumnos_es_dni.xlsx, hoja «Alumnos», fila 15"),
        "{csv}"
    );
}

#[test]
fn messages_in_english() {
    let (_, json) = check_json(&["--lang", "en", &workbook()]);
    let m = message(finding(&json, 6, "dni.check_letter"));
    assert!(
        m.contains("The letter does not match the number") && m.contains("Copy the DNI"),
        "{m}"
    );
    assert!(!m.contains('K'), "{m}");
    assert!(message(finding(&json, 7, "dni.length")).contains("The letter is missing"));
    assert!(message(finding(&json, 9, "dni.missing")).contains("Missing the DNI/NIE"));
    let solo = in_sheet(&json, "Solo DNI");
    assert!(
        message(solo[0]).contains("No NUSS column was found"),
        "{:?}",
        solo[0]
    );
}

#[test]
fn report_has_a_dni_correction_column_and_keeps_dnis_as_text() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("r.xlsx");
    cmd()
        .args(["check", "--today", TODAY, "-q", "--sheet", "Alumnos", "-o"])
        .arg(&out)
        .arg(workbook())
        .assert()
        .code(1);
    // A DNI/NIE roster: plain --lang es writes Spain's words (Listado).
    let rows = cells(&out, "Listado");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        &header[7..],
        [
            "DNI/NIE",
            "Curso",
            "Estado",
            "Observaciones",
            "Corrección NUSS",
            "Corrección DNI/NIE"
        ]
    );
    // Sheet row 4 is Padrón row 3 (0-based): the canonical form.
    assert_eq!(text(&rows[3][0]), "4");
    assert_eq!(text(&rows[3][12]), "12345678Z");
    assert_eq!(text(&rows[4][12]), "Y8998792X");
    // No letter is proposed for a wrong one.
    assert_eq!(text(&rows[5][12]), "");
    assert_eq!(text(&rows[5][9]), "Error");
    // The number cell's DNI written back as text.
    assert_eq!(rows[6][7], Data::String("27592354".into()));
    let summary = cells(&out, "Resumen");
    assert!(
        summary.iter().any(|r| r.len() > 1
            && text(&r[0]) == "dni.check_letter"
            && text(&r[1]) == "DNI/NIE: La letra no cuadra con el número"),
        "{summary:?}"
    );
    let duplicates = cells(&out, "Duplicados");
    assert!(
        duplicates
            .iter()
            .any(|r| text(&r[1]) == "DNI/NIE" && text(&r[2]) == "71234567W"),
        "{duplicates:?}"
    );
}

/// A column the content does not show as a DNI/NIE is checked as one when
/// `--col dni=` names it, by header or by letter.
#[test]
fn col_forces_a_dni_column() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("grupo.csv");
    std::fs::write(
        &input,
        "Alumno;NUSS;Clave\nANA;281234567840;12345678A\nLUIS;351234567825;pendiente\nEVA;281234577843;ver expediente\n",
    )
    .unwrap();
    let input = input.to_str().unwrap();
    let (_, json) = check_json(&[input]);
    assert_eq!(json["inputs"][0]["columns"]["dni"], Value::Null);
    assert!(row_codes(&json).is_empty(), "{json}");
    for col in ["dni=Clave", "dni=C"] {
        let (code, json) = check_json(&["--col", col, input]);
        assert_eq!(code, 1);
        assert_eq!(json["inputs"][0]["columns"]["dni"], "Clave");
        assert_eq!(
            row_codes(&json),
            pairs(&[
                (2, "dni.check_letter"),
                (3, "dni.missing"),
                (4, "dni.length")
            ]),
            "{col}"
        );
    }
}

#[test]
fn id_explains_a_dni_and_a_nie_in_both_languages() {
    let (code, text) = id(&["12345678Z", "X1234567L", "y-8998792-x"]);
    assert_eq!(code, 0, "{text}");
    for says in [
        "12345678Z: DNI válido",
        "DNI: número 12345678, letra Z",
        "X1234567L: NIE válido",
        "NIE: letra inicial X (cuenta como 0 para la letra final), número 1234567, letra L",
        "y-8998792-x: NIE válido",
        "Aviso dni.normalized",
        "Y8998792X",
    ] {
        assert!(text.contains(says), "{says:?} in {text}");
    }
    let (code, text) = id(&["--lang", "en", "12345678Z", "X1234567L"]);
    assert_eq!(code, 0, "{text}");
    for says in [
        "12345678Z: valid DNI",
        "DNI: number 12345678, letter Z",
        "X1234567L: valid NIE",
        "NIE: prefix X (counts as 0 for the final letter), number 1234567, letter L",
    ] {
        assert!(text.contains(says), "{says:?} in {text}");
    }
}

#[test]
fn id_on_a_wrong_letter_never_gives_the_letter() {
    // 12345678 gives Z; Y8998792 gives X.
    let (code, text) = id(&["12345678A"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("12345678A: DNI NO válido")
            && text.contains("Error dni.check_letter")
            && text.contains("Copie el DNI"),
        "{text}"
    );
    assert!(!text.contains('Z'), "{text}");
    let (code, text) = id(&["--lang", "en", "Y8998792A"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("Y8998792A: NOT valid NIE") && text.contains("Copy the NIE"),
        "{text}"
    );
    assert!(!text.contains('X'), "{text}");
    // Eight digits: the letter is missing.
    let (code, text) = id(&["--kind", "dni", "12345678"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("dni.length") && text.contains("Falta la letra"),
        "{text}"
    );
    let (_, text) = id(&["12345678"]);
    assert!(text.contains("dni.length"), "detected as a DNI: {text}");
}
