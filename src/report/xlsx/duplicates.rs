//! Duplicados: each group of rows sharing an identifier, its rows one
//! under the other (file, sheet, row, name), groups banded.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::fit;
use super::paged::Paged;
use super::roster::Names;
use super::styles::{fitted, Styles};
use crate::findings::Run;
use crate::i18n::{field_name, label, Lang};

pub(super) fn write(
    wb: &mut Workbook,
    run: &Run,
    lang: Lang,
    st: &Styles,
    names: &Names,
    taken: &[String],
) -> Result<(), XlsxError> {
    // Groups by field and value, each group's rows by file, sheet, row.
    let mut groups: Vec<&crate::findings::Shared> = run.shared.iter().collect();
    groups.sort_by(|a, b| (a.field, a.value.as_str()).cmp(&(b.field, b.value.as_str())));
    let place = |p: &crate::findings::Place| {
        let s = &run.sources[p.source];
        (&s.file, &s.sheet, p.row)
    };
    let headers: Vec<String> = label::duplicates_headers(lang)
        .iter()
        .map(|h| h.to_string())
        .collect();
    let longest_file = run
        .shared
        .iter()
        .flat_map(|g| &g.places)
        .map(|p| run.sources[p.source].file.chars().count())
        .max()
        .unwrap_or(0);
    let widths = vec![
        8.0,
        8.0,
        20.0,
        fitted(longest_file, 12.0, 50.0),
        16.0,
        7.0,
        40.0,
    ];
    let mut page = Paged::new(
        wb,
        label::sheet_duplicates(lang),
        headers,
        widths,
        taken,
        st,
    )?;
    // Row and name: whose each line is, on every page of a wide sheet.
    page.set_key_columns(5, 6);
    let mut places = Vec::new();
    for (n, g) in groups.iter().enumerate() {
        let group = n + 1;
        places.clear();
        places.extend_from_slice(&g.places);
        places.sort_by(|a, b| place(a).cmp(&place(b)));
        for p in &places {
            let (ws, r) = page.next(wb, st)?;
            let s = &run.sources[p.source];
            let band = (group % 2 == 0).then_some(&st.band);
            let cells: [String; 7] = [
                group.to_string(),
                field_name(lang, g.field).to_string(),
                g.value.to_string(),
                s.file.clone(),
                s.sheet.clone().unwrap_or_default(),
                p.row.to_string(),
                names
                    .get(&(p.source, p.row))
                    .unwrap_or_default()
                    .to_string(),
            ];
            for (c, v) in cells.iter().enumerate() {
                let c = c as u16;
                match (c, band) {
                    (0 | 5, Some(b)) => {
                        ws.write_number_with_format(r, c, v.parse::<f64>().unwrap_or(0.0), b)?
                    }
                    (0 | 5, None) => ws.write_number(r, c, v.parse::<f64>().unwrap_or(0.0))?,
                    (_, Some(b)) => ws.write_string_with_format(r, c, &*fit(v), b)?,
                    (_, None) => ws.write_string(r, c, &*fit(v))?,
                };
            }
        }
    }
    if groups.is_empty() {
        let (ws, r) = page.next(wb, st)?;
        ws.write_string(r, 0, label::none(lang))?;
    }
    for ws in page.finish()? {
        wb.push_worksheet(ws);
    }
    Ok(())
}
