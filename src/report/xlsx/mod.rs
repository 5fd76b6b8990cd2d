//! The report workbook for people, in this order: Resumen (what was read,
//! totals, counts per code and a chart), Hallazgos (one row per finding),
//! one Padrón per input sheet (every input row with its status, notes,
//! corrected values and the faulty cells filled), Duplicados (each group
//! of rows sharing an identifier). Every input text is written as a
//! string, never as a number or a formula. Large sheets are written in
//! constant-memory mode and continue on a new sheet past Excel's row
//! limit. Written to a temporary file beside the target, then renamed.

pub(in crate::report) mod corrected;
mod duplicates;
mod findings_sheet;
mod paged;
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

/// Reads an input again, row by row, for the Padrón: every row the check
/// counted, in order.
pub trait Replay {
    fn replay(&mut self, source: &Source, each: &mut dyn FnMut(&Record)) -> Result<(), InputError>;
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

/// Builds the workbook.
pub fn build(run: &Run, lang: Lang, replay: &mut dyn Replay) -> Result<Workbook, ReportError> {
    let mut wb = Workbook::new();
    // Fixed metadata: the same input gives the same bytes.
    let props = DocProperties::new()
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
        .set_author("roster-check");
    wb.set_properties(&props);
    // Deflate level 2: a million-row Padrón is XML of a few hundred MB,
    // and deflating it is a third of the report's time. The whole report
    // of the 1M-row benchmark: level 3 5.31-5.43 s and 96.4 MB, level 2
    // 4.89-5.00 s and 101.4 MB, level 1 4.48-4.52 s but 128.7 MB
    // (BENCHMARKS.md; level 6, the default, was 87 MB and far slower).
    wb.set_zip_compression_level(2);
    let st = styles::Styles::new();
    st.register(&mut wb);
    summary::write(&mut wb, run, lang, &st)?;
    let mut taken: Vec<String> = wb.worksheets().iter().map(|w| w.name()).collect();
    // Hallazgos is filled on its own thread while the Padrón is written
    // (both from what the check found; the Padrón also reads the input
    // again), then put in its place after Resumen.
    let findings = findings_sheet::prepare(&mut wb, run, lang, &st, &taken)?;
    taken.extend_from_slice(findings.own_names());
    let (names, findings) = std::thread::scope(|s| {
        let filling = s.spawn(|| findings_sheet::fill(findings, run, lang, &st));
        let names = roster::write(&mut wb, run, lang, &st, replay, &mut taken);
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
