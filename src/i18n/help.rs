//! The command line's own words: what each command and option is for,
//! the help's headings and examples. `cli` puts them on clap's commands
//! (no clap type comes here); what was wrong with a command line is a
//! usage error (`usage.rs`).

use super::*;

/// The help's section headings.
pub struct Headings {
    pub usage: &'static str,
    pub arguments: &'static str,
    pub options: &'static str,
    pub commands: &'static str,
    pub examples: &'static str,
    /// The value name of a command in a usage line (`<COMANDO>`).
    pub command: &'static str,
    /// The usage line's word for options (`[OPCIONES]`).
    pub options_word: &'static str,
}

pub fn headings(lang: Lang) -> Headings {
    match lang {
        Lang::Es(_) => Headings {
            usage: "Uso:",
            arguments: "Argumentos",
            options: "Opciones",
            commands: "Comandos",
            examples: "Ejemplos:",
            command: "COMANDO",
            options_word: "OPCIONES",
        },
        Lang::En => Headings {
            usage: "Usage:",
            arguments: "Arguments",
            options: "Options",
            commands: "Commands",
            examples: "Examples:",
            command: "COMMAND",
            options_word: "OPTIONS",
        },
    }
}

/// What a command is for: `None` is the program itself.
pub fn about(lang: Lang, command: Option<&str>) -> &'static str {
    match command {
        None => lang.pick(
            "Revisa las listas de alumnos (CURP, NSS del IMSS, NUSS y DNI/NIE de España, RFC) antes de enviarlas a la seguridad social, y escribe un reporte en Excel.",
            "Audits student rosters (CURP, IMSS NSS, Spanish NUSS and DNI/NIE, RFC) before they go to the social-security authorities, and writes a report workbook.",
        ),
        Some("id") => lang.pick(
            "Explica identificadores sueltos (CURP, NSS, NUSS, DNI/NIE, RFC): si son válidos, por qué no, y qué contienen. No lee archivos ni escribe nada.",
            "Explains single identifiers (CURP, NSS, NUSS, DNI/NIE, RFC): valid or not, why, and what they encode. It reads no file and writes nothing.",
        ),
        Some("serve") => lang.pick(
            "Abre una página en el navegador, solo en esta computadora (127.0.0.1): suelte en ella los archivos de alumnos, vea y filtre los resultados y descargue el reporte, el padrón corregido o el JSON. Nada sale del equipo.",
            "Opens a page in the browser, on this computer only (127.0.0.1): drop roster files on it, see and filter the findings, and download the report, the corrected roster or the JSON. Nothing leaves the machine.",
        ),
        Some(_) => lang.pick(
            "Revisa archivos de alumnos (CSV, TSV, TXT, XLSX, XLSM, XLSB, XLS, ODS, o carpetas con ellos) y escribe un reporte. «roster-check ARCHIVO...» hace lo mismo.",
            "Checks roster files (CSV, TSV, TXT, XLSX, XLSM, XLSB, XLS, ODS, or folders of them) and writes a report. `roster-check FILE...` does the same.",
        ),
    }
}

