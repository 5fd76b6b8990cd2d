//! A sheet that goes on in a new sheet past Excel's 1,048,576 rows: "Padrón",
//! then "Padrón (2)" …, each with the header row, frozen and filtered.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::styles::{print_setup, Styles};

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

pub(super) struct Paged {
    /// Last data row of a sheet (Excel's, but for tests).
    last_row: u32,
    base: String,
    headers: Vec<String>,
    widths: Vec<f64>,
    index: usize,
    /// Every page's sheet index.
    pages: Vec<usize>,
    /// Last row written on the current sheet.
    row: u32,
    /// Every sheet name used so far (its own pages included).
    pub names: Vec<String>,
}

impl Paged {
    /// Adds the first sheet, named after `base`, avoiding `taken`.
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
            index: 0,
            pages: Vec::new(),
            row: 0,
            names: taken.to_vec(),
        };
        p.add_page(wb, st)?;
        Ok(p)
    }

    fn add_page(&mut self, wb: &mut Workbook, st: &Styles) -> Result<(), XlsxError> {
        let name = sheet_name(&self.base, &self.names);
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(&name)?;
        self.names.push(name);
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, &*super::fit(h), &st.header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
        print_setup(ws);
        self.index = wb.worksheets().len() - 1;
        self.pages.push(self.index);
        self.row = 0;
        Ok(())
    }

    /// The column widths every page gets when the sheet is finished (known
    /// once all rows are in).
    pub fn set_widths(&mut self, widths: Vec<f64>) {
        self.widths = widths;
    }

    /// The sheet and row to write the next data row on.
    pub fn next<'w>(
        &mut self,
        wb: &'w mut Workbook,
        st: &Styles,
    ) -> Result<(&'w mut Worksheet, u32), XlsxError> {
        if self.row >= self.last_row {
            self.filter(wb)?;
            self.add_page(wb, st)?;
        }
        self.row += 1;
        Ok((wb.worksheet_from_index(self.index)?, self.row))
    }

    /// Sets the autofilter over what the current sheet holds.
    fn filter(&mut self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let last_col = self.headers.len().saturating_sub(1) as u16;
        wb.worksheet_from_index(self.index)?
            .autofilter(0, 0, self.row.max(1), last_col)?;
        Ok(())
    }

    /// Ends the sheet: the last page's autofilter, every page's column
    /// widths. The widths wait until here: while a sheet has none, a cell
    /// written without a format costs rust_xlsxwriter no column lookup
    /// (two hashes a cell, 12 million cells in a million-row Padrón).
    pub fn finish(mut self, wb: &mut Workbook) -> Result<(), XlsxError> {
        self.filter(wb)?;
        for &i in &self.pages {
            let ws = wb.worksheet_from_index(i)?;
            for (c, w) in self.widths.iter().enumerate() {
                ws.set_column_width(c as u16, *w)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_past_the_limit_go_on_in_a_new_sheet_with_the_header() {
        let st = Styles::new();
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
        p.finish(&mut wb).unwrap();
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
