//! `roster-check check` on the sample rosters: findings, reports, exit codes.

use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;
use tempfile::TempDir;

use crate::*;

#[test]
fn mexican_csv_gives_the_documented_findings() {
    let (code, json) = check_json(&[fixture("alumnos_mx.csv").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_schema(&json);
    assert_eq!(row_codes(&json), pairs(&MX_EXPECTED));
    assert_summary_consistent(&json);
    assert_sorted(&json);
    assert_eq!(json["inputs"][0]["columns"]["curp"], "CURP");
    assert_eq!(json["inputs"][0]["sheet"], Value::Null);
    assert_eq!(json["summary"]["rows"], 23);
    let f = &json["findings"][2];
    assert_eq!(f["suggestion"], "03230800785");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["column"], "NSS");
}

#[test]
fn spanish_semicolon_csv_gives_the_documented_findings() {
    let (code, json) = check_json(&[fixture("alumnos_es.csv").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_schema(&json);
    assert_eq!(row_codes(&json), pairs(&ES_EXPECTED));
    assert_summary_consistent(&json);
    assert_eq!(json["inputs"][0]["columns"]["nuss"], "Nº afiliación S.S.");
    let legacy = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "nuss.legacy_form")
        .unwrap();
    assert_eq!(legacy["suggestion"], "280345678991");
}

#[test]
fn workbook_gives_the_same_findings_as_csv_and_skips_notes() {
    let (_, csv) = check_json(&[fixture("alumnos_mx.csv").to_str().unwrap()]);
    let (code, book) = check_json(&[fixture("alumnos_mx.xlsx").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_schema(&book);
    // Same findings, plus what the workbook adds: the NSS of rows 2 and
    // 18 (04230812341, 04230855019) were typed as numbers and Excel
    // dropped their zeros.
    let mut expected = row_codes(&csv);
    expected.push((2, "nss.leading_zero_lost".to_string()));
    expected.push((18, "nss.leading_zero_lost".to_string()));
    expected.sort_by_key(|(r, _)| *r);
    assert_eq!(row_codes(&book), expected);
    assert_eq!(book["inputs"].as_array().unwrap().len(), 1);
    assert_eq!(book["inputs"][0]["sheet"], "Alumnos");
    assert_eq!(book["inputs"][0]["header_row"], 1);
    // The NSS typed as a number lost its zero; the text is the number.
    let lost = &book["findings"][3];
    assert_eq!(
        (lost["value"].as_str(), lost["code"].as_str()),
        (Some("3230800785"), Some("nss.leading_zero_lost"))
    );
}

#[test]
fn report_workbook_reads_back_in_both_languages() {
    let dir = TempDir::new().unwrap();
    let input = fixture("alumnos_mx.csv");
    for (lang, summary, findings) in [
        ("es", "Resumen", "Hallazgos"),
        ("en", "Summary", "Findings"),
    ] {
        let out = dir.path().join(format!("r-{lang}.xlsx"));
        let json = dir.path().join(format!("r-{lang}.json"));
        cmd()
            .args(["check", "--today", TODAY, "-q", "--lang", lang, "-o"])
            .arg(&out)
            .arg("--json")
            .arg(&json)
            .arg(&input)
            .assert()
            .code(1);
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        let wb = open_workbook_auto(&out).unwrap();
        assert_eq!(
            wb.sheet_names()[..2],
            [summary.to_string(), findings.to_string()]
        );
        let rows = cells(&out, findings);
        let n = json["findings"].as_array().unwrap().len();
        assert_eq!(rows.len(), n + 1, "one row per finding plus the header");
        // Identifiers are text, never numbers (no spreadsheet drops zeros).
        for (row, f) in rows[1..].iter().zip(json["findings"].as_array().unwrap()) {
            assert!(
                matches!(row[6], Data::String(_) | Data::Empty),
                "{:?}",
                row[6]
            );
            assert_eq!(text(&row[8]), f["code"].as_str().unwrap());
            assert_eq!(text(&row[9]), f["message"].as_str().unwrap());
        }
        let lost = rows
            .iter()
            .find(|r| text(&r[8]) == "nss.leading_zero_lost")
            .unwrap();
        assert_eq!(lost[6], Data::String("3230800785".into()));
        assert_eq!(lost[10], Data::String("03230800785".into()));
        // Resumen counts equal the findings.
        let summary_rows = cells(&out, summary);
        for (code, count) in json["summary"]["by_code"].as_object().unwrap() {
            let row = summary_rows.iter().find(|r| text(&r[0]) == *code).unwrap();
            assert_eq!(
                row[2],
                Data::Float(count.as_u64().unwrap() as f64),
                "{code}"
            );
        }
    }
}

#[test]
fn default_report_name_in_current_directory() {
    let dir = TempDir::new().unwrap();
    cmd()
        .current_dir(dir.path())
        .args(["--today", TODAY, "-q"])
        .arg(fixture("alumnos_es.csv"))
        .assert()
        .code(1);
    assert!(dir.path().join("alumnos_es-reporte.xlsx").is_file());
    cmd()
        .current_dir(dir.path())
        .args(["check", "--lang", "en", "-q"])
        .arg(fixture("alumnos_es.csv"))
        .assert()
        .code(1);
    assert!(dir.path().join("alumnos_es-report.xlsx").is_file());
}

#[test]
fn fail_on_sets_the_exit_code() {
    let es = fixture("alumnos_es.csv");
    let es = es.to_str().unwrap();
    assert_eq!(check_json(&["--fail-on", "never", es]).0, 0);
    assert_eq!(check_json(&["--fail-on", "warning", es]).0, 1);
    // A roster with one warning and no error.
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("w.csv");
    std::fs::write(&f, "CURP,NSS\nCUOA080716XJCRRLA0,04230812341\n").unwrap();
    let f = f.to_str().unwrap();
    assert_eq!(check_json(&[f]).0, 0);
    assert_eq!(check_json(&["--fail-on", "warning", f]).0, 1);
}

#[test]
fn unreadable_input_exits_2_after_checking_the_others() {
    let (code, json) = check_json(&[
        "/no/such/roster.csv",
        fixture("alumnos_es.csv").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_schema(&json);
    assert_eq!(json["summary"]["rows"], 16);
    assert_eq!(json["failed"][0]["file"], "/no/such/roster.csv");
    let out = cmd()
        .args(["check", "-q", "--no-report", "/no/such/roster.csv"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("/no/such/roster.csv") && err.contains("no existe"),
        "{err}"
    );
}

#[test]
fn never_writes_over_an_input() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("a.csv");
    std::fs::copy(fixture("alumnos_es.csv"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = cmd()
        .args(["check", "-q", "-o"])
        .arg(&input)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("nunca"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn missing_required_column_is_reported_on_the_header_row() {
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("solo_curp.csv");
    std::fs::write(&f, "Nombre,CURP\nANA,GALA080314MJCRPNA9\n").unwrap();
    let (code, json) = check_json(&[f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_schema(&json);
    assert_eq!(
        row_codes(&json),
        vec![(1, "row.missing_column".to_string())]
    );
    assert_eq!(json["findings"][0]["field"], "nss");
    assert!(json["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("--col nss="));
}

#[test]
fn formula_looking_values_stay_text() {
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("f.csv");
    std::fs::write(
        &f,
        "CURP,NSS\n\"=HYPERLINK(\"\"http://x\"\")\",+28138801999\n@SUM(A1),-1\n",
    )
    .unwrap();
    let out = dir.path().join("r.xlsx");
    cmd()
        .args(["check", "-q", "-o"])
        .arg(&out)
        .arg(&f)
        .assert()
        .code(1);
    let rows = cells(&out, "Hallazgos");
    let values: Vec<String> = rows[1..].iter().map(|r| text(&r[6])).collect();
    for v in ["=HYPERLINK(\"http://x\")", "+28138801999", "@SUM(A1)", "-1"] {
        assert!(
            values.iter().any(|x| x == v),
            "{v} not written as text: {values:?}"
        );
    }
}

#[test]
fn directories_are_expanded_and_reports_left_out() {
    let dir = TempDir::new().unwrap();
    std::fs::copy(fixture("alumnos_es.csv"), dir.path().join("b.csv")).unwrap();
    std::fs::copy(fixture("alumnos_mx.csv"), dir.path().join("a.csv")).unwrap();
    std::fs::write(dir.path().join("old-reporte.xlsx"), b"not a workbook").unwrap();
    let (_, json) = check_json(&[dir.path().to_str().unwrap()]);
    let files: Vec<&str> = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    assert!(
        files[0].ends_with("a.csv") && files[1].ends_with("b.csv"),
        "{files:?}"
    );
    assert_eq!(json["failed"].as_array().unwrap().len(), 0);
}

#[test]
fn eleven_digits_stay_ambiguous_without_twelve_digit_neighbours() {
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("viejos.csv");
    std::fs::write(&f, "NUSS\n28123456742\n28/1234567/42\n").unwrap();
    let (_, json) = check_json(&[f.to_str().unwrap()]);
    assert_eq!(
        row_codes(&json),
        pairs(&[(2, "nuss.ambiguous"), (3, "nuss.legacy_form")])
    );
}

#[test]
fn duplicates_across_files_name_the_other_rows_in_canonical_form() {
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(&a, "NUSS\n28/12345678/40\n351234567825\n").unwrap();
    std::fs::write(&b, "NUSS\n281234567840\n").unwrap();
    let (code, json) = check_json(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 1);
    let dups: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "nuss.duplicate")
        .collect();
    assert_eq!(dups.len(), 2);
    assert_eq!(dups[0]["severity"], "error");
    assert!(dups[0]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("{}, fila 2", b.display())));
    assert!(dups[1]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("{}, fila 2", a.display())));
}

#[test]
fn a_folder_without_rosters_and_a_missing_report_folder_are_explained() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("notas.docx"), b"not a roster").unwrap();
    let (code, json) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        json["failed"][0]["message"]
            .as_str()
            .unwrap()
            .contains("carpeta sin padrones"),
        "{json}"
    );

    let out = cmd()
        .args(["check", "-q", "-o", "/no/such/folder/r.xlsx"])
        .arg(fixture("alumnos_es.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("la carpeta del reporte no existe"), "{err}");
}

/// Options with nothing after them are a usage error (exit 2), never an
/// internal error.
#[test]
fn options_without_a_command_or_file_are_a_usage_error() {
    for args in [&["--lang", "en"][..], &["-q"]] {
        let out = cmd().args(args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            !err.contains("internal") && !err.contains("interno"),
            "{err}"
        );
    }
}
