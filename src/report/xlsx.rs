//! The report workbook for people: Resumen (what was read, totals, counts
//! per code) and Hallazgos (one row per finding). Identifiers and every
//! input text are written as strings, never as numbers or formulas.
//! Written to a temporary file beside the target, then renamed.

use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::findings::{Run, Severity};
use crate::i18n::{self, field_name, label, Lang};

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Xlsx(#[from] XlsxError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Formats defined once and reused.
struct Styles {
    title: Format,
    section: Format,
    header: Format,
    error: Format,
    warning: Format,
    info: Format,
    wrap: Format,
}

impl Styles {
    fn new() -> Styles {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0x1F4E78))
            .set_font_color(Color::White)
            .set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            section: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            header,
            error: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warning: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            info: Format::new().set_background_color(Color::RGB(0xDDEBF7)),
            wrap: Format::new().set_text_wrap(),
        }
    }

    fn severity(&self, s: Severity) -> &Format {
        match s {
            Severity::Error => &self.error,
            Severity::Warning => &self.warning,
            Severity::Info => &self.info,
        }
    }
}

fn header_row(
    ws: &mut Worksheet,
    row: u32,
    headers: &[&str],
    style: &Format,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, style)?;
    }
    Ok(())
}

/// Width (in characters) of the wrapped message and column-list cells.
const MESSAGE_WIDTH: f64 = 80.0;
const COLUMNS_WIDTH: f64 = 60.0;

/// The height of a row whose wrapped text fills `width` characters a line:
/// spreadsheet programs do not all grow rows for wrapped text by
/// themselves (LibreOffice keeps the default height).
fn line_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.1).max(1.0) as usize;
    let lines = text.chars().count().div_ceil(per_line).max(1);
    15.0 * lines as f64
}

/// Printed, a sheet fits the page width in landscape.
fn print_setup(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
}

fn summary_sheet(ws: &mut Worksheet, run: &Run, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(label::sheet_summary(lang))?;
    ws.write_string_with_format(0, 0, label::title(lang), &st.title)?;
    let mut r = 2u32;
    ws.write_string_with_format(r, 0, label::inputs_title(lang), &st.section)?;
    r += 1;
    header_row(ws, r, &label::inputs_headers(lang), &st.header)?;
    for s in &run.sources {
        r += 1;
        let cols = s
            .columns
            .iter()
            .filter_map(|&(f, c)| Some(format!("{} ← «{}»", field_name(lang, f), s.header(c)?)))
            .collect::<Vec<_>>()
            .join("; ");
        ws.write_string(r, 0, &s.file)?;
        let sheet = match &s.sheet {
            Some(name) if s.hidden => i18n::say::hidden_sheet(lang, name),
            Some(name) => name.clone(),
            None => "—".to_string(),
        };
        ws.write_string(r, 1, sheet)?;
        ws.write_string(r, 2, s.encoding.as_deref().unwrap_or("—"))?;
        if let Some(h) = s.header_row {
            ws.write_number(r, 3, h as f64)?;
        }
        ws.write_number(r, 4, s.rows as f64)?;
        ws.write_string_with_format(r, 5, &cols, &st.wrap)?;
        ws.set_row_height(r, line_height(&cols, COLUMNS_WIDTH))?;
    }
    if run.sources.is_empty() {
        r += 1;
        ws.write_string(r, 0, label::none(lang))?;
    }

    r += 2;
    ws.write_string_with_format(r, 0, label::totals_title(lang), &st.section)?;
    let s = &run.summary;
    let values = [s.rows, s.rows_ok, s.rows_with_errors, s.rows_with_warnings];
    let styles = [None, None, Some(&st.error), Some(&st.warning)];
    for ((name, value), style) in label::totals(lang).iter().zip(values).zip(styles) {
        r += 1;
        ws.write_string(r, 0, *name)?;
        match style {
            Some(f) if value > 0 => ws.write_number_with_format(r, 1, value as f64, f)?,
            _ => ws.write_number(r, 1, value as f64)?,
        };
    }

    r += 2;
    ws.write_string_with_format(r, 0, label::codes_title(lang), &st.section)?;
    r += 1;
    header_row(ws, r, &label::codes_headers(lang), &st.header)?;
    let codes = s.codes_by_count();
    for (code, n) in &codes {
        r += 1;
        ws.write_string(r, 0, *code)?;
        ws.write_string(r, 1, i18n::code_description(lang, code))?;
        ws.write_number(r, 2, *n as f64)?;
    }
    if codes.is_empty() {
        r += 1;
        ws.write_string(r, 0, label::none(lang))?;
    }

    if !run.failures.is_empty() {
        r += 2;
        ws.write_string_with_format(r, 0, label::failed_title(lang), &st.section)?;
        for f in &run.failures {
            r += 1;
            ws.write_string_with_format(r, 0, &f.file, &st.error)?;
            ws.write_string(r, 1, i18n::input_error(lang, &f.error))?;
        }
    }
    if !run.skipped.is_empty() {
        r += 2;
        ws.write_string_with_format(r, 0, label::skipped_title(lang), &st.section)?;
        for (file, sheet) in &run.skipped {
            r += 1;
            ws.write_string(r, 0, file)?;
            ws.write_string(r, 1, sheet)?;
        }
    }
    print_setup(ws);
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 44)?;
    ws.set_column_width(2, 14)?;
    ws.set_column_width(3, 20)?;
    ws.set_column_width(4, 10)?;
    ws.set_column_width(5, COLUMNS_WIDTH)?;
    Ok(())
}

