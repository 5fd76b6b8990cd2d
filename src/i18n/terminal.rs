//! Terminal and report phrases with numbers in them.

use super::{Lang, Region};
use crate::findings::Source;
use std::borrow::Cow;
use std::path::Path;

/// `id` without `--kind`, when the value also reads as another kind.
pub fn also_reads_as(lang: Lang, kind: crate::ids::IdKind) -> String {
    let name = super::id_name(kind);
    let flag = kind.as_str();
    match lang {
        Lang::Es(_) => {
            format!("También se lee como {name}: para revisarlo así, use --kind {flag}.")
        }
        Lang::En => {
            format!("It also reads as a {name}: to check it as one, use --kind {flag}.")
        }
    }
}

/// Text from outside (a file, sheet or header name) as a terminal may
/// show it: control characters, which a terminal obeys (ESC starts
/// colour, cursor and window-title sequences), and the bidirectional
/// controls that reorder a line are written as visible escapes (`\x1b`,
/// `\n`, `\u{202e}`). Everything else, accents included, is kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    escaped(text, false)
}

/// A whole message for standard error, [`visible`] but for its own line
/// breaks: whatever names went into it cannot move the cursor, clear the
/// screen or recolour the terminal.
pub fn visible_message(text: &str) -> Cow<'_, str> {
    escaped(text, true)
}

fn escaped(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && !(keep_newlines && c == '\n'))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            _ if !hidden(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ if c.is_ascii() => out.push_str(&format!("\\x{:02x}", c as u32)),
            _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// The one prefix of every error the program prints (usage errors and
/// clap's own included), the same word in every language.
pub const ERROR: &str = "Error: ";

/// An error line: `text` after [`ERROR`].
pub fn error(text: &str) -> String {
    format!("{ERROR}{text}")
}

/// What the report workbook is called: a *reporte* in Mexico, an
/// *informe* in Spain.
fn report_word(lang: Lang) -> &'static str {
    lang.local("reporte", "informe", "report")
}

pub fn cannot_read(_lang: Lang, file: &str, why: &str) -> String {
    error(&format!("{file} {why}"))
}

/// A bug in roster-check itself (a panic), never the user's file.
pub fn internal_error(lang: Lang, detail: &str) -> String {
    let report = report_word(lang);
    error(&match lang {
        Lang::Es(_) => format!(
            "fallo interno de roster-check, del programa y no de sus archivos, que no se han modificado. No se escribió ningún {report}. Avise a quien mantiene roster-check con este texto: {detail}"
        ),
        Lang::En => format!(
            "internal failure of roster-check, a bug in the program and not in your files, which were not modified. No report was written. Tell whoever maintains roster-check, with this text: {detail}"
        ),
    })
}

/// The report could not be written: why, in plain words when the system
/// said why (`kind`), else its own `text`, and what to do about it.
pub fn report_failed(
    lang: Lang,
    path: &Path,
    kind: Option<std::io::ErrorKind>,
    text: &str,
) -> String {
    let path = path.display();
    let report = report_word(lang);
    if is_full(kind) {
        return match lang {
            Lang::Es(_) => format!(
                "Error: no se pudo escribir el {report} {path}: el disco está lleno (no queda espacio). Libere espacio o elija otra carpeta con -o. No se escribió nada."
            ),
            Lang::En => format!(
                "Error: the report {path} could not be written: the disk is full (no space left). Free some space or choose another folder with -o. Nothing was written."
            ),
        };
    }
    let why = write_reason(lang, kind, text);
    match lang {
        Lang::Es(_) => format!(
            "Error: no se pudo escribir el {report} {path} ({why}). Compruebe que no está abierto en Excel y que hay espacio en disco."
        ),
        Lang::En => format!(
            "Error: the report {path} could not be written ({why}). Check it is not open in Excel and that the disk has space."
        ),
    }
}

/// The report was not written: an input changed between its check and
/// its reading again for the Padrón.
pub fn input_changed(lang: Lang, file: &str, report: &Path) -> String {
    let report = report.display();
    let word = report_word(lang);
    match lang {
        Lang::Es(_) => format!(
            "Error: {file} cambió mientras se revisaba (se le añadieron, quitaron o cambiaron filas): no se escribió el {word} {report}, que mostraría filas que no se revisaron. Vuelva a ejecutar roster-check cuando ya no se esté escribiendo."
        ),
        Lang::En => format!(
            "Error: {file} changed while it was being checked (rows were added, removed or changed): the report {report} was not written, as it would show rows that were not checked. Run roster-check again when it is no longer being written."
        ),
    }
}

