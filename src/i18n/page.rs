//! The words of the local page (`roster-check serve`): its labels,
//! handed to the page as one table, and what the server says to its user
//! (on the terminal and in the page's error box).

use crate::lang::{Lang, Region};

/// The page's labels, by key: `(key, Mexico's Spanish, Spain's Spanish,
/// English)`; `None` for Spain: the same as Mexico's. The page reads them
/// by key; a key it asks for that is missing here shows as the key.
/// Plain `es` shows Mexico's until a check places it (`Lang::placed`).
type Label = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

const LABELS: &[Label] = &[
    ("title", "Revisión de padrones", Some("Revisión de listados"), "Roster check"),
    (
        "intro",
        "Revise un padrón sin enviarlo a ninguna parte: los archivos se leen en este equipo y nada sale de él.",
        Some("Revise un listado sin enviarlo a ninguna parte: los archivos se leen en este equipo y nada sale de él."),
        "Check a roster without sending it anywhere: the files are read on this computer and nothing leaves it.",
    ),
    ("language", "Idioma", None, "Language"),
    (
        "drop",
        "Arrastre aquí uno o varios archivos del padrón (CSV, XLSX, XLS, ODS…) o",
        Some("Arrastre aquí uno o varios archivos del listado (CSV, XLSX, XLS, ODS…) o"),
        "Drop one or more roster files here (CSV, XLSX, XLS, ODS…) or",
    ),
    ("pick", "elija archivos", None, "choose files"),
    ("check", "Revisar", None, "Check"),
    ("uploading", "Enviando los archivos…", None, "Uploading the files…"),
    ("checking", "Revisando…", None, "Checking…"),
    ("rows_read", "filas leídas", None, "rows read"),
    (
        "gathering",
        "Buscando duplicados y ordenando los hallazgos…",
        Some("Buscando duplicados y ordenando las incidencias…"),
        "Finding duplicates and sorting the findings…",
    ),
    ("preparing", "Preparando la descarga…", None, "Preparing the download…"),
    ("done", "Revisión terminada.", None, "Check finished."),
    ("totals", "Totales", None, "Totals"),
    ("rows", "Filas de alumnos", None, "Student rows"),
    ("rows_ok", "Correctas", None, "OK"),
    ("rows_with_errors", "Con errores", None, "With errors"),
    ("rows_with_warnings", "Con advertencias", None, "With warnings"),
    ("rows_skipped", "Omitidas (no son alumnos)", None, "Skipped (not students)"),
    ("failed", "Archivos que no se pudieron leer", None, "Files that could not be read"),
    ("columns", "Columnas tomadas", None, "Columns taken"),
    (
        "columns_help",
        "Si una columna no es la correcta, elija otra y pulse «Revisar de nuevo».",
        None,
        "If a column is not the right one, choose another and press “Check again”.",
    ),
    ("field", "Dato", None, "Field"),
    ("column", "Columna", None, "Column"),
    ("auto", "(automática)", None, "(automatic)"),
    ("none", "(ninguna)", None, "(none)"),
    ("sheet", "Hoja", None, "Sheet"),
    ("header_row", "fila de encabezados", None, "header row"),
    ("sheets", "Hojas a revisar", None, "Sheets to check"),
    (
        "all_sheets",
        "todas las que tengan un padrón",
        Some("todas las que tengan un listado"),
        "every sheet that holds a roster",
    ),
    ("recheck", "Revisar de nuevo", None, "Check again"),
    ("findings", "Hallazgos", Some("Incidencias"), "Findings"),
    ("filters", "Filtrar", None, "Filter"),
    ("severity", "Gravedad", None, "Severity"),
    ("code", "Código", None, "Code"),
    ("file", "Archivo", None, "File"),
    ("all", "(todos)", None, "(all)"),
    ("search", "Buscar", None, "Search"),
    ("row", "Fila", None, "Row"),
    ("student", "Alumno", None, "Student"),
    ("value", "Valor", None, "Value"),
    ("message", "Mensaje", None, "Message"),
    ("suggestion", "Sugerencia", None, "Suggestion"),
    ("error", "Error", None, "Error"),
    ("warning", "Advertencia", None, "Warning"),
    ("info", "Información", None, "Information"),
    ("shown", "hallazgos mostrados de", Some("incidencias mostradas de"), "findings shown of"),
    ("more", "Mostrar más", None, "Show more"),
    ("none_found", "Ningún hallazgo.", Some("Ninguna incidencia."), "No findings."),
    ("downloads", "Descargas", None, "Downloads"),
    ("report", "Reporte (libro de Excel)", Some("Informe (libro de Excel)"), "Report (Excel workbook)"),
    ("json", "Hallazgos en JSON", Some("Incidencias en JSON"), "Findings as JSON"),
    ("corrected_xlsx", "Padrón corregido (Excel)", Some("Listado corregido (Excel)"), "Corrected roster (Excel)"),
    ("corrected_csv", "Padrón corregido (CSV)", Some("Listado corregido (CSV)"), "Corrected roster (CSV)"),
    ("new", "Revisar otros archivos", None, "Check other files"),
    ("sort", "Ordenar por", None, "Sort by"),
    (
        "network",
        "No hay respuesta de roster-check: ¿se cerró la ventana donde se inició?",
        None,
        "roster-check does not answer: was the window where it was started closed?",
    ),
];

