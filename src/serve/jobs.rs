//! The page's jobs: the files one upload brought, kept in a private
//! folder under the names they were uploaded with, and the library's one
//! pipeline run on them (`run_check_as`, `report::json::write`,
//! `report::write_all_telling`) with the options the page chose. In:
//! files and options; out: the findings JSON with what the page shows
//! beside it, or the report workbook's bytes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Mutex;

use axum::body::Bytes;
use serde::{Deserialize, Serialize};

use crate::config::{self, CheckFlags, Config};
use crate::findings::Field;
use crate::i18n::{self, Lang};
use crate::progress::{Amount, Progress};

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
    pub last: Mutex<Option<(Choices, Bytes)>>,
    /// How far its check has got, for the page to show while it runs.
    pub progress: Checking,
}

/// A check's progress, as the pipeline tells it (`Progress`) and the
/// page reads it (`Checking::now`).
#[derive(Debug, Default)]
pub struct Checking {
    /// 0 waiting, 1 reading, 2 gathering, 3 done.
    state: AtomicU8,
    rows: AtomicU64,
    bytes: AtomicU64,
    total: AtomicU64,
}

/// A check's progress at one moment.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct CheckProgress {
    pub state: &'static str,
    /// Rows read so far.
    pub rows: u64,
    /// Bytes of the files read so far, and of all of them (0: not yet
    /// known).
    pub bytes: u64,
    pub total: u64,
}

impl Checking {
    /// A check is asked for: it waits for its turn.
    pub fn queued(&self) {
        self.state.store(0, Ordering::Relaxed);
    }

    /// A check starts: nothing read yet.
    fn start(&self) {
        self.state.store(1, Ordering::Relaxed);
        for n in [&self.rows, &self.bytes, &self.total] {
            n.store(0, Ordering::Relaxed);
        }
    }

    /// What the pipeline says as it goes.
    fn tell(&self, event: Progress) {
        match event {
            Progress::Expect(Amount::Bytes(n)) => self.total.store(n, Ordering::Relaxed),
            // This check's own count (`ReadOptions::counted`; another
            // may run at once), never past its files' size (a workbook
            // is opened more than once).
            Progress::BytesRead(n) => {
                let total = self.total.load(Ordering::Relaxed);
                self.bytes.store(n.min(total), Ordering::Relaxed);
            }
            Progress::Rows(n) => {
                self.rows.fetch_add(n, Ordering::Relaxed);
            }
            Progress::Gathering => self.state.store(2, Ordering::Relaxed),
            _ => {}
        }
    }

    fn finish(&self) {
        self.bytes
            .store(self.total.load(Ordering::Relaxed), Ordering::Relaxed);
        self.state.store(3, Ordering::Relaxed);
    }

