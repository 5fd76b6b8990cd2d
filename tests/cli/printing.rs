//! The report prints (issue 20): every sheet on the country's paper, in
//! landscape, at a readable scale, with its header row (and, where wider
//! than a page, the columns saying whose a row is) on every page, and a
//! footer with the page number; the Resumen's chart below its tables,
//! named by descriptions, on a whole-number axis. Read from the saved
//! workbook's XML; how LibreOffice renders it is checked by hand (see
//! README, "The report").

use std::io::Read;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::*;

fn report(dir: &Path, input: &Path, lang: &str) -> PathBuf {
    let out = dir.join(format!("{lang}.xlsx"));
    cmd()
        .args(["check", "--today", TODAY, "-q", "--fail-on", "never"])
        .args(["--lang", lang, "-o"])
        .arg(&out)
        .arg(input)
        .assert()
        .code(0);
    out
}

/// One part of a workbook, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The value of `attr` in the first `<tag …>` of `xml`.
fn attr<'a>(xml: &'a str, tag: &str, attr: &str) -> Option<&'a str> {
    let at = xml.find(&format!("<{tag} "))?;
    let end = at + xml[at..].find('>')?;
    let element = &xml[at..end];
    let key = format!(" {attr}=\"");
    let from = element.find(&key)? + key.len();
    Some(&element[from..from + element[from..].find('"')?])
}

/// The print titles of each sheet (by its 0-based place), from workbook.xml.
fn print_titles(book: &Path) -> Vec<(usize, String)> {
    let xml = part(book, "xl/workbook.xml");
    xml.split("<definedName ")
        .skip(1)
        .filter(|d| d.starts_with("name=\"_xlnm.Print_Titles\""))
        .map(|d| {
            let id = attr(&format!("<d {d}"), "d", "localSheetId")
                .unwrap()
                .parse()
                .unwrap();
            let body = &d[d.find('>').unwrap() + 1..d.find("</definedName>").unwrap()];
            (id, body.to_string())
        })
        .collect()
}

#[test]
fn every_sheet_prints_on_the_countrys_paper_readably_with_page_numbers() {
    let dir = TempDir::new().unwrap();
    // Mexico (CURP, NSS): Letter (1); Spain (NUSS): A4 (9).
    for (input, lang, paper, page_word) in [
        ("alumnos_mx.xlsx", "es", "1", "Página &amp;P de &amp;N"),
        ("alumnos_es.csv", "es", "9", "Página &amp;P de &amp;N"),
        ("alumnos_mx.csv", "en", "1", "Page &amp;P of &amp;N"),
    ] {
        let book = report(dir.path(), &fixture(input), lang);
        let sheets = calamine::open_workbook_auto(&book).unwrap().sheet_names();
        assert_eq!(sheets.len(), 4, "{input}");
        let titles = print_titles(&book);
        for (i, name) in sheets.iter().enumerate() {
            let what = format!("{input}: {name}");
            let xml = part(&book, &format!("xl/worksheets/sheet{}.xml", i + 1));
            assert_eq!(attr(&xml, "pageSetup", "paperSize"), Some(paper), "{what}");
            assert_eq!(
                attr(&xml, "pageSetup", "orientation"),
                Some("landscape"),
                "{what}"
            );
            let scale: u32 = attr(&xml, "pageSetup", "scale")
                .unwrap_or("100")
                .parse()
                .unwrap();
            assert!(scale >= 70, "{what}: scale {scale}");
            // No fit-to-width that shrinks the text below that scale.
            assert!(!xml.contains("fitToPage"), "{what}");
            assert!(!xml.contains("fitToWidth"), "{what}");
            assert_eq!(attr(&xml, "printOptions", "gridLines"), Some("1"), "{what}");
            let footer = &xml[xml.find("<oddFooter>").expect(&what)..];
            assert!(
                footer.starts_with(&format!(
                    "<oddFooter>&amp;L&amp;F&amp;C&amp;A&amp;R{page_word}</oddFooter>"
                )),
                "{what}: {footer}"
            );
            // The header row on every page.
            let own: Vec<&String> = titles
                .iter()
                .filter(|(s, _)| *s == i)
                .map(|(_, t)| t)
                .collect();
            assert_eq!(own.len(), 1, "{what}: {titles:?}");
            assert!(own[0].ends_with("!$1:$1"), "{what}: {}", own[0]);
        }
        // Hallazgos is wider than a page: its Fila and Alumno columns
        // print on every page, and a band of rows prints across first.
        let findings = &titles.iter().find(|(s, _)| *s == 1).unwrap().1;
        assert!(findings.contains("!$C:$D,"), "{input}: {findings}");
        let xml = part(&book, "xl/worksheets/sheet2.xml");
        assert_eq!(attr(&xml, "pageSetup", "pageOrder"), Some("overThenDown"));
    }
}

