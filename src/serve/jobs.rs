//! The page's jobs: the files one upload brought, kept in a private
//! folder under the names they were uploaded with, and the library's one
//! pipeline run on them (`run_check_as`, `report::json::write`,
//! `report::write_all_telling`) with the options the page chose. In:
//! files and options; out: the findings JSON with what the page shows
//! beside it, or the report workbook's bytes.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::config::{self, CheckFlags, Config};
use crate::findings::{Field, Run};
use crate::i18n::{self, Lang};
use crate::input;

/// What the page may choose for a check: the `--col`, `--sheet` and
/// `--lang` of the command line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Choices {
    /// `FIELD=HEADER`, as `--col` takes them.
    pub cols: Vec<String>,
    /// Sheets to check (none: every sheet holding a roster).
    pub sheets: Vec<String>,
    /// `es` or `en`; the server's language when absent.
    pub lang: Option<String>,
}

/// One uploaded file: where it is kept, and the name it came with.
#[derive(Debug)]
pub struct Upload {
    pub path: PathBuf,
    pub name: String,
}

/// The files of one upload and the choices of its last check. Its
/// folder is removed when the job is dropped: closed by the page,
/// forgotten for a newer one, or at shutdown (when the whole temporary
/// folder goes too).
#[derive(Debug)]
pub struct Job {
    /// Its name in the page's requests (random).
    pub id: String,
    pub dir: PathBuf,
    pub uploads: Vec<Upload>,
    pub last: Mutex<Option<(Choices, std::sync::Arc<Vec<u8>>)>>,
    /// The rows whose students the page asks for after the last check.
    pub names: Mutex<Option<std::sync::Arc<NamesToRead>>>,
}

impl Drop for Job {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What went wrong, as the page shows it: an HTTP status and a message
/// in the user's language.
#[derive(Debug)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

impl Refusal {
    pub fn new(status: u16, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
        }
    }
}

/// A table read, as the page's column choice shows it.
#[derive(Debug, Serialize)]
struct Table<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    header_row: Option<u64>,
    headers: &'a [String],
    /// Field name → the header of the column taken.
    columns: Vec<(&'static str, &'a str)>,
}

/// A field the page can choose a column for, with its name in words.
#[derive(Debug, Serialize)]
struct FieldName {
    field: &'static str,
    label: &'static str,
}

/// The server's settings a job needs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lang: Lang,
    /// `--today`, for tests; the system date when `None`.
    pub today: Option<String>,
}

impl Job {
    /// The name a kept file was uploaded with.
    fn name_of(&self, path: &Path) -> String {
        self.uploads
            .iter()
            .find(|u| u.path == path)
            .map_or_else(|| path.display().to_string(), |u| u.name.clone())
    }

    /// The stem of the first file's name, for the names of downloads.
    pub fn stem(&self) -> &str {
        self.uploads
            .first()
            .and_then(|u| Path::new(&u.name).file_stem())
            .and_then(|s| s.to_str())
            .filter(|s| !s.is_empty())
            .unwrap_or("padron")
    }

    /// The configuration of a run with these choices: what `check` would
    /// resolve from the same flags (every usage error raised here).
    fn config(
        &self,
        choices: &Choices,
        settings: &Settings,
        output: Option<PathBuf>,
    ) -> Result<Config, Refusal> {
        self.config_with(choices, settings, output, None)
    }

    /// `config`, with the corrected roster asked for at `corrected`.
    fn config_with(
        &self,
        choices: &Choices,
        settings: &Settings,
        output: Option<PathBuf>,
        corrected: Option<PathBuf>,
    ) -> Result<Config, Refusal> {
        let lang = lang_of(choices, settings);
        let flags = CheckFlags {
            inputs: self.uploads.iter().map(|u| u.path.clone()).collect(),
            output: output.clone(),
            no_report: output.is_none(),
            corrected,
            cols: choices.cols.clone(),
            sheets: choices.sheets.clone(),
            quiet: true,
            fail_on: None,
            lang,
            today: settings.today.clone(),
            ..CheckFlags::default()
        };
        config::resolve(flags, i18n::label::report_suffix(lang))
            .map_err(|e| Refusal::new(400, i18n::usage_error(lang, &e)))
    }

