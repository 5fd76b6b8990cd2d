//! `--json`: the machine-readable findings, exactly as CONTRACT.md and
//! fixtures/findings.schema.json pin them (version 1). Additions beyond
//! the contract: `failed` lists inputs that could not be read; an input
//! may carry `encoding` (delimited text) and `hidden: true` (a hidden sheet).

use std::collections::BTreeMap;
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::findings::Run;
use crate::i18n::{self, Lang};

/// The document without its findings, which are written after it in
/// parallel pieces (`write`); `failed` follows them.
#[derive(Serialize)]
struct Head<'a> {
    version: u32,
    inputs: Vec<Input<'a>>,
    summary: Summary,
}

/// Findings rendered at a time (in pieces of `PIECE`, one per task):
/// the text of the document never sits in memory whole. Small enough
/// that writing starts soon and the last window's write, which nothing
/// overlaps, is short (measured on the 1M-row benchmark, JSON step:
/// 16,384 findings 23-34 ms, 4,096 22-24 ms, 2,048 22-27 ms).
const WINDOW: usize = 4 * 1024;
/// Findings a task renders into one buffer (small enough for the
/// allocator to reuse buffers rather than map fresh memory).
const PIECE: usize = 256;
/// Windows rendered ahead of the one being written.
const AHEAD: usize = 2;

/// What many findings share, written as JSON once: each source's file
/// and sheet, each code.
struct Shared {
    /// `"file": ..., "sheet": ...` of each source, as a finding shows them.
    sources: Vec<Vec<u8>>,
    codes: std::collections::HashMap<crate::findings::Code, Vec<u8>>,
}

impl Shared {
    fn new(run: &Run) -> serde_json::Result<Shared> {
        let mut sources = Vec::new();
        for src in &run.sources {
            let mut text = Vec::new();
            json_value(&mut text, &src.file)?;
            text.extend_from_slice(b",\n      \"sheet\": ");
            json_value(&mut text, &src.sheet)?;
            sources.push(text);
        }
        let mut codes = std::collections::HashMap::new();
        for &code in run.findings.by_code().keys() {
            let mut text = Vec::new();
            json_value(&mut text, &code.as_string())?;
            codes.insert(code, text);
        }
        Ok(Shared { sources, codes })
    }
}

/// Appends `value` as serde_json writes it (strings escaped).
fn json_value(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) -> serde_json::Result<()> {
    serde_json::to_writer(out, value)
}

/// Appends `text` as a JSON string, as serde_json writes it: copied
/// whole between quotes when nothing in it needs escaping (nearly every
/// value and message; the test looks at the whole byte range at once, so
/// the compiler can check many bytes an instruction), else through
/// serde_json.
fn json_str(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
    let plain = text.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if !plain {
        return json_value(out, text);
    }
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
    Ok(())
}

/// `json_str` of a value that may be absent (`null`).
fn json_opt(out: &mut Vec<u8>, text: Option<&str>) -> serde_json::Result<()> {
    match text {
        Some(t) => json_str(out, t),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// Appends a finding as `pretty_at(&finding(..), 2, out)` writes it
/// (the unit test compares the two documents byte for byte), key by key:
/// the shared text copied, only the finding's own values through
/// serde_json.
fn write_finding(
    out: &mut Vec<u8>,
    run: &Run,
    lang: Lang,
    shared: &Shared,
    f: &crate::findings::Finding,
) -> serde_json::Result<()> {
    let src = &run.sources[f.source];
    out.extend_from_slice(b"{\n      \"file\": ");
    out.extend_from_slice(
        shared
            .sources
            .get(f.source)
            .map_or(&b"null"[..], Vec::as_slice),
    );
    out.extend_from_slice(b",\n      \"row\": ");
    json_value(out, &f.row)?;
    out.extend_from_slice(b",\n      \"field\": ");
    json_str(out, f.field.as_str())?;
    out.extend_from_slice(b",\n      \"column\": ");
    json_opt(out, f.column.and_then(|c| src.header(c)))?;
    out.extend_from_slice(b",\n      \"value\": ");
    json_opt(out, f.value.as_deref())?;
    out.extend_from_slice(b",\n      \"severity\": ");
    json_str(out, f.severity.as_str())?;
    out.extend_from_slice(b",\n      \"code\": ");
    match shared.codes.get(&f.code) {
        Some(code) => out.extend_from_slice(code),
        None => json_value(out, &f.code.as_string())?,
    }
    out.extend_from_slice(b",\n      \"message\": ");
    json_str(out, &i18n::message(lang, f, &run.sources))?;
    out.extend_from_slice(b",\n      \"suggestion\": ");
    json_opt(out, i18n::suggestion(f).as_deref())?;
    out.extend_from_slice(b"\n    }");
    Ok(())
}

/// A finding as the document shows it, message and all (what
/// `write_finding` writes, as a value serde_json can write whole).
#[cfg(test)]
fn finding<'a>(run: &'a Run, lang: Lang, f: &'a crate::findings::Finding) -> Finding<'a> {
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
        suggestion: i18n::suggestion(f),
    }
}

/// Appends `value` as serde_json's pretty printer writes it `depth`
/// levels deep: its lines after the first indented two spaces a level
/// more. Strings escape their line breaks, so every one in the text is
/// the printer's.
fn pretty_at(value: &impl Serialize, depth: usize, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            out.extend(std::iter::repeat_n(b' ', 2 * depth));
        }
        out.extend_from_slice(line);
    }
    Ok(())
}

