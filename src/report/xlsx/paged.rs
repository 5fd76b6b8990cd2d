//! A sheet that goes on in a new sheet past Excel's 1,048,576 rows: "Padrón",
//! then "Padrón (2)" …, each with the header row, frozen, filtered and
//! printed on every page.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::print::Page;
use super::styles::Styles;

/// Excel's last row index (0-based) is 1,048,575; row 0 is the header.
const LAST_ROW: u32 = 1_048_575;

/// Characters not allowed in a sheet name.
const BAD: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];

/// A valid sheet name: no forbidden characters, at most 31 characters,
/// not among `taken` (compared ignoring case, as Excel does).
pub(super) fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if BAD.contains(&c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let clean = if clean.is_empty() { "Hoja" } else { clean };
    let is_taken = |n: &str| {
        taken
            .iter()
            .any(|t| t.eq_ignore_ascii_case(n) || t.to_lowercase() == n.to_lowercase())
    };
    for i in 1.. {
        let suffix = if i == 1 {
            String::new()
        } else {
            format!(" ({i})")
        };
        let room = 31 - suffix.chars().count();
        let name: String = clean
            .chars()
            .take(room)
            .collect::<String>()
            .trim_end()
            .to_string()
            + &suffix;
        if !is_taken(&name) {
            return name;
        }
    }
    unreachable!("some suffix is free")
}

/// A sheet's pages, made as standalone constant-memory worksheets and
/// given to the workbook when the sheet is finished: a sheet made
/// beforehand (`make_pages`) can be filled on another thread while the
/// workbook writes another.
pub(super) struct Paged {
    /// Last data row of a sheet (Excel's, but for tests).
    last_row: u32,
    base: String,
    headers: Vec<String>,
    widths: Vec<f64>,
    /// Pages in use, the current one last.
    pages: Vec<Worksheet>,
    /// Pages made and not yet in use, in order.
    made: Vec<Worksheet>,
    /// Last row written on the current page.
    row: u32,
    /// Every sheet name used so far (its own pages included).
    names: Vec<String>,
    /// The columns that say whose a row is, printed on every page when
    /// the sheet is wider than one even shrunk (`Page::fit`).
    key_columns: Option<(u16, u16)>,
    page: Page,
}

impl Paged {
    /// A sheet named after `base`, avoiding `taken`, with its first page.
    pub fn new(
        wb: &mut Workbook,
        base: &str,
        headers: Vec<String>,
        widths: Vec<f64>,
        taken: &[String],
        st: &Styles,
    ) -> Result<Paged, XlsxError> {
        let mut p = Paged {
            last_row: LAST_ROW,
            base: base.to_string(),
            headers,
            widths,
            pages: Vec::new(),
            made: Vec::new(),
            row: 0,
            names: taken.to_vec(),
            key_columns: None,
            page: st.page.clone(),
        };
        let first = p.make_page(wb, st)?;
        p.made.push(first);
        Ok(p)
    }

    /// The names of the pages made so far, in order.
    pub fn own_names(&self) -> &[String] {
        &self.names[self.names.len() - self.pages.len() - self.made.len()..]
    }

    /// Makes, before any row is written, every page `rows` data rows
    /// need, so that `next_made` can fill them without the workbook.
    pub fn make_pages(
        &mut self,
        wb: &mut Workbook,
        rows: u64,
        st: &Styles,
    ) -> Result<(), XlsxError> {
        while (self.made.len() as u64) * u64::from(self.last_row) < rows {
            let page = self.make_page(wb, st)?;
            self.made.push(page);
        }
        Ok(())
    }

    fn make_page(&mut self, wb: &mut Workbook, st: &Styles) -> Result<Worksheet, XlsxError> {
        let name = sheet_name(&self.base, &self.names);
        let mut ws = wb.new_worksheet_with_constant_memory()?;
        ws.set_name(&name)?;
        self.names.push(name);
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, &*super::fit(h), &st.header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        st.page.apply(&mut ws, (0, 0))?;
        Ok(ws)
    }

    /// The columns (0-based, inclusive) that say whose a row is: printed
    /// on every page of a sheet wider than a page.
    pub fn set_key_columns(&mut self, first: u16, last: u16) {
        self.key_columns = Some((first, last));
    }

    /// The column widths every page gets when the sheet is finished (known
    /// once all rows are in).
    pub fn set_widths(&mut self, widths: Vec<f64>) {
        self.widths = widths;
    }

    /// The column widths set so far.
    pub fn widths(&self) -> &[f64] {
        &self.widths
    }

    /// The sheet and row to write the next data row on, making a page when
    /// the current one is full.
    pub fn next(
        &mut self,
        wb: &mut Workbook,
        st: &Styles,
    ) -> Result<(&mut Worksheet, u32), XlsxError> {
        if self.is_full() && self.made.is_empty() {
            let page = self.make_page(wb, st)?;
            self.made.push(page);
        }
        self.next_made()
    }

    /// The same from the pages made beforehand: past them, Excel's row
    /// limit error.
    pub fn next_made(&mut self) -> Result<(&mut Worksheet, u32), XlsxError> {
        if self.is_full() {
            if self.made.is_empty() {
                return Err(XlsxError::RowColumnLimitError);
            }
            self.filter_current();
            self.pages.push(self.made.remove(0));
            self.row = 0;
        }
        self.row += 1;
        let row = self.row;
        let ws = self
            .pages
            .last_mut()
            .ok_or(XlsxError::RowColumnLimitError)?;
        Ok((ws, row))
    }

    /// No page in use yet, or the current one is full.
    fn is_full(&self) -> bool {
        self.pages.is_empty() || self.row >= self.last_row
    }

