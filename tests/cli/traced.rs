//! The report's rows lead to the students (issue 20): every finding of
//! Hallazgos names a row (Fila) and a student (Alumno) that the Padrón
//! shows, whatever row the header is on; the roster's dates stay dates.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, open_workbook_auto, Data, Reader, Xlsx};
use serde_json::Value;
use tempfile::TempDir;

use crate::*;

/// Runs `check` on `inputs` writing the report and the JSON.
fn report(dir: &Path, inputs: &[PathBuf]) -> (PathBuf, Value) {
    let out = dir.join("r.xlsx");
    let json = dir.join("r.json");
    let run = cmd()
        .args(["check", "--today", TODAY, "-q", "--fail-on", "never", "-o"])
        .arg(&out)
        .arg("--json")
        .arg(&json)
        .args(inputs)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (out, json)
}

/// A cell's text, dates aside.
fn cell(d: Option<&Data>) -> String {
    d.map(text).unwrap_or_default()
}

/// Checks that every row of Hallazgos leads to its row in the Padrón:
/// Hallazgos lists the JSON's findings in its order, and its Fila is a
/// Padrón row whose name columns (those the JSON says were taken) give
/// its Alumno. `padron` names the Padrón sheet of an input (file, sheet).
/// Returns how many findings were traced to a named student.
fn assert_traced(out: &Path, json: &Value, padron: impl Fn(&str, &str) -> String) -> usize {
    let wb = open_workbook_auto(out).unwrap();
    let findings = cells(out, &wb.sheet_names()[1]);
    let header: Vec<String> = findings[0].iter().map(text).collect();
    assert_eq!(header[..4], ["Archivo", "Hoja", "Fila", "Alumno"]);
    let listed = json["findings"].as_array().unwrap();
    assert_eq!(findings.len() - 1, listed.len());
    // The name columns of each input, by header.
    let inputs: HashMap<(String, String), &Value> = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let key = (
                i["file"].as_str().unwrap().to_string(),
                i["sheet"].as_str().unwrap_or("").to_string(),
            );
            (key, &i["columns"])
        })
        .collect();
    let mut sheets: HashMap<String, Vec<Vec<Data>>> = HashMap::new();
    let mut named = 0;
    for (row, f) in findings[1..].iter().zip(listed) {
        let (file, sheet) = (text(&row[0]), text(&row[1]));
        assert_eq!(file, f["file"].as_str().unwrap());
        assert_eq!(row[2], Data::Float(f["row"].as_u64().unwrap() as f64));
        let name = padron(&file, &sheet);
        let rows = sheets
            .entry(name.clone())
            .or_insert_with(|| cells(out, &name));
        let at = |h: &str| rows[0].iter().position(|c| text(c) == h);
        // The Padrón's row of this finding: its Fila says so.
        let Some(target) = rows[1..].iter().find(|r| r[0] == row[2]) else {
            // Only a sheet's own finding, or a blank line of a workbook
            // (a row without cells), is on no row of the Padrón.
            assert!(
                f["code"] == "row.missing_column"
                    || f["code"] == "row.skipped"
                        && f["message"].as_str().unwrap().contains("blanco"),
                "{f}"
            );
            continue;
        };
        let columns = inputs[&(file.clone(), sheet.clone())];
        let of = |field: &str| {
            columns[field]
                .as_str()
                .and_then(at)
                .map(|c| cell(target.get(c)).trim().to_string())
                .unwrap_or_default()
        };
        let full = of("nombre_completo");
        let want = if full.is_empty() {
            [of("paterno"), of("materno"), of("nombre")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            full
        };
        let alumno = cell(row.get(3));
        if f["code"] == "row.skipped" {
            // A title or a total line is no student.
            assert_eq!(alumno, "", "{f}");
        } else {
            assert_eq!(alumno, want, "{f}");
            named += usize::from(!want.is_empty());
        }
    }
    named
}

#[test]
fn every_finding_leads_to_its_row_and_student_in_the_padron() {
    let dir = TempDir::new().unwrap();
    let (out, json) = report(dir.path(), &[fixture("alumnos_mx.csv")]);
    let named = assert_traced(&out, &json, |_, _| "Padrón".into());
    assert!(named > 15, "{named}");
}

#[test]
fn findings_lead_to_the_padron_when_the_header_is_on_row_3() {
    // The roster below a title and a blank line: the findings name the
    // rows as the file shows them (the header is row 3, the first
    // student row 4), and so does the Padrón's Fila.
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("titulo.csv");
    let body = std::fs::read_to_string(fixture("alumnos_mx.csv")).unwrap();
    std::fs::write(
        &input,
        format!("ESC. SEC. TEC. 12 - ALUMNOS 2026\n\n{body}"),
    )
    .unwrap();
    let (out, json) = report(dir.path(), &[input]);
    assert_eq!(json["inputs"][0]["header_row"], 3);
    let named = assert_traced(&out, &json, |_, _| "Padrón".into());
    assert!(named > 15, "{named}");
    let padron = cells(&out, "Padrón");
    assert_eq!(text(&padron[0][0]), "Fila");
    assert_eq!(text(&padron[1][0]), "4");
    assert_eq!(text(&padron[1][1]), "1", "the roster's own No.");
}

