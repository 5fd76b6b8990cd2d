//! Stage 3, checks: batches of records and a table's column plan go in;
//! findings per row come out, in row order. Rows are checked in parallel
//! with rayon: a batch in chunks (`collect_into_vec` keeps their order),
//! or blocks of delimited text that each task parses itself (`in_order`
//! hands their results back in order).

pub mod birth;
pub mod cross;
mod missing;
pub mod person;
pub mod rows;
pub(crate) mod table;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;

use rayon::prelude::*;

use crate::findings::{Code, Field, Finding, Kind, Note};
use crate::ids::{Canon, Context, Hint, IdKind, Problem, Severity, Status};
use crate::input::{Block, InputError, Record, Stored};

pub use missing::placeholder;

/// What to check in one table, resolved once, then indexed per row.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Index of the table in `Run::sources`.
    pub source: usize,
    /// The table's first ordinal for duplicate keys
    /// ([`crate::duplicates::Keys::begin_source`]).
    pub key_base: u64,
    /// (field, column, identifier kind) for each identifier column.
    pub ids: Vec<(Field, usize, IdKind)>,
    pub ctx: Context,
    /// Delimited text: the header's cell count, to report ragged rows.
    pub header_cells: Option<usize>,
    /// Workbooks: the table's width. A row blank within it holds no
    /// student, whatever stray cell lies further right.
    pub table_width: Option<usize>,
    /// The NUSS column is mostly 12 digits: an 11-digit value in it lost
    /// its leading zero (rather than being the legacy form).
    pub nuss_zeros_lost: bool,
    /// Names, birth date and sex, for the cross-field checks.
    pub person: cross::PersonColumns,
    /// What tells the rows that are not students.
    pub rows: rows::RowRules,
    /// The name and birth-date columns, whose cells make a row's person
    /// print (`duplicates::person_print`).
    pub print_cells: Vec<usize>,
    /// The name columns, when the run gathers students' names
    /// (`Config::names`).
    pub names: Option<crate::findings::NameColumns>,
}

/// True when a row is not blank, and for workbooks not blank within the
/// table's width (a stray cell further right is nothing to show). The
/// Padrón shows exactly these rows: the students, and the rows skipped as
/// not students that hold something.
pub fn is_filled(rec: &Record, table_width: Option<usize>) -> bool {
    rec.too_long || !rec.is_blank() && !table_width.is_some_and(|w| rec.is_blank_within(w))
}

/// The `row.too_long` finding of a record past the cap, which was not
/// read.
pub fn too_long(source: usize, row: u64) -> Finding {
    Finding {
        source,
        row,
        field: Field::Row,
        column: None,
        value: None,
        severity: Severity::Error,
        code: Code::new(Field::Row, Kind::TooLong),
        note: Note::TooLong {
            limit: crate::input::MAX_RECORD_BYTES,
        },
        suggestion: None,
    }
}

/// Left-pads `digits` with zeros to `width`.
fn zero_pad(digits: &str, width: usize) -> String {
    format!("{digits:0>width$}")
}