/// The page's labels in `lang`, as a JSON object (key → text).
pub fn labels(lang: Lang) -> serde_json::Value {
    LABELS
        .iter()
        .map(|&(key, mx, es, en)| (key.to_string(), lang.local(mx, es.unwrap_or(mx), en).into()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Every label's text in `lang`, for the tests that read every string.
pub fn every_label(lang: Lang) -> Vec<&'static str> {
    LABELS
        .iter()
        .map(|&(_, mx, es, en)| lang.local(mx, es.unwrap_or(mx), en))
        .collect()
}

/// The language's code, as the page's `<html lang>` and its `?lang=`
/// write it: `es-MX`, `es-ES`, `es` (the country not yet known), `en`.
pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Es(Region::Mexico) => "es-MX",
        Lang::Es(Region::Spain) => "es-ES",
        Lang::Es(Region::Auto) => "es",
        Lang::En => "en",
    }
}

/// The language variants the page offers: `(code, name)`, each named in
/// its own language.
pub fn languages() -> [(&'static str, &'static str); 4] {
    [
        ("es", "Español (el país según el archivo)"),
        ("es-MX", "Español (México)"),
        ("es-ES", "Español (España)"),
        ("en", "English"),
    ]
}

/// What the terminal says once the page is served.
pub fn serving(lang: Lang, address: &str) -> String {
    match lang {
        Lang::Es(Region::Spain) => format!(
            "roster-check: la página está en {address}\n  (solo este ordenador puede abrirla; Ctrl+C para terminar)"
        ),
        Lang::Es(_) => format!(
            "roster-check: la página está en {address}\n  (solo esta computadora puede abrirla; Ctrl+C para terminar)"
        ),
        Lang::En => format!(
            "roster-check: the page is at {address}\n  (only this computer can open it; Ctrl+C to stop)"
        ),
    }
}

/// The port asked for was taken: another was picked.
pub fn port_taken(lang: Lang, asked: u16, got: u16) -> String {
    match lang {
        Lang::Es(_) => format!("roster-check: el puerto {asked} está ocupado; se usa el {got}."),
        Lang::En => format!("roster-check: port {asked} is taken; using {got}."),
    }
}

/// The server could not start.
pub fn cannot_serve(lang: Lang, port: u16, why: &str) -> String {
    match lang {
        Lang::Es(_) => super::say::error(&format!(
            "no se pudo abrir la página en el puerto {port}: {why}"
        )),
        Lang::En => super::say::error(&format!("could not serve the page on port {port}: {why}")),
    }
}

/// The browser could not be opened.
pub fn cannot_open_browser(lang: Lang) -> &'static str {
    lang.pick(
        "roster-check: no se pudo abrir el navegador; copie la dirección de arriba en él.",
        "roster-check: could not open the browser; copy the address above into it.",
    )
}

