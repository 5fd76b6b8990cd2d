//! How every sheet of the report prints: the country's paper, landscape,
//! a scale at which the text stays readable (no fit-to-width that shrinks
//! a wide sheet to 4 pt), gridlines, the header row on every page and,
//! where a sheet is wider than a page, its row-identifying columns too,
//! and a footer with the file, the sheet and "page N of M".

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::findings::Run;
use crate::i18n::{label, Lang};

/// The paper a report prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// Spain's (ISO 216, 210 × 297 mm).
    A4,
    /// Mexico's carta (8.5 × 11 in).
    Letter,
}

impl Paper {
    /// The paper's code in the xlsx page setup (`paperSize`).
    fn code(self) -> u8 {
        match self {
            Paper::Letter => 1,
            Paper::A4 => 9,
        }
    }

    /// The long side, in inches: the width of a landscape page.
    fn long_side(self) -> f64 {
        match self {
            Paper::Letter => 11.0,
            Paper::A4 => 297.0 / 25.4,
        }
    }

    /// The short side, in inches: the height of a landscape page.
    fn short_side(self) -> f64 {
        match self {
            Paper::Letter => 8.5,
            Paper::A4 => 210.0 / 25.4,
        }
    }
}

/// The paper of a run's report: A4 for Spain's Spanish, Letter (carta)
/// for Mexico's; in English (or a language not yet placed), A4 when any
/// table has a Spanish identifier (`config::spanish_ids`), else Letter.
pub fn paper_for(run: &Run, lang: Lang) -> Paper {
    let spain = match lang {
        Lang::Es(crate::lang::Region::Spain) => true,
        Lang::Es(crate::lang::Region::Mexico) => false,
        _ => crate::config::spanish_ids(run),
    };
    if spain {
        Paper::A4
    } else {
        Paper::Letter
    }
}

/// The print scale, in percent: Calibri 11 prints at 8.8 pt, readable on
/// paper, and a page in landscape holds about 150 characters of columns.
pub const SCALE: u16 = 80;

/// Margins, in inches: left and right, top, bottom, header, footer.
const SIDE: f64 = 0.5;
const TOP: f64 = 0.6;
const BOTTOM: f64 = 0.7;
const HEADER: f64 = 0.3;
const FOOTER: f64 = 0.3;

/// The page setup every sheet of a report shares.
#[derive(Debug, Clone)]
pub struct Page {
    pub paper: Paper,
    footer: &'static str,
}

impl Page {
    pub fn new(paper: Paper, lang: Lang) -> Page {
        Page {
            paper,
            footer: label::page_footer(lang),
        }
    }

    /// Sets a sheet's paper, orientation, scale, margins, gridlines and
    /// footer, and repeats its rows `titles` (0-based, inclusive) on
    /// every page.
    pub fn apply(&self, ws: &mut Worksheet, titles: (u32, u32)) -> Result<(), XlsxError> {
        ws.set_paper_size(self.paper.code());
        ws.set_landscape();
        ws.set_print_scale(SCALE);
        ws.set_margins(SIDE, SIDE, TOP, BOTTOM, HEADER, FOOTER);
        ws.set_print_gridlines(true);
        ws.set_footer(self.footer);
        ws.set_repeat_rows(titles.0, titles.1)?;
        Ok(())
    }

    /// How wide a page is, in the sheet's pixels (as column widths are
    /// measured) at the print scale.
    pub fn width_px(&self) -> f64 {
        (self.paper.long_side() - 2.0 * SIDE) * 96.0 * 100.0 / f64::from(SCALE)
    }

    /// How high a page is, in the sheet's pixels at the print scale.
    pub fn height_px(&self) -> f64 {
        (self.paper.short_side() - TOP - BOTTOM) * 96.0 * 100.0 / f64::from(SCALE)
    }

    /// Whether columns of these widths (in characters) are wider than a
    /// page.
    pub fn is_wider(&self, widths: &[f64]) -> bool {
        widths.iter().map(|&w| column_px(w)).sum::<f64>() > self.width_px()
    }

    /// For a sheet wider than a page: repeats the columns `titles`
    /// (0-based, inclusive) on every page, and prints its pages across
    /// then down, so that the pages of one band of rows follow each
    /// other.
    pub fn repeat_columns(
        &self,
        ws: &mut Worksheet,
        widths: &[f64],
        titles: (u16, u16),
    ) -> Result<(), XlsxError> {
        if self.is_wider(widths) {
            ws.set_repeat_columns(titles.0, titles.1)?;
            ws.set_page_order(false);
        }
        Ok(())
    }
}

/// A column's width in pixels, as a width in characters of Calibri 11
/// prints: Excel draws 7 pixels a character and 5 of padding; LibreOffice
/// (with Carlito) prints about 7.5 a character, taken here so that a sheet
/// said to fit a page fits in both.
fn column_px(chars: f64) -> f64 {
    if chars <= 0.0 {
        0.0
    } else {
        (chars * 7.5 + 5.0).floor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Field, Source};

    fn run_with(fields: &[Field]) -> Run {
        let mut run = Run::default();
        run.sources.push(Source {
            columns: fields.iter().enumerate().map(|(c, &f)| (f, c)).collect(),
            ..Source::default()
        });
        run
    }

    #[test]
    fn spanish_identifiers_print_on_a4_mexican_on_letter() {
        assert_eq!(paper_for(&run_with(&[Field::NUSS]), Lang::ES), Paper::A4);
        assert_eq!(
            paper_for(&run_with(&[Field::DNI, Field::Nombre]), Lang::En),
            Paper::A4
        );
        assert_eq!(
            paper_for(&run_with(&[Field::CURP, Field::NSS]), Lang::ES),
            Paper::Letter
        );
        assert_eq!(paper_for(&Run::default(), Lang::ES), Paper::Letter);
    }

    #[test]
    fn a_page_holds_about_150_characters_of_columns() {
        let page = Page::new(Paper::Letter, Lang::ES_MX);
        assert!(!page.is_wider(&[40.0; 3]));
        assert!(page.is_wider(&[40.0; 5]));
        // A4 is a little wider than Letter.
        assert!(Page::new(Paper::A4, Lang::ES_MX).width_px() > page.width_px());
    }
}
