//! Fixed labels of reports and the terminal.

use super::Lang;

pub fn sheet_summary(l: Lang) -> &'static str {
    l.pick("Resumen", "Summary")
}
pub fn sheet_findings(l: Lang) -> &'static str {
    l.local("Hallazgos", "Incidencias", "Findings")
}
/// Hallazgos' columns: the JSON's, and after the row the student's name
/// (from the row's name columns), to find the row in the Padrón.
pub fn findings_headers(l: Lang) -> [&'static str; 11] {
    match l {
        Lang::Es(_) => [
            "Archivo",
            "Hoja",
            "Fila",
            "Alumno",
            "Campo",
            "Columna",
            "Valor",
            "Gravedad",
            "Código",
            "Mensaje",
            "Sugerencia",
        ],
        Lang::En => [
            "File",
            "Sheet",
            "Row",
            "Student",
            "Field",
            "Column",
            "Value",
            "Severity",
            "Code",
            "Message",
            "Suggestion",
        ],
    }
}
pub fn title(l: Lang) -> &'static str {
    l.local(
        "Revisión del padrón de alumnos",
        "Revisión del listado de alumnos",
        "Student roster check",
    )
}
pub fn inputs_title(l: Lang) -> &'static str {
    l.pick("Qué se leyó", "What was read")
}
pub fn inputs_headers(l: Lang) -> [&'static str; 6] {
    match l {
        Lang::Es(_) => [
            "Archivo",
            "Hoja",
            "Codificación",
            "Fila de encabezados",
            "Filas",
            "Columnas usadas",
        ],
        Lang::En => [
            "File",
            "Sheet",
            "Encoding",
            "Header row",
            "Rows",
            "Columns used",
        ],
    }
}
pub fn totals_title(l: Lang) -> &'static str {
    l.pick("Totales", "Totals")
}
pub fn totals(l: Lang) -> [&'static str; 4] {
    match l {
        Lang::Es(_) => [
            "Filas",
            "Filas correctas",
            "Filas con errores",
            "Filas con advertencias",
        ],
        Lang::En => ["Rows", "Rows OK", "Rows with errors", "Rows with warnings"],
    }
}
pub fn rows_skipped(l: Lang) -> &'static str {
    l.pick(
        "Filas omitidas (no son alumnos)",
        "Rows skipped (not students)",
    )
}
pub fn codes_title(l: Lang) -> &'static str {
    l.local(
        "Hallazgos por tipo",
        "Incidencias por tipo",
        "Findings by kind",
    )
}
pub fn codes_headers(l: Lang) -> [&'static str; 3] {
    match l {
        Lang::Es(_) => ["Código", "Descripción", "Cantidad"],
        Lang::En => ["Code", "Description", "Count"],
    }
}
pub fn failed_title(l: Lang) -> &'static str {
    l.pick(
        "Archivos que no se pudieron leer",
        "Files that could not be read",
    )
}
pub fn sheet_roster(l: Lang) -> &'static str {
    l.local("Padrón", "Listado", "Roster")
}
pub fn sheet_duplicates(l: Lang) -> &'static str {
    l.pick("Duplicados", "Duplicates")
}
/// The Padrón's first column: the row number the findings name, as the
/// input file shows it.
pub fn row_header(l: Lang) -> &'static str {
    l.pick("Fila", "Row")
}
pub fn status_header(l: Lang) -> &'static str {
    l.pick("Estado", "Status")
}
pub fn notes_header(l: Lang) -> &'static str {
    l.pick("Observaciones", "Notes")
}
pub fn corrected_header(l: Lang, field: &str) -> String {
    match l {
        Lang::Es(_) => format!("Corrección {field}"),
        Lang::En => format!("Corrected {field}"),
    }
}
/// The corrected roster's column of what still needs a person.
pub fn review_header(l: Lang) -> &'static str {
    l.pick("Revisar", "To review")
}
/// A corrected roster's table named for a file, when its table has no
/// name that can be written in one.
pub fn table_fallback(l: Lang) -> &'static str {
    l.pick("tabla", "table")
}
/// *Estado* of a row: Omitida when it is not a student's, else by its
/// worst finding.
pub fn state_status(l: Lang, state: crate::findings::RowState) -> &'static str {
    if state.skipped {
        skipped_status(l)
    } else {
        row_status(l, state.worst)
    }
}
/// Estado of a row: OK / Error / Advertencia.
pub fn row_status(l: Lang, worst: Option<crate::ids::Severity>) -> &'static str {
    match worst {
        Some(crate::ids::Severity::Error) => "Error",
        Some(crate::ids::Severity::Warning) => l.pick("Advertencia", "Warning"),
        _ => "OK",
    }
}
/// The status of a row that is not a student's.
pub fn skipped_status(l: Lang) -> &'static str {
    l.pick("Omitida", "Skipped")
}
pub fn duplicates_headers(l: Lang) -> [&'static str; 7] {
    match l {
        Lang::Es(_) => [
            "Grupo",
            "Campo",
            "Identificador",
            "Archivo",
            "Hoja",
            "Fila",
            "Nombre",
        ],
        Lang::En => [
            "Group",
            "Field",
            "Identifier",
            "File",
            "Sheet",
            "Row",
            "Name",
        ],
    }
}
pub fn no_header(l: Lang) -> &'static str {
    l.pick("(sin encabezados)", "(no header)")
}
pub fn skipped_title(l: Lang) -> &'static str {
    l.pick(
        "Hojas omitidas (sin columnas de CURP, NSS, NUSS ni DNI/NIE)",
        "Sheets skipped (no CURP, NSS, NUSS or DNI/NIE columns)",
    )
}
pub fn none(l: Lang) -> &'static str {
    l.pick("(ninguno)", "(none)")
}
/// The footer of every printed page (Excel's codes: &L, &C, &R the left,
/// centre and right parts; &F the file, &A the sheet, &P the page, &N the
/// pages).
pub fn page_footer(l: Lang) -> &'static str {
    l.pick("&L&F&C&A&RPágina &P de &N", "&L&F&C&A&RPage &P of &N")
}
/// The default report's suffix: `-reporte.xlsx` in both Spanish
/// variants (scripts rely on the name), though Spain calls it an
/// *informe*.
pub fn report_suffix(l: Lang) -> &'static str {
    l.pick("-reporte.xlsx", "-report.xlsx")
}
