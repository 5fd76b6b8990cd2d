//! Verdicts on exports that offices really make: rows that are not
//! students, totals that count duplicates, who shares a duplicated number,
//! the NSS's own years.

use calamine::Data;
use serde_json::Value;
use tempfile::TempDir;

use crate::*;

/// (row, code, message) of every finding.
fn findings(json: &Value) -> Vec<(u64, String, String)> {
    row_codes_with(json, "message")
}

/// The paginated control-escolar export of fixtures/exports/, in both the
/// openpyxl and the LibreOffice (.xls) file: every non-student row is
/// skipped with a note and nothing else, every student row is judged.
#[test]
fn paginated_exports_check_students_only() {
    for name in ["exports/paginado.xlsx", "exports/paginado.xls"] {
        let (code, json) = check_json(&[fixture(name).to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        assert_schema(&json);
        assert_summary_consistent(&json);
        let skipped: Vec<u64> = (5..=5).chain(9..=15).chain(20..=25).collect();
        let mut expected: Vec<(u64, String)> = skipped
            .iter()
            .map(|&r| (r, "row.skipped".to_string()))
            .collect();
        expected.extend(pairs(&[
            (8, "nss.birth_year_mismatch"),
            (16, "nss.duplicate"),
            (17, "nss.duplicate"),
            (18, "curp.duplicate"),
            (18, "nss.duplicate"),
            (19, "curp.duplicate"),
            (19, "nss.duplicate"),
        ]));
        expected.sort();
        let mut got = row_codes(&json);
        got.sort();
        assert_eq!(got, expected, "{name}");
        let s = &json["summary"];
        // Rows read = rows checked + rows skipped: rows 5 to 25 below the
        // header of row 4.
        assert_eq!(s["rows"], 7);
        assert_eq!(s["rows_skipped"], 14);
        assert_eq!(s["by_code"]["row.skipped"], 14);
        // Duplicates make a row an error: rows 16-19 hold nothing else.
        assert_eq!(
            (
                &s["rows_ok"],
                &s["rows_with_errors"],
                &s["rows_with_warnings"]
            ),
            (&Value::from(2), &Value::from(4), &Value::from(1))
        );
        for f in json["findings"].as_array().unwrap() {
            if f["code"] == "row.skipped" {
                assert_eq!(f["severity"], "info");
                assert_eq!(f["field"], "row");
            }
        }
        let all = findings(&json);
        let says = |row: u64, code: &str| {
            all.iter()
                .find(|(r, c, _)| *r == row && c == code)
                .map(|(_, _, m)| m.clone())
                .unwrap()
        };
        assert!(says(14, "row.skipped").contains("encabezados"));
        assert!(says(11, "row.skipped").contains("título"));
        assert!(says(24, "row.skipped").contains("totales"));
        assert!(says(9, "row.skipped").contains("en blanco"));
    }
}

/// The terminal, the JSON summary, the Resumen and the Padrón's Estado
/// count rows with one definition: a row whose only fault is a duplicate
/// is an error everywhere.
#[test]
fn every_output_counts_rows_alike() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("r.xlsx");
    let json_path = dir.path().join("r.json");
    let input = fixture("alumnos_mx.csv");
    let run = cmd()
        .args(["check", "--today", TODAY, "-o"])
        .arg(&out)
        .arg("--json")
        .arg(&json_path)
        .arg(&input)
        .output()
        .unwrap();
    let terminal = String::from_utf8(run.stdout).unwrap();
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let s = &json["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    // Rows 21 and 22 share an NSS and have no other finding.
    let only_duplicates: Vec<(u64, String)> = row_codes(&json)
        .into_iter()
        .filter(|(r, _)| *r == 21 || *r == 22)
        .collect();
    assert_eq!(
        only_duplicates,
        pairs(&[(21, "nss.duplicate"), (22, "nss.duplicate")])
    );
    let (ok, errors, warnings) = (n("rows_ok"), n("rows_with_errors"), n("rows_with_warnings"));
    assert_eq!((ok, errors, warnings), (6, 10, 7));
    assert!(
        terminal.contains(&format!(
            "Correctas: {ok} · con errores: {errors} · con advertencias: {warnings}"
        )),
        "{terminal}"
    );
    // The Resumen's totals.
    let resumen = cells(&out, "Resumen");
    let total = |label: &str| {
        resumen
            .iter()
            .find(|r| text(&r[0]) == label)
            .map(|r| text(&r[1]))
            .unwrap()
    };
    assert_eq!(total("Filas correctas"), ok.to_string());
    assert_eq!(total("Filas con errores"), errors.to_string());
    assert_eq!(total("Filas con advertencias"), warnings.to_string());
    // The Padrón's Estado column.
    let padron = cells(&out, "Padrón");
    let status = padron[0]
        .iter()
        .position(|h| *h == Data::String("Estado".into()))
        .unwrap();
    let count = |word: &str| {
        padron[1..]
            .iter()
            .filter(|r| text(&r[status]) == word)
            .count() as u64
    };
    assert_eq!(
        (count("OK"), count("Error"), count("Advertencia")),
        (ok, errors, warnings)
    );
}

/// A duplicate says who shares the number: the same student twice, or
/// different people (a parent's or sibling's number).
#[test]
fn duplicate_messages_tell_the_cases_apart() {
    let (_, json) = check_json(&[fixture("exports/paginado.xlsx").to_str().unwrap()]);
    let all = findings(&json);
    let msg = |row: u64, code: &str| {
        all.iter()
            .find(|(r, c, _)| *r == row && c == code)
            .map(|(_, _, m)| m.clone())
            .unwrap()
    };
    // Siblings with one NSS.
    for row in [16, 17] {
        let m = msg(row, "nss.duplicate");
        assert!(
            m.contains("alumnos distintos") && m.contains("padre"),
            "{m}"
        );
    }
    // The same student entered twice: CURP and NSS alike.
    for (row, code) in [(18, "nss.duplicate"), (19, "curp.duplicate")] {
        let m = msg(row, code);
        assert!(m.contains("mismo alumno anotado"), "{m}");
        assert!(!m.contains("padre"), "{m}");
    }
    // A CURP on two different students is a copying mistake, never a
    // parent's number.
    let json = check_text(
        "curp.csv",
        "CURP,Nombre completo,Fecha de nacimiento\n\
         GALA080314MJCRPNA9,GARCÍA LÓPEZ ANA SOFÍA,14/03/2008\n\
         GALA080314MJCRPNA9,ROSAS VIDAL JUAN CARLOS,22/04/2008\n\
         VASM080128HSLRLTA4,VARGAS SILVA MATEO,28/01/2008\n\
         VASM080128HSLRLTA4,Vargas Silva Mateo,2008-01-28\n",
    );
    let all = findings(&json);
    let m = &all
        .iter()
        .find(|(r, c, _)| *r == 2 && c == "curp.duplicate")
        .unwrap()
        .2;
    assert!(
        m.contains("se copió por error") && !m.contains("padre"),
        "{m}"
    );
    let m = &all
        .iter()
        .find(|(r, c, _)| *r == 4 && c == "curp.duplicate")
        .unwrap()
        .2;
    assert!(m.contains("el mismo alumno anotado"), "{m}");
    // Without names or dates to compare, both cases are named.
    let json = check_text("solo.csv", "NSS,Grupo\n39230800011,1A\n39230800011,2B\n");
    let all = findings(&json);
    let m = &all.iter().find(|(_, c, _)| c == "nss.duplicate").unwrap().2;
    assert!(m.contains("Si es el mismo alumno"), "{m}");
    // A roster without CURPs compares names and birth dates: accents,
    // case and the date's order do not make two people.
    let json = check_text(
        "nombres.csv",
        "NUSS,Alumno,Fecha de nacimiento\n\
         281234567840,\"MUÑOZ IBÁÑEZ, JOSÉ\",14/03/2008\n\
         281234567840,\"Munoz Ibanez, Jose\",2008-03-14\n\
         280345678991,\"PÉREZ RUIZ, ANA\",01/02/2009\n\
         280345678991,\"PÉREZ RUIZ, LUIS\",01/02/2011\n",
    );
    let all = findings(&json);
    let at = |row: u64| {
        all.iter()
            .find(|(r, c, _)| *r == row && c == "nuss.duplicate")
            .unwrap()
            .2
            .clone()
    };
    assert!(at(2).contains("el mismo alumno anotado"), "{}", at(2));
    assert!(at(4).contains("alumnos distintos"), "{}", at(4));
}

/// `nss.registration_before_birth` compares the NSS's own years; a parent's
/// NSS on a student's row is one fact, one warning.
#[test]
fn registration_before_birth_reads_the_nss_alone() {
    let (_, json) = check_json(&[fixture("exports/paginado.xlsx").to_str().unwrap()]);
    let row8: Vec<(u64, String)> = row_codes(&json)
        .into_iter()
        .filter(|(r, _)| *r == 8)
        .collect();
    assert_eq!(row8, pairs(&[(8, "nss.birth_year_mismatch")]));
    let m = &findings(&json)
        .into_iter()
        .find(|(r, _, _)| *r == 8)
        .unwrap()
        .2;
    assert!(!m.starts_with("El año de alta"), "{m}");
}

/// A check-digit message never offers the computed digit as the fix; a
/// look-alike letter or digit that makes the CURP valid and agree with
/// the row's birth date is suggested, and only then.
#[test]
fn check_digit_advice_proves_its_suggestions() {
    let json = check_text(
        "digitos.csv",
        "CURP,NSS,Nombre completo,Fecha de nacimiento\n\
         GALA050314MJCRPN12,04230812341,GARCÍA LÓPEZ ANA SOFÍA,14/03/2005\n\
         GALA050314MJCRPN08,39230800011,GARCÍA LÓPEZ ANA SOFÍA,14/03/2005\n\
         VASM990128HSLRLTO5,39230800029,VARGAS SILVA MATEO,28/01/1999\n\
         GALA050314MJCRPN07,39230800037,GARCÍA LÓPEZ ANA SOFÍA,14/03/2005\n\
         VASM080128HSLRLTA4,39230800012,VARGAS SILVA MATEO,28/01/2008\n",
    );
    let found: Vec<(u64, String, Value, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] != "curp.name_mismatch" && f["code"] != "nss.birth_year_mismatch")
        .map(|f| {
            (
                f["row"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
                f["suggestion"].clone(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let at = |row: u64, code: &str| found.iter().find(|f| f.0 == row && f.1 == code).unwrap();
    // The digit 1 for the letter I in position 17: the check digit fails.
    let f = at(2, "curp.check_digit");
    assert_eq!(f.2, "GALA050314MJCRPNI2");
    assert!(f.3.contains("GALA050314MJCRPNI2"), "{}", f.3);
    // A zero for the letter O keeps the check digit and moves the date a
    // century: a birth-date mismatch with the proved CURP.
    let f = at(3, "curp.birthdate_mismatch");
    assert_eq!(f.2, "GALA050314MJCRPNO8");
    // The letter O for a zero: a future date, the digit proved.
    let f = at(4, "curp.date");
    assert_eq!(f.2, "VASM990128HSLRLT05");
    // Nothing proves a fix: none offered, no digit named as the fix.
    let f = at(5, "curp.check_digit");
    assert_eq!(f.2, Value::Null);
    assert!(
        f.3.contains("documento") || f.3.contains("constancia"),
        "{}",
        f.3
    );
    let f = at(6, "nss.check_digit");
    assert_eq!(f.2, Value::Null);
    assert!(!f.3.contains("debería ser"), "{}", f.3);
    assert!(f.3.contains("no cambie solo el último"), "{}", f.3);
}

/// A CURP and an NSS in each other's columns: one warning with the swap,
/// not two errors; the values still take part in the other checks.
#[test]
fn swapped_identifiers_are_said_once() {
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("cruzados.csv");
    std::fs::write(
        &f,
        "CURP,NSS,Nombre completo,Fecha de nacimiento\n\
         39230800011,VASM080128HSLRLTA4,VARGAS SILVA MATEO,28/01/2008\n\
         GALA080314MJCRPNA9,39230800011,GARCÍA LÓPEZ ANA SOFÍA,14/03/2008\n",
    )
    .unwrap();
    let (code, json) = check_json(&[f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_schema(&json);
    assert_eq!(
        row_codes(&json),
        pairs(&[
            (2, "nss.duplicate"),
            (2, "row.swapped"),
            (3, "nss.duplicate")
        ])
    );
    let swap = &json["findings"][1];
    assert_eq!(swap["severity"], "warning");
    assert_eq!(
        swap["suggestion"],
        "CURP: VASM080128HSLRLTA4 · NSS: 39230800011"
    );
    assert!(swap["message"].as_str().unwrap().contains("Intercámbielos"));
    assert_eq!(json["summary"]["rows_with_errors"], 2);
}

/// Blank rows between students are listed one by one, in delimited text
/// too (a line of delimiters alone); signature and continuation lines are
/// not students, wherever their text stands.
#[test]
fn blank_and_signature_rows_are_skipped_one_by_one() {
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("firmas.csv");
    std::fs::write(
        &f,
        "No.,CURP,NSS,Apellido Paterno,Apellido Materno,Nombre(s)\n\
         1,GALA080314MJCRPNA9,04230812341,GARCÍA,LÓPEZ,ANA SOFÍA\n\
         ,,,,,\n\
         ,,,,,\n\
         ,,,Continúa en la siguiente página...,,\n\
         2,VASM080128HSLRLTA4,39230800011,VARGAS,SILVA,MATEO\n\
         ,,ATENTAMENTE,,,\n\
         ,,,Lic. Juan Pérez Gómez,,Mtra. Rosa Díaz\n\
         ,Elaboró,,Revisó,,Vo. Bo.\n",
    )
    .unwrap();
    let (code, json) = check_json(&[f.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    let skipped: Vec<u64> = row_codes(&json)
        .into_iter()
        .map(|(r, c)| {
            assert_eq!(c, "row.skipped", "row {r}");
            r
        })
        .collect();
    assert_eq!(skipped, [3, 4, 5, 7, 8, 9]);
    assert_eq!(json["summary"]["rows"], 2);
    assert_eq!(json["summary"]["rows_skipped"], 6);
}

/// A letter O or I where a digit goes is corrected in the suggestion when
/// the check digits prove the change (and the row's birth date agrees),
/// never otherwise.
#[test]
fn look_alike_letters_are_corrected_only_when_proved() {
    let json = check_text(
        "letras.csv",
        "CURP,NSS,Nombre completo,Fecha de nacimiento\n\
         GALA08O314MJCRPNA9,0423O812341,GARCÍA LÓPEZ ANA SOFÍA,14/03/2008\n\
         VASM080128HSLRLTA4,3923080OO12,VARGAS SILVA MATEO,28/01/2008\n",
    );
    assert_eq!(
        row_codes_with(&json, "suggestion"),
        [
            (2, "curp.format".into(), "GALA080314MJCRPNA9".into()),
            (2, "nss.format".into(), "04230812341".into()),
            (3, "nss.format".into(), String::new()),
        ]
    );
}

/// An invisible character (pasted from a web page or a PDF) is named, and
/// its removal suggested only when that alone makes the value valid; the
/// value so proved is compared with the other rows as corrected.
#[test]
fn an_invisible_character_is_removed_only_when_that_proves_the_value() {
    let json = check_text(
        "invisibles.csv",
        "CURP,NSS,Nombre completo,Fecha de nacimiento\n\
         GALA080314MJCRPNA9,0423\u{200b}0812341,GARCÍA LÓPEZ ANA SOFÍA,14/03/2008\n\
         VASM080128HSLRLTA4,,VARGAS SILVA MATEO,28/01/2008\n\
         VASM080128HSLRLTA4\u{feff},,VARGAS SILVA MATEO,28/01/2008\n\
         GALA080314MJCRPNA8,0423\u{200b}0812342,GARCÍA LÓPEZ ANA SOFÍA,14/03/2008\n\
         VASM080128HSLRLTA4,３９２３０８０００１２,VARGAS SILVA MATEO,28/01/2008\n",
    );
    let found: Vec<_> = row_codes_with(&json, "suggestion")
        .into_iter()
        .filter(|(_, c, _)| !c.ends_with(".missing"))
        .collect();
    assert_eq!(
        found,
        [
            (2, "nss.format".into(), "04230812341".into()),
            (3, "curp.duplicate".into(), String::new()),
            (4, "curp.format".into(), "VASM080128HSLRLTA4".into()),
            (4, "curp.duplicate".into(), String::new()),
            (5, "curp.check_digit".into(), String::new()),
            (5, "nss.format".into(), String::new()),
            (6, "curp.duplicate".into(), String::new()),
            (6, "nss.format".into(), String::new()),
        ]
    );
    let message = json["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("04230812341"), "{message}");
    assert!(!message.contains("letras y dígitos"), "{message}");
}

/// Full-width digits and letters of other scripts drawn like Latin ones
/// are replaced in the suggestion when that alone makes the value valid.
#[test]
fn characters_drawn_alike_are_replaced_only_when_that_proves_the_value() {
    let json = check_text(
        "alfabetos.csv",
        "CURP,NSS\n\
         GALA080314MJCRPNA9,０４２３０８１２３４１\n\
         GАLA080314MJCRPNA9,\n\
         GALA08О314MJCRPNA9,\n",
    );
    let found: Vec<_> = row_codes_with(&json, "suggestion")
        .into_iter()
        .filter(|(_, c, _)| !c.ends_with(".missing"))
        .collect();
    assert_eq!(
        found,
        [
            (2, "curp.duplicate".into(), String::new()),
            (2, "nss.format".into(), "04230812341".into()),
            // A Cyrillic A, drawn as the Latin one.
            (3, "curp.format".into(), "GALA080314MJCRPNA9".into()),
            (3, "curp.duplicate".into(), String::new()),
            // A Cyrillic O where a digit goes: nothing is drawn alike.
            (4, "curp.format".into(), String::new()),
        ]
    );
}

/// Rows sharing an NSS are told apart by their CURPs only where those are
/// sound: a mistyped CURP leaves it to the names and birth date.
#[test]
fn a_faulty_curp_does_not_make_a_duplicate_another_student() {
    let json = check_text(
        "repetido.csv",
        "CURP,NSS,Nombre completo,Fecha de nacimiento\n\
         GALA080314MJCRPNA9,04230812341,GARCÍA LÓPEZ ANA SOFÍA,14/03/2008\n\
         GALA080314MJCRPNA8,04230812341,GARCÍA LÓPEZ ANA SOFÍA,14/03/2008\n",
    );
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "nss.duplicate")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2);
    for m in messages {
        assert!(m.contains("mismo alumno"), "{m}");
        assert!(!m.contains("distintos ("), "{m}");
    }
}