#[test]
fn findings_lead_to_the_padron_of_a_paginated_export() {
    // Header on row 4, titles and totals between the students: those rows
    // are listed with no student.
    let dir = TempDir::new().unwrap();
    let (out, json) = report(dir.path(), &[fixture("exports/paginado.xlsx")]);
    assert_eq!(json["inputs"][0]["header_row"], 4);
    assert!(json["summary"]["rows_skipped"].as_u64().unwrap() > 0);
    let named = assert_traced(&out, &json, |_, _| "Padrón".into());
    assert!(named > 3, "{named}");
}

#[test]
fn findings_of_several_inputs_lead_to_their_own_padron() {
    // Hallazgos lists the inputs by name (alumnos_es before alumnos_mx),
    // the Padrón sheets stand in the order given: each finding still
    // finds its student. (A NUSS among the inputs: Spain's names,
    // Incidencias and Listado.)
    let dir = TempDir::new().unwrap();
    let (out, json) = report(
        dir.path(),
        &[fixture("alumnos_mx.xlsx"), fixture("alumnos_es.csv")],
    );
    let wb = open_workbook_auto(&out).unwrap();
    assert_eq!(
        wb.sheet_names()[2..4],
        ["Listado Alumnos", "Listado alumnos_es"].map(String::from)
    );
    let named = assert_traced(&out, &json, |file, _| {
        if file.ends_with(".csv") {
            "Listado alumnos_es".into()
        } else {
            "Listado Alumnos".into()
        }
    });
    assert!(named > 25, "{named}");
}

/// The number format of each cell of a sheet's column, by 0-based row.
fn formats(path: &Path, sheet: &str, col: u32) -> Vec<Option<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let styles = wb.worksheet_style(sheet).unwrap();
    let rows = cells(path, sheet).len() as u32;
    (0..rows)
        .map(|r| {
            styles
                .get((r, col))
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.clone())
        })
        .collect()
}

/// A one-sheet OpenDocument roster whose birth dates are date cells.
fn ods_with_dates(path: &Path) {
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let date = |iso: &str, shown: &str| {
        format!(
            r#"<table:table-cell office:value-type="date" office:date-value="{iso}"><text:p>{shown}</text:p></table:table-cell>"#
        )
    };
    let row = |cells: Vec<String>| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let rows = [
        row(vec![
            cell("CURP"),
            cell("NSS"),
            cell("Nombre"),
            cell("Fecha de nacimiento"),
        ]),
        row(vec![
            cell("GALA080314MJCRPNA9"),
            cell("04230812341"),
            cell("GARCÍA LÓPEZ ANA SOFÍA"),
            date("2008-03-14", "14/03/2008"),
        ]),
        row(vec![
            cell("MASV080630MNLRTLA4"),
            cell("3230800785"),
            cell("MARTÍNEZ SOTO VALERIA"),
            date("2008-06-30T00:00:00", "30/06/2008"),
        ]),
    ];
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("mimetype", opts).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Alumnos">{}</table:table></office:spreadsheet></office:body></office:document-content>"#, rows.concat()).unwrap();
    z.finish().unwrap();
}

#[test]
fn date_cells_stay_dates_shown_day_month_year() {
    let dir = TempDir::new().unwrap();
    let ods = dir.path().join("fechas.ods");
    ods_with_dates(&ods);
    for (input, first) in [
        (fixture("office/fechas_1900.xlsx"), None),
        (fixture("office/fechas_1900.xls"), None),
        (fixture("office/fechas_1904.xlsx"), None),
        (ods, Some((2008, 3, 14))),
    ] {
        let what = input.display().to_string();
        let (out, json) = report(dir.path(), &[input]);
        let padron = cells(&out, "Padrón");
        let col = padron[0]
            .iter()
            .position(|h| text(h) == "Fecha de nacimiento")
            .unwrap_or_else(|| panic!("{what}: {:?}", padron[0]));
        let fmts = formats(&out, "Padrón", col as u32);
        let mut dates = 0;
        for (r, row) in padron.iter().enumerate().skip(1) {
            match &row[col] {
                Data::DateTime(d) => {
                    assert_eq!(fmts[r].as_deref(), Some("dd/mm/yyyy"), "{what} row {r}");
                    // The report counts from 1900.
                    let day = roster_check::ids::Date::from_excel_serial(d.as_f64()).unwrap();
                    let (y, m, day) = (day.year(), day.month(), day.day());
                    if r == 1 {
                        if let Some(want) = first {
                            assert_eq!((y, m, day), want, "{what}");
                        }
                    }
                    dates += 1;
                }
                Data::Empty => {}
                other => panic!("{what} row {r}: {other:?}, not a date"),
            }
        }
        assert!(dates >= 2, "{what}: {dates} dates");
        // The check read the same dates: no birth date left unread.
        assert!(
            !json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["code"] == "nacimiento.unreadable"),
            "{what}"
        );
    }
}
