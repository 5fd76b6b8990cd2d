//! `--corrected FILE` (issue 21): the roster as read with every proven
//! correction applied, cell by cell against the input, in CSV (UTF-8 with
//! BOM, or Windows-1252) and in a workbook; rows out = rows in; one file
//! per table; never over an input; and, where LibreOffice is installed,
//! round trips through it that keep every identifier's zeros.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};

use super::{check_json, cmd, fixture, installed, libreoffice_convert, TODAY};

/// Runs `check --corrected OUT` (no report) on `inputs` in `dir`:
/// (exit code, standard error).
fn corrected(dir: &Path, out: &str, extra: &[&str], inputs: &[&Path]) -> (i32, String) {
    let out = cmd()
        .current_dir(dir)
        .args([
            "check",
            "-q",
            "--today",
            TODAY,
            "--no-report",
            "--corrected",
            out,
        ])
        .args(extra)
        .args(inputs)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The records of a CSV file (a UTF-8 BOM dropped).
fn records(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The cells that differ between two tables of one shape, as (row index,
/// column, before, after): the rows and columns must match one to one.
fn differences(
    input: &[Vec<String>],
    output: &[Vec<String>],
) -> Vec<(usize, usize, String, String)> {
    assert_eq!(input.len(), output.len(), "rows out = rows in");
    let mut diff = Vec::new();
    for (i, (a, b)) in input.iter().zip(output).enumerate() {
        assert_eq!(
            a.len() + 2,
            b.len(),
            "row {i}: the columns, then Estado and Revisar"
        );
        for (c, (x, y)) in a.iter().zip(b).enumerate() {
            if x != y {
                diff.push((i, c, x.clone(), y.clone()));
            }
        }
    }
    diff
}

/// The proven corrections of fixtures/README.md's alumnos_mx, and nothing
/// else, are applied; every row is there; Estado and Revisar say what is
/// left for a person; identifiers are quoted; the file starts with a BOM.
#[test]
fn the_corrected_csv_applies_each_proven_correction_and_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("alumnos_mx.csv");
    let (code, err) = corrected(dir.path(), "limpio.csv", &[], &[&input]);
    assert_eq!(code, 1, "{err}");
    let bytes = std::fs::read(dir.path().join("limpio.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with BOM");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains(",\"03230800785\","),
        "identifiers quoted: {text}"
    );
    let out = records(&bytes, b',');
    let inp = records(&std::fs::read(&input).unwrap(), b',');
    let diff = differences(&inp, &out);
    let (curp, nss) = (1, 2);
    assert_eq!(
        diff,
        [
            // Row 4: the NSS lost its leading zero.
            (3, nss, "3230800785".into(), "03230800785".into()),
            // Row 5: a CURP in lower case with spaces.
            (
                4,
                curp,
                " pedf090119 mplrzra0 ".into(),
                "PEDF090119MPLRZRA0".into()
            ),
            // Row 14: an NSS written with dashes.
            (13, nss, "33-22-07-8802-1".into(), "33220788021".into()),
        ]
    );
    // The same corrections the JSON suggests: one definition.
    let (_, json) = check_json(&[input.to_str().unwrap()]);
    for f in json["findings"].as_array().unwrap() {
        if let (Some(s), Some(row)) = (f["suggestion"].as_str(), f["row"].as_u64()) {
            let col = if f["field"] == "curp" { curp } else { nss };
            assert_eq!(out[row as usize - 1][col], s, "{f}");
        }
    }
    let header = &out[0];
    assert_eq!(header[8..], ["Estado", "Revisar"]);
    let (estado, revisar) = (8, 9);
    // Row 4: a warning settled by its correction, nothing left to do.
    assert_eq!((&*out[3][estado], &*out[3][revisar]), ("Advertencia", ""));
    // Row 6: the NSS check digit needs the document.
    assert_eq!(out[5][estado], "Error");
    assert!(out[5][revisar].starts_with("NSS: "), "{:?}", out[5]);
    // Row 12: scientific notation that lost digits: copied as it was.
    assert_eq!(out[11][nss], "9.0233119E+10");
    assert!(out[11][revisar].contains("9.0233119E+10"));
    // Rows without a fault: OK, nothing to review.
    assert_eq!((&*out[14][estado], &*out[14][revisar]), ("OK", ""));
}

/// A workbook in, a workbook out: a number cell that lost its zero comes
/// back as the text `04230812341`; identifier columns are formatted as
/// text (`@`), so a value typed later stays text; the header is frozen
/// and filtered; the Notas sheet (no roster) has no file.
#[test]
fn the_corrected_workbook_writes_identifiers_as_text_in_text_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = corrected(
        dir.path(),
        "limpio.xlsx",
        &["--lang", "en"],
        &[&fixture("alumnos_mx.xlsx")],
    );
    assert_eq!(code, 1, "{err}");
    let path = dir.path().join("limpio.xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Alumnos"]);
    let range = book.worksheet_range("Alumnos").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), 24, "the header and 23 students");
    assert_eq!(
        rows[0][8..],
        [
            Data::String("Status".into()),
            Data::String("To review".into())
        ]
    );
    let nss = 2;
    for (r, want) in [(1, "04230812341"), (3, "03230800785"), (17, "04230855019")] {
        assert_eq!(rows[r][nss], Data::String(want.into()), "row {}", r + 1);
    }
    // Every identifier is text.
    for row in &rows[1..] {
        for c in [1, nss] {
            assert!(matches!(row[c], Data::String(_) | Data::Empty), "{row:?}");
        }
    }
    let sheet = zip_part(&path, "xl/worksheets/sheet1.xml");
    let styles = zip_part(&path, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="@""#), "{styles}");
    for col in ["2", "3"] {
        let tag = format!(r#"<col min="{col}" max="{col}""#);
        let at = sheet.find(&tag).unwrap_or_else(|| panic!("{sheet}"));
        assert!(
            sheet[at..].split('>').next().unwrap().contains("style="),
            "{sheet}"
        );
    }
    assert!(sheet.contains(r#"state="frozen""#) && sheet.contains("<autoFilter"));
}

/// One part of an xlsx, as text.
fn zip_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Several tables: one file each, named after its table. In a paginated
/// export, every student is there once with its status; rows that are
/// not students but hold something (totals, the header repeated, a
/// heading) are copied as they were, *Omitida*, with the reason; blank
/// rows and the titles above the header are left out.
#[test]
fn several_tables_give_one_file_each_and_skipped_rows_are_copied_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let paginado = fixture("exports/paginado.xlsx");
    let es = fixture("alumnos_es.csv");
    let (code, err) = corrected(dir.path(), "limpio.csv", &[], &[&paginado, &es]);
    assert_eq!(code, 1, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["limpio-Alumnos.csv", "limpio-alumnos_es.csv"]);
    let (_, json) = check_json(&[paginado.to_str().unwrap()]);
    // A NUSS among the inputs: Spain's Spanish, whose spreadsheets split
    // a workbook's CSV at `;`.
    let out = records(
        &std::fs::read(dir.path().join("limpio-Alumnos.csv")).unwrap(),
        b';',
    );
    let status = out[0].len() - 2;
    let students = out[1..].iter().filter(|r| r[status] != "Omitida").count();
    assert_eq!(students as u64, json["summary"]["rows"].as_u64().unwrap());
    // The input's rows, by row number (header on row 4).
    let mut book = open_workbook_auto(&paginado).unwrap();
    let range = book.worksheet_range("Alumnos").unwrap();
    let input_row = |row: u64| -> Vec<Data> {
        let r = range.rows().nth(row as usize - 1).unwrap();
        r.iter().take(status).cloned().collect()
    };
    let header: Vec<String> = input_row(4).iter().map(|d| d.to_string()).collect();
    assert_eq!(out[0][..status], header[..], "the header row first");
    // Each row kept as skipped is, in order, one of the input's skipped
    // rows that hold something, its text unchanged.
    let holding: Vec<Vec<Data>> = super::row_codes(&json)
        .into_iter()
        .filter(|(_, code)| code == "row.skipped")
        .map(|(r, _)| input_row(r))
        .filter(|cells| cells.iter().any(|d| !d.to_string().trim().is_empty()))
        .collect();
    let kept: Vec<&Vec<String>> = out[1..].iter().filter(|r| r[status] == "Omitida").collect();
    assert_eq!(kept.len(), holding.len());
    assert!(!kept.is_empty());
    for (row, input) in kept.iter().zip(&holding) {
        assert!(!row[status + 1].is_empty(), "the reason: {row:?}");
        for (c, d) in input.iter().enumerate() {
            if let Data::String(s) = d {
                assert_eq!(&row[c], s, "{row:?}");
            }
        }
    }
    // A Spanish table from `;` text keeps its `;`.
    let es_out = std::fs::read_to_string(dir.path().join("limpio-alumnos_es.csv")).unwrap();
    assert!(es_out
        .lines()
        .next()
        .unwrap()
        .contains("Nº;Apellidos, Nombre;"));
}

/// Windows-1252 for submission systems that refuse UTF-8: Ñ and accents
/// in their bytes, no BOM. A character it cannot hold is an error naming
/// the row (exit 2), and no file is left, not even a temporary one.
#[test]
fn windows_1252_holds_spanish_and_refuses_what_it_cannot_hold_naming_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = corrected(
        dir.path(),
        "ss.csv",
        &["--corrected-encoding", "windows-1252"],
        &[&fixture("alumnos_es.csv")],
    );
    assert_eq!(code, 1, "{err}");
    let bytes = std::fs::read(dir.path().join("ss.csv")).unwrap();
    assert!(bytes.starts_with(b"N\xba;"), "Windows-1252, no BOM");
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!bad);
    assert!(text.contains("MUÑOZ DÍAZ, ALBA;\"028123456742\""), "{text}");

    let roster = dir.path().join("nombres.csv");
    let original = std::fs::read_to_string(fixture("alumnos_mx.csv")).unwrap();
    std::fs::write(&roster, original.replace("ANA SOFÍA", "ANA ŐRSÉG")).unwrap();
    let (code, err) = corrected(
        dir.path(),
        "imss.csv",
        &["--corrected-encoding", "windows-1252"],
        &[&roster],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("nombres.csv, fila 2") && err.contains("«Ő»"),
        "{err}"
    );
    let left: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &roster && !p.ends_with("ss.csv"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The usage errors: a format it cannot write, an encoding for nothing,
/// an input as the corrected file. Nothing is written.
#[test]
fn corrected_usage_errors_exit_2_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("alumnos.csv");
    std::fs::copy(fixture("alumnos_mx.csv"), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    for args in [
        vec!["--corrected", "limpio.txt"],
        vec!["--corrected-encoding", "windows-1252"],
        vec![
            "--corrected",
            "limpio.xlsx",
            "--corrected-encoding",
            "windows-1252",
        ],
        vec!["--corrected", "alumnos.csv"],
        vec!["--corrected", "no/existe/limpio.csv"],
    ] {
        let out = cmd()
            .current_dir(dir.path())
            .args(["check", "-q", "--no-report"])
            .args(&args)
            .arg("alumnos.csv")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Converts `file` to CSV with LibreOffice (`filter` reads it), into
/// `out_dir`: the records it saves.
fn libreoffice_csv(file: &Path, filter: Option<&str>, out_dir: &Path) -> Vec<Vec<String>> {
    let to = "csv:Text - txt - csv (StarCalc):44,34,76,1";
    let saved = libreoffice_convert(file, to, filter, out_dir);
    records(&std::fs::read(&saved).unwrap(), b',')
}

/// Round trips through LibreOffice: the corrected workbook opened and
/// saved as CSV, and the corrected CSV opened (quoted fields as text, as
/// its import dialog offers) and saved again: every identifier keeps its
/// zeros. Skipped, and said so, where LibreOffice is not installed (CI
/// installs it: .ci/run).
#[test]
fn libreoffice_round_trips_keep_every_identifiers_zeros() {
    if !installed("soffice", "--version") {
        eprintln!("SKIPPED libreoffice_round_trips_keep_every_identifiers_zeros: soffice (LibreOffice) is not installed; apt-get install libreoffice-calc-nogui");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("alumnos_mx.xlsx");
    for out in ["lo.xlsx", "lo_text.csv"] {
        let (code, err) = corrected(dir.path(), out, &[], &[&input]);
        assert_eq!(code, 1, "{err}");
    }
    let (_, json) = check_json(&[input.to_str().unwrap()]);
    let nss_zero: Vec<u64> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suggestion"].as_str().is_some_and(|s| s.starts_with('0')))
        .map(|f| f["row"].as_u64().unwrap())
        .collect();
    assert!(nss_zero.len() >= 3, "{nss_zero:?}");
    let ours = records(
        &std::fs::read(dir.path().join("lo_text.csv")).unwrap(),
        b',',
    );
    let saved = dir.path().join("saved");
    std::fs::create_dir(&saved).unwrap();
    // Separator, quote, UTF-8, first line, no column types, language,
    // quoted fields as text.
    let text_filter = "CSV:44,34,76,1,,0,true";
    let from_xlsx = libreoffice_csv(&dir.path().join("lo.xlsx"), None, &saved);
    let from_csv = libreoffice_csv(&dir.path().join("lo_text.csv"), Some(text_filter), &saved);
    for back in [from_xlsx, from_csv] {
        assert_eq!(back.len(), ours.len());
        for (a, b) in ours.iter().zip(&back) {
            for c in [1, 2] {
                assert_eq!(a[c], b[c], "{a:?} / {b:?}");
            }
        }
        for &row in &nss_zero {
            assert!(
                back[row as usize - 1][2].starts_with('0'),
                "row {row}: {:?}",
                back[row as usize - 1]
            );
        }
    }
}