/// Checks one record: a student's row is counted by its worst finding,
/// its findings and identifiers added to `chunk`; a blank row is skipped.
#[inline(always)]
fn check_record(rec: &Record, plan: &Plan, chunk: &mut Chunk) {
    if plan.table_width.is_some() {
        chunk.see_row(rec.row);
    }
    if rec.too_long {
        // A row all the same, with nothing read to check.
        chunk.last_filled = Some(rec.row);
        chunk.findings.push(too_long(plan.source, rec.row));
        chunk.summary.count_row(Some(Severity::Error));
        return;
    }
    // The fast lane's verdict on the first identifier: a valid one makes
    // the row a student's without a closer look (most rows).
    let quick = |&(_, col, kind): &(Field, usize, IdKind)| {
        let text = rec.get(col);
        kind.quick(text, plan.ctx.today) && !missing::zeros(text)
    };
    let first_quick = plan.ids.first().is_some_and(quick);
    if !first_quick {
        if let Some(why) = plan.rows.classify(rec, plan.table_width) {
            chunk.skip(rec, why, plan);
            return;
        }
    }
    chunk.last_filled = Some(rec.row);
    if !plan.print_cells.is_empty() {
        let cells = plan.print_cells.iter().map(|&c| rec.get(c));
        chunk
            .keys
            .person(rec.row, crate::duplicates::person_print(cells));
    }
    let first = chunk.findings.len();
    let findings = &mut chunk.findings;
    let finding =
        |field, column: Option<usize>, value: Option<&str>, severity, kind, note| Finding {
            source: plan.source,
            row: rec.row,
            field,
            column,
            value: value.map(str::to_string),
            severity,
            code: Code::new(field, kind),
            note,
            suggestion: None,
        };
    if rec.unclosed_quote > 0 {
        let note = Note::UnclosedQuote {
            lines: rec.unclosed_quote,
        };
        findings.push(finding(
            Field::Row,
            None,
            None,
            Severity::Error,
            Kind::UnclosedQuote,
            note,
        ));
    } else if let Some(headers) = plan.header_cells {
        // Trailing empty cells (`;;;` padding) do not make a row ragged.
        let cells = rec.len() + rec.extra_cells;
        if rec.used_len() + rec.extra_cells > headers || cells < headers {
            let note = Note::Ragged { cells, headers };
            findings.push(finding(
                Field::Row,
                None,
                None,
                Severity::Warning,
                Kind::Ragged,
                note,
            ));
        }
    }
    // The CURP and NSS for the cross-field checks: the cell's text when
    // the fast lane passed it (its own canonical form), else what the
    // full check made of it.
    let (mut curp, mut nss): (Option<&str>, Option<&str>) = (None, None);
    let (mut curp_checked, mut nss_checked) = (None, None);
    for (i, id) in plan.ids.iter().enumerate() {
        let &(field, col, kind) = id;
        let text = rec.get(col);
        let stored = rec.stored(col);
        let base =
            |severity, kind, note| finding(field, Some(col), Some(text), severity, kind, note);
        if stored == Stored::Error {
            let note = Note::ErrorCell {
                error: text.trim().to_string(),
            };
            findings.push(base(Severity::Error, Kind::Missing, note));
            continue;
        }
        if stored == Stored::Uncalculated {
            findings.push(base(Severity::Error, Kind::Missing, Note::Uncalculated));
            continue;
        }
        // The fast lane: a value written exactly as it should be and valid
        // with nothing to say (most of a roster) skips the full check,
        // whose verdict it gives (`ids::tests::quick_lane_agrees_*`).
        // Eleven zeros pass the NSS check digit, and 00000000T the DNI
        // letter, but mean "no number".
        let passes = if i == 0 { first_quick } else { quick(id) };
        if passes {
            chunk.keys.push(field, text, rec.row);
            match kind {
                IdKind::Curp => curp = Some(text),
                IdKind::Nss => nss = Some(text),
                _ => {}
            }
            continue;
        }
        if text.trim().is_empty() {
            findings.push(base(
                Severity::Error,
                Kind::Missing,
                Note::Missing { placeholder: None },
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
        let padded;
        let (value, hint) = match stored {
            Stored::PaddedNumber(width) if text.len() < usize::from(width) => {
                padded = zero_pad(text.trim(), usize::from(width));
                (padded.as_str(), Hint::None)
            }
            Stored::Number => (text, Hint::ZerosLost),
            _ if plan.nuss_zeros_lost && kind == IdKind::Nuss => (text, Hint::ZerosLost),
            _ => (text, Hint::None),
        };
        let mut outcome = kind.check_with(value, &plan.ctx, hint);
        lookalike_fix(kind, value, &mut outcome, rec, plan);
        // A value the rules correct (a look-alike letter, an invisible
        // character) is that person's identifier: compared with the other
        // rows and the row's own columns as corrected.
        let proven = outcome
            .issues
            .first()
            .filter(|i| {
                matches!(
                    i.problem,
                    Problem::Format | Problem::CheckDigit | Problem::Date
                )
            })
            .and_then(|i| i.suggestion);
        let key = outcome
            .canonical
            .or(proven)
            .unwrap_or_else(|| Canon::new(&kind.compact(value)));
        chunk.keys.push(field, key.as_str(), rec.row);
        match kind {
            IdKind::Curp => curp_checked = proven.or_else(|| readable_curp(&outcome, value)),
            IdKind::Nss => nss_checked = outcome.canonical.or(proven),
            _ => {}
        }
        if value.len() != text.len() && outcome.status == Status::Valid {
            let note = Note::PaddedNumber {
                restored: value.to_string(),
            };
            let mut f = base(Severity::Info, Kind::Id(Problem::Normalized), note);
            f.suggestion = Some(value.to_string());
            findings.push(f);
        }
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
    if let Some(((a, va), (b, vb))) = swapped(rec, plan, &findings[first..]) {
        // One warning for the row instead of an error in each column; the
        // values checked and counted where they belong (`va` is the value
        // in `a`'s column, read as `b`'s identifier).
        let ((fa, ca, _), (fb, cb, _)) = (plan.ids[a], plan.ids[b]);
        findings.truncate(first);
        for (field, v) in [(fa, &vb), (fb, &va)] {
            chunk.keys.push(field, v.as_str(), rec.row);
            match field {
                Field::CURP => curp_checked = Some(*v),
                Field::NSS => nss_checked = Some(*v),
                _ => {}
            }
        }
        let note = Note::Swapped {
            first: (fa, rec.get(ca).trim().to_string()),
            second: (fb, rec.get(cb).trim().to_string()),
            fixed: (vb.to_string(), va.to_string()),
        };
        let f = finding(
            Field::Row,
            None,
            None,
            Severity::Warning,
            Kind::Swapped,
            note,
        );
        chunk.findings.push(f);
    }
    let findings = &mut chunk.findings;
    let curp = curp.or(curp_checked.as_ref().map(Canon::as_str));
    let nss = nss.or(nss_checked.as_ref().map(Canon::as_str));
    for (field, kind, note) in cross::check(rec, &plan.person, curp, nss, plan.ctx.today) {
        // Mismatches are warnings on the identifier; a birth date that
        // cannot be read is a note on its own cell.
        let (column, severity) = match kind {
            Kind::Unreadable => (plan.person.nacimiento, Severity::Info),
            _ => (
                plan.ids
                    .iter()
                    .find(|(f, _, _)| *f == field)
                    .map(|&(_, c, _)| c),
                Severity::Warning,
            ),
        };
        let value = column.map(|c| rec.get(c));
        let mut f = finding(field, column, value, severity, kind, note);
        if kind == Kind::BirthdateMismatch {
            f.suggestion = curp.and_then(|c| lookalike(c, rec, plan, true));
        }
        findings.push(f);
    }
    let worst = findings[first..].iter().map(|f| f.severity).max();
    chunk.summary.count_row(worst);
    if let Some(names) = &plan.names {
        // A row with findings of its own is named for certain; another
        // only if it turns out a duplicate (known at the end).
        let block = match worst {
            Some(_) => &mut chunk.names,
            None => &mut chunk.spare_names,
        };
        block.add(rec, names);
    }
}

/// Two identifier columns of the row (indices into `plan.ids`) that hold
/// each other's value, each with its value's canonical form as the other
/// column's identifier: each cell failing its own column's length or
/// format but valid as the other's. Looked for only on a row with two
/// such errors (`own` is the row's findings so far).
fn swapped(rec: &Record, plan: &Plan, own: &[Finding]) -> Option<((usize, Canon), (usize, Canon))> {
    let shape = |f: &&Finding| {
        f.severity == Severity::Error
            && matches!(f.code.kind(), Kind::Id(Problem::Length | Problem::Format))
    };
    if own.iter().filter(shape).count() < 2 {
        return None;
    }
    let read_as = |col: usize, kind: IdKind| kind.check(rec.get(col), &plan.ctx).canonical;
    for a in 0..plan.ids.len() {
        for b in a + 1..plan.ids.len() {
            let ((_, ca, ka), (_, cb, kb)) = (plan.ids[a], plan.ids[b]);
            if ka == kb {
                continue;
            }
            if let (Some(va), Some(vb)) = (read_as(ca, kb), read_as(cb, ka)) {
                return Some(((a, va), (b, vb)));
            }
        }
    }
    None
}

/// A CURP whose check digit or date fails, proved by the row to hold one
/// letter for a look-alike digit or the reverse (O and 0, I and 1):
/// exactly one such change makes it valid, and the date it then gives is
/// the row's birth date (position 17, where both may go, sets the
/// century). The change becomes the issue's suggestion; otherwise nothing
/// is suggested.
fn lookalike_fix(
    kind: IdKind,
    value: &str,
    outcome: &mut crate::ids::Outcome,
    rec: &Record,
    plan: &Plan,
) {
    // A zero for the letter O in position 17 keeps the check digit (both
    // weigh a multiple of 5 there) and moves the date a century: a valid
    // CURP with the wrong date, or a date in the future.
    let Some(issue) = outcome.issues.first_mut() else {
        return;
    };
    if let crate::ids::Detail::BadChar { ch, .. } | crate::ids::Detail::Foreign { ch, .. } =
        issue.detail
    {
        if crate::ids::is_invisible(ch) || crate::ids::same_glyph(ch).is_some() {
            issue.suggestion = as_seen(kind, value, plan);
            return;
        }
    }
    // A format fault proved by a look-alike is one of these characters.
    let lookalike_char = matches!(
        issue.detail,
        crate::ids::Detail::BadChar {
            ch: 'O' | 'o' | 'I' | 'i' | 'l' | 'L' | '0' | '1',
            ..
        }
    );
    if issue.problem == Problem::Format && !lookalike_char {
        return;
    }
    issue.suggestion = match (kind, issue.problem) {
        (IdKind::Curp, Problem::CheckDigit | Problem::Date) => lookalike(value, rec, plan, true),
        // A letter where a digit goes (or the reverse): the check digit
        // proves the change, the row's birth date must agree if it has one.
        (IdKind::Curp, Problem::Format) => lookalike(value, rec, plan, false),
        (IdKind::Nss | IdKind::Nuss, Problem::Format) => digits_for_letters(kind, value, plan),
        _ => return,
    }
    .map(|c| Canon::new(&c));
}

/// The value as a person sees it: without invisible characters, and with
/// letters and digits of other scripts drawn like Latin ones replaced by
/// those; when that alone makes it valid, nothing a person sees changed,
/// so the rules prove it.
fn as_seen(kind: IdKind, value: &str, plan: &Plan) -> Option<Canon> {
    let visible: String = value
        .chars()
        .filter(|&c| !crate::ids::is_invisible(c))
        .map(|c| crate::ids::same_glyph(c).unwrap_or(c))
        .collect();
    let o = kind.check(&visible, &plan.ctx);
    if o.is_valid() {
        o.canonical
    } else {
        None
    }
}

/// An all-digit identifier with the letters O, I or L for the digits they
/// look like, when that makes it valid (its check digits prove it).
fn digits_for_letters(kind: IdKind, value: &str, plan: &Plan) -> Option<String> {
    let candidate: String = value
        .chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'I' | 'i' | 'l' | 'L' => '1',
            c => c,
        })
        .collect();
    let o = kind.check(&candidate, &plan.ctx);
    o.is_valid()
        .then(|| o.canonical.map(|c| c.to_string()))
        .flatten()
}

/// The one CURP a look-alike change of `value` (O and 0, I and 1) gives
/// that is valid and carries the row's birth date, if there is exactly
/// one. Without a birth date on the row, only when `need_date` is false.
fn lookalike(value: &str, rec: &Record, plan: &Plan, need_date: bool) -> Option<String> {
    let born = plan
        .person
        .nacimiento
        .and_then(|col| birth::parse_birth(rec.get(col), rec.stored(col), plan.ctx.today, None));
    if need_date && born.is_none() {
        return None;
    }
    let compact = crate::ids::curp::compact(value);
    let mut found = None;
    for (i, &b) in compact.as_bytes().iter().enumerate() {
        let other = match b {
            b'O' => b'0',
            b'0' => b'O',
            b'I' => b'1',
            b'1' => b'I',
            _ => continue,
        };
        let mut candidate = compact.clone().into_bytes();
        candidate[i] = other;
        let Ok(candidate) = String::from_utf8(candidate) else {
            continue;
        };
        // The fast lane: valid as written, nothing to say (a CURP valid
        // only with a warning is not offered).
        let valid = IdKind::Curp.quick(&candidate, plan.ctx.today);
        let dated = born.is_none_or(|b| cross::curp_birth(candidate.as_bytes()) == Some(b));
        if valid && dated {
            if found.is_some() {
                return None;
            }
            found = Some(candidate);
        }
    }
    found
}

/// The CURP as the cross-field checks can use it: valid, or failing only a
/// rule that leaves its letters and date readable.
fn readable_curp(o: &crate::ids::Outcome, value: &str) -> Option<Canon> {
    o.canonical.or_else(|| {
        let readable = matches!(
            o.issues.first().map(|i| i.problem),
            Some(Problem::CheckDigit | Problem::InconvenientWord)
        );
        readable.then(|| Canon::new(&crate::ids::curp::compact(value)))
    })
}

/// What a chunk of rows gave, in row order: findings, duplicate keys, and
/// the rows counted by their worst severity.
#[derive(Debug, Default)]
pub struct Chunk {
    pub findings: Vec<Finding>,
    pub keys: crate::duplicates::Keys,
    pub summary: crate::findings::Summary,
    /// Runs of blank rows (first, last), in order, listed as skipped only
    /// when a row that is not blank comes after them (`Blanks`): a
    /// workbook's, a row missing between two read included, and lines of
    /// delimited text holding delimiters alone.
    pub blanks: Vec<(u64, u64)>,
    /// Workbooks: the first and the last row read.
    pub first_row: Option<u64>,
    pub last_row: Option<u64>,
    /// The last row that is not blank.
    pub last_filled: Option<u64>,
    /// The students' names of the rows with findings, when the plan asks
    /// for names.
    pub names: crate::findings::NameBlock,
    /// The names of the other students' rows: needed only for those that
    /// turn out duplicates (`findings::Names`).
    pub spare_names: crate::findings::NameBlock,
}

/// Blank rows between students are listed one by one up to this many in
/// a run; a longer run (a stray cell far below the roster) is one
/// finding naming its first and last row.
const BLANK_RUN_LISTED: u64 = 1000;

/// Adds the blank rows `first..=last` to `runs`, joining the last run
/// when they follow it.
fn add_blank_run(runs: &mut Vec<(u64, u64)>, first: u64, last: u64) {
    match runs.last_mut() {
        Some((_, end)) if *end + 1 == first => *end = last,
        _ => runs.push((first, last)),
    }
}

/// A workbook table's blank rows not yet known to lie between students.
#[derive(Debug, Default)]
pub struct Blanks {
    pending: Vec<(u64, u64)>,
    /// The last row seen (the header's, to begin with).
    last_row: Option<u64>,
}

impl Blanks {
    /// Blank rows of a table whose header (if any) is on `header_row`.
    pub fn after(header_row: Option<u64>) -> Blanks {
        Blanks {
            pending: Vec::new(),
            last_row: header_row,
        }
    }

    /// Takes a chunk's blank rows (the chunks in order): runs followed by
    /// a row that is not blank become `row.skipped` findings in `out`,
    /// each row counted in `summary`; the others wait for the next chunk.
    pub fn take(
        &mut self,
        chunk: &mut Chunk,
        source: usize,
        out: &mut Vec<Finding>,
        summary: &mut crate::findings::Summary,
    ) {
        if let (Some(last), Some(first)) = (self.last_row, chunk.first_row) {
            if first > last + 1 {
                add_blank_run(&mut self.pending, last + 1, first - 1);
            }
        }
        for (a, b) in chunk.blanks.drain(..) {
            add_blank_run(&mut self.pending, a, b);
        }
        self.last_row = chunk.last_row.or(self.last_row);
        let Some(last) = chunk.last_filled else {
            return;
        };
        let listed = self.pending.partition_point(|&(a, _)| a < last);
        for (first, through) in self.pending.drain(..listed) {
            summary.rows_skipped += through - first + 1;
            if through - first < BLANK_RUN_LISTED {
                out.extend((first..=through).map(|r| skipped(source, r, None, rows::Skip::Blank)));
            } else {
                let mut f = skipped(source, first, None, rows::Skip::Blank);
                f.note = Note::BlankRows { through };
                out.push(f);
            }
        }
    }
}

/// The `row.skipped` finding of a row that is not a student's.
fn skipped(source: usize, row: u64, value: Option<String>, why: rows::Skip) -> Finding {
    Finding {
        source,
        row,
        field: Field::Row,
        column: None,
        value,
        severity: Severity::Info,
        code: Code::new(Field::Row, Kind::Skipped),
        note: Note::Skipped(why),
        suggestion: None,
    }
}

/// Rows a rayon task checks at a time: results are merged per chunk, not
/// moved row by row through the main thread.
const CHUNK: usize = 512;

/// Checks a batch in parallel; `out` receives one result per chunk of
/// rows, in order. Blank rows are neither checked nor counted.
pub fn check_batch(records: &[Record], plan: &Plan, out: &mut Vec<Chunk>) {
    records
        .par_chunks(CHUNK)
        .map(|rows| check_rows(rows, plan))
        .collect_into_vec(out);
}

/// Blocks being parsed and checked at once: enough to keep every thread
/// busy while the caller takes results in order.
const IN_FLIGHT: usize = 16;

/// Parses and checks the blocks of delimited text `next` gives, each in
/// its own task as soon as it comes (no batch waits for its slowest
/// block), and hands each block's record count and results to `take`, in
/// order, on the calling thread. Stops at the first block that cannot be
/// read, after the blocks before it, and returns its error.
pub fn check_stream(
    next: impl FnMut() -> Option<Block>,
    plan: &Plan,
    mut take: impl FnMut(u64, Chunk),
) -> Result<(), InputError> {
    thread_local! {
        /// Each thread's records, their buffers reused block after block.
        static RECORDS: RefCell<Vec<Record>> = const { RefCell::new(Vec::new()) };
    }
    in_order(
        next,
        |block: Block| {
            RECORDS.with_borrow_mut(|records| {
                let mut chunk = Chunk::for_rows(block.lines(), plan);
                let mut n = 0;
                block.each_batch(records, ROWS_AT_ONCE, |rows| {
                    n += rows.len() as u64;
                    chunk.check(rows, plan);
                })?;
                chunk.keys.seal();
                Ok((n, chunk))
            })
        },
        |(read, chunk)| take(read, chunk),
    )
}

/// Runs `work` on each item `next` gives, in parallel, at most
/// `IN_FLIGHT` at a time, and hands the results to `take` in the items'
/// order on the calling thread, up to the first error (returned once the
/// results before it are taken). A panic in `work` is raised here.
fn in_order<T: Send, R: Send>(
    mut next: impl FnMut() -> Option<T>,
    work: impl Fn(T) -> Result<R, InputError> + Sync,
    mut take: impl FnMut(R),
) -> Result<(), InputError> {
    type Done<R> = std::thread::Result<Result<R, InputError>>;
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Done<R>)>();
    let work = &work;
    rayon::in_place_scope(|scope| {
        // Results by item, from the first not yet taken (item `first`).
        let mut waiting: VecDeque<Option<Done<R>>> = VecDeque::new();
        let (mut first, mut ended) = (0, false);
        loop {
            while !ended && waiting.len() < IN_FLIGHT {
                let Some(item) = next() else {
                    ended = true;
                    break;
                };
                let (tx, index) = (tx.clone(), first + waiting.len());
                waiting.push_back(None);
                scope.spawn(move |_| {
                    let done = std::panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                    let _ = tx.send((index, done));
                });
            }
            if waiting.is_empty() {
                return Ok(());
            }
            // Every task sends once, so a result is always on its way.
            let Ok((index, done)) = rx.recv() else {
                return Ok(());
            };
            waiting[index - first] = Some(done);
            while let Some(Some(_)) = waiting.front() {
                let Some(Some(done)) = waiting.pop_front() else {
                    break;
                };
                first += 1;
                match done {
                    Ok(Ok(result)) => take(result),
                    Ok(Err(e)) => return Err(e),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        }
    })
}

/// Checks rows in order.
fn check_rows(rows: &[Record], plan: &Plan) -> Chunk {
    let mut c = Chunk::for_rows(rows.len(), plan);
    c.check(rows, plan);
    c.keys.seal();
    c
}

/// Characters of a skipped row's text shown as its value.
const SKIPPED_SHOWN: usize = 80;

/// Records a stream task parses, then checks, at a time: their text is
/// still in the core's cache when checked (a block's 2,900 records,
/// ~1 MB, were not).
const ROWS_AT_ONCE: usize = 64;

impl Chunk {
    /// An empty chunk with room for the keys of about `rows` rows.
    fn for_rows(rows: usize, plan: &Plan) -> Chunk {
        Chunk {
            keys: crate::duplicates::Keys::for_source(
                plan.source,
                plan.key_base,
                rows * plan.ids.len(),
            ),
            ..Chunk::default()
        }
    }

    /// Notes a row that is not a student's: a blank one for `Blanks`, any
    /// other as skipped, with what it holds.
    fn skip(&mut self, rec: &Record, why: rows::Skip, plan: &Plan) {
        if why == rows::Skip::Blank {
            // An empty line of delimited text is no record (the csv reader
            // drops most of them); a line of delimiters alone (`;;;`) is a
            // blank row, as in a workbook.
            if plan.table_width.is_some() || rec.len() > 1 {
                add_blank_run(&mut self.blanks, rec.row, rec.row);
            }
            return;
        }
        self.last_filled = Some(rec.row);
        self.summary.rows_skipped += 1;
        // What the row holds, cells joined, cut at `SKIPPED_SHOWN`
        // characters (a hostile row may hold megabytes).
        let mut text = String::new();
        let cells = rec.iter().map(crate::input::trim).filter(|t| !t.is_empty());
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            text.extend(cell.chars().take(SKIPPED_SHOWN + 1));
            if let Some((cut, _)) = text.char_indices().nth(SKIPPED_SHOWN) {
                text.truncate(cut);
                text.push('…');
                break;
            }
        }
        self.findings
            .push(skipped(plan.source, rec.row, Some(text), why));
    }

    /// Notes that a workbook's row `row` was read: the rows missing
    /// since the last one read are blank.
    fn see_row(&mut self, row: u64) {
        match self.last_row {
            Some(prev) if row > prev + 1 => add_blank_run(&mut self.blanks, prev + 1, row - 1),
            Some(_) => {}
            None => self.first_row = Some(row),
        }
        self.last_row = Some(row);
    }

    /// Checks `rows` in order, adding what they give.
    fn check(&mut self, rows: &[Record], plan: &Plan) {
        for rec in rows {
            check_record(rec, plan, self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Items that finish out of order (later ones sooner) are taken in
    /// order, all of them, more than `IN_FLIGHT` in all.
    #[test]
    fn results_come_in_the_items_order() {
        let mut items = 0..100u64;
        let mut taken = Vec::new();
        let work = |i: u64| {
            std::thread::sleep(Duration::from_micros((100 - i) * 20));
            Ok(i * 2)
        };
        in_order(|| items.next(), work, |r| taken.push(r)).unwrap();
        assert_eq!(taken, (0..100).map(|i| i * 2).collect::<Vec<_>>());
    }

    /// An error comes after every result before it, and nothing after it
    /// is taken or asked for much beyond it.
    #[test]
    fn an_error_stops_after_the_items_before_it() {
        let (mut items, mut asked) = (0..1000u64, 0);
        let mut taken = Vec::new();
        let work = |i: u64| match i {
            30 => Err(InputError::Empty),
            _ => Ok(i),
        };
        let next = || {
            asked += 1;
            items.next()
        };
        let result = in_order(next, work, |r| taken.push(r));
        assert!(matches!(result, Err(InputError::Empty)));
        assert_eq!(taken, (0..30).collect::<Vec<_>>());
        assert!(asked <= 30 + IN_FLIGHT + 1, "{asked}");
    }

    /// A bug in a check panics on the caller, as a panic in the caller's
    /// own code would (the program's panic guard reports it).
    #[test]
    fn a_panic_in_a_task_reaches_the_caller() {
        let mut items = 0..10u64;
        let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
            in_order(
                || items.next(),
                |i| if i == 5 { panic!("check bug") } else { Ok(i) },
                |_| {},
            )
        }));
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"check bug"));
    }
}
