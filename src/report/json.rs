//! `--json`: the machine-readable findings, exactly as CONTRACT.md and
//! fixtures/findings.schema.json pin them (version 1). Additions beyond
//! the contract: `failed` lists inputs that could not be read; an input
//! may carry `encoding` (delimited text) and `hidden: true` (a hidden sheet).

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::findings::Run;
use crate::i18n::{self, Lang};

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    inputs: Vec<Input<'a>>,
    summary: Summary<'a>,
    findings: Findings<'a>,
    failed: Vec<Failed<'a>>,
}

/// The findings, drawn (message and all) one at a time as they are
/// written: a million findings never sit in memory as text.
struct Findings<'a> {
    run: &'a Run,
    lang: Lang,
}

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (run, lang) = (self.run, self.lang);
        serializer.collect_seq(run.findings.iter().map(|f| {
            let src = &run.sources[f.source];
            Finding {
                file: &src.file,
                sheet: src.sheet.as_deref(),
                row: f.row,
                field: f.field.as_str(),
                column: f.column.and_then(|c| src.header(c)),
                value: f.value.as_deref(),
                severity: f.severity.as_str(),
                code: f.code.as_string(),
                message: i18n::message(lang, f, &run.sources),
                suggestion: f.suggestion.as_deref(),
            }
        }))
    }
}

#[derive(Serialize)]
struct Input<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    header_row: Option<u64>,
    rows: u64,
    columns: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hidden: bool,
}

#[derive(Serialize)]
struct Summary<'a> {
    rows: u64,
    rows_ok: u64,
    rows_with_errors: u64,
    rows_with_warnings: u64,
    by_code: &'a BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct Finding<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    row: u64,
    field: &'static str,
    column: Option<&'a str>,
    value: Option<&'a str>,
    severity: &'static str,
    code: String,
    message: String,
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct Failed<'a> {
    file: &'a str,
    message: String,
}

/// Writes the findings document.
pub fn write(run: &Run, lang: Lang, out: impl Write) -> serde_json::Result<()> {
    let inputs = run
        .sources
        .iter()
        .map(|s| Input {
            file: &s.file,
            sheet: s.sheet.as_deref(),
            header_row: s.header_row,
            rows: s.rows,
            columns: s
                .columns
                .iter()
                .filter_map(|&(f, c)| Some((f.as_str(), s.header(c)?)))
                .collect(),
            encoding: s.encoding.as_deref(),
            hidden: s.hidden,
        })
        .collect();
    let findings = Findings { run, lang };
    let failed = run
        .failures
        .iter()
        .map(|f| Failed {
            file: &f.file,
            message: i18n::input_error(lang, &f.error),
        })
        .collect();
    let doc = Doc {
        version: 1,
        inputs,
        summary: Summary {
            rows: run.summary.rows,
            rows_ok: run.summary.rows_ok,
            rows_with_errors: run.summary.rows_with_errors,
            rows_with_warnings: run.summary.rows_with_warnings,
            by_code: &run.summary.by_code,
        },
        findings,
        failed,
    };
    serde_json::to_writer_pretty(out, &doc)
}
