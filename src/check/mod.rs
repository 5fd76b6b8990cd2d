//! Stage 3, checks: batches of records and a table's column plan go in;
//! findings per row come out, in row order. Rows are checked in parallel
//! with rayon over each ordered batch (`collect_into_vec` keeps order).

mod missing;

use rayon::prelude::*;

use crate::findings::{Code, Field, Finding, Kind, Note};
use crate::ids::{Context, IdKind, Severity};
use crate::input::{Record, Stored};

pub use missing::placeholder;

/// What to check in one table: the identifier columns and where findings
/// go. Resolved once per table, then indexed per row.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Index of the table in `Run::sources`.
    pub source: usize,
    /// (field, column, identifier kind) for each identifier column.
    pub ids: Vec<(Field, usize, IdKind)>,
    pub ctx: Context,
}

/// The findings of one row and the worst severity among them.
#[derive(Debug, Default)]
pub struct RowResult {
    pub row: u64,
    /// Every cell was blank: not a student.
    pub blank: bool,
    pub findings: Vec<Finding>,
}

impl RowResult {
    /// The most serious severity of the row, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Checks one record.
pub fn check_record(rec: &Record, plan: &Plan) -> RowResult {
    let mut findings = Vec::new();
    if rec.is_blank() {
        return RowResult {
            row: rec.row,
            blank: true,
            findings,
        };
    }
    for &(field, col, kind) in &plan.ids {
        let text = rec.get(col);
        let base = |severity, kind, note| Finding {
            source: plan.source,
            row: rec.row,
            field,
            column: Some(col),
            value: Some(text.to_string()),
            severity,
            code: Code { field, kind },
            note,
            suggestion: None,
        };
        let stored = rec.stored(col);
        if stored == Stored::Error || stored == Stored::Empty || text.trim().is_empty() {
            let placeholder = (!text.trim().is_empty()).then(|| text.trim().to_string());
            findings.push(base(
                Severity::Error,
                Kind::Missing,
                Note::Missing { placeholder },
            ));
            continue;
        }
        if let Some(p) = placeholder(text) {
            let note = Note::Missing {
                placeholder: Some(p.to_string()),
            };
            findings.push(base(Severity::Error, Kind::Missing, note));
            continue;
        }
        let outcome = kind.check(text, &plan.ctx);
        for issue in outcome.issues {
            let mut f = base(
                issue.severity,
                Kind::Id(issue.problem),
                Note::Id(issue.detail),
            );
            f.suggestion = issue.suggestion.map(|s| s.to_string());
            findings.push(f);
        }
    }
    RowResult {
        row: rec.row,
        blank: false,
        findings,
    }
}

/// Checks a batch in parallel; `out` receives one result per record, in
/// order.
pub fn check_batch(records: &[Record], plan: &Plan, out: &mut Vec<RowResult>) {
    records
        .par_iter()
        .map(|r| check_record(r, plan))
        .collect_into_vec(out);
}