/// The report could not be written because its temporary files, in the
/// system's temporary folder `dir` (TMPDIR), could not be.
pub fn report_temp_failed(
    lang: Lang,
    path: &Path,
    dir: &Path,
    kind: Option<std::io::ErrorKind>,
    text: &str,
) -> String {
    let (path, dir) = (path.display(), dir.display());
    let report = report_word(lang);
    if is_full(kind) {
        return match lang {
            Lang::Es(_) => format!(
                "Error: no se pudo escribir el {report} {path}: el disco de la carpeta temporal {dir} está lleno (no queda espacio). Libere espacio en él o elija otra carpeta temporal con la variable TMPDIR. No se escribió nada."
            ),
            Lang::En => format!(
                "Error: the report {path} could not be written: the disk of the temporary folder {dir} is full (no space left). Free some space there or choose another temporary folder with the TMPDIR variable. Nothing was written."
            ),
        };
    }
    let why = write_reason(lang, kind, text);
    match lang {
        Lang::Es(_) => format!(
            "Error: no se pudo escribir el {report} {path}: la carpeta temporal {dir} no admite sus archivos ({why}). Elija otra con la variable TMPDIR. No se escribió nada."
        ),
        Lang::En => format!(
            "Error: the report {path} could not be written: the temporary folder {dir} takes no files ({why}). Choose another with the TMPDIR variable. Nothing was written."
        ),
    }
}

/// The system's reason is a full disk (or a spent quota).
fn is_full(kind: Option<std::io::ErrorKind>) -> bool {
    matches!(
        kind,
        Some(std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
    )
}

/// Plain words for why a file could not be written, when the system
/// said why; otherwise its own text.
pub fn write_reason(lang: Lang, kind: Option<std::io::ErrorKind>, text: &str) -> String {
    use std::io::ErrorKind::*;
    match kind {
        Some(StorageFull | QuotaExceeded) => lang
            .pick(
                "el disco está lleno: no queda espacio",
                "the disk is full: no space left",
            )
            .into(),
        Some(PermissionDenied) | Some(ReadOnlyFilesystem) => lang
            .pick(
                "no hay permiso para escribir ahí",
                "there is no permission to write there",
            )
            .into(),
        _ => text.to_string(),
    }
}
pub fn stdout_failed(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Es(_) => {
            format!("Error: no se pudo escribir el JSON en la salida estándar ({why}).")
        }
        Lang::En => format!("Error: the JSON could not be written to standard output ({why})."),
    }
}
pub fn json_failed(lang: Lang, path: &Path, why: &str) -> String {
    match lang {
        Lang::Es(_) => format!(
            "Error: no se pudo escribir el JSON {} ({why}).",
            path.display()
        ),
        Lang::En => format!(
            "Error: the JSON {} could not be written ({why}).",
            path.display()
        ),
    }
}
/// `n` and the word for one or for many: "1 fila", "2 filas".
fn count(lang: Lang, n: u64, one: &str, many: &str) -> String {
    let word = if n == 1 { one } else { many };
    format!("{} {word}", super::number(lang, n))
}

pub fn rows_read(lang: Lang, rows: u64, tables: usize) -> String {
    let tables = tables as u64;
    match lang {
        Lang::Es(_) => format!(
            "{} en {}.",
            count(lang, rows, "fila leída", "filas leídas"),
            count(lang, tables, "tabla", "tablas")
        ),
        Lang::En => format!(
            "{} read in {}.",
            count(lang, rows, "row", "rows"),
            count(lang, tables, "table", "tables")
        ),
    }
}
pub fn rows_skipped(lang: Lang, rows: u64) -> String {
    match lang {
        Lang::Es(_) => format!(
            "{}: no son alumnos (títulos, totales, filas en blanco…).",
            count(lang, rows, "fila omitida", "filas omitidas")
        ),
        Lang::En => format!(
            "{} skipped: not students (titles, totals, blank rows…).",
            count(lang, rows, "row", "rows")
        ),
    }
}