#[derive(Serialize)]
struct Input<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    header_row: Option<u64>,
    rows: u64,
    columns: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<std::borrow::Cow<'a, str>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hidden: bool,
}

#[derive(Serialize)]
struct Summary {
    rows: u64,
    rows_ok: u64,
    rows_with_errors: u64,
    rows_with_warnings: u64,
    rows_skipped: u64,
    by_code: BTreeMap<String, u64>,
}

#[cfg(test)]
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
    suggestion: Option<std::borrow::Cow<'a, str>>,
}

#[derive(Serialize)]
struct Failed<'a> {
    file: &'a str,
    message: String,
}

/// The document but its findings: the head, and the inputs that could
/// not be read.
fn parts(run: &Run, lang: Lang) -> (Head<'_>, Vec<Failed<'_>>) {
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
            encoding: i18n::say::encoding(lang, s),
            hidden: s.hidden,
        })
        .collect();
    let failed = run
        .failures
        .iter()
        .map(|f| Failed {
            file: &f.file,
            message: i18n::input_error(lang, &f.error),
        })
        .collect();
    let head = Head {
        version: 1,
        inputs,
        summary: Summary {
            rows: run.summary.rows,
            rows_ok: run.summary.rows_ok,
            rows_with_errors: run.summary.rows_with_errors,
            rows_with_warnings: run.summary.rows_with_warnings,
            rows_skipped: run.summary.rows_skipped,
            by_code: run
                .summary
                .by_code
                .iter()
                .map(|(c, n)| (c.as_string(), *n))
                .collect(),
        },
    };
    (head, failed)
}