/// The help of an option or argument of `command` (`check` or `id`), by
/// its name in the code; `help` and `version` are the program's own.
pub fn arg_help(lang: Lang, command: &str, arg: &str) -> Option<&'static str> {
    let text = match (command, arg) {
        (_, "help") => ("Muestra esta ayuda", "Print this help"),
        (_, "version") => ("Muestra la versión", "Print the version"),
        ("serve", "port") => (
            "El puerto (0: uno libre cualquiera). Si se omite, 8765, u otro libre si está ocupado",
            "The port (0: any free one). When left out, 8765, or a free one when it is taken",
        ),
        ("serve", "no_open") => (
            "No abre la página en el navegador (solo muestra su dirección)",
            "Do not open the page in the browser (only print its address)",
        ),
        ("serve", "max_upload_mb") => (
            "Los megabytes que puede traer un envío de archivos como máximo (200 si se omite)",
            "The most megabytes one upload may bring (200 when left out)",
        ),
        ("serve", "lang") => (
            "Idioma de la página: es (por omisión, según los identificadores), es-MX, es-ES o en",
            "Language of the page: es (the default, by the identifiers found), es-MX, es-ES or en",
        ),
        ("id", "values") => (
            "Los valores que explicar",
            "The values to explain",
        ),
        ("id", "kind") => (
            "El tipo de identificador: curp, nss, nuss, dni o rfc (si se omite, se deduce de cada valor)",
            "The identifier kind: curp, nss, nuss, dni or rfc (when left out, detected from each value)",
        ),
        ("id", "lang") => (
            "Idioma de las explicaciones: es (por omisión), es-MX, es-ES o en",
            "Language of the explanations: es (the default), es-MX, es-ES or en",
        ),
        (_, "lang") => (
            "Idioma de los mensajes, el reporte y el resumen: es (por omisión: el español de México o el de España, según los identificadores que haya), es-MX, es-ES o en",
            "Language of messages, report and summary: es (the default: the Spanish of Mexico or of Spain, by the identifiers found), es-MX, es-ES or en",
        ),
        (_, "today") => (
            "La fecha de «hoy» para detectar fechas futuras (si se omite, la del sistema)",
            "The date \"today\" for future-date checks (when left out, the system date)",
        ),
        (_, "inputs") => (
            "Archivos de alumnos, o carpetas con ellos",
            "Roster files, or folders of them",
        ),
        (_, "output") => (
            "El reporte en Excel (si se omite: <nombre de la primera entrada>-reporte.xlsx en la carpeta actual; -report.xlsx con --lang en)",
            "The report workbook (when left out: <stem of the first input>-reporte.xlsx in the current folder; -report.xlsx with --lang en)",
        ),
        (_, "no_report") => (
            "No escribe el reporte en Excel (con --json, para programas)",
            "Write no report workbook (with --json, for scripts)",
        ),
        (_, "json") => (
            "Escribe los resultados en JSON en ARCHIVO («-»: la salida estándar)",
            "Write the findings as JSON to FILE (\"-\": standard output)",
        ),
        (_, "corrected") => (
            "Escribe el padrón con cada corrección comprobada aplicada, más las columnas Estado y Revisar, en ARCHIVO (.xlsx o .csv; uno por tabla)",
            "Write the roster with every proven correction applied, plus Estado and Revisar columns, to FILE (.xlsx or .csv; one per table)",
        ),
        (_, "corrected_encoding") => (
            "Codificación del padrón corregido .csv: utf-8 (con BOM, predeterminada) o windows-1252",
            "Encoding of a corrected .csv: utf-8 (with BOM, the default) or windows-1252",
        ),
        (_, "cols") => (
            "Indica la columna de un campo: CAMPO=ENCABEZADO o CAMPO=LETRA (campos: curp, nss, nuss, dni, rfc, paterno, materno, nombre, nombre_completo, nacimiento, sexo). Se puede repetir",
            "Force the column of a field: FIELD=HEADER or FIELD=LETTER (fields: curp, nss, nuss, dni, rfc, paterno, materno, nombre, nombre_completo, nacimiento, sexo). Repeatable",
        ),
        (_, "sheets") => (
            "Revisa solo esta hoja de cada libro. Se puede repetir",
            "Only this sheet of each workbook. Repeatable",
        ),
        (_, "delimiter") => (
            "El separador del texto delimitado (si se omite, se detecta); «\\t» o «tab» para el tabulador",
            "The delimiter of delimited text (when left out, detected); \"\\t\" or \"tab\" for tab",
        ),
        (_, "encoding") => (
            "La codificación del texto delimitado (si se omite: UTF-8, o UTF-16 si el archivo lo indica, y Windows-1252 donde el texto no es UTF-8): utf-8, windows-1252, latin1, utf-16le, utf-16be…",
            "The encoding of delimited text (when left out: UTF-8, or UTF-16 when the file says so, and Windows-1252 where the text is not UTF-8): utf-8, windows-1252, latin1, utf-16le, utf-16be…",
        ),
        (_, "fail_on") => (
            "Termina con el código 1 si hay algo de esta gravedad o mayor: error (por omisión), warning (advertencia) o never (nunca)",
            "Exit with code 1 when a finding at or above this severity exists: error (the default), warning or never",
        ),
        (_, "threads") => (
            "Hilos de trabajo para revisar (si se omite, uno por núcleo; como máximo 256)",
            "Worker threads for checking (when left out, one per core; at most 256)",
        ),
        (_, "quiet") => (
            "Sin resumen en la terminal ni barra de progreso",
            "No terminal summary, no progress bar",
        ),
        _ => return None,
    };
    Some(lang.pick(text.0, text.1))
}

