//! The short summary printed after a run, for people at a terminal:
//! rows read, OK / with errors / with warnings, the top codes, skipped
//! sheets, where the report is. Styled with ANSI codes; the caller prints
//! through `anstream`, which drops them when the output is not a terminal
//! or `NO_COLOR` is set.

use std::fmt::Write as _;
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::findings::{Code, Run, Severity};
use crate::i18n::{self, say, Lang};

/// How many codes the summary lists.
const TOP_CODES: usize = 5;

const BOLD: Style = Style::new().bold();
const RED: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();
const YELLOW: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
    .bold();
const GREEN: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)))
    .bold();
const DIM: Style = Style::new().dimmed();

/// The summary lines (failures are printed as they happen): `report`
/// where the report was written, `asked` whether one was asked for,
/// `corrected` the corrected rosters written.
pub fn summary(
    run: &Run,
    lang: Lang,
    report: Option<&Path>,
    asked: bool,
    corrected: &[std::path::PathBuf],
) -> String {
    let s = &run.summary;
    let mut out = String::new();
    // Every input failed: no totals, which would read like a clean roster.
    if run.sources.is_empty() && !run.failures.is_empty() {
        let _ = writeln!(
            out,
            "{RED}{}{RED:#}",
            say::nothing_checked(lang, run.failures.len(), asked)
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{BOLD}{}{BOLD:#}",
        say::rows_read(lang, s.rows, run.sources.len())
    );
    for src in run.sources.iter().filter(|src| src.rows == 0) {
        let _ = writeln!(
            out,
            "{}",
            say::no_data_rows(lang, &src.file, src.sheet.as_deref())
        );
    }
    if s.rows_skipped > 0 {
        let _ = writeln!(out, "{}", say::rows_skipped(lang, s.rows_skipped));
    }
    let (ok, err, warn) = (s.rows_ok, s.rows_with_errors, s.rows_with_warnings);
    let paint = |style: Style, n: u64| {
        let text = i18n::number(lang, n);
        if n > 0 {
            format!("{style}{text}{style:#}")
        } else {
            text
        }
    };
    let _ = writeln!(
        out,
        "{}",
        say::row_totals_styled(
            lang,
            &paint(GREEN, ok),
            &paint(RED, err),
            &paint(YELLOW, warn)
        )
    );
    let codes: Vec<(Code, String, u64)> = s
        .codes_by_count()
        .into_iter()
        .map(|(c, n)| (c, c.as_string(), n))
        .collect();
    if !codes.is_empty() {
        let _ = writeln!(out, "{}", say::top_codes(lang));
        let width = codes
            .iter()
            .take(TOP_CODES)
            .map(|(_, text, _)| text.len())
            .max()
            .unwrap_or(0);
        for (code, text, n) in codes.iter().take(TOP_CODES) {
            let severity = run.findings.by_code().get(code).map(|&(_, s)| s);
            let style = match severity {
                Some(Severity::Error) => RED,
                Some(Severity::Warning) => YELLOW,
                _ => DIM,
            };
            let _ = writeln!(
                out,
                "  {:>9}  {style}{text:<width$}{style:#}  {DIM}{}{DIM:#}",
                i18n::number(lang, *n),
                i18n::code_description(lang, *code)
            );
        }
        if codes.len() > TOP_CODES {
            let _ = writeln!(
                out,
                "  {DIM}{}{DIM:#}",
                say::more_codes(lang, codes.len() - TOP_CODES)
            );
        }
    }
    for (file, sheet) in &run.skipped {
        let _ = writeln!(out, "{DIM}{}{DIM:#}", say::skipped_sheet(lang, file, sheet));
    }
    if let Some(p) = report {
        let _ = writeln!(out, "{BOLD}{}{BOLD:#}", say::report_at(lang, p));
    }
    for p in corrected {
        let _ = writeln!(out, "{BOLD}{}{BOLD:#}", say::corrected_at(lang, p));
    }
    out
}