    /// The progress now.
    pub fn now(&self) -> CheckProgress {
        CheckProgress {
            state: match self.state.load(Ordering::Relaxed) {
                0 => "waiting",
                1 => "reading",
                2 => "gathering",
                _ => "done",
            },
            rows: self.rows.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A check's answer, in the order it is sent: the head (what the page
/// shows beside the findings), the findings JSON (shared with the job's
/// `last`, never copied), and the closing brace.
#[derive(Debug)]
pub struct Answer(pub [Bytes; 3]);

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

/// A finding's student, as the page reads it: file, sheet, row, name.
type Student<'a> = (&'a str, Option<&'a str>, u64, &'a str);

/// The check's answer before its findings: what the page shows beside
/// them.
#[derive(Debug, Serialize)]
struct Head<'a> {
    job: &'a str,
    lang: &'static str,
    labels: serde_json::Value,
    tables: Vec<Table<'a>>,
    fields: Vec<FieldName>,
    names: Vec<Student<'a>>,
}

/// The student of every row of `run` with findings that has a name, by
/// source and row (`Run::students`): the duplicates' names let go during
/// the check (a large roster's) read again from their files, through
/// the library's reader, only as far as the last of them.
fn students(
    run: &crate::findings::Run,
    config: &Config,
) -> std::io::Result<Vec<(usize, u64, String)>> {
    let found = run.students()?;
    let mut named = found.named;
    if found.unnamed.is_empty() {
        return Ok(named);
    }
    for (source, rows) in found
        .unnamed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|g| (g[0].0, g))
    {
        let Some(s) = run.sources.get(source) else {
            continue;
        };
        let columns = s.name_columns();
        let Ok(tables) = crate::input::open(&s.path, &config.read) else {
            continue;
        };
        let Some(table) = tables.into_iter().find(|t| t.sheet == s.sheet) else {
            continue;
        };
        let last = rows.last().map_or(0, |r| r.1);
        let mut wanted = rows.iter().map(|r| r.1).peekable();
        let mut records = Vec::new();
        let mut rows_read = table.read_ahead().rows;
        let mut fetched = Vec::new();
        'read: while let Ok(n) = rows_read.next_batch(&mut records) {
            if n == 0 {
                break;
            }
            for rec in &records[..n] {
                while wanted.next_if(|&r| r < rec.row).is_some() {}
                if wanted.peek() == Some(&rec.row) {
                    let name = columns.name(rec);
                    if !name.is_empty() {
                        fetched.push((source, rec.row, name));
                    }
                }
                if rec.row >= last {
                    break 'read;
                }
            }
        }
        named.extend(fetched);
    }
    // Each source's rows in order again.
    named.sort_by_key(|&(source, row, _)| (source, row));
    Ok(named)
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
    pub fn check(&self, choices: &Choices, settings: &Settings) -> Result<Answer, Refusal> {
        let mut config = self.config(choices, settings, None)?;
        // Each finding's student, gathered as the rows are read.
        config.names = true;
        // Its own bytes read, for its progress.
        config.read.counted = Some(crate::input::ReadCounter::new());
        self.progress.start();
        let run = crate::run_check_as(&config, &|p| self.name_of(p), &mut |e| {
            self.progress.tell(e)
        });
        self.progress.finish();
        // Plain Spanish takes Spain's or Mexico's words by the identifiers
        // found, as the CLI's outputs do.
        let lang = config::language(&config, &run);
        if let Some(e) = config::unmatched_column(&config, &run) {
            return Err(Refusal::new(400, i18n::usage_error(lang, &e)));
        }
        // The findings document and what the page shows beside it, made
        // at once (neither changes the run).
        let (findings, head) = rayon::join(
            || {
                let mut findings = Vec::new();
                crate::report::json::write(&run, lang, &mut findings)
                    .map_err(|e| Refusal::new(500, e.to_string()))
                    .map(|()| findings)
            },
            || self.head(&run, &config, lang),
        );
        let (findings, mut head) = (Bytes::from(findings?), head?);
        head.pop(); // the closing brace: the findings document goes inside
        head.extend_from_slice(b",\"result\":");
        if let Ok(mut last) = self.last.lock() {
            *last = Some((choices.clone(), findings.clone()));
        }
        Ok(Answer([
            Bytes::from(head),
            findings,
            Bytes::from_static(b"}"),
        ]))
    }

    /// What the check's answer holds beside the findings, as JSON: the
    /// tables with their headers and the columns taken, the fields, and
    /// each finding's student.
    fn head(
        &self,
        run: &crate::findings::Run,
        config: &Config,
        lang: Lang,
    ) -> Result<Vec<u8>, Refusal> {
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
        let students = students(run, config).map_err(|e| Refusal::new(500, e.to_string()))?;
        let names: Vec<Student> = students
            .iter()
            .filter_map(|(si, row, name)| {
                let s = run.sources.get(*si)?;
                Some((s.file.as_str(), s.sheet.as_deref(), *row, name.as_str()))
            })
            .collect();
        let head = Head {
            job: &self.id,
            lang: i18n::page::lang_code(lang),
            labels: i18n::page::labels(lang),
            tables,
            fields,
            names,
        };
        // Written straight to bytes.
        let mut out = Vec::with_capacity(64 * head.names.len() + (16 << 10));
        serde_json::to_writer(&mut out, &head).map_err(|e| Refusal::new(500, e.to_string()))?;
        Ok(out)
    }

    /// The findings JSON of the last check, as `--json` writes it.
    pub fn last_json(&self) -> Option<Bytes> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The configuration of a check of `file` gathering names.
    fn named(file: &str) -> Config {
        let flags = CheckFlags {
            inputs: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(file)],
            no_report: true,
            quiet: true,
            lang: Lang::ES,
            today: Some("2026-11-23".to_string()),
            ..CheckFlags::default()
        };
        let mut config = config::resolve(flags, "").unwrap();
        config.names = true;
        config
    }

    /// A duplicate's row with no finding of its own is named from the
    /// names kept; when they were let go (a large roster's), it is read
    /// again, and the students are the same.
    #[test]
    fn duplicates_are_named_whether_kept_or_read_again() {
        let config = named("alumnos_mx.csv");
        let mut run = crate::run_check(&config, &mut |_| {});
        let kept = students(&run, &config).unwrap();
        // Rows 21 and 22 share an NSS and have no other finding.
        for row in [21, 22] {
            assert!(
                kept.iter().any(|s| s.1 == row && !s.2.is_empty()),
                "row {row}"
            );
        }
        let Some(names) = &mut run.names else {
            panic!("names not gathered");
        };
        names.let_go_spare();
        let found = run.students().unwrap();
        assert_eq!(found.unnamed, [(0, 21), (0, 22)]);
        assert_eq!(students(&run, &config).unwrap(), kept);
    }

    /// A check's bytes read are its own: another check reading its file
    /// meanwhile (here, run whole while the first is under way) is not
    /// counted in the first's progress.
    #[test]
    fn a_check_counts_only_its_own_bytes() {
        // A roster of many blocks: the fixture's rows again and again.
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.csv");
        let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let text = std::fs::read_to_string(fixture.join("alumnos_mx.csv")).unwrap();
        let (header, rows) = text.split_once('\n').unwrap();
        let mut body = format!("{header}\n");
        while body.len() < 1 << 20 {
            body.push_str(rows);
        }
        std::fs::write(&big, &body).unwrap();
        let counted = |path: PathBuf| {
            let mut config = named("alumnos_es.csv");
            config.inputs = vec![path];
            config.read.counted = Some(crate::input::ReadCounter::new());
            config
        };
        let other_file = fixture.join("alumnos_es.csv");
        let (first, other) = (counted(big), counted(other_file.clone()));
        let (mut told, mut other_told, mut ran) = (Vec::new(), 0, false);
        crate::run_check(&first, &mut |e| {
            if let crate::Progress::BytesRead(n) = e {
                told.push(n);
                if !ran {
                    ran = true;
                    crate::run_check(&other, &mut |e| {
                        if let crate::Progress::BytesRead(n) = e {
                            other_told = other_told.max(n);
                        }
                    });
                }
            }
        });
        assert!(told.len() > 1, "one block only: {told:?}");
        assert_eq!(told.iter().max(), Some(&(body.len() as u64)));
        assert_eq!(other_told, std::fs::metadata(other_file).unwrap().len());
    }
}