    /// Checks the job's files with `choices`: the findings JSON (as
    /// `check --json` writes it) inside a document that adds what the
    /// page shows beside it: the tables with their headers and the
    /// columns taken, the fields, and each finding's student.
    pub fn check(&self, choices: &Choices, settings: &Settings) -> Result<Vec<u8>, Refusal> {
        let config = self.config(choices, settings, None)?;
        let run = crate::run_check_as(&config, &|p| self.name_of(p), &mut |_| {});
        // Plain Spanish takes Spain's or Mexico's words by the identifiers
        // found, as the CLI's outputs do.
        let lang = config::language(&config, &run);
        if let Some(e) = config::unmatched_column(&config, &run) {
            return Err(Refusal::new(400, i18n::usage_error(lang, &e)));
        }
        let mut findings = Vec::new();
        crate::report::json::write(&run, lang, &mut findings)
            .map_err(|e| Refusal::new(500, e.to_string()))?;
        let tables: Vec<Table> = run
            .sources
            .iter()
            .map(|s| Table {
                file: &s.file,
                sheet: s.sheet.as_deref(),
                header_row: s.header_row,
                headers: &s.headers,
                columns: s
                    .columns
                    .iter()
                    .filter_map(|&(f, c)| Some((f.as_str(), s.header(c)?)))
                    .collect(),
            })
            .collect();
        let fields: Vec<FieldName> = Field::ALL
            .iter()
            .map(|&f| FieldName {
                field: f.as_str(),
                label: i18n::field_name(lang, f),
            })
            .collect();
        let wanted = NamesToRead {
            read: config.read.clone(),
            tables: wanted(&run),
        };
        let head = serde_json::json!({
            "job": self.id,
            "tables": tables,
            "fields": fields,
        });
        let findings = std::sync::Arc::new(findings);
        let mut out = serde_json::to_vec(&head).map_err(|e| Refusal::new(500, e.to_string()))?;
        out.pop(); // the closing brace: the findings document goes inside
        out.extend_from_slice(b",\"result\":");
        out.extend_from_slice(&findings);
        out.push(b'}');
        if let Ok(mut last) = self.last.lock() {
            *last = Some((choices.clone(), findings));
        }
        if let Ok(mut names) = self.names.lock() {
            *names = Some(std::sync::Arc::new(wanted));
        }
        Ok(out)
    }

    /// The students of the last check's findings, `[[file, sheet, row,
    /// name]…]` as JSON.
    pub fn names(&self) -> Option<Vec<u8>> {
        let wanted = self.names.lock().ok()?.clone()?;
        serde_json::to_vec(&read_names(&wanted)).ok()
    }

    /// The findings JSON of the last check, as `--json` writes it.
    pub fn last_json(&self) -> Option<std::sync::Arc<Vec<u8>>> {
        self.last.lock().ok()?.as_ref().map(|(_, j)| j.clone())
    }

    /// The report workbook of the files with the last check's choices,
    /// as `check -o` writes it, and its file name.
    pub fn report(&self, settings: &Settings) -> Result<(Vec<u8>, String), Refusal> {
        let lang = lang_of(&self.last_choices(), settings);
        let name = format!("{}{}", self.stem(), i18n::label::report_suffix(lang));
        let out = self.write(settings, &name, false)?;
        match std::fs::read(out.dir.path().join(&name)) {
            Ok(bytes) if !out.failed => Ok((bytes, name)),
            _ => Err(Refusal::new(500, i18n::page::no_report(lang, &out.why))),
        }
    }

