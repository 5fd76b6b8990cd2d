//! The report workbook for people, in this order: Resumen (what was read,
//! totals, counts per code and a chart), Hallazgos (one row per finding),
//! one Padrón per input sheet (every input row with its row number,
//! status, notes, corrected values and the faulty cells filled),
//! Duplicados (each group of rows sharing an identifier). Every input text
//! is written as a string, never as a formula. Large sheets are written in
//! constant-memory mode and continue on a new sheet past Excel's row
//! limit. Every sheet prints readably (`print`). Written to a temporary
//! file beside the target, then renamed.

pub(in crate::report) mod corrected;
mod duplicates;
mod findings_sheet;
mod paged;
pub(in crate::report) mod print;
mod roster;
mod styles;
mod summary;

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::findings::{Run, Source};
use crate::i18n::Lang;
use crate::input::{InputError, Record};

/// Excel's limits: characters in a cell, columns in a sheet.
const MAX_CELL_CHARS: usize = 32_767;
pub(crate) const MAX_COLUMNS: usize = 16_384;

/// Text as a cell can hold it: past Excel's 32,767 characters it is cut,
/// ending in "…" (a 1 MB cell of a hostile CSV must not stop the report).
pub(crate) fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS || text.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    std::borrow::Cow::Owned(cut)
}

/// How many names of rows the Padrón may send ahead of Hallazgos: what
/// the two sheets hold between them, whatever the roster's length.
const NAMES_AHEAD: usize = 4096;

/// The name of the row at (source, row), from the Padrón to Hallazgos.
type Named = ((usize, u64), Box<str>);

/// The order Hallazgos lists the sources in, as the JSON does: by file,
/// then sheet (sources of one name in their own order).
fn listing_order(run: &Run) -> Vec<usize> {
    let mut order: Vec<usize> = (0..run.sources.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&run.sources[a], &run.sources[b]);
        (&a.file, &a.sheet).cmp(&(&b.file, &b.sheet))
    });
    order
}

/// Reads an input again for the Padrón and the corrected roster: every
/// row the check counted, in order.
pub trait Replay {
    /// The rows in batches of consecutive rows, as they are read (a few
    /// thousand at a time): for a writer that shares a batch among
    /// threads.
    fn replay_batches(
        &mut self,
        source: &Source,
        each: &mut dyn FnMut(&[&Record]),
    ) -> Result<(), InputError>;

    /// The rows one by one.
    fn replay(&mut self, source: &Source, each: &mut dyn FnMut(&Record)) -> Result<(), InputError> {
        self.replay_batches(source, &mut |batch| batch.iter().for_each(|rec| each(rec)))
    }
}

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Xlsx(#[from] XlsxError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{file}: {error}")]
    Input { file: String, error: InputError },
}

impl ReportError {
    /// The operating system's reason, when the error came from it.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            ReportError::Io(e) | ReportError::Xlsx(XlsxError::IoError(e)) => Some(e.kind()),
            ReportError::Xlsx(XlsxError::ZipError(zip::result::ZipError::Io(e))) => Some(e.kind()),
            _ => None,
        }
    }
}

/// An empty workbook as every one roster-check writes: fixed metadata
/// (the same input gives the same bytes) and deflate level 2 (a
/// million-row Padrón is XML of a few hundred MB, and deflating it is a
/// third of the report's time. The whole report of the 1M-row benchmark:
/// level 3 5.31-5.43 s and 96.4 MB, level 2 4.89-5.00 s and 101.4 MB,
/// level 1 4.48-4.52 s but 128.7 MB; BENCHMARKS.md; level 6, the
/// default, was 87 MB and far slower).
pub(in crate::report) fn workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
        .set_author("roster-check");
    wb.set_properties(&props);
    wb.set_zip_compression_level(2);
    Ok(wb)
}

/// Builds the workbook.
pub fn build(run: &Run, lang: Lang, replay: &mut dyn Replay) -> Result<Workbook, ReportError> {
    let mut wb = workbook()?;
    let st = styles::Styles::new(print::Page::new(print::paper_for(run, lang), lang));
    st.register(&mut wb);
    summary::write(&mut wb, run, lang, &st)?;
    let mut taken: Vec<String> = wb.worksheets().iter().map(|w| w.name()).collect();
    // Hallazgos is filled on its own thread while the Padrón is written
    // (both from what the check found; the Padrón also reads the input
    // again and sends each row's name as it goes, both sheets taking the
    // sources in one order), then put in its place after Resumen.
    let findings = findings_sheet::prepare(&mut wb, run, lang, &st, &taken)?;
    taken.extend_from_slice(findings.own_names());
    let order = listing_order(run);
    let (tell, heard) = std::sync::mpsc::sync_channel(NAMES_AHEAD);
    let (names, findings) = std::thread::scope(|s| {
        let (st, order) = (&st, &order);
        let filling = s.spawn(move || findings_sheet::fill(findings, run, lang, st, order, heard));
        // `tell` ends with the Padrón, and Hallazgos hears no more.
        let names = roster::write(&mut wb, run, lang, st, replay, &mut taken, order, tell);
        let findings = filling
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (names, findings)
    });
    let (names, findings) = (names?, findings?);
    let after_summary = 1;
    wb.worksheets_mut()
        .splice(after_summary..after_summary, findings);
    duplicates::write(&mut wb, run, lang, &st, &names, &taken)?;
    Ok(wb)
}

/// Writes the report to `path` atomically (`report::write_atomically`).
pub fn write(
    run: &Run,
    lang: Lang,
    path: &Path,
    replay: &mut dyn Replay,
) -> Result<(), ReportError> {
    let mut wb = build(run, lang, replay)?;
    super::write_atomically(path, |file| {
        wb.save_to_writer(super::Latch::new(file))?;
        Ok::<(), ReportError>(())
    })?;
    Ok(())
}
