//! `roster-check id`: one block per value: the verdict, what the value
//! encodes, and every finding with what to do.

use crate::i18n::{self, Lang};
use crate::ids::{Context, IdKind, Outcome, Status};

/// Draws the explanation of one checked value.
pub fn explain(value: &str, outcome: &Outcome, lang: Lang) -> String {
    // A value pasted by mistake may be huge: show its start.
    let shown: String = match value.trim() {
        v if v.chars().count() > 60 => v.chars().take(60).chain(['…']).collect(),
        v => v.to_string(),
    };
    let mut out = format!(
        "{shown}: {}",
        i18n::verdict(lang, outcome.kind, outcome.status, value)
    );
    if let (Status::Repairable, Some(c)) = (outcome.status, outcome.canonical) {
        out.push_str(&format!(" → {c}"));
    }
    out.push('\n');
    if let Some(parts) = &outcome.parts {
        if outcome.status != Status::Invalid
            || !outcome
                .issues
                .iter()
                .any(|i| i.severity == crate::ids::Severity::Error)
        {
            out.push_str(&format!("  {}\n", i18n::parts_line(lang, parts)));
        }
    }
    for issue in &outcome.issues {
        let code = format!("{}.{}", outcome.kind.as_str(), issue.problem.name());
        let suggestion = issue.suggestion.map(|s| s.to_string());
        let msg = i18n::id_message(
            lang,
            outcome.kind,
            issue.problem,
            &issue.detail,
            suggestion.as_deref(),
            value,
        );
        out.push_str(&format!(
            "  {} {code}: {msg}\n",
            i18n::severity_name(lang, issue.severity)
        ));
    }
    out
}

/// Checks and explains every value; true when all are valid.
pub fn explain_all(
    values: &[String],
    kind: Option<IdKind>,
    lang: Lang,
    ctx: &Context,
) -> (String, bool) {
    let mut out = String::new();
    let mut all_valid = true;
    for v in values {
        let k = kind.unwrap_or_else(|| IdKind::detect(v, ctx));
        let o = k.check(v, ctx);
        all_valid &= o.is_valid();
        // Plain Spanish speaks as the country of the identifier explained.
        let lang = lang.placed(matches!(o.kind, IdKind::Nuss | IdKind::Dni));
        out.push_str(&explain(v, &o, lang));
        if kind.is_none() {
            for other in k.others_fitting(v, ctx) {
                out.push_str(&format!("  {}\n", i18n::say::also_reads_as(lang, other)));
            }
        }
    }
    (out, all_valid)
}
