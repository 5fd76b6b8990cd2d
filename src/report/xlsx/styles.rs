//! Formats and the page setup, defined once and reused by every sheet.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::print::Page;
use crate::findings::Severity;

/// How a date of the input shows: day, month, year.
const DATE: &str = "dd/mm/yyyy";

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
    /// A date of the input, plain and filled as an error or a warning.
    pub date: Format,
    pub date_error: Format,
    pub date_warning: Format,
    /// How every sheet prints.
    pub page: Page,
}

impl Styles {
    pub fn new(page: Page) -> Styles {
        let error = Format::new()
            .set_background_color(Color::RGB(0xFFC7CE))
            .set_font_color(Color::RGB(0x9C0006))
            .set_align(FormatAlign::Top);
        let warning = Format::new()
            .set_background_color(Color::RGB(0xFFEB9C))
            .set_font_color(Color::RGB(0x9C5700))
            .set_align(FormatAlign::Top);
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
            date: Format::new().set_num_format(DATE),
            date_error: error.clone().set_num_format(DATE),
            date_warning: warning.clone().set_num_format(DATE),
            error,
            warning,
            info: Format::new()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            band: Format::new().set_background_color(Color::RGB(0xF2F2F2)),
            cell: Format::new().set_align(FormatAlign::Top),
            page,
        }
    }

    /// Gives every format its workbook index now, in this order.
    /// rust_xlsxwriter numbers a format when it is first used; with
    /// Hallazgos filled on its own thread beside the Padrón, first use
    /// would follow the threads' timing and the same input could give
    /// different bytes. (`register_format` is hidden from rust_xlsxwriter's
    /// docs but described there for this: multi-threaded constant-memory
    /// programs.)
    pub fn register(&self, wb: &mut Workbook) {
        for f in [
            &self.title,
            &self.section,
            &self.header,
            &self.error,
            &self.warning,
            &self.info,
            &self.wrap,
            &self.band,
            &self.cell,
            &self.date,
            &self.date_error,
            &self.date_warning,
        ] {
            wb.register_format(f);
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

    /// The format of a date cell, filled as `marked` says (info marks
    /// nothing).
    pub fn date(&self, marked: Option<Severity>) -> &Format {
        match marked {
            Some(Severity::Error) => &self.date_error,
            Some(Severity::Warning) => &self.date_warning,
            _ => &self.date,
        }
    }
}

/// The height of a row of one line.
pub(super) const LINE_HEIGHT: f64 = 15.0;

/// The height of a row whose text wraps in a column `width` characters
/// wide: spreadsheet programs do not all grow rows for wrapped text by
/// themselves (LibreOffice 7.4 keeps the default height, on screen and on
/// paper).
pub(super) fn line_height(text: &str, width: f64) -> f64 {
    let lines: usize = text.split('\n').map(|l| wrapped_lines(l, width)).sum();
    LINE_HEIGHT * lines.max(1) as f64
}

/// How many lines a line of text takes wrapped at its spaces (a word
/// longer than a line broken anywhere, as LibreOffice and Excel do) in a
/// column `width` characters wide. A width counts Calibri's digits; a
/// line holds about 1.25 times as many lowercase letters and spaces, and
/// capitals and digits take about 1.35 of those (measured on
/// LibreOffice's pages: 64 characters of a Spanish message in a column of
/// 50, a CURP of 18 characters in one of 21.7 but not of 20.7, names of 23
/// capitals in one of 24.7). Errs towards a line too many: a blank line
/// costs paper, a line too few hides text.
fn wrapped_lines(line: &str, width: f64) -> usize {
    let room = (width * 1.25).max(1.0);
    let units = |word: &str| -> f64 {
        word.chars()
            .map(|c| {
                if c.is_uppercase() || c.is_ascii_digit() {
                    1.35
                } else {
                    1.0
                }
            })
            .sum()
    };
    let mut lines = 1;
    // What the current line holds.
    let mut used = 0.0;
    for word in line.split(' ') {
        let w = units(word);
        if used > 0.0 && used + 1.0 + w <= room {
            used += 1.0 + w;
            continue;
        }
        if used > 0.0 {
            lines += 1;
        }
        // A word longer than a line fills lines of its own.
        let whole = (w / room).ceil().max(1.0);
        lines += whole as usize - 1;
        used = w - (whole - 1.0) * room;
    }
    lines
}

/// How many more rows of a sheet `grow_row` may give a height.
pub(super) struct Growth {
    left: usize,
}

impl Growth {
    /// rust_xlsxwriter keeps the options of every row given any until the
    /// workbook is saved, in constant-memory sheets too: about 670 bytes a
    /// row (measured: a million heights set, 670 MB; none, 4 MB). A sheet
    /// grows its first 50,000 tall rows (about 34 MB), and the rows past
    /// them keep one line's height (their text still wraps): a sheet that
    /// long is filtered, not read row by row, and a roster whose every row
    /// is faulty must stay within its memory (2 million rows with five
    /// findings each, report included: under 500 MB).
    pub fn new() -> Growth {
        Growth { left: 50_000 }
    }
}

/// Gives row `r` the `height` its wrapped text needs and `format` (top
/// alignment, and wrapping where every cell may wrap) as the row's format,
/// which every cell written without one takes, when it needs more than a
/// line and `growth` allows. A row of one line is left alone: it needs
/// neither.
pub(super) fn grow_row(
    ws: &mut Worksheet,
    r: u32,
    height: f64,
    format: &Format,
    growth: &mut Growth,
) -> Result<(), XlsxError> {
    if growth.left == 0 {
        return Ok(());
    }
    if height > LINE_HEIGHT {
        ws.set_row_format(r, format)?;
        ws.set_row_height(r, height)?;
        growth.left -= 1;
    }
    Ok(())
}

/// A column width fitted to the longest text, within bounds.
pub(super) fn fitted(longest: usize, min: f64, max: f64) -> f64 {
    (longest as f64 * 1.1 + 2.0).clamp(min, max)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::report::xlsx::print::Paper;
    use std::io::Read;

    /// One part of a saved workbook, as text.
    fn part(wb: &mut Workbook, name: &str) -> String {
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    }

    #[test]
    fn registered_formats_give_the_same_styles_whatever_is_used_first() {
        // As when Hallazgos and the Padrón race to their first formats.
        let st = Styles::new(Page::new(Paper::Letter, Lang::ES_MX));
        let book = |first: &Format, second: &Format| {
            let mut wb = Workbook::new();
            st.register(&mut wb);
            let ws = wb.add_worksheet_with_constant_memory().unwrap();
            ws.write_string_with_format(0, 0, "a", first).unwrap();
            ws.write_string_with_format(1, 0, "b", second).unwrap();
            part(&mut wb, "xl/styles.xml")
        };
        assert_eq!(book(&st.error, &st.wrap), book(&st.wrap, &st.error));
    }

    #[test]
    fn wrapped_text_takes_the_lines_words_fill() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("uno dos", 10.0), 1);
        // 12.5 a line: "uno dos tres" is 12.
        assert_eq!(wrapped_lines("uno dos tres cuatro", 10.0), 2);
        // Capitals are wider: 9 of them fill a line.
        assert_eq!(wrapped_lines("ABCDEFGHI", 10.0), 1);
        assert_eq!(wrapped_lines("ABCDEFGHIJ", 10.0), 2);
        // A long word is broken anywhere.
        assert_eq!(wrapped_lines(&"x".repeat(30), 10.0), 3);
        assert_eq!(wrapped_lines(&format!("ab {}", "x".repeat(30)), 10.0), 4);
        assert_eq!(line_height("a\nb", 10.0), 2.0 * LINE_HEIGHT);
    }

    #[test]
    fn rows_grow_when_taller_than_a_line_and_within_the_growth() {
        let st = Styles::new(Page::new(Paper::Letter, Lang::ES_MX));
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        let mut growth = Growth { left: 2 };
        let long = "x".repeat(100);
        for (r, text) in ["short", &long, "a\nb", &long, ""].iter().enumerate() {
            let r = r as u32;
            grow_row(ws, r, line_height(text, 10.0), &st.cell, &mut growth).unwrap();
            ws.write_string(r, 0, "v").unwrap();
        }
        let xml = part(&mut wb, "xl/worksheets/sheet1.xml");
        let rows: Vec<&str> = xml.split("<row ").skip(1).collect();
        let tall: Vec<bool> = rows.iter().map(|r| r.contains("customHeight")).collect();
        // One line: left alone; two tall rows within the growth; the third
        // tall row past it.
        assert_eq!(tall, [false, true, true, false, false]);
        assert!(
            rows[1].starts_with(r#"r="2" s="#),
            "top-aligned: {}",
            rows[1]
        );
    }
}