/// The summary when no input could be read: nothing was checked, which
/// must not read like a clean roster; and no report, if one was asked
/// for (`report`).
pub fn nothing_checked(lang: Lang, failed: usize, report: bool) -> String {
    let mut text = match (lang, failed) {
        (Lang::Es(_), 1) => {
            "No se revisó ninguna fila: el archivo no se pudo leer (el motivo está arriba).".to_string()
        }
        (Lang::Es(_), n) => format!(
            "No se revisó ninguna fila: no se pudo leer ninguno de los {} archivos (los motivos están arriba).",
            super::number(lang, n as u64)
        ),
        (Lang::En, 1) => {
            "No row was checked: the file could not be read (the reason is above).".to_string()
        }
        (Lang::En, n) => format!(
            "No row was checked: none of the {} files could be read (the reasons are above).",
            super::number(lang, n as u64)
        ),
    };
    if report {
        text.push_str(&match lang {
            Lang::Es(_) => format!(" No se escribió ningún {}.", report_word(lang)),
            Lang::En => " No report was written.".to_string(),
        });
    }
    text
}
pub fn row_totals_styled(lang: Lang, ok: &str, errors: &str, warnings: &str) -> String {
    match lang {
        Lang::Es(_) => {
            format!("Correctas: {ok} · con errores: {errors} · con advertencias: {warnings}")
        }
        Lang::En => format!("OK: {ok} · with errors: {errors} · with warnings: {warnings}"),
    }
}
pub fn more_codes(lang: Lang, n: usize) -> String {
    let n = super::number(lang, n as u64);
    match lang {
        Lang::Es(_) => format!("… y {n} tipos más (véase la hoja Resumen)"),
        Lang::En => format!("… and {n} more kinds (see the Summary sheet)"),
    }
}
pub fn checking(lang: Lang, file: &str) -> String {
    let file = visible(file);
    match lang {
        Lang::Es(_) => format!("Revisando {file}"),
        Lang::En => format!("Checking {file}"),
    }
}
pub fn writing_report(lang: Lang) -> &'static str {
    lang.local(
        "Escribiendo el reporte",
        "Escribiendo el informe",
        "Writing the report",
    )
}
/// Every input checked, the findings being put together.
pub fn gathering(lang: Lang) -> &'static str {
    lang.pick(
        "Buscando duplicados y ordenando los resultados",
        "Finding duplicates and sorting the findings",
    )
}

/// The rows done so far, for the progress display.
pub fn rows_done(lang: Lang, rows: u64) -> String {
    count(
        lang,
        rows,
        lang.pick("fila", "row"),
        lang.pick("filas", "rows"),
    )
}

/// The progress bar's template (indicatif's): the message, the bar, the
/// percentage as the language writes it, and `{left}`, [`time_left`].
pub fn progress_bar(lang: Lang) -> &'static str {
    lang.pick(
        "{spinner} {msg} [{bar:30}] {percent} % · {left}",
        "{spinner} {msg} [{bar:30}] {percent}% · {left}",
    )
}

/// The time a run has left, roughly: "quedan 3 min" (`None`: not known
/// yet, nothing is done).
pub fn time_left(lang: Lang, left: Option<std::time::Duration>) -> String {
    let Some(left) = left else {
        return lang
            .pick("calculando el tiempo", "estimating the time")
            .to_string();
    };
    let secs = left.as_secs();
    if secs == 0 {
        return lang.pick("casi listo", "almost done").to_string();
    }
    let amount = match secs {
        1..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min", secs.div_ceil(60)),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    };
    match lang {
        Lang::Es(_) => format!("quedan {amount}"),
        Lang::En => format!("{amount} left"),
    }
}
pub fn writing_corrected(lang: Lang) -> &'static str {
    lang.local(
        "Escribiendo el padrón corregido",
        "Escribiendo el listado corregido",
        "Writing the corrected roster",
    )
}
/// What the corrected roster is called in each variant.
fn corrected_word(lang: Lang) -> &'static str {
    lang.local("Padrón corregido", "Listado corregido", "Corrected roster")
}
/// Where the corrected roster went: one line per file.
pub fn corrected_at(lang: Lang, path: &Path) -> String {
    let path = path.display().to_string();
    let path = visible(&path);
    format!("{}: {path}", corrected_word(lang))
}
/// The corrected roster could not be written: why, and that none of its
/// files was.
pub fn corrected_failed(lang: Lang, path: &Path, why: &str) -> String {
    let path = path.display();
    error(&match lang {
        Lang::Es(_) => format!(
            "no se pudo escribir el {} {path} ({why}). No se escribió ninguno de sus archivos.",
            corrected_word(lang).to_lowercase()
        ),
        Lang::En => format!(
            "the corrected roster {path} could not be written ({why}). None of its files was written."
        ),
    })
}
/// Why a corrected CSV cannot be in its encoding: a character of a row
/// that it cannot hold.
pub fn unencodable(lang: Lang, place: &str, ch: char, encoding: &str) -> String {
    match lang {
        Lang::Es(_) => format!(
            "{place}: el carácter «{ch}» no existe en {encoding}; corríjalo en el archivo o escriba el CSV en UTF-8 (sin --corrected-encoding)"
        ),
        Lang::En => format!(
            "{place}: the character «{ch}» does not exist in {encoding}; fix it in the file or write the CSV in UTF-8 (without --corrected-encoding)"
        ),
    }
}
/// A corrected file, named after its table, would be an input or another
/// output.
pub fn corrected_clash(lang: Lang) -> &'static str {
    lang.pick(
        "su nombre es el de una entrada o de otra salida; elija otro con --corrected",
        "its name is that of an input or of another output; choose another with --corrected",
    )
}
pub fn rows_unit(lang: Lang) -> &'static str {
    lang.pick("filas", "rows")
}
pub fn top_codes(lang: Lang) -> &'static str {
    lang.local(
        "Hallazgos más frecuentes:",
        "Incidencias más frecuentes:",
        "Most frequent findings:",
    )
}
pub fn report_at(lang: Lang, path: &Path) -> String {
    let path = path.display().to_string();
    let path = visible(&path);
    match lang {
        Lang::Es(Region::Spain) => format!("Informe: {path}"),
        Lang::Es(_) => format!("Reporte: {path}"),
        Lang::En => format!("Report: {path}"),
    }
}
pub fn hidden_sheet(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Es(_) => format!("{name} (hoja oculta)"),
        Lang::En => format!("{name} (hidden sheet)"),
    }
}

