//! Issue 17: which column holds what. An explicit `--col` is never
//! ignored; a Spanish NUSS column under a header Mexicans use too is read
//! as a NUSS.

use tempfile::TempDir;

use crate::*;

/// Runs `check` writing a report into `dir`; (exit code, stderr, whether
/// the report exists).
fn check_with_report(dir: &TempDir, args: &[&str]) -> (i32, String, bool) {
    let report = dir.path().join("r.xlsx");
    let out = cmd()
        .args(["check", "--today", TODAY, "-q", "-o"])
        .arg(&report)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        report.exists(),
    )
}

#[test]
fn col_that_matches_no_column_is_a_usage_error_listing_the_headers() {
    let dir = TempDir::new().unwrap();
    let input = fixture("alumnos_mx.csv");
    let input = input.to_str().unwrap();
    let (code, err, written) = check_with_report(&dir, &["--col", "curp=Clave", input]);
    assert_eq!(code, 2, "{err}");
    assert!(!written, "no report for a run that read the wrong columns");
    for says in [
        "--col curp=«Clave»",
        "ningún encabezado ni letra de columna coincide",
        "alumnos_mx.csv (encabezados: «No.», «CURP», «NSS», «Apellido Paterno»",
    ] {
        assert!(err.contains(says), "{says:?} in {err}");
    }
    // A letter past the last column, in English.
    let (code, err, written) = check_with_report(&dir, &["--lang", "en", "--col", "nss=Z", input]);
    assert_eq!((code, written), (2, false), "{err}");
    assert!(
        err.contains("--col nss=«Z»: no header or column letter matches in")
            && err.contains("alumnos_mx.csv (headers: «No.», «CURP», «NSS»"),
        "{err}"
    );
}

#[test]
fn col_that_matches_no_column_names_the_sheet() {
    let dir = TempDir::new().unwrap();
    let input = fixture("alumnos_mx.xlsx");
    let (code, err, _) = check_with_report(&dir, &["--col", "nss=Número", input.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    // The Notas sheet holds no roster: only the Alumnos sheet is named.
    assert!(
        err.contains("alumnos_mx.xlsx, hoja «Alumnos» (encabezados: «No.», «CURP»"),
        "{err}"
    );
    assert!(!err.contains("Notas"), "{err}");
}

/// With several tables, a `--col` is an error only when it fits none:
/// where it fits no column the field is found by its header as usual.
#[test]
fn col_that_fits_one_table_of_several_is_used_there_only() {
    let dir = TempDir::new().unwrap();
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "Clave,NSS\nHEGG560427MVZRRL04,28138801998\n").unwrap();
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "CURP,NSS\nBEML920313HMCLNS09,28138801999\n").unwrap();
    let (code, json) = check_json(&[
        "--col",
        "curp=clave",
        odd.to_str().unwrap(),
        plain.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(json["inputs"][0]["columns"]["curp"], "Clave");
    assert_eq!(json["inputs"][1]["columns"]["curp"], "CURP");
    assert_eq!(own_codes(&json), pairs(&[(2, "nss.check_digit")]));
}

/// fixtures/office/alumnos_es_numeros.*: what each row must give (see
/// fixtures/office/README.md), the suggestion where there is one.
const ES_NUMBERS: [(u64, &str, Option<&str>); 12] = [
    (2, "nuss.leading_zero_lost", Some("015072481204")),
    (3, "nuss.leading_zero_lost", Some("089596978487")),
    // A legacy-rule body: the restored zero makes it valid.
    (4, "nuss.leading_zero_lost", Some("080092473358")),
    (5, "nuss.leading_zero_lost", Some("030906280633")),
    (8, "nuss.leading_zero_lost", Some("050434072059")),
    (9, "nuss.leading_zero_lost", Some("078415496174")),
    (10, "nuss.length", None),
    (11, "nuss.missing", None),
    (12, "nuss.scientific_notation", Some("463818706649")),
    (13, "nuss.scientific_notation", None),
    (14, "nuss.scientific_notation", Some("096390062380")),
    (14, "nuss.leading_zero_lost", Some("096390062380")),
];

fn codes_and_suggestions(json: &serde_json::Value) -> Vec<(u64, String, Option<String>)> {
    let suggestions = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["suggestion"].as_str().map(str::to_string));
    row_codes(json)
        .into_iter()
        .zip(suggestions)
        .map(|((row, code), s)| (row, code, s))
        .collect()
}

fn expected(rows: &[(u64, &str, Option<&str>)]) -> Vec<(u64, String, Option<String>)> {
    rows.iter()
        .map(|(r, c, s)| (*r, c.to_string(), s.map(str::to_string)))
        .collect()
}

/// Issue 17: a Spanish roster whose NUSS column is headed
/// "Nº Seguridad Social" and whose provinces 01-09 lost their zero as
/// numbers (11 digits, like an NSS) is read as a NUSS roster: every
/// number restored, the real faults found, no CURP asked for.
#[test]
fn spanish_numbers_under_an_ambiguous_header_are_nuss() {
    for name in ["alumnos_es_numeros.xlsx", "alumnos_es_numeros.ods"] {
        let (code, json) = check_json(&[fixture(&format!("office/{name}")).to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        assert_schema(&json);
        let columns = &json["inputs"][0]["columns"];
        assert_eq!(columns["nuss"], "Nº Seguridad Social", "{name}");
        assert!(columns.get("nss").is_none() && columns.get("curp").is_none());
        assert_eq!(
            codes_and_suggestions(&json),
            expected(&ES_NUMBERS),
            "{name}"
        );
        let severity = |row: u64, code: &str| {
            json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["row"] == row && f["code"] == code)
                .map(|f| f["severity"].as_str().unwrap().to_string())
        };
        assert_eq!(
            severity(12, "nuss.scientific_notation").as_deref(),
            Some("warning")
        );
        assert_eq!(
            severity(13, "nuss.scientific_notation").as_deref(),
            Some("error")
        );
    }
}

/// The same roster exported to CSV: the numbers reach the text without
/// their zero. As text, 11 digits of province 01 also read as an old
/// 11-digit number of province 15: that one row is ambiguous.
#[test]
fn spanish_numbers_exported_to_csv_are_nuss_too() {
    let (code, json) = check_json(&[fixture("office/alumnos_es_numeros.csv").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(json["inputs"][0]["columns"]["nuss"], "Nº Seguridad Social");
    let mut want = expected(&ES_NUMBERS);
    want[0] = (2, "nuss.ambiguous".to_string(), None);
    assert_eq!(codes_and_suggestions(&json), want);
}

/// One rule for both paths: every value the column check restores is
/// what `roster-check id` calls a valid NUSS.
#[test]
fn restored_numbers_are_valid_to_id() {
    let restored: Vec<&str> = ES_NUMBERS.iter().filter_map(|(_, _, s)| *s).collect();
    let out = cmd()
        .args(["id", "--kind", "nuss"])
        .args(&restored)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        text.matches("NUSS válido").count(),
        restored.len(),
        "{text}"
    );
}
