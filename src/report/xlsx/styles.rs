//! Formats defined once and reused by every sheet.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::findings::Severity;

pub(super) struct Styles {
    pub title: Format,
    pub section: Format,
    pub header: Format,
    pub error: Format,
    pub warning: Format,
    pub info: Format,
    pub wrap: Format,
    pub band: Format,
    /// Every other data cell: top-aligned, so tall rows read evenly.
    pub cell: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0x1F4E78))
            .set_font_color(Color::White)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            section: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            header,
            error: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006))
                .set_align(FormatAlign::Top),
            warning: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700))
                .set_align(FormatAlign::Top),
            info: Format::new()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            band: Format::new().set_background_color(Color::RGB(0xF2F2F2)),
            cell: Format::new().set_align(FormatAlign::Top),
        }
    }

    /// The fill of a severity.
    pub fn severity(&self, s: Severity) -> &Format {
        match s {
            Severity::Error => &self.error,
            Severity::Warning => &self.warning,
            Severity::Info => &self.info,
        }
    }
}

/// Width (in characters) of wrapped message cells.
pub(super) const MESSAGE_WIDTH: f64 = 80.0;

/// The height of a row whose wrapped text fills `width` characters a line:
/// spreadsheet programs do not all grow rows for wrapped text by
/// themselves (LibreOffice keeps the default height).
pub(super) fn line_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.1).max(1.0) as usize;
    let lines: usize = text
        .split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum();
    15.0 * lines.max(1) as f64
}

/// A column width fitted to the longest text, within bounds.
pub(super) fn fitted(longest: usize, min: f64, max: f64) -> f64 {
    (longest as f64 * 1.1 + 2.0).clamp(min, max)
}

/// Printed, a sheet fits the page width in landscape.
pub(super) fn print_setup(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
}

pub(super) fn header_row(
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
