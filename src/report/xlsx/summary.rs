//! Resumen: what was read, the totals, counts per code (largest first)
//! with their description, and a bar chart of those counts.

use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};

use super::fit;
use super::styles::{header_row, line_height, print_setup, Styles};
use crate::findings::Run;
use crate::i18n::{self, field_name, label, Lang};

/// Width of the "columns used" cell (wrapped).
const COLUMNS_WIDTH: f64 = 60.0;

pub(super) fn write(
    wb: &mut Workbook,
    run: &Run,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let name = label::sheet_summary(lang);
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
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
        let sheet = match &s.sheet {
            Some(n) if s.hidden => i18n::say::hidden_sheet(lang, n),
            Some(n) => n.clone(),
            None => "—".to_string(),
        };
        ws.write_string(r, 0, &*fit(&s.file))?;
        ws.write_string(r, 1, &*fit(&sheet))?;
        let encoding = i18n::say::encoding(lang, s);
        ws.write_string(r, 2, encoding.as_deref().unwrap_or("—"))?;
        match s.header_row {
            Some(h) => ws.write_number(r, 3, h as f64)?,
            None => ws.write_string(r, 3, label::no_header(lang))?,
        };
        ws.write_number(r, 4, s.rows as f64)?;
        ws.write_string_with_format(r, 5, &*fit(&cols), &st.wrap)?;
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
    if s.rows_skipped > 0 {
        r += 1;
        ws.write_string(r, 0, label::rows_skipped(lang))?;
        ws.write_number(r, 1, s.rows_skipped as f64)?;
    }

    r += 2;
    ws.write_string_with_format(r, 0, label::codes_title(lang), &st.section)?;
    r += 1;
    header_row(ws, r, &label::codes_headers(lang), &st.header)?;
    let codes = s.codes_by_count();
    let first_code_row = r + 1;
    for (code, n) in &codes {
        r += 1;
        ws.write_string(r, 0, code.as_string())?;
        ws.write_string(r, 1, i18n::code_description(lang, *code))?;
        ws.write_number(r, 2, *n as f64)?;
    }
    if codes.is_empty() {
        r += 1;
        ws.write_string(r, 0, label::none(lang))?;
    } else {
        // Bars read top-down in the table's order (largest first).
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((name, first_code_row, 0, r, 0))
            .set_values((name, first_code_row, 2, r, 2))
            .set_name(label::codes_title(lang));
        chart.title().set_name(label::codes_title(lang));
        chart.legend().set_hidden();
        chart.y_axis().set_reverse();
        chart
            .set_width(720)
            .set_height((120 + 22 * codes.len() as u32).min(900));
        ws.insert_chart(2, 7, &chart)?;
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
            ws.write_string(r, 0, &*fit(file))?;
            ws.write_string(r, 1, &*fit(sheet))?;
        }
    }
    let longest_file = run
        .sources
        .iter()
        .map(|s| s.file.chars().count())
        .max()
        .unwrap_or(0);
    ws.set_column_width(0, super::styles::fitted(longest_file, 28.0, 60.0))?;
    ws.set_column_width(1, 44)?;
    ws.set_column_width(2, 14)?;
    ws.set_column_width(3, 20)?;
    ws.set_column_width(4, 10)?;
    ws.set_column_width(5, COLUMNS_WIDTH)?;
    print_setup(ws);
    Ok(())
}
