//! Resumen: what was read, the totals, counts per code (largest first)
//! with their description, and below them a bar chart of those counts
//! named by their descriptions. Fits a printed page's width.

use rust_xlsxwriter::{Chart, ChartDataLabel, ChartType, Workbook, Worksheet, XlsxError};

use super::fit;
use super::print;
use super::styles::{header_row, line_height, Styles, LINE_HEIGHT};
use crate::findings::{Field, Run};
use crate::i18n::{self, field_name, label, Lang};

/// Width of the file column (wrapped).
const FILE_WIDTH: f64 = 30.0;
/// Width of the sheet column and of the descriptions (wrapped).
const DESCRIPTION_WIDTH: f64 = 42.0;
/// Width of the "columns used" cell (wrapped).
const COLUMNS_WIDTH: f64 = 36.0;
/// The widths of columns A to F.
const WIDTHS: [f64; 6] = [
    FILE_WIDTH,
    DESCRIPTION_WIDTH,
    13.0,
    19.0,
    8.0,
    COLUMNS_WIDTH,
];
/// The chart's width, in pixels: within the tables' width (A to F, about
/// 1,100 pixels), so within a printed page.
const CHART_WIDTH: u32 = 900;
/// The chart's greatest height, in pixels: within a printed page.
const CHART_MAX_HEIGHT: u32 = 780;

/// The step of the count axis: a whole number (1, 2, 5, 10, 20 …) that
/// gives at most ten steps up to `max`.
fn count_step(max: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            let s = step.saturating_mul(m);
            if max.div_ceil(s) <= 10 || s == u64::MAX {
                return s;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Starts a new printed page at `row` when a chart `height` pixels high
/// placed there would be cut by the end of a page: `heights` are the
/// heights (in points) of the rows above it.
fn keep_chart_whole(
    ws: &mut Worksheet,
    row: u32,
    heights: &[f64],
    height: u32,
    page_height_px: f64,
) -> Result<(), XlsxError> {
    let px = |points: f64| points * 96.0 / 72.0;
    // The title row prints on every page.
    let title = px(heights.first().copied().unwrap_or(LINE_HEIGHT));
    let mut used = 0.0;
    for &h in heights {
        used += px(h);
        if used > page_height_px {
            used = title + px(h);
        }
    }
    if used + f64::from(height) > page_height_px {
        ws.set_page_breaks(&[row])?;
    }
    Ok(())
}

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
    // Rows given a height of their own (others have a line's).
    let mut tall: Vec<(u32, f64)> = vec![(0, 21.0)];
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
        ws.write_string_with_format(r, 0, &*fit(&s.file), &st.wrap)?;
        ws.write_string(r, 1, &*fit(&sheet))?;
        let encoding = i18n::say::encoding(lang, s);
        ws.write_string(r, 2, encoding.as_deref().unwrap_or("—"))?;
        match s.header_row {
            Some(h) => ws.write_number(r, 3, h as f64)?,
            None => ws.write_string(r, 3, label::no_header(lang))?,
        };
        ws.write_number(r, 4, s.rows as f64)?;
        ws.write_string_with_format(r, 5, &*fit(&cols), &st.wrap)?;
        let height = line_height(&cols, COLUMNS_WIDTH).max(line_height(&s.file, FILE_WIDTH));
        ws.set_row_height(r, height)?;
        // Its other cells read from the top, beside the wrapped ones.
        ws.set_row_format(r, &st.cell)?;
        tall.push((r, height));
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
        // An identifier's codes name it first: their descriptions are
        // shared ("the check digit does not match"), and the chart names
        // its bars by this cell. Other fields' descriptions say theirs.
        let description = i18n::code_description(lang, *code);
        let description = match code.field() {
            field @ Field::Id(_) => format!("{}: {description}", field_name(lang, field)),
            _ => description.to_string(),
        };
        ws.write_number(r, 2, *n as f64)?;
        let height = line_height(&description, DESCRIPTION_WIDTH);
        if height > LINE_HEIGHT {
            ws.write_string_with_format(r, 1, &description, &st.wrap)?;
            ws.set_row_height(r, height)?;
            ws.set_row_format(r, &st.cell)?;
            tall.push((r, height));
        } else {
            ws.write_string(r, 1, &description)?;
        }
    }
    let last_code_row = r;
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
            ws.write_string_with_format(r, 0, &*fit(file), &st.wrap)?;
            ws.write_string(r, 1, &*fit(sheet))?;
            let height = line_height(file, FILE_WIDTH);
            if height > LINE_HEIGHT {
                ws.set_row_height(r, height)?;
                ws.set_row_format(r, &st.cell)?;
                tall.push((r, height));
            }
        }
    }
    if let Some(&(_, most)) = codes.first() {
        // Below the tables, as wide as a page allows: bars read top-down
        // in the table's order (largest first), each named by its
        // description, on a whole-number axis.
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((name, first_code_row, 1, last_code_row, 1))
            .set_values((name, first_code_row, 2, last_code_row, 2))
            .set_name(label::codes_title(lang))
            .set_data_label(ChartDataLabel::new().show_value());
        chart.title().set_name(label::codes_title(lang));
        chart.legend().set_hidden();
        chart.y_axis().set_reverse();
        chart
            .x_axis()
            .set_min(0)
            .set_major_unit(count_step(most) as f64)
            .set_num_format("0");
        let height = (120 + 24 * codes.len() as u32).min(CHART_MAX_HEIGHT);
        chart.set_width(CHART_WIDTH).set_height(height);
        r += 2;
        let heights: Vec<f64> = (0..r)
            .map(|row| {
                tall.iter()
                    .find(|&&(t, _)| t == row)
                    .map_or(LINE_HEIGHT, |&(_, h)| h)
            })
            .collect();
        let scale = st.page.scale_for(&WIDTHS).unwrap_or(print::SCALE);
        let page_height = st.page.height_px(scale);
        keep_chart_whole(ws, r, &heights, height, page_height)?;
        ws.insert_chart(r, 0, &chart)?;
    }
    for (c, &w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    st.page.apply(ws, (0, 0))?;
    st.page.fit(ws, &WIDTHS, None)?;
    Ok(())
}
