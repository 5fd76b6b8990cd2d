//! The integration test binary: runs the real `roster-check` on the
//! fixtures and checks what a user and a script see: exit codes, the JSON
//! (against fixtures/findings.schema.json) and the workbook read back.

mod check;
mod columns;
mod corrected;
mod dates_and_blanks;
mod dni;
mod hostile;
mod id;
mod lang;
mod outputs;
mod pipes;
mod printing;
mod reading;
mod report;
mod rfc;
mod traced;
mod verdicts;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;

pub const TODAY: &str = "2026-11-23";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The (sheet, row, value) of every finding of `code`, in order.
pub fn places_of<'a>(json: &'a Value, code: &str) -> Vec<(Option<&'a str>, u64, &'a str)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            (
                f["sheet"].as_str(),
                f["row"].as_u64().unwrap(),
                f["value"].as_str().unwrap(),
            )
        })
        .collect()
}

/// `roster-check id ARGS`: its exit code and standard output.
pub fn id(args: &[&str]) -> (i32, String) {
    let out = cmd().arg("id").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// The binary, its help and usage errors in Spanish whatever the
/// machine's locale (`tests/cli/lang.rs` sets one where it matters).
pub fn cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_roster-check"));
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(var);
    }
    c
}

/// Runs `check` with JSON to stdout and returns (exit code, JSON).
pub fn check_json(args: &[&str]) -> (i32, Value) {
    let out = cmd()
        .args([
            "check",
            "--today",
            TODAY,
            "--no-report",
            "-q",
            "--json",
            "-",
        ])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), json)
}

/// `check --json -` of a file named `name` holding `text`, in a folder of
/// its own: its JSON (the exit code left to the callers that need it).
pub fn check_text(name: &str, text: &str) -> Value {
    let dir = tempfile::TempDir::new().unwrap();
    let f = dir.path().join(name);
    std::fs::write(&f, text).unwrap();
    check_json(&[f.to_str().unwrap()]).1
}

pub fn assert_schema(json: &Value) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("findings.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

/// (row, code) of every finding.
pub fn row_codes(json: &Value) -> Vec<(u64, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["row"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// (row, code, and the text of `key`, "" for null) of every finding.
pub fn row_codes_with(json: &Value, key: &str) -> Vec<(u64, String, String)> {
    row_codes(json)
        .into_iter()
        .zip(json["findings"].as_array().unwrap())
        .map(|((row, code), f)| (row, code, f[key].as_str().unwrap_or("").to_string()))
        .collect()
}

pub fn pairs(v: &[(u64, &str)]) -> Vec<(u64, String)> {
    v.iter().map(|(r, c)| (*r, c.to_string())).collect()
}

/// What fixtures/README.md promises for alumnos_mx (row as a person sees it).
pub const MX_EXPECTED: [(u64, &str); 20] = [
    (3, "curp.check_digit"),
    // The mistyped consonant of row 3 is also what the names disagree on.
    (3, "curp.name_mismatch"),
    (4, "nss.leading_zero_lost"),
    (5, "curp.normalized"),
    (6, "nss.check_digit"),
    (7, "curp.date"),
    (8, "nss.missing"),
    (9, "nss.missing"),
    (10, "curp.state"),
    (11, "curp.sex_x"),
    (12, "nss.scientific_notation"),
    (13, "curp.format"),
    (14, "nss.normalized"),
    (16, "nss.registration_before_birth"),
    (17, "curp.inconvenient_word"),
    (18, "curp.birthdate_mismatch"),
    (19, "curp.sex_mismatch"),
    (20, "nss.birth_year_mismatch"),
    (21, "nss.duplicate"),
    (22, "nss.duplicate"),
];

pub const ES_EXPECTED: [(u64, &str); 13] = [
    (3, "nuss.normalized"),
    (4, "nuss.legacy_form"),
    (5, "nuss.leading_zero_lost"),
    // Bare 11 digits in a column of 12-digit numbers: a lost zero.
    (6, "nuss.leading_zero_lost"),
    (7, "nuss.check_digit"),
    (8, "nuss.province"),
    (9, "nuss.province"),
    (10, "nuss.length"),
    (11, "nuss.format"),
    (12, "nuss.missing"),
    (13, "nuss.scientific_notation"),
    (16, "nuss.duplicate"),
    (17, "nuss.duplicate"),
];

pub fn assert_summary_consistent(json: &Value) {
    let s = &json["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(
        n("rows"),
        n("rows_ok") + n("rows_with_errors") + n("rows_with_warnings")
    );
    let by_code: u64 = s["by_code"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_code, json["findings"].as_array().unwrap().len() as u64);
    let rows_in_inputs: u64 = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(rows_in_inputs, n("rows"));
}

pub fn assert_sorted(json: &Value) {
    let keys: Vec<(String, String, u64, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["sheet"].as_str().unwrap_or("").to_string(),
                f["row"].as_u64().unwrap(),
                f["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

pub fn cells(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// True for the codes of cross-field and cross-row checks (names, dates,
/// sex, NSS against CURP, duplicates). Registration before birth is both:
/// the NSS alone, or the NSS against the CURP's birth year.
pub fn is_cross(code: &str) -> bool {
    code.ends_with("_mismatch")
        || code.ends_with(".duplicate")
        || code == "nss.registration_before_birth"
}

/// (row, code) of every finding about a value on its own: what reading
/// tests compare, whatever identifiers their made-up rows pair.
pub fn own_codes(json: &Value) -> Vec<(u64, String)> {
    row_codes(json)
        .into_iter()
        .filter(|(_, c)| !is_cross(c))
        .collect()
}

/// A tool of LibreOffice or poppler-utils, if installed: it answers
/// `flag` (`--version`, `-v`).
pub fn installed(tool: &str, flag: &str) -> bool {
    std::process::Command::new(tool)
        .arg(flag)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Converts `file` with LibreOffice (`soffice --headless`, a profile of
/// its own in `out_dir`) to `to` (`pdf`, `csv:…`), read with `infilter`
/// if given, into `out_dir`: the file it saves.
pub fn libreoffice_convert(
    file: &Path,
    to: &str,
    infilter: Option<&str>,
    out_dir: &Path,
) -> PathBuf {
    let mut c = std::process::Command::new("soffice");
    c.arg(format!(
        "-env:UserInstallation=file://{}",
        out_dir.join("profile").display()
    ))
    .arg("--headless");
    if let Some(f) = infilter {
        c.arg(format!("--infilter={f}"));
    }
    let out = c
        .args(["--convert-to", to, "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let extension = to.split(':').next().unwrap();
    out_dir.join(file.with_extension(extension).file_name().unwrap())
}