/// How a table's bytes were read, for the report and the JSON: the
/// encoding of delimited text, and what a file named as the other kind
/// turned out to be.
pub fn encoding(lang: Lang, s: &Source) -> Option<Cow<'_, str>> {
    match (&s.encoding, s.disguised) {
        (Some(e), true) => Some(Cow::Owned(disguised_text(lang, e))),
        (None, true) => Some(Cow::Owned(disguised_book(lang))),
        (e, false) => e.as_deref().map(Cow::Borrowed),
    }
}

/// The encoding line of a text file that carried a workbook's name.
fn disguised_text(lang: Lang, encoding: &str) -> String {
    match lang {
        Lang::Es(_) => format!("{encoding} (texto delimitado con nombre de libro de Excel)"),
        Lang::En => format!("{encoding} (delimited text named like an Excel workbook)"),
    }
}
pub fn no_data_rows(lang: Lang, file: &str, sheet: Option<&str>) -> String {
    let file = visible(file);
    let sheet = sheet
        .map(|s| format!(" «{}»", visible(s)))
        .unwrap_or_default();
    match lang {
        Lang::Es(_) => {
            format!("Aviso: {file}{sheet} no tiene filas de alumnos, solo encabezados.")
        }
        Lang::En => format!("Note: {file}{sheet} has no student rows, only headers."),
    }
}
pub fn nothing_read(lang: Lang) -> &'static str {
    lang.local(
        "No se escribió el reporte: no se pudo leer ningún archivo.",
        "No se escribió el informe: no se pudo leer ningún archivo.",
        "No report was written: no file could be read.",
    )
}
fn disguised_book(lang: Lang) -> String {
    lang.pick(
        "libro de hoja de cálculo con nombre de texto (.csv): se leyó como libro",
        "a spreadsheet workbook named like text (.csv): read as a workbook",
    )
    .to_string()
}
pub fn skipped_sheet(lang: Lang, file: &str, sheet: &str) -> String {
    let (file, sheet) = (visible(file), visible(sheet));
    match lang {
        Lang::Es(_) => {
            format!("Hoja omitida: {file} «{sheet}» (sin columnas de CURP, NSS, NUSS ni DNI/NIE).")
        }
        Lang::En => {
            format!("Sheet skipped: {file} «{sheet}» (no CURP, NSS, NUSS or DNI/NIE columns).")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name that would clear the screen, recolour it, ring the bell or
    /// reverse the line shows its controls as escapes; accents stay.
    #[test]
    fn names_show_their_control_characters_as_escapes() {
        assert_eq!(
            visible("\x1b[2Jnoño\x07\u{9b}\u{202e}.csv\n"),
            "\\x1b[2Jnoño\\x07\\u{9b}\\u{202e}.csv\\n"
        );
        assert!(matches!(visible("Muñoz, José.xlsx"), Cow::Borrowed(_)));
        assert_eq!(visible_message("a\x1bb\nc\td"), "a\\x1bb\nc\\td");
    }
}
