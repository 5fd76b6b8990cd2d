//! Reading rosters the way offices save them: encodings, dialects, row
//! numbers, titles above the header, ragged rows, workbook damage. Inputs
//! are made at test time (the real-producer ones live in fixtures/office).

use std::path::Path;

use encoding_rs::WINDOWS_1252;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use tempfile::TempDir;

use crate::*;

/// Runs `check` on `path` under a 1.5 GB address-space limit (so a dense
/// read of a huge declared range cannot happen) and returns its JSON.
fn check_json_within_memory(path: &Path) -> Value {
    check_json_within_memory_with(path, "")
}

/// [`check_json_within_memory`] with more options (`flags`, as typed).
fn check_json_within_memory_with(path: &Path, flags: &str) -> Value {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1500000; exec '{}' check -q --no-report --today {TODAY} {flags} --json - '{}'",
            env!("CARGO_BIN_EXE_roster-check"),
            path.display()
        ))
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// (row, code, value) of every finding: what must not change with the
/// way a roster was saved.
fn row_code_values(json: &Value) -> Vec<(u64, String, String)> {
    row_codes_with(json, "value")
        .into_iter()
        .map(|(row, code, value)| (row, code, value.trim().to_string()))
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// The sample roster with another delimiter and line ending.
fn roster_text(delimiter: char, eol: &str) -> String {
    let csv = std::fs::read_to_string(fixture("alumnos_mx.csv")).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut out = Vec::new();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter as u8)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(&mut out);
        for r in rdr.records() {
            w.write_record(&r.unwrap()).unwrap();
        }
    }
    String::from_utf8(out).unwrap().replace('\n', eol)
}

#[test]
fn same_roster_in_every_encoding_gives_the_same_findings() {
    let dir = TempDir::new().unwrap();
    let base = roster_text(',', "\n");
    let (_, expected) = check_json(&[fixture("alumnos_mx.csv").to_str().unwrap()]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf8.csv", base.clone().into_bytes(), "UTF-8"),
        (
            "bom.csv",
            [
                b"\xEF\xBB\xBF".as_slice(),
                roster_text(',', "\r\n").as_bytes(),
            ]
            .concat(),
            "UTF-8 (BOM)",
        ),
        (
            "w1252.csv",
            WINDOWS_1252
                .encode(&roster_text(';', "\r\n"))
                .0
                .into_owned(),
            "Windows-1252",
        ),
        (
            "utf16le.txt",
            utf16(&roster_text('\t', "\r\n"), false),
            "UTF-16LE",
        ),
        (
            "utf16be.tsv",
            utf16(&roster_text('\t', "\n"), true),
            "UTF-16BE",
        ),
        ("pipe.txt", roster_text('|', "\n").into_bytes(), "UTF-8"),
    ];
    for (name, bytes, encoding) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, json) = check_json(&[path.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        assert_schema(&json);
        assert_eq!(row_code_values(&json), row_code_values(&expected), "{name}");
        assert_eq!(json["inputs"][0]["encoding"], encoding, "{name}");
        assert_eq!(
            json["inputs"][0]["columns"]["nombre"], "Nombre(s)",
            "{name}"
        );
    }
}

#[test]
fn windows_1252_names_read_right() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("w.csv");
    let text = "CURP;Apellido Paterno;Nombre\r\nHEGG560427MVZRRL04;MUÑOZ PEÑA;JOSÉ\r\n";
    std::fs::write(&path, WINDOWS_1252.encode(text).0).unwrap();
    let tables = roster_check::input::open(&path, &Default::default()).unwrap();
    let mut table = tables.into_iter().next().unwrap();
    let mut recs = Vec::new();
    let n = table.rows.next_batch(&mut recs).unwrap();
    assert_eq!(n, 2);
    assert_eq!((recs[1].get(1), recs[1].get(2)), ("MUÑOZ PEÑA", "JOSÉ"));
    // The encoding is known once every row was read.
    assert_eq!(table.rows.next_batch(&mut recs).unwrap(), 0);
    assert_eq!(table.rows.encoding().as_deref(), Some("Windows-1252"));
}

