//! How every sheet of the report prints: the country's paper, landscape,
//! one page wide at a readable scale (80 %, or down to 65 % when that
//! makes the sheet fit: a scale of our choosing, not fit-to-width, which
//! would shrink a wide sheet to 4 pt), gridlines, the header row on every
//! page and, where a sheet is wider than a page even so, its
//! row-identifying columns too, and a footer with the file, the sheet and
//! "page N of M".

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

/// The smallest scale a sheet is printed at to make it one page wide:
/// Calibri 11 at 7.2 pt, as small as the fine print of a form. A row of
/// Hallazgos split over two sheets of paper cannot be worked from; a
/// sheet that is still wider prints at `SCALE` across several pages,
/// repeating the columns that say whose a row is.
pub const MIN_SCALE: u16 = 65;

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

    /// How wide a page is at `scale`, in the sheet's pixels (as column
    /// widths are measured).
    fn width_px(&self, scale: u16) -> f64 {
        (self.paper.long_side() - 2.0 * SIDE) * 96.0 * 100.0 / f64::from(scale.max(1))
    }

    /// How high a page is at `scale`, in the sheet's pixels.
    pub fn height_px(&self, scale: u16) -> f64 {
        (self.paper.short_side() - TOP - BOTTOM) * 96.0 * 100.0 / f64::from(scale.max(1))
    }

    /// The largest scale, from `SCALE` down to `MIN_SCALE`, at which
    /// columns of these widths (in characters) print one page wide; `None`
    /// when they are wider than a page even at `MIN_SCALE`.
    pub fn scale_for(&self, widths: &[f64]) -> Option<u16> {
        let px = columns_px(widths);
        (MIN_SCALE..=SCALE).rev().find(|&s| px <= self.width_px(s))
    }

    /// The width (in characters) of one more column, after `widths`, that
    /// fills the page: at the largest scale where it gets at least
    /// `wanted` characters, and at most `max`; where no scale gives it
    /// `wanted`, what is left at `MIN_SCALE`, down to `least`; `least`
    /// when even that is wider than the page.
    pub fn room(&self, widths: &[f64], least: f64, wanted: f64, max: f64) -> f64 {
        let used = columns_px(widths);
        let rest = |s: u16| ((self.width_px(s) - used - PADDING_PX) / CHAR_PX).floor();
        match (MIN_SCALE..=SCALE)
            .rev()
            .find(|&s| used + column_px(wanted) <= self.width_px(s))
        {
            Some(s) => rest(s).clamp(wanted, max.max(wanted)),
            None => rest(MIN_SCALE).max(least),
        }
    }

    /// Makes a sheet whose columns have these widths (0: hidden) print one
    /// page wide (`scale_for`); where none does, at `SCALE` with the
    /// columns `titles` (0-based, inclusive) on every page, the pages
    /// across then down, so that the pages of one band of rows follow each
    /// other. Returns the scale.
    pub fn fit(
        &self,
        ws: &mut Worksheet,
        widths: &[f64],
        titles: Option<(u16, u16)>,
    ) -> Result<u16, XlsxError> {
        if let Some(scale) = self.scale_for(widths) {
            ws.set_print_scale(scale);
            return Ok(scale);
        }
        ws.set_print_scale(SCALE);
        if let Some((first, last)) = titles {
            ws.set_repeat_columns(first, last)?;
            ws.set_page_order(false);
        }
        Ok(SCALE)
    }
}

/// What a character of Calibri 11 and a column's padding take, in pixels
/// (`column_px`).
const CHAR_PX: f64 = 7.5;
const PADDING_PX: f64 = 5.0;

/// How wide columns of these widths (in characters; 0 is hidden) print,
/// in pixels at 100 %.
fn columns_px(widths: &[f64]) -> f64 {
    widths.iter().map(|&w| column_px(w)).sum()
}

/// A column's width in pixels, as a width in characters of Calibri 11
/// prints: Excel draws 7 pixels a character and 5 of padding; LibreOffice
/// (with Carlito) prints about 7.5 a character, taken here so that a sheet
/// said to fit a page fits in both.
fn column_px(chars: f64) -> f64 {
    if chars <= 0.0 {
        0.0
    } else {
        (chars * CHAR_PX + PADDING_PX).floor()
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
    fn a_page_holds_about_150_characters_of_columns_at_80_percent() {
        let page = Page::new(Paper::Letter, Lang::ES_MX);
        assert_eq!(page.scale_for(&[40.0; 3]), Some(SCALE));
        // 180 characters: shrunk, but not below the smallest scale.
        let wide = [40.0, 40.0, 40.0, 40.0, 20.0];
        let shrunk = page.scale_for(&wide).unwrap();
        assert!((MIN_SCALE..SCALE).contains(&shrunk), "{shrunk}");
        assert_eq!(page.scale_for(&[40.0; 6]), None);
        // Hidden columns take no room.
        assert_eq!(page.scale_for(&[40.0, 40.0, 40.0, 0.0, 0.0]), Some(SCALE));
        // A4 is a little wider than Letter.
        let a4 = Page::new(Paper::A4, Lang::ES_MX);
        assert!(a4.width_px(SCALE) > page.width_px(SCALE));
        assert!(a4.scale_for(&wide).unwrap() > shrunk);
    }

    #[test]
    fn the_room_left_fills_the_page_at_the_largest_scale_that_gives_what_is_wanted() {
        for paper in [Paper::Letter, Paper::A4] {
            let page = Page::new(paper, Lang::ES_MX);
            // Narrow columns: 80 %, the rest of the page, up to the most.
            assert_eq!(page.room(&[10.0; 3], 30.0, 40.0, 60.0), 60.0);
            let rest = page.room(&[10.0; 3], 30.0, 40.0, 500.0);
            let mut all = vec![10.0; 3];
            all.push(rest);
            assert_eq!(page.scale_for(&all), Some(SCALE), "{paper:?}");
            all.push(1.0);
            assert_ne!(page.scale_for(&all), Some(SCALE), "{paper:?}: {rest}");
            // Wide columns: a smaller scale, and what is wanted.
            let wide = [20.0; 7];
            let room = page.room(&wide, 30.0, 45.0, 500.0);
            assert!(room >= 45.0, "{paper:?}: {room}");
            let mut all = wide.to_vec();
            all.push(room);
            let scale = page.scale_for(&all).unwrap();
            assert!(scale < SCALE, "{paper:?}: {scale}");
            // Wider still: less than wanted, at the smallest scale.
            let wider = [20.0; 8];
            let room = page.room(&wider, 20.0, 45.0, 500.0);
            assert!((20.0..45.0).contains(&room), "{paper:?}: {room}");
            let mut all = wider.to_vec();
            all.push(room);
            assert_eq!(page.scale_for(&all), Some(MIN_SCALE), "{paper:?}");
            // Wider than any scale allows: the least, and no fit.
            assert_eq!(page.room(&[40.0; 6], 30.0, 45.0, 500.0), 30.0);
        }
    }
}