/// The server stopped (Ctrl+C).
pub fn stopped(lang: Lang) -> &'static str {
    lang.pick(
        "roster-check: página cerrada; los archivos recibidos se han borrado.",
        "roster-check: page closed; the files received were deleted.",
    )
}

/// A request without the page's address (no token, or a wrong one).
pub fn not_found(lang: Lang) -> &'static str {
    lang.pick(
        "Esta dirección no existe. Abra la dirección completa que mostró roster-check al iniciarse.",
        "No such address. Open the full address roster-check showed when it started.",
    )
}

/// A request from another site, or through a name that is not this
/// computer's (DNS rebinding).
pub fn refused(lang: Lang) -> &'static str {
    lang.local(
        "Solicitud rechazada: solo la página de roster-check, abierta en esta computadora, puede usarla.",
        "Solicitud rechazada: solo la página de roster-check, abierta en este ordenador, puede usarla.",
        "Request refused: only roster-check's own page, opened on this computer, may use it.",
    )
}

/// An upload over the limit.
pub fn too_large(lang: Lang, limit_mb: u64) -> String {
    match lang {
        Lang::Es(_) => format!(
            "Los archivos pesan más de {limit_mb} MB, el límite de esta página. Revíselos por partes, o inicie roster-check con --max-upload-mb y un límite mayor."
        ),
        Lang::En => format!(
            "The files weigh more than {limit_mb} MB, this page's limit. Check them in parts, or start roster-check with --max-upload-mb and a larger limit."
        ),
    }
}

/// An upload with no file in it.
pub fn no_files(lang: Lang) -> &'static str {
    lang.local(
        "No llegó ningún archivo. Elija o arrastre uno o varios archivos del padrón.",
        "No llegó ningún archivo. Elija o arrastre uno o varios archivos del listado.",
        "No file arrived. Choose or drop one or more roster files.",
    )
}

/// An upload with more files than the page takes at once.
pub fn too_many_files(lang: Lang, max: usize) -> String {
    match lang {
        Lang::Es(_) => format!("Se pueden revisar hasta {max} archivos a la vez."),
        Lang::En => format!("Up to {max} files can be checked at once."),
    }
}

/// An upload cut short or not in the form the page sends.
pub fn bad_upload(lang: Lang) -> &'static str {
    lang.pick(
        "El envío de los archivos se interrumpió o llegó dañado. Inténtelo de nuevo.",
        "The upload was interrupted or arrived damaged. Try again.",
    )
}

/// A job the server no longer holds (closed, or forgotten after a while).
pub fn no_such_job(lang: Lang) -> &'static str {
    lang.pick(
        "Esta revisión ya no está disponible (se cerró o pasó mucho tiempo). Vuelva a elegir los archivos.",
        "This check is no longer available (it was closed or too much time passed). Choose the files again.",
    )
}

/// The files received could not be kept in the private folder.
pub fn cannot_keep(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Es(_) => {
            format!("No se pudieron guardar los archivos recibidos en la carpeta temporal: {why}")
        }
        Lang::En => format!("Could not keep the files received in the temporary folder: {why}"),
    }
}

/// The report could not be made; `why` says what the run said.
pub fn no_report(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Es(Region::Spain) => format!("No se pudo preparar el informe. {why}"),
        Lang::Es(_) => format!("No se pudo preparar el reporte. {why}"),
        Lang::En => format!("The report could not be made. {why}"),
    }
}

/// The corrected roster's file name after the roster's stem.
pub fn corrected_suffix(lang: Lang) -> &'static str {
    lang.local("-corregido", "-corregido", "-corrected")
}

/// The corrected roster could not be made: why.
pub fn no_corrected(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Es(Region::Spain) => format!("No se pudo preparar el listado corregido. {why}"),
        Lang::Es(_) => format!("No se pudo preparar el padrón corregido. {why}"),
        Lang::En => format!("The corrected roster could not be made. {why}"),
    }
}
