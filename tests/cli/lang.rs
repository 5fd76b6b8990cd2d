//! The user's language (issue 20, items 3 to 5): Spanish of Mexico or of
//! Spain chosen by the identifiers found or by `--lang`, English; help
//! and usage errors in the same language; counts with the reader's
//! separators; a run that read nothing says so.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader};
use serde_json::Value;
use tempfile::TempDir;

use crate::*;

/// `check` with a report and JSON in `dir`: the report's sheet names and
/// the JSON.
fn sheets_and_json(dir: &Path, lang: Option<&str>, input: &Path) -> (Vec<String>, Value) {
    let name = lang.unwrap_or("auto");
    let (out, json) = (
        dir.join(format!("{name}.xlsx")),
        dir.join(format!("{name}.json")),
    );
    let mut c = cmd();
    c.args(["check", "--today", TODAY, "-q", "-o"])
        .arg(&out)
        .arg("--json")
        .arg(&json);
    if let Some(lang) = lang {
        c.args(["--lang", lang]);
    }
    c.arg(input).assert().code(1);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (open_workbook_auto(&out).unwrap().sheet_names(), json)
}

/// The messages of the findings of `code`.
fn messages<'a>(json: &'a Value, code: &str) -> Vec<&'a str> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["message"].as_str().unwrap())
        .collect()
}

const MEXICO: [&str; 4] = ["Resumen", "Hallazgos", "Padrón", "Duplicados"];
const SPAIN: [&str; 4] = ["Resumen", "Incidencias", "Listado", "Duplicados"];

/// Plain `es` (the default) speaks as the office the identifiers belong
/// to: a NUSS roster is Spain's, a CURP/NSS roster Mexico's; `--lang`
/// with a country overrides, in any case and with `_`.
#[test]
fn spanish_follows_the_identifiers_unless_lang_says() {
    let dir = TempDir::new().unwrap();
    let (nuss, curp) = (fixture("alumnos_es.csv"), fixture("alumnos_mx.csv"));
    for (lang, input, sheets) in [
        (None, &nuss, SPAIN),
        (Some("es"), &nuss, SPAIN),
        (None, &curp, MEXICO),
        (Some("es-ES"), &curp, SPAIN),
        (Some("ES_es"), &curp, SPAIN),
        (Some("es-MX"), &nuss, MEXICO),
        (Some("es_mx"), &nuss, MEXICO),
    ] {
        let (names, json) = sheets_and_json(dir.path(), lang, input);
        assert_eq!(names, sheets.map(String::from), "{lang:?} {input:?}");
        // The NUSS has two dígitos de control in every variant.
        if input == &nuss {
            let m = messages(&json, "nuss.check_digit");
            assert!(
                m[0].starts_with("Los dígitos de control no cuadran"),
                "{m:?}"
            );
        }
    }
    // The CURP/NSS: a dígito verificador in Mexico, de control in Spain.
    let (_, mx) = sheets_and_json(dir.path(), None, &curp);
    let (_, es) = sheets_and_json(dir.path(), Some("es-ES"), &curp);
    let (_, en) = sheets_and_json(dir.path(), Some("en"), &curp);
    assert!(messages(&mx, "nss.check_digit")[0].starts_with("El dígito verificador no cuadra"));
    assert!(messages(&es, "nss.check_digit")[0].starts_with("El dígito de control no cuadra"));
    assert!(messages(&en, "nss.check_digit")[0].starts_with("The check digit does not match"));
    // JSON messages follow the variant: the roster is a padrón or a listado.
    let sex = |j: &Value| messages(j, "curp.sex_mismatch")[0].to_string();
    assert!(sex(&mx).contains("el padrón dice"), "{}", sex(&mx));
    assert!(sex(&es).contains("el listado dice"), "{}", sex(&es));
    assert!(sex(&en).contains("the roster says"), "{}", sex(&en));
    // The report's default name is -reporte.xlsx in both countries.
    for lang in ["es-MX", "es-ES"] {
        let dir = TempDir::new().unwrap();
        cmd()
            .current_dir(dir.path())
            .args(["check", "--today", TODAY, "-q", "--lang", lang])
            .arg(&nuss)
            .assert()
            .code(1);
        assert!(
            dir.path().join("alumnos_es-reporte.xlsx").exists(),
            "{lang}"
        );
    }
}

