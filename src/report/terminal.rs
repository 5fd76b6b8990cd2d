//! The short summary printed after a run, for people at a terminal.

use std::path::Path;

use crate::findings::Run;
use crate::i18n::{say, Lang};

/// How many codes the summary lists.
const TOP_CODES: usize = 5;

/// The summary lines (without failures, which are printed as they are).
pub fn summary(run: &Run, lang: Lang, report: Option<&Path>) -> String {
    let s = &run.summary;
    let mut out = String::new();
    out.push_str(&say::rows_read(lang, s.rows, run.sources.len()));
    out.push('\n');
    out.push_str(&say::row_totals(
        lang,
        s.rows_ok,
        s.rows_with_errors,
        s.rows_with_warnings,
    ));
    out.push('\n');
    let codes = s.codes_by_count();
    if !codes.is_empty() {
        out.push_str(say::top_codes(lang));
        out.push('\n');
        for (code, n) in codes.iter().take(TOP_CODES) {
            out.push_str(&format!(
                "  {n:>7}  {code}  {}\n",
                crate::i18n::code_description(lang, code)
            ));
        }
    }
    for (file, sheet) in &run.skipped {
        out.push_str(&say::skipped_sheet(lang, file, sheet));
        out.push('\n');
    }
    if let Some(p) = report {
        out.push_str(&say::report_at(lang, p));
        out.push('\n');
    }
    out
}
