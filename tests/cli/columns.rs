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