    /// The corrected roster of the files with the last check's choices,
    /// as `check --corrected NAME.EXT` writes it (`ext`: xlsx or csv):
    /// one file, or a zip of one file per table when there are several;
    /// its bytes, file name and media type.
    pub fn corrected(
        &self,
        settings: &Settings,
        ext: &str,
    ) -> Result<(Vec<u8>, String, &'static str), Refusal> {
        let lang = lang_of(&self.last_choices(), settings);
        let stem = format!("{}{}", self.stem(), i18n::page::corrected_suffix(lang));
        let name = format!("{stem}.{ext}");
        let out = self.write(settings, &name, true)?;
        let failed = || Refusal::new(500, i18n::page::no_corrected(lang, &out.why));
        if out.failed {
            return Err(failed());
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(out.dir.path())
            .map_err(|_| failed())?
            .filter_map(|e| Some(e.ok()?.path()))
            .collect();
        files.sort();
        let mime = match ext {
            "csv" => "text/csv; charset=utf-8",
            _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        };
        match files.as_slice() {
            [] => Err(failed()),
            [one] => Ok((std::fs::read(one).map_err(|_| failed())?, name, mime)),
            many => {
                let zipped = zip_files(many).map_err(|_| failed())?;
                Ok((zipped, format!("{stem}.zip"), "application/zip"))
            }
        }
    }

    /// The last check's choices (none yet: the defaults).
    fn last_choices(&self) -> Choices {
        self.last
            .lock()
            .ok()
            .and_then(|l| l.as_ref().map(|(c, _)| c.clone()))
            .unwrap_or_default()
    }

    /// Checks the files with the last check's choices and writes, in a
    /// private folder of its own, the report (`corrected` false) or the
    /// corrected roster named `name`, through the CLI's one writer.
    fn write(&self, settings: &Settings, name: &str, corrected: bool) -> Result<Written, Refusal> {
        let choices = self.last_choices();
        let lang = lang_of(&choices, settings);
        let dir = tempfile::Builder::new()
            .prefix("out-")
            .tempdir_in(&self.dir)
            .map_err(|e| Refusal::new(500, i18n::page::cannot_keep(lang, &e.to_string())))?;
        let path = dir.path().join(name);
        let config = if corrected {
            self.config_with(&choices, settings, None, Some(path))?
        } else {
            self.config(&choices, settings, Some(path))?
        };
        let run = crate::run_check_as(&config, &|p| self.name_of(p), &mut |_| {});
        let told = Mutex::new(Vec::<String>::new());
        let tell = |m: &str| {
            if let Ok(mut t) = told.lock() {
                t.push(m.to_string());
            }
        };
        let written = crate::report::write_all_telling(run, &config, &mut |_| {}, &tell)
            .map_err(|e| Refusal::new(400, i18n::usage_error(lang, &e)))?;
        Ok(Written {
            dir,
            failed: written.failed,
            why: told.into_inner().unwrap_or_default().join(" "),
        })
    }
}

/// What `Job::write` left: its folder (removed when dropped), whether an
/// output failed, and the messages saying why.
struct Written {
    dir: tempfile::TempDir,
    failed: bool,
    why: String,
}

/// The files in one zip, stored as they are (a workbook is compressed
/// already), each under its own name.
fn zip_files(files: &[PathBuf]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&std::fs::read(f)?)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

/// The language of a run: the page's choice, else the server's.
pub fn lang_of(choices: &Choices, settings: &Settings) -> Lang {
    choices
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(settings.lang)
}

/// The rows with findings of each table, and how to read them again:
/// the page asks for their students once the findings are shown, so
/// reading the tables again does not hold the findings back.
#[derive(Debug)]
pub struct NamesToRead {
    read: input::ReadOptions,
    tables: Vec<TableRows>,
}

/// One table's rows with findings, and its name columns.
#[derive(Debug)]
struct TableRows {
    file: String,
    sheet: Option<String>,
    path: PathBuf,
    /// The full name's column.
    full: Option<usize>,
    /// The surnames' and given names' columns.
    parts: Vec<usize>,
    rows: BTreeSet<u64>,
}

/// The rows with findings of each table that has name columns.
fn wanted(run: &Run) -> Vec<TableRows> {
    let mut rows: HashMap<usize, BTreeSet<u64>> = HashMap::new();
    for f in run.findings.iter().map_while(Result::ok) {
        rows.entry(f.source).or_default().insert(f.row);
    }
    let mut tables: Vec<TableRows> = rows
        .into_iter()
        .filter_map(|(si, rows)| {
            let src = run.sources.get(si)?;
            let full = src.column_of(Field::NombreCompleto);
            let parts: Vec<usize> = [Field::Paterno, Field::Materno, Field::Nombre]
                .iter()
                .filter_map(|&f| src.column_of(f))
                .collect();
            (full.is_some() || !parts.is_empty()).then(|| TableRows {
                file: src.file.clone(),
                sheet: src.sheet.clone(),
                path: src.path.clone(),
                full,
                parts,
                rows,
            })
        })
        .collect();
    tables.sort_by(|a, b| (&a.file, &a.sheet).cmp(&(&b.file, &b.sheet)));
    tables
}

/// Each finding's student, by its table and row: `[file, sheet, row,
/// name]`, from the row's name columns (the full name, else the
/// surnames and given names). The tables are read again with the run's
/// reader, and only the rows with findings kept.
fn read_names(wanted: &NamesToRead) -> Vec<(String, Option<String>, u64, String)> {
    let mut out = Vec::new();
    for t in &wanted.tables {
        let Ok(tables) = input::open(&t.path, &wanted.read) else {
            continue;
        };
        let Some(table) = tables.into_iter().find(|x| x.sheet == t.sheet) else {
            continue;
        };
        let mut source = table.read_ahead().rows;
        let mut records = Vec::new();
        let last = t.rows.last().copied().unwrap_or(0);
        'read: while let Ok(n) = source.next_batch(&mut records) {
            if n == 0 {
                break;
            }
            for rec in &records[..n] {
                if rec.row > last {
                    break 'read;
                }
                if !t.rows.contains(&rec.row) {
                    continue;
                }
                let cell = |c: usize| input::trim(rec.get(c));
                let name = t
                    .full
                    .map(cell)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string)
                    .unwrap_or_else(|| {
                        t.parts
                            .iter()
                            .map(|&c| cell(c))
                            .filter(|p| !p.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    });
                if !name.is_empty() {
                    out.push((t.file.clone(), t.sheet.clone(), rec.row, name));
                }
            }
        }
    }
    out
}