/// Writes the findings document, byte for byte what
/// `serde_json::to_writer_pretty` writes for it, the findings rendered in
/// parallel.
pub fn write(run: &Run, lang: Lang, mut out: impl Write) -> serde_json::Result<()> {
    let (head, failed) = parts(run, lang);
    let mut text = Vec::new();
    pretty_at(&head, 0, &mut text)?;
    // The head ends with "\n}": the fields that follow go before it.
    text.truncate(text.len() - 2);
    text.extend_from_slice(b",\n  \"findings\": [");
    out.write_all(&text).map_err(serde_json::Error::io)?;
    let shared = Shared::new(run)?;
    // The pool renders window after window, up to `AHEAD` ahead of this
    // thread, which writes them (the writer may be a locked stdout, which
    // stays on its thread): a window slower to write than the next is to
    // render, or the other way round, leaves no core waiting.
    let render = |w: usize, window: &[std::borrow::Cow<crate::findings::Finding>]| {
        let mut pieces = Vec::new();
        window
            .par_chunks(PIECE)
            .enumerate()
            .map(|(p, piece)| {
                let mut text = Vec::new();
                for (i, f) in piece.iter().enumerate() {
                    let first = w == 0 && p == 0 && i == 0;
                    text.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                    write_finding(&mut text, run, lang, &shared, f)?;
                }
                Ok(text)
            })
            .collect_into_vec(&mut pieces);
        pieces
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(AHEAD);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // Stops when the writer has stopped (its end dropped), or at a
            // finding the temporary file could not give back.
            let mut findings = run.findings.iter();
            let mut window = Vec::with_capacity(WINDOW);
            for w in 0.. {
                window.clear();
                for f in findings.by_ref().take(WINDOW) {
                    match f {
                        Ok(f) => window.push(f),
                        Err(e) => {
                            let _ = tx.send(vec![Err(serde_json::Error::io(e))]);
                            return;
                        }
                    }
                }
                if window.is_empty() || tx.send(render(w, &window)).is_err() {
                    return;
                }
            }
        });
        // An error drops `rx` on its way out, which stops the renderer.
        rx.into_iter()
            .flatten()
            .try_for_each(|piece| out.write_all(&piece?).map_err(serde_json::Error::io))
    })?;
    text.clear();
    if !run.findings.is_empty() {
        text.extend_from_slice(b"\n  ");
    }
    text.extend_from_slice(b"],\n  \"failed\": ");
    pretty_at(&failed, 1, &mut text)?;
    text.extend_from_slice(b"\n}");
    out.write_all(&text).map_err(serde_json::Error::io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Code, Failure, Field, Kind, Note, Severity, Source};
    use crate::input::InputError;

    /// The document as serde_json writes it whole.
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        inputs: Vec<Input<'a>>,
        summary: Summary,
        findings: Vec<Finding<'a>>,
        failed: Vec<Failed<'a>>,
    }

    fn whole(run: &Run, lang: Lang) -> Vec<u8> {
        let (head, failed) = parts(run, lang);
        let owned: Vec<_> = run
            .findings
            .iter()
            .map(|f| f.unwrap().into_owned())
            .collect();
        let doc = Doc {
            version: head.version,
            inputs: head.inputs,
            summary: head.summary,
            findings: owned.iter().map(|f| finding(run, lang, f)).collect(),
            failed,
        };
        serde_json::to_vec_pretty(&doc).unwrap()
    }

    fn run_with(findings: usize, failures: usize) -> Run {
        let mut run = Run::default();
        run.sources.push(Source {
            file: "alumnos \"2026\"\n.csv".into(),
            headers: vec!["CURP".into(), "NSS".into()],
            columns: vec![(Field::CURP, 0), (Field::NSS, 1)],
            encoding: Some("UTF-8".into()),
            ..Source::default()
        });
        run.sources.push(Source {
            file: "libro\\ñ.xlsx".into(),
            sheet: Some("Hoja \"1\"\t\u{1}".into()),
            headers: vec!["NSS".into()],
            columns: vec![(Field::NSS, 0)],
            ..Source::default()
        });
        for i in 0..findings {
            let (field, severity) = match i % 3 {
                0 => (Field::CURP, Severity::Error),
                1 => (Field::NSS, Severity::Warning),
                _ => (Field::Row, Severity::Info),
            };
            run.findings.push(crate::findings::Finding {
                source: i % 2,
                row: i as u64 + 2,
                field,
                column: (i % 4 != 0).then_some(0),
                value: (i % 5 != 0).then(|| format!("VAL\n{i} «ñ» \u{7f}\"\\")),
                severity,
                code: Code::new(field, Kind::Missing),
                note: Note::Missing {
                    placeholder: (i % 7 == 0).then(|| "N/A \"\u{2028}\"".to_string()),
                },
                suggestion: (i % 2 == 0).then(|| "x".to_string()),
            });
        }
        for i in 0..failures {
            run.failures.push(Failure {
                file: format!("roto{i}.xlsx"),
                error: InputError::Empty,
            });
        }
        run.finish();
        run
    }

    /// Written in parallel pieces, the document is byte for byte what
    /// serde_json writes whole: no finding, one, several windows; no
    /// failed input or some.
    #[test]
    fn pieces_write_what_serde_json_writes_whole() {
        for findings in [0, 1, 2, PIECE + 1, WINDOW + PIECE + 3] {
            for failures in [0, 2] {
                let run = run_with(findings, failures);
                for lang in Lang::ALL {
                    let mut ours = Vec::new();
                    write(&run, lang, &mut ours).unwrap();
                    assert!(
                        ours == whole(&run, lang),
                        "{findings} findings, {failures} failed"
                    );
                }
            }
        }
    }

    /// A writer that takes `room` bytes, then fails.
    struct Full {
        took: Vec<u8>,
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.room - self.took.len());
            if n == 0 && !buf.is_empty() {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            self.took.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A writer failing anywhere (before the findings, in the first
    /// window, windows later while more are rendered ahead) stops the
    /// document with the error, what it took the start of the document.
    #[test]
    fn a_failing_writer_stops_the_document() {
        let run = run_with((AHEAD + 3) * WINDOW + 7, 0);
        let doc = whole(&run, Lang::ES_MX);
        for room in [0, 100, doc.len() / 10, doc.len() / 2, doc.len() - 1] {
            let mut out = Full {
                took: Vec::new(),
                room,
            };
            assert!(write(&run, Lang::ES_MX, &mut out).is_err(), "room {room}");
            assert!(doc.starts_with(&out.took) && out.took.len() == room);
        }
    }

    proptest::proptest! {
        /// A string is written exactly as serde_json writes it, whether
        /// it is copied whole or escaped (quotes, backslashes, control
        /// characters, accents and other scripts).
        #[test]
        fn strings_are_written_as_serde_json_writes_them(
            text in proptest::prop_oneof![r"\PC{0,40}", r#"(\PC|[\x00-\x1F"\\\x7F]){0,40}"#],
            absent: bool,
        ) {
            let mut ours = Vec::new();
            json_str(&mut ours, &text).unwrap();
            proptest::prop_assert_eq!(&ours, &serde_json::to_vec(&text).unwrap());
            let value = (!absent).then_some(text.as_str());
            let mut ours = Vec::new();
            json_opt(&mut ours, value).unwrap();
            proptest::prop_assert_eq!(ours, serde_json::to_vec(&value).unwrap());
        }
    }
}