/// `--help` and its output, with `env` set.
fn help(args: &[&str], env: Option<&str>) -> String {
    let mut c = cmd();
    if let Some(locale) = env {
        c.env("LANG", locale);
    }
    let out = c.args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_is_spanish_by_default_and_english_when_asked() {
    let es = help(&["--help"], None);
    for word in [
        "Uso:",
        "Comandos:",
        "Opciones:",
        "Ejemplos:",
        "Muestra esta ayuda",
    ] {
        assert!(es.contains(word), "{word}: {es}");
    }
    assert!(!es.contains("Usage") && !es.contains("Print help"), "{es}");
    let check = help(&["check", "--help"], None);
    for word in [
        "Argumentos:",
        "<ENTRADA>",
        "--json <ARCHIVO>",
        "Ejemplos:",
        "--json -",
        "--col",
    ] {
        assert!(check.contains(word), "{word}: {check}");
    }
    assert!(
        check.contains("es-MX") && check.contains("es-ES"),
        "{check}"
    );
    // English by --lang, before or after the command, or by the locale.
    for (args, env) in [
        (&["--lang", "en", "--help"][..], None),
        (&["--lang", "en", "check", "--help"], None),
        (&["check", "--help", "--lang=en"], None),
        (&["--help"], Some("en_US.UTF-8")),
    ] {
        let en = help(args, env);
        assert!(
            en.contains("Usage:") && en.contains("Options:"),
            "{args:?}: {en}"
        );
        assert!(
            en.contains("Examples:") && !en.contains("Uso:"),
            "{args:?}: {en}"
        );
    }
    // --lang wins over the locale.
    assert!(help(&["--lang", "es", "--help"], Some("en_US.UTF-8")).contains("Uso:"));
    // `id --help` is about explaining values, not about a report.
    let id = help(&["id", "--help"], None);
    assert!(id.contains("Explica") && id.contains("<VALOR>"), "{id}");
    assert!(!id.contains("reporte") && !id.contains("libro"), "{id}");
    let id = help(&["id", "--help", "--lang", "en"], None);
    assert!(!id.to_lowercase().contains("report"), "{id}");
    // `help` is --help; --version is unchanged.
    assert_eq!(help(&["help", "id"], None), help(&["id", "--help"], None));
    assert_eq!(
        help(&["--version"], None),
        format!("roster-check {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// The exit code and standard error of a run.
fn fails(args: &[&str], env: Option<&str>) -> (i32, String) {
    let mut c = cmd();
    if let Some(locale) = env {
        c.env("LC_ALL", locale);
    }
    let out = c.args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn usage_errors_are_in_the_user_s_language_with_one_prefix() {
    let a = fixture("alumnos_mx.csv");
    let a = a.to_str().unwrap();
    for (args, says) in [
        (&["--jsno", "-", a][..], "Error: argumento inesperado: «--jsno». ¿Quiso decir «--json»?"),
        (&[a, "--json"], "Error: falta un valor: --json <ARCHIVO> necesita uno."),
        (&["--lang", "fr", a], "Error: «fr» no es un valor válido para --lang <IDIOMA> (valores: es, es-MX, es-ES, en)."),
        (&["--fail-on", "todo", a], "Error: «todo» no es un valor válido para --fail-on <GRAVEDAD> (valores: error, warning, never)."),
        (&["check"], "Error: falta <ENTRADA>..."),
        (&["--today", "ayer", a], "Error: --today «ayer» no es una fecha AAAA-MM-DD."),
        (&["id", "--today", "ayer", "28138801999"], "Error: --today «ayer» no es una fecha AAAA-MM-DD."),
    ] {
        let (code, stderr) = fails(args, None);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.starts_with(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("roster-check:") && !stderr.contains("error:"), "{stderr}");
    }
    // The help is pointed at, in the same language.
    let (_, stderr) = fails(&["--bogus", a], None);
    assert!(stderr.contains("use --help"), "{stderr}");
    // English by --lang or by the locale, with the same prefix.
    let (code, stderr) = fails(&["--bogus", "--lang", "en", a], None);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("Error: unexpected argument: «--bogus»"),
        "{stderr}"
    );
    let (_, stderr) = fails(&["--today", "x", a], Some("en_US.UTF-8"));
    assert!(
        stderr.starts_with("Error: --today «x» is not a YYYY-MM-DD date."),
        "{stderr}"
    );
    // An input that cannot be read has the same prefix.
    let (code, stderr) = fails(&["-q", "no-such-file.csv"], None);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("Error: no-such-file.csv no existe"),
        "{stderr}"
    );
}

/// A roster of `rows` rows with a NUSS or a CURP column, each value
/// wrong (too short): synthetic, nobody's.
fn big_roster(dir: &Path, header: &str, rows: usize) -> PathBuf {
    let path = dir.join(format!("{header}.csv"));
    let mut text = format!("{header},Nombre\n");
    for _ in 0..rows {
        text.push_str("28-1234,ANA GARCÍA LÓPEZ\n");
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// The terminal summary of a check of `input` (no report written).
fn summary(input: &Path, lang: Option<&str>) -> String {
    let mut c = cmd();
    c.args(["check", "--today", TODAY, "--no-report"]);
    if let Some(lang) = lang {
        c.args(["--lang", lang]);
    }
    let out = c.arg(input).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn counts_have_the_reader_s_thousands_separators() {
    let dir = TempDir::new().unwrap();
    let (nuss, curp) = (
        big_roster(dir.path(), "NUSS", 12_345),
        big_roster(dir.path(), "CURP", 1_234),
    );
    // Spain: a point, and none in a number of four digits (1234).
    let es = summary(&nuss, None);
    assert!(es.contains("12.345 filas leídas en 1 tabla."), "{es}");
    assert!(es.contains("con errores: 12.345"), "{es}");
    assert!(summary(&curp, Some("es-ES")).contains("1234 filas leídas"));
    // Mexico and English: a comma.
    let mx = summary(&curp, None);
    assert!(mx.contains("1,234 filas leídas en 1 tabla."), "{mx}");
    assert!(summary(&nuss, Some("es-MX")).contains("12,345 filas leídas"));
    let en = summary(&nuss, Some("en"));
    assert!(en.contains("12,345 rows read in 1 table."), "{en}");
}

/// Every input failed: the summary says nothing was checked and why,
/// not «0 filas · Correctas: 0», and the exit code is 2.
#[test]
fn a_run_that_read_nothing_does_not_look_like_a_clean_roster() {
    let dir = TempDir::new().unwrap();
    for (inputs, says) in [
        (
            vec!["no-such-file.csv"],
            "No se revisó ninguna fila: el archivo no se pudo leer",
        ),
        (
            vec!["a.csv", "b.csv"],
            "No se revisó ninguna fila: no se pudo leer ninguno de los 2 archivos",
        ),
    ] {
        let out = cmd()
            .current_dir(dir.path())
            .args(["check", "--today", TODAY])
            .args(&inputs)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stdout.contains(says), "{stdout}");
        assert!(stdout.contains("No se escribió ningún reporte"), "{stdout}");
        // Without a report asked for, none is said missing.
        let out = cmd()
            .current_dir(dir.path())
            .args(["check", "--no-report"])
            .args(&inputs)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.contains(says) && !stdout.contains("reporte"),
            "{stdout}"
        );
        assert!(
            !stdout.contains("Correctas") && !stdout.contains("0 filas"),
            "{stdout}"
        );
        assert!(stderr.contains("no existe"), "{stderr}");
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }
    let out = cmd()
        .args(["check", "--lang", "en", "missing.csv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("No row was checked: the file could not be read"),
        "{stdout}"
    );
}
