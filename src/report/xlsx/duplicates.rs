//! Duplicados: each group of rows sharing an identifier, its rows one
//! under the other (file, sheet, row, name), groups banded.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::fit;
use super::paged::Paged;
use super::roster::Names;
use super::styles::{fitted, Styles};
use crate::findings::{Kind, Run};
use crate::i18n::{field_name, label, Lang};

pub(super) fn write(
    wb: &mut Workbook,
    run: &Run,
    lang: Lang,
    st: &Styles,
    names: &Names,
    taken: &[String],
) -> Result<(), XlsxError> {
    let mut dups: Vec<_> = run
        .findings
        .iter()
        .filter(|f| f.code.kind() == Kind::Duplicate)
        .collect();
    let place = |f: &&crate::findings::Finding| {
        let s = &run.sources[f.source];
        (s.file.clone(), s.sheet.clone(), f.row)
    };
    dups.sort_by(|a, b| {
        (a.field, &a.value)
            .cmp(&(b.field, &b.value))
            .then_with(|| place(a).cmp(&place(b)))
    });
    let headers: Vec<String> = label::duplicates_headers(lang)
        .iter()
        .map(|h| h.to_string())
        .collect();
    let longest_file = dups
        .iter()
        .map(|f| run.sources[f.source].file.chars().count())
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
    let mut group = 0;
    let mut last: Option<(crate::findings::Field, Option<&String>)> = None;
    for f in &dups {
        if last != Some((f.field, f.value.as_ref())) {
            group += 1;
            last = Some((f.field, f.value.as_ref()));
        }
        let (ws, r) = page.next(wb, st)?;
        let s = &run.sources[f.source];
        let band = (group % 2 == 0).then_some(&st.band);
        let cells: [String; 7] = [
            group.to_string(),
            field_name(lang, f.field).to_string(),
            f.value.clone().unwrap_or_default(),
            s.file.clone(),
            s.sheet.clone().unwrap_or_default(),
            f.row.to_string(),
            names.get(&(f.source, f.row)).cloned().unwrap_or_default(),
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
    if dups.is_empty() {
        let (ws, r) = page.next(wb, st)?;
        ws.write_string(r, 0, label::none(lang))?;
    }
    for ws in page.finish()? {
        wb.push_worksheet(ws);
    }
    Ok(())
}