fn findings_sheet(ws: &mut Worksheet, run: &Run, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(label::sheet_findings(lang))?;
    let headers = label::findings_headers(lang);
    header_row(ws, 0, &headers, &st.header)?;
    let mut r = 0u32;
    for f in &run.findings {
        r += 1;
        let src = &run.sources[f.source];
        ws.write_string(r, 0, &src.file)?;
        ws.write_string(r, 1, src.sheet.as_deref().unwrap_or(""))?;
        ws.write_number(r, 2, f.row as f64)?;
        ws.write_string(r, 3, field_name(lang, f.field))?;
        ws.write_string(r, 4, f.column.and_then(|c| src.header(c)).unwrap_or(""))?;
        ws.write_string(r, 5, f.value.as_deref().unwrap_or(""))?;
        ws.write_string_with_format(
            r,
            6,
            i18n::severity_name(lang, f.severity),
            st.severity(f.severity),
        )?;
        ws.write_string(r, 7, f.code.as_string())?;
        let message = i18n::message(lang, f);
        ws.set_row_height(r, line_height(&message, MESSAGE_WIDTH))?;
        ws.write_string_with_format(r, 8, message, &st.wrap)?;
        ws.write_string(r, 9, f.suggestion.as_deref().unwrap_or(""))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, r.max(1), headers.len() as u16 - 1)?;
    ws.set_repeat_rows(0, 0)?;
    print_setup(ws);
    let widths = [
        28.0,
        16.0,
        7.0,
        10.0,
        18.0,
        22.0,
        13.0,
        26.0,
        MESSAGE_WIDTH,
        18.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

/// Builds the workbook in memory.
pub fn build(run: &Run, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // Fixed metadata: the same input gives the same bytes.
    let props = DocProperties::new()
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
        .set_author("roster-check");
    wb.set_properties(&props);
    let st = Styles::new();
    summary_sheet(wb.add_worksheet(), run, lang, &st)?;
    findings_sheet(wb.add_worksheet(), run, lang, &st)?;
    Ok(wb)
}

/// Writes the report to `path` atomically: into a temporary file in the
/// same folder, renamed over `path` only once complete.
pub fn write(run: &Run, lang: Lang, path: &Path) -> Result<(), ReportError> {
    let mut wb = build(run, lang)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".roster-check-")
        .suffix(".xlsx.tmp")
        .tempfile_in(dir)?;
    wb.save_to_writer(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| ReportError::Io(e.error))?;
    Ok(())
}