#[test]
fn a_late_windows_1252_byte_does_not_stop_the_run() {
    // 70 KB of ASCII (past the sniffer's look), then one Windows-1252 Ñ.
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("late.csv");
    let mut bytes = b"CURP,NSS,Nombre\n".to_vec();
    for _ in 0..1500 {
        bytes.extend_from_slice(b"HEGG560427MVZRRL04,28138801999,ANA MARIA GARCIA LOPEZ\n");
    }
    bytes.extend_from_slice(b"BEML920313HMCLNS09,28138801999,MU\xD1OZ\n");
    std::fs::write(&path, bytes).unwrap();
    let (_, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(json["summary"]["rows"], 1501);
    assert_eq!(json["inputs"][0]["encoding"], "Windows-1252");
}

#[test]
fn encoding_and_delimiter_can_be_forced() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("x.csv");
    // Sniffing would pick ',' (it splits every line); the user knows better.
    std::fs::write(
        &path,
        WINDOWS_1252
            .encode("CURP|Nombre\nHEGG560427MVZRRL04|GARCÍA, ANA\n")
            .0,
    )
    .unwrap();
    let (_, json) = check_json(&[
        "--delimiter",
        "|",
        "--encoding",
        "latin1",
        path.to_str().unwrap(),
    ]);
    assert_eq!(json["inputs"][0]["columns"]["curp"], "CURP");
    assert_eq!(json["inputs"][0]["encoding"], "windows-1252");
    let out = cmd()
        .args(["check", "--encoding", "klingon", "x.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("klingon"));
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_shows_them() {
    let dir = TempDir::new().unwrap();
    let lines = [
        "Padrón de alumnos 2026",
        "",
        "CURP,NSS,Nombre",
        "HEGG560427MVZRRL04,28138801998,ANA",
        "",
        "BEML920313HMCLNS09,28138801999,\"LUIS\nRAÚL\"",
        "PEGL890909MJCRMS09,92919084431,MARÍA",
        "",
        "",
    ];
    let mixed: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{l}{}", if i % 2 == 0 { "\r\n" } else { "\n" }))
        .collect();
    for (eol, text) in [
        ("LF", lines.join("\n")),
        ("CRLF", lines.join("\r\n")),
        ("mixed", mixed),
    ] {
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let (_, json) = check_json(&[path.to_str().unwrap()]);
        assert_eq!(json["inputs"][0]["header_row"], 3);
        assert_eq!(json["summary"]["rows"], 3);
        assert_eq!(
            own_codes(&json),
            pairs(&[(4, "nss.check_digit"), (7, "curp.check_digit")]),
            "{eol:?}"
        );
    }
}

#[test]
fn ragged_rows_are_read_as_far_as_they_go_and_reported() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("r.csv");
    let text = "CURP,NSS,Nombre,,\nHEGG560427MVZRRL04,28138801999,GARCÍA, ANA\nBEML920313HMCLNS09\nPEGL890909MJCRMS08,92919084431,LUIS,,\n";
    std::fs::write(&path, text).unwrap();
    let (_, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(json["summary"]["rows"], 3);
    assert_eq!(
        own_codes(&json),
        pairs(&[(2, "row.ragged"), (3, "nss.missing"), (3, "row.ragged")])
    );
    let ragged = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "row.ragged")
        .unwrap();
    assert_eq!(
        (ragged["field"].as_str(), ragged["severity"].as_str()),
        (Some("row"), Some("warning"))
    );
}

#[test]
fn empty_and_unreadable_text_say_so() {
    let dir = TempDir::new().unwrap();
    let empty = dir.path().join("vacio.csv");
    std::fs::write(&empty, "").unwrap();
    let header_only = dir.path().join("solo.csv");
    std::fs::write(&header_only, "CURP,NSS\n").unwrap();
    let (code, json) = check_json(&[empty.to_str().unwrap(), header_only.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(json["failed"].as_array().unwrap().len(), 1);
    assert!(json["failed"][0]["message"]
        .as_str()
        .unwrap()
        .contains("vacío"));
    assert_eq!(json["inputs"][0]["rows"], 0);
}

fn write_book(path: &Path, build: impl FnOnce(&mut Workbook)) {
    let mut wb = Workbook::new();
    build(&mut wb);
    wb.save(path).unwrap();
}

#[test]
fn workbook_title_numbers_and_stray_cell() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("danos.xlsx");
    write_book(&path, |wb| {
        let ws = wb.add_worksheet().set_name("Padrón").unwrap();
        let bold = Format::new().set_bold();
        ws.merge_range(0, 0, 0, 2, "ESCUELA SECUNDARIA TÉCNICA 12", &bold)
            .unwrap();
        ws.write_string(1, 0, "Ciclo 2026-2027").unwrap();
        for (c, h) in ["C.U.R.P.", "No. IMSS", "NUSS"].iter().enumerate() {
            ws.write_string_with_format(3, c as u16, *h, &bold).unwrap();
        }
        let padded = Format::new().set_num_format("00000000000");
        // row 5: NSS as a number that lost its zero
        ws.write_string(4, 0, "HEGG560427MVZRRL04").unwrap();
        ws.write_number(4, 1, 4159912346.0).unwrap();
        // row 6: the same number shown with a zero-padding format
        ws.write_string(5, 0, "BEML920313HMCLNS09").unwrap();
        ws.write_number_with_format(5, 1, 4159912346.0, &padded)
            .unwrap();
        // row 7: a NUSS that went through a number (province 08)
        ws.write_string(6, 0, "PEGL890909MJCRMS08").unwrap();
        ws.write_number(6, 1, 28138801999.0).unwrap();
        ws.write_number(6, 2, 81234567869.0).unwrap();
        // row 8: a float too large for its digits
        ws.write_string(7, 0, "AAMG890608HDFLJL00").unwrap();
        ws.write_number(7, 1, 2.8138801999123457e19).unwrap();
        // row 9: scientific notation saved as text
        ws.write_string(8, 0, "BAAA890317HDFRLL03").unwrap();
        ws.write_string(8, 1, "2.81388E+10").unwrap();
        // a stray cell at XFD1048576: the declared range is the whole sheet
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    // Under a 1.5 GB address-space limit: a dense read of the declared
    // range (17 billion cells) cannot happen.
    let json = check_json_within_memory(&path);
    assert_schema(&json);
    assert_eq!(json["inputs"][0]["sheet"], "Padrón");
    assert_eq!(json["inputs"][0]["header_row"], 4);
    // The stray cell lies outside the table: not a student.
    assert_eq!(json["summary"]["rows"], 5);
    let got = own_codes(&json);
    let want = pairs(&[
        (5, "nss.leading_zero_lost"),
        (5, "nuss.missing"),
        (6, "nss.normalized"),
        (6, "nuss.missing"),
        (7, "nuss.leading_zero_lost"),
        (8, "nss.scientific_notation"),
        (8, "nuss.missing"),
        (9, "nss.scientific_notation"),
        (9, "nuss.missing"),
    ]);
    assert_eq!(got, want);
    let f = |row: u64, code: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["row"] == row && f["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(f(5, "nss.leading_zero_lost")["suggestion"], "04159912346");
    assert_eq!(f(6, "nss.normalized")["suggestion"], "04159912346");
    assert_eq!(f(6, "nss.normalized")["severity"], "info");
    assert_eq!(f(7, "nuss.leading_zero_lost")["suggestion"], "081234567869");
}

#[test]
fn sheets_can_be_chosen_and_a_wrong_name_is_explained() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("dos.xlsx");
    write_book(&path, |wb| {
        for (name, nss) in [("1A", "28138801999"), ("1B", "28138801998")] {
            let ws = wb.add_worksheet().set_name(name).unwrap();
            ws.write_string(0, 0, "CURP").unwrap();
            ws.write_string(0, 1, "NSS").unwrap();
            ws.write_string(1, 0, "HEGG560427MVZRRL04").unwrap();
            ws.write_string(1, 1, nss).unwrap();
        }
    });
    let p = path.to_str().unwrap();
    let (_, both) = check_json(&[p]);
    assert_eq!(both["inputs"].as_array().unwrap().len(), 2);
    let (code, one) = check_json(&["--sheet", "1A", p]);
    assert_eq!(code, 0);
    assert_eq!(one["inputs"].as_array().unwrap().len(), 1);
    assert_eq!(one["inputs"][0]["sheet"], "1A");
    let (code, none) = check_json(&["--sheet", "2C", p]);
    assert_eq!(code, 2);
    assert!(none["failed"][0]["message"]
        .as_str()
        .unwrap()
        .contains("«2C»"));
}

#[test]
fn a_table_without_a_header_row_is_found_by_content() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sin.csv");
    std::fs::write(
        &path,
        "HEGG560427MVZRRL04,28138801999\nBEML920313HMCLNS09,28138801998\n",
    )
    .unwrap();
    let (_, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(json["inputs"][0]["header_row"], Value::Null);
    assert_eq!(json["inputs"][0]["columns"]["curp"], "A");
    assert_eq!(own_codes(&json), pairs(&[(2, "nss.check_digit")]));
}

#[test]
fn col_override_by_header_and_letter() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("o.csv");
    std::fs::write(
        &path,
        "Clave,Seguro,Otro\nHEGG560427MVZRRL04,28138801998,x\n",
    )
    .unwrap();
    let (_, json) = check_json(&[
        "--col",
        "curp=clave",
        "--col",
        "nss=B",
        path.to_str().unwrap(),
    ]);
    assert_eq!(json["inputs"][0]["columns"]["curp"], "Clave");
    assert_eq!(json["inputs"][0]["columns"]["nss"], "Seguro");
    assert_eq!(own_codes(&json), pairs(&[(2, "nss.check_digit")]));
    let out = cmd()
        .args(["check", "--col", "telefono=C", "o.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("telefono"));
}

#[test]
fn web_exports_named_xls() {
    let dir = TempDir::new().unwrap();
    // Tab-separated text with an .xls name: read as text, and said so.
    let tsv = dir.path().join("export.xls");
    std::fs::write(&tsv, "CURP\tNSS\nHEGG560427MVZRRL04\t28138801998\n").unwrap();
    let (code, json) = check_json(&[tsv.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(own_codes(&json), pairs(&[(2, "nss.check_digit")]));
    assert!(json["inputs"][0]["encoding"]
        .as_str()
        .unwrap()
        .contains("libro de Excel"));
    // An HTML page with an .xls name: explained, exit 2.
    let html = dir.path().join("reporte.xls");
    std::fs::write(
        &html,
        "<html><body><table><tr><td>CURP</td></tr></table></body></html>",
    )
    .unwrap();
    let (code, json) = check_json(&[html.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(json["failed"][0]["message"]
        .as_str()
        .unwrap()
        .contains("HTML"));
    // Binary junk with an .xlsx name.
    let junk = dir.path().join("basura.xlsx");
    std::fs::write(&junk, (0u8..=255).cycle().take(4096).collect::<Vec<u8>>()).unwrap();
    let (code, json) = check_json(&[junk.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(json["failed"][0]["message"]
        .as_str()
        .unwrap()
        .contains("datos binarios"));
}

/// (field, code, value) in order: the findings apart from file, sheet, row.
fn field_code_values(json: &Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["value"].as_str().unwrap_or("").trim().to_string(),
            )
        })
        .collect()
}

#[test]
fn one_roster_saved_eight_ways_by_real_producers() {
    // fixtures/office: written by Python's csv codecs, openpyxl and
    // LibreOffice (see fixtures/office/README.md).
    let (_, base) = check_json(&[fixture("office/alumnos_utf8.csv").to_str().unwrap()]);
    assert_eq!(
        base["findings"].as_array().unwrap().len(),
        MX_EXPECTED.len()
    );
    for (name, sheet, header_row, encoding) in [
        ("alumnos_utf8bom.csv", None, 1, Some("UTF-8 (BOM)")),
        ("alumnos_1252.csv", None, 1, Some("Windows-1252")),
        ("alumnos_utf16.txt", None, 1, Some("UTF-16LE")),
        ("alumnos_titulo.xlsx", Some("Alumnos"), 4, None),
        ("alumnos.xls", Some("Alumnos"), 4, None),
        ("alumnos.ods", Some("Alumnos"), 4, None),
        ("alumnos.xlsm", Some("Alumnos"), 4, None),
    ] {
        let (code, json) = check_json(&[fixture(&format!("office/{name}")).to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        assert_schema(&json);
        assert_eq!(field_code_values(&json), field_code_values(&base), "{name}");
        let input = &json["inputs"][0];
        assert_eq!(input["sheet"].as_str(), sheet, "{name}");
        assert_eq!(input["header_row"], header_row, "{name}");
        assert_eq!(input["encoding"].as_str(), encoding, "{name}");
        assert_eq!(input["rows"], 23, "{name}");
        // Rows move with the header, nothing else.
        let shift = header_row - 1;
        let rows = |j: &Value| {
            j["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["row"].as_u64().unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            rows(&json),
            rows(&base).iter().map(|r| r + shift).collect::<Vec<_>>(),
            "{name}"
        );
    }
}

#[test]
fn formulas_errors_and_hidden_parts_of_a_libreoffice_workbook() {
    let (code, json) = check_json(&[fixture("office/danado.xlsx").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_schema(&json);
    let alumnos: Vec<(u64, String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["sheet"] == "Alumnos" && !is_cross(f["code"].as_str().unwrap()))
        .map(|f| {
            (
                f["row"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
                f["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(u64, String, String)> = [
        (3, "nss.leading_zero_lost", "4159912346"),
        (4, "nss.normalized", "4159912346"),
        (6, "curp.missing", "#N/A"),
        (7, "nss.missing", "#DIV/0!"),
        (8, "nss.scientific_notation", "2,81235E+11"),
        (9, "nss.scientific_notation", "2.81388019991235E19"),
    ]
    .iter()
    .map(|(r, c, v)| (*r, c.to_string(), v.to_string()))
    .collect();
    // Row 5's CURP is a formula: its cached value is valid. Row 10 is a
    // hidden row: checked like any other (and valid).
    assert_eq!(alumnos, want);
    assert_eq!(json["inputs"][0]["rows"], 9);
    let error_cell = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == "#N/A")
        .unwrap();
    assert!(error_cell["message"]
        .as_str()
        .unwrap()
        .contains("error de fórmula"));
    let hidden = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["sheet"] == "Oculta")
        .unwrap();
    assert_eq!(hidden["hidden"], true);
}

#[test]
fn declared_range_to_xfd1048576_reads_in_little_memory() {
    let path = fixture("office/rango_enorme.xlsx");
    let json = check_json_within_memory(&path);
    assert_eq!(json["summary"]["rows"], 3);
    assert_eq!(own_codes(&json), vec![]);
}

/// A 200 MB line (it took 1.6 GB) costs the record cap, in blocks and in
/// order alike: one row too long, and the student after it read.
#[test]
fn a_200_mb_line_is_cut_at_the_cap_within_memory() {
    use std::io::Write;
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("linea.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"CURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,Gloria\n")
        .unwrap();
    let chunk = "BEML920313HMCLNS09,92919084431,Luis;".repeat(1 << 12);
    for _ in 0..(200 << 20) / chunk.len() {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    f.write_all(b"\nBEML920313HMCLNS09,92919084431,Luis\n")
        .unwrap();
    drop(f);
    // Blocks (UTF-8), then the reader in order (a named encoding).
    for flags in ["", "--encoding windows-1252"] {
        let json = check_json_within_memory_with(&path, flags);
        assert_eq!(json["summary"]["rows"], 3, "{flags}");
        let too_long: Vec<u64> = row_codes(&json)
            .into_iter()
            .filter(|(_, c)| c == "row.too_long")
            .map(|(r, _)| r)
            .collect();
        assert_eq!(too_long, [3], "{flags}");
        assert_eq!(json["inputs"][0]["rows"], 3, "{flags}");
    }
}

/// A line past the cap above the header (a title gone wrong) is reported
/// too, and the table below it is read.
#[test]
fn a_line_past_the_cap_above_the_header_is_reported() {
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("titulo.csv");
    let text = format!(
        "Padrón {}\nCURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,Gloria\n",
        "2026 ".repeat(300_000)
    );
    std::fs::write(&path, text).unwrap();
    let (code, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["rows"], 1);
    assert_eq!(json["inputs"][0]["header_row"], 2);
    assert_eq!(
        row_codes(&json),
        pairs(&[(1, "row.too_long"), (3, "nss.birth_year_mismatch")])
    );
}

#[test]
fn an_ods_declaring_a_billion_cells_is_refused_in_plain_words() {
    // content.xml repeats an empty row 1,048,570 times, 1024 cells wide,
    // then a stray cell: calamine would expand it; it refuses past 100
    // million cells and the user is told what to do.
    use std::io::Write;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bomba.ods");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("mimetype", opts).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Alumnos"><table:table-row><table:table-cell office:value-type="string"><text:p>CURP</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="1023"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#).unwrap();
    z.finish().unwrap();
    let (code, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        json["failed"][0]["message"]
            .as_str()
            .unwrap()
            .contains("decenas de millones"),
        "{json}"
    );
}

#[test]
fn old_mac_excel_cr_only_lines() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("mac.csv");
    std::fs::write(
        &path,
        "CURP,NSS\rHEGG560427MVZRRL04,28138801999\rBEML920313HMCLNS09,28138801998\r",
    )
    .unwrap();
    let (_, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(json["summary"]["rows"], 2);
    assert_eq!(own_codes(&json), pairs(&[(3, "nss.check_digit")]));
}