#[test]
fn a_wide_padron_repeats_its_fila_column_and_a_narrow_one_does_not() {
    let dir = TempDir::new().unwrap();
    // alumnos_mx: nine columns, Observaciones and two corrections.
    let book = report(dir.path(), &fixture("alumnos_mx.xlsx"), "es");
    let padron = print_titles(&book)
        .into_iter()
        .find(|(s, _)| *s == 2)
        .unwrap()
        .1;
    assert_eq!(padron, "Padrón!$A:$A,Padrón!$1:$1");
    // One column: the Padrón fits a page and repeats only its header.
    let narrow = dir.path().join("curp.csv");
    std::fs::write(&narrow, "CURP\nHEGG560427MVZRRL04\n").unwrap();
    let book = report(dir.path(), &narrow, "es");
    let padron = print_titles(&book)
        .into_iter()
        .find(|(s, _)| *s == 2)
        .unwrap()
        .1;
    assert_eq!(padron, "Padrón!$1:$1");
}

#[test]
fn the_chart_sits_below_the_tables_named_by_descriptions_on_a_whole_number_axis() {
    let dir = TempDir::new().unwrap();
    let book = report(dir.path(), &fixture("alumnos_mx.xlsx"), "es");
    let resumen = cells(&book, "Resumen");
    // The codes table: its last row.
    let header = resumen
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("Código"))
        .unwrap();
    let last = header
        + resumen[header + 1..]
            .iter()
            .take_while(|r| r.first().is_some_and(|c| text(c).contains('.')))
            .count();
    assert!(last > header + 5, "{last}");
    let drawing = part(&book, "xl/drawings/drawing1.xml");
    let from = &drawing[drawing.find("<xdr:from>").unwrap()..];
    let col: u32 = from[from.find("<xdr:col>").unwrap() + 9..from.find("</xdr:col>").unwrap()]
        .parse()
        .unwrap();
    let row: usize = from[from.find("<xdr:row>").unwrap() + 9..from.find("</xdr:row>").unwrap()]
        .parse()
        .unwrap();
    assert_eq!(col, 0, "at the left edge, below");
    assert!(row > last, "chart at row {row}, table to {last}");
    let chart = part(&book, "xl/charts/chart1.xml");
    // Bars named by the Descripción column (B), not the codes (A).
    let cat = &chart[chart.find("<c:cat>").unwrap()..];
    let range = &cat[cat.find("<c:f>").unwrap() + 5..cat.find("</c:f>").unwrap()];
    assert_eq!(range, format!("Resumen!$B${}:$B${}", header + 2, last + 1));
    assert_eq!(
        text(&resumen[header + 1][1]),
        "NSS: La hoja de cálculo borró el cero inicial"
    );
    // The count axis: whole numbers, from 0 in steps of 1 (the counts here
    // are at most 3).
    let axis = &chart[chart.find("<c:valAx>").unwrap()..chart.find("</c:valAx>").unwrap()];
    assert!(axis.contains(r#"<c:numFmt formatCode="0""#), "{axis}");
    assert!(axis.contains(r#"<c:majorUnit val="1"/>"#), "{axis}");
    assert!(axis.contains(r#"<c:min val="0"/>"#), "{axis}");
}