/// The name of an option's value or an argument in the help
/// (`--json <ARCHIVO>`), by the option's name in the code.
pub fn value_name(lang: Lang, arg: &str) -> Option<&'static str> {
    let text = match arg {
        "inputs" => ("ENTRADA", "INPUT"),
        "output" | "json" | "corrected" => ("ARCHIVO", "FILE"),
        "corrected_encoding" => ("CODIFICACIÓN", "ENCODING"),
        "cols" => ("CAMPO=ENCABEZADO", "FIELD=HEADER"),
        "sheets" | "encoding" => ("NOMBRE", "NAME"),
        "delimiter" => ("C", "C"),
        "fail_on" => ("GRAVEDAD", "SEVERITY"),
        "threads" | "port" => ("N", "N"),
        "max_upload_mb" => ("MB", "MB"),
        "lang" => ("IDIOMA", "LANG"),
        "today" => ("AAAA-MM-DD", "YYYY-MM-DD"),
        "values" => ("VALOR", "VALUE"),
        "kind" => ("TIPO", "KIND"),
        _ => return None,
    };
    Some(lang.pick(text.0, text.1))
}

/// The examples after a command's help: `None` is the program itself.
pub fn examples(lang: Lang, command: Option<&str>) -> Vec<(&'static str, &'static str)> {
    let check = [
        (
            "roster-check alumnos.xlsx",
            lang.pick(
                "revisa un archivo y escribe alumnos-reporte.xlsx",
                "checks a file and writes alumnos-reporte.xlsx",
            ),
        ),
        (
            "roster-check --lang en alumnos.xlsx",
            lang.pick(
                "lo mismo, en inglés",
                "the same, in English (alumnos-report.xlsx)",
            ),
        ),
        (
            "roster-check carpeta/",
            lang.pick(
                "revisa todos los archivos de una carpeta, en un solo reporte",
                "checks every file in a folder, in one report",
            ),
        ),
        (
            "roster-check --no-report --json - alumnos.csv",
            lang.pick(
                "los resultados en JSON por la salida estándar, para programas",
                "the findings as JSON on standard output, for scripts",
            ),
        ),
        (
            "roster-check --col nss=\"Núm. IMSS\" alumnos.xlsx",
            lang.pick(
                "indica en qué columna está el NSS",
                "says which column holds the NSS",
            ),
        ),
    ];
    let id = [
        (
            "roster-check id HEGG560427MVZRRL04",
            lang.pick(
                "explica una CURP: si es válida y qué contiene",
                "explains a CURP: whether it is valid and what it encodes",
            ),
        ),
        (
            "roster-check id --kind nuss 281234567840",
            lang.pick("explica un valor como NUSS", "explains a value as a NUSS"),
        ),
    ];
    let serve = [(
        "roster-check serve",
        lang.pick(
            "abre la página en el navegador",
            "opens the page in the browser",
        ),
    )];
    match command {
        Some("id") => id.to_vec(),
        Some("serve") => serve.to_vec(),
        Some(_) => check.to_vec(),
        None => check.into_iter().chain(id.into_iter().take(1)).collect(),
    }
}

/// The line after a usage error, pointing at the help.
pub fn more_help(lang: Lang) -> &'static str {
    lang.pick(
        "Para ver las opciones, use --help.",
        "For the options, use --help.",
    )
}
