//! The Mexican RFC end to end, on fixtures/office/docentes_rfc.* (made by
//! fixtures/office/make_rfc_fixtures.py): a roster with an RFC column and
//! no other identifier is checked row by row (it once passed with `bad` in
//! it), every `rfc` code on its row, a wrong check character a warning,
//! duplicates within a sheet and across files, and `roster-check id` on a
//! person's and a company's RFC.

use serde_json::Value;

use crate::*;

fn workbook() -> String {
    fixture("office/docentes_rfc.xlsx")
        .to_str()
        .unwrap()
        .to_string()
}

fn other_campus() -> String {
    fixture("office/docentes_rfc_b.csv")
        .to_str()
        .unwrap()
        .to_string()
}

/// What each row of sheet «Docentes» gives (row 13's RFC is repeated
/// only in the other file).
const DOCENTES_EXPECTED: [(u64, &str); 10] = [
    (4, "rfc.normalized"),
    (5, "rfc.check_digit"),
    (6, "rfc.length"),
    (7, "rfc.missing"),
    (8, "rfc.missing"),
    // The SAT's generic RFC for the general public.
    (9, "rfc.missing"),
    (10, "rfc.date"),
    (11, "rfc.duplicate"),
    (12, "rfc.duplicate"),
    (13, "rfc.duplicate"),
];

fn finding<'a>(json: &'a Value, sheet: Option<&str>, row: u64, code: &str) -> &'a Value {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["sheet"].as_str() == sheet && f["row"] == row && f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} on row {row}"))
}

#[test]
fn every_rfc_code_on_its_row() {
    let (code, json) = check_json(&[&workbook()]);
    assert_eq!(code, 1, "{json}");
    assert_schema(&json);
    assert_summary_consistent(&json);
    let mut got = row_codes(&json);
    got.retain(|(row, code)| !(*row == 13 && code == "rfc.duplicate"));
    let mut expected = pairs(&DOCENTES_EXPECTED);
    expected.retain(|(row, _)| *row != 13);
    assert_eq!(got, expected);
    // No CURP or NSS is asked of a roster that has only RFCs.
    assert!(!json.to_string().contains("missing_column"), "{json}");
    let s = &json["summary"];
    assert_eq!(
        (s["rows"].as_u64(), s["rows_with_warnings"].as_u64()),
        (Some(12), Some(1))
    );
}

#[test]
fn a_wrong_check_character_is_a_warning_that_names_no_character() {
    let (_, json) = check_json(&[&workbook()]);
    let f = finding(&json, Some("Docentes"), 5, "rfc.check_digit");
    assert_eq!(f["severity"], "warning");
    assert!(f["suggestion"].is_null(), "{f}");
    let m = f["message"].as_str().unwrap();
    assert!(
        // Mexico's Spanish (an RFC roster): a decimal point.
        m.contains("1.5 %") && m.contains("constancia de situación fiscal"),
        "{m}"
    );
    // Neither the right check character nor the value it would make.
    let right = roster_check::ids::rfc::calc_check_digit("MOHA900101T5").unwrap();
    assert_ne!(right, '1');
    assert!(!m.contains(&format!("MOHA900101T5{right}")), "{m}");
    // With only that warning the run passes unless warnings fail it.
    let only = tempfile::TempDir::new().unwrap();
    let csv = only.path().join("uno.csv");
    std::fs::write(&csv, "Nombre,RFC\nMORA HERRERA ALBERTO,MOHA900101T51\n").unwrap();
    let csv = csv.to_str().unwrap();
    assert_eq!(check_json(&[csv]).0, 0);
    assert_eq!(check_json(&["--fail-on", "warning", csv]).0, 1);
}

#[test]
fn an_rfc_on_two_rows_and_across_files_is_a_duplicate() {
    let (code, json) = check_json(&[&workbook(), &other_campus()]);
    assert_eq!(code, 1);
    let duplicates = places_of(&json, "rfc.duplicate");
    assert_eq!(
        duplicates,
        [
            (Some("Docentes"), 11, "RUVM850312AB4"),
            (Some("Docentes"), 12, "RUVM850312AB4"),
            (Some("Docentes"), 13, "SOPL790620K3A"),
            (None, 2, "SOPL790620K3A"),
        ]
    );
    let m = |sheet, row| {
        finding(&json, sheet, row, "rfc.duplicate")["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(m(Some("Docentes"), 11).contains("hoja «Docentes», fila 12"));
    assert!(m(Some("Docentes"), 13).contains("docentes_rfc_b.csv, fila 2"));
    assert!(m(None, 2).contains("docentes_rfc.xlsx, hoja «Docentes», fila 13"));
}

#[test]
fn the_report_has_an_rfc_correction_column() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("r.xlsx");
    let run = cmd()
        .args([&workbook(), "-o", out.to_str().unwrap(), "-q"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let sheets = calamine::open_workbook_auto(&out)
        .map(|b: calamine::Sheets<_>| b.sheet_names())
        .unwrap();
    let roster = sheets.iter().find(|s| s.starts_with("Padr")).unwrap();
    let rows = cells(&out, roster);
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let fix = header
        .iter()
        .position(|h| h.contains("RFC") && h.contains("Correcci"))
        .unwrap_or_else(|| panic!("{header:?}"));
    let corrected: Vec<String> = rows.iter().map(|r| text(&r[fix])).collect();
    assert!(
        corrected.contains(&"GUZR880415LM3".to_string()),
        "{corrected:?}"
    );
}

#[test]
fn id_explains_an_rfc_in_both_languages() {
    let (code, text) = id(&["MELI830528H72", "mab-930714-8t4", "XAXX010101000"]);
    assert_eq!(code, 1, "{text}");
    for says in [
        "MELI830528H72: RFC válido",
        "persona física, fecha de nacimiento 28/05/1983",
        "mab-930714-8t4: RFC válido",
        "persona moral, fecha de constitución 14/07/1993",
        "Aviso rfc.normalized",
        "RFC genérico del SAT",
    ] {
        assert!(text.contains(says), "{says:?} in {text}");
    }
    let (code, text) = id(&["--lang", "en", "MELI830528H72", "MAB9307148T4"]);
    assert_eq!(code, 0, "{text}");
    for says in [
        "MELI830528H72: valid RFC",
        "person, born 1983-05-28",
        "company, incorporated 1993-07-14",
    ] {
        assert!(text.contains(says), "{says:?} in {text}");
    }
    // A wrong check character is still read as an RFC, and not fixed.
    let (code, text) = id(&["MOHA900101T51"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("RFC NO válido") && text.contains("Advertencia rfc.check_digit"),
        "{text}"
    );
}