    /// Sets the autofilter over what the current page holds.
    fn filter_current(&mut self) {
        let last_col = self.headers.len().saturating_sub(1) as u16;
        let rows = self.row.max(1);
        if let Some(ws) = self.pages.last_mut() {
            // Cannot fail: the range is within the sheet.
            let _ = ws.autofilter(0, 0, rows, last_col);
        }
    }

    /// Ends the sheet: the last page's autofilter, every page's column
    /// widths (0: hidden) and the scale that prints it one page wide
    /// (`Page::fit`); returns the pages, in order, for the workbook (pages made
    /// and left unused included, so a sheet always has one). The widths
    /// wait until here: while a sheet has none, a cell written without a
    /// format costs rust_xlsxwriter no column lookup (two hashes a cell,
    /// 12 million cells in a million-row Padrón).
    pub fn finish(mut self) -> Result<Vec<Worksheet>, XlsxError> {
        if self.pages.is_empty() {
            // No row: the first page, header only.
            self.pages.push(self.made.remove(0));
        }
        self.filter_current();
        let mut pages = self.pages;
        pages.append(&mut self.made);
        for ws in &mut pages {
            for (c, &w) in self.widths.iter().enumerate() {
                if w > 0.0 {
                    ws.set_column_width(c as u16, w)?;
                } else {
                    ws.set_column_hidden(c as u16)?;
                }
            }
            self.page.fit(ws, &self.widths, self.key_columns)?;
        }
        Ok(pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::report::xlsx::print::Paper;

    fn styles() -> Styles {
        Styles::new(Page::new(Paper::A4, Lang::ES_MX))
    }

    #[test]
    fn rows_past_the_limit_go_on_in_a_new_sheet_with_the_header() {
        let st = styles();
        let mut wb = Workbook::new();
        wb.add_worksheet().set_name("Resumen").unwrap();
        let mut p = Paged::new(
            &mut wb,
            "Padrón",
            vec!["CURP".into()],
            vec![20.0],
            &["Resumen".into()],
            &st,
        )
        .unwrap();
        p.last_row = 2;
        for i in 0..5 {
            let (ws, r) = p.next(&mut wb, &st).unwrap();
            ws.write_string(r, 0, format!("v{i}")).unwrap();
        }
        for page in p.finish().unwrap() {
            wb.push_worksheet(page);
        }
        let names: Vec<String> = wb.worksheets().iter().map(|w| w.name()).collect();
        assert_eq!(names, ["Resumen", "Padrón", "Padrón (2)", "Padrón (3)"]);
        let bytes = wb.save_to_buffer().unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        let rows = |book: &mut calamine::Xlsx<_>, s: &str| -> Vec<String> {
            let r = book.worksheet_range(s).unwrap();
            r.rows().map(|row| row[0].to_string()).collect()
        };
        assert_eq!(rows(&mut book, "Padrón"), ["CURP", "v0", "v1"]);
        assert_eq!(rows(&mut book, "Padrón (2)"), ["CURP", "v2", "v3"]);
        assert_eq!(rows(&mut book, "Padrón (3)"), ["CURP", "v4"]);
    }

    #[test]
    fn pages_made_beforehand_fill_on_another_thread() {
        let st = styles();
        let mut wb = Workbook::new();
        let mut p =
            Paged::new(&mut wb, "Hallazgos", vec!["n".into()], vec![9.0], &[], &st).unwrap();
        p.last_row = 2;
        p.make_pages(&mut wb, 6, &st).unwrap();
        assert_eq!(
            p.own_names(),
            ["Hallazgos", "Hallazgos (2)", "Hallazgos (3)"]
        );
        let pages = std::thread::spawn(move || {
            for i in 0..6 {
                let (ws, r) = p.next_made().unwrap();
                ws.write_number(r, 0, i).unwrap();
            }
            // Past the pages made: an error, not a page out of nowhere.
            assert!(p.next_made().is_err());
            p.finish().unwrap()
        })
        .join()
        .unwrap();
        wb.add_worksheet().set_name("Padrón").unwrap();
        wb.worksheets_mut().splice(0..0, pages);
        let bytes = wb.save_to_buffer().unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        assert_eq!(
            book.sheet_names(),
            ["Hallazgos", "Hallazgos (2)", "Hallazgos (3)", "Padrón"]
        );
        let rows = |book: &mut calamine::Xlsx<_>, s: &str| -> Vec<String> {
            let r = book.worksheet_range(s).unwrap();
            r.rows().map(|row| row[0].to_string()).collect()
        };
        assert_eq!(rows(&mut book, "Hallazgos"), ["n", "0", "1"]);
        assert_eq!(rows(&mut book, "Hallazgos (3)"), ["n", "4", "5"]);
    }

    #[test]
    fn a_sheet_without_rows_keeps_its_header_page() {
        let st = styles();
        let mut wb = Workbook::new();
        let p = Paged::new(&mut wb, "Duplicados", vec!["h".into()], vec![9.0], &[], &st).unwrap();
        let pages = p.finish().unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].name(), "Duplicados");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["Resumen".to_string(), "Padrón 1A".to_string()];
        assert_eq!(sheet_name("Padrón 1A", &taken), "Padrón 1A (2)");
        assert_eq!(sheet_name("resumen", &taken), "resumen (2)");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        let long = "Padrón ".to_string() + &"x".repeat(40);
        let n = sheet_name(&long, &[long.chars().take(31).collect()]);
        assert_eq!(n.chars().count(), 31);
        assert!(n.ends_with(" (2)"));
    }
}
