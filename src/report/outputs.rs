//! Stage 5's one entry point: a finished `Run` and its `Config` go in;
//! every output the config asks for comes out, in this order: the inputs
//! that could not be read (standard error), the report workbook, the
//! corrected roster, the JSON (a file or standard output), the terminal
//! summary. Files are written
//! atomically; an output that fails is said and the others are written
//! all the same.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rust_xlsxwriter::XlsxError;

use super::corrected::{self, CorrectedError};
use super::xlsx::ReportError;
use super::{json, terminal, xlsx};
use crate::check;
use crate::config::{self, Config, Corrected, JsonTarget, UsageError};
use crate::findings::{Run, Severity, Source};
use crate::i18n::{self, Lang};
use crate::input::{self, InputError, Record, Stamp};
use crate::progress::Progress;

/// What became of a run and its outputs: what the exit code is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// An input could not be read.
    pub unread: bool,
    /// An output could not be written.
    pub failed: bool,
    /// The most serious severity found, if any.
    pub worst: Option<Severity>,
}

/// Writes every output of `run` that `config` asks for. A `--col` that
/// fits no table read is the error: the findings answer another question
/// than the one asked, so nothing is written. `progress` hears of the
/// report's rows read again, and of the end before the summary is
/// printed. The run is freed while the JSON's last step (`fsync` and
/// rename) waits on the disk.
pub fn write_all(
    run: Run,
    config: &Config,
    progress: &mut dyn FnMut(Progress),
) -> Result<Written, UsageError> {
    write_all_telling(run, config, progress, &|message| tell(message))
}

/// The rows an output that reads every table again goes through, its
/// titles and header too: what its progress counts to.
fn reread_rows(run: &Run) -> crate::progress::Amount {
    let rows = run
        .sources
        .iter()
        .map(|s| s.rows + s.first_data_row.saturating_sub(1))
        .sum();
    crate::progress::Amount::Rows(rows)
}

/// [`write_all`], its messages (inputs that could not be read, outputs
/// that could not be written) handed to `tell` rather than printed on
/// standard error: the local page (`serve`) shows them to its user.
pub fn write_all_telling(
    run: Run,
    config: &Config,
    progress: &mut dyn FnMut(Progress),
    tell: &dyn Fn(&str),
) -> Result<Written, UsageError> {
    let lang = config::language(config, &run);
    // The progress display speaks the run's words from here on.
    progress(Progress::Language(lang));
    for f in &run.failures {
        tell(&i18n::say::cannot_read(
            lang,
            &f.file,
            &i18n::input_error(lang, &f.error),
        ));
    }
    if let Some(e) = config::unmatched_column(config, &run) {
        progress(Progress::Finished);
        return Err(e);
    }
    let mut output_failed = false;
    // A report of nothing would look like a clean roster: none is written
    // when no input could be read (the exit code is 2 then).
    let nothing_read = run.sources.is_empty() && !run.failures.is_empty();
    // (Without -q, the summary says so, and why nothing was checked.)
    if nothing_read && config.output.is_some() && config.quiet {
        tell(i18n::say::nothing_read(lang));
    }
    // One reader again for the report and the corrected roster: a file
    // is hashed again once.
    let mut reread = Reread {
        config,
        progress: &mut *progress,
        stamps: &run.stamps,
        hashed: HashSet::new(),
        damaged: run
            .failures
            .iter()
            .filter_map(|f| match &f.error {
                InputError::DamagedFrom { sheet, .. } => Some((f.file.as_str(), sheet.clone())),
                _ => None,
            })
            .collect(),
    };
    if let Some(path) = config.output.as_ref().filter(|_| !nothing_read) {
        (reread.progress)(Progress::WritingReport);
        (reread.progress)(Progress::Expect(reread_rows(&run)));
        if let Err(message) = write_report(&run, lang, path, &mut reread) {
            tell(&message);
            output_failed = true;
        }
    }
    let mut corrected_paths = Vec::new();
    if let Some(corrected) = config.corrected.as_ref().filter(|_| !nothing_read) {
        (reread.progress)(Progress::WritingCorrected);
        (reread.progress)(Progress::Expect(reread_rows(&run)));
        match write_corrected(&run, config, corrected, lang, &mut reread) {
            Ok(paths) => corrected_paths = paths,
            Err(message) => {
                tell(&message);
                output_failed = true;
            }
        }
    }
    drop(reread);
    let json_to_stdout = config.json == Some(JsonTarget::Stdout);
    let json_failed = |e: &std::io::Error, path: &Path| {
        let why = i18n::say::write_reason(lang, Some(e.kind()), &e.to_string());
        tell(&i18n::say::json_failed(lang, path, &why));
    };
    let mut json_pending = None;
    match &config.json {
        Some(JsonTarget::Stdout) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let written = json::write(&run, lang, &mut lock)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(lock))
                .and_then(|()| lock.flush());
            if let Err(e) = written {
                let why = i18n::say::write_reason(lang, Some(e.kind()), &e.to_string());
                tell(&i18n::say::stdout_failed(lang, &why));
                output_failed = true;
            }
        }
        Some(JsonTarget::File(path)) => {
            let filled = super::filled(path, |f| {
                let mut w = std::io::BufWriter::new(super::Writeback::new(f));
                json::write(&run, lang, &mut w).map_err(std::io::Error::from)?;
                w.flush()
            });
            match filled {
                Ok(f) => json_pending = Some((path, f)),
                Err(e) => {
                    json_failed(&e, path);
                    output_failed = true;
                }
            }
        }
        None => {}
    }
    // What the end needs from the run, for either outcome of the JSON's
    // last step.
    let ending = |output_failed: bool| {
        let report = config
            .output
            .as_deref()
            .filter(|_| !output_failed && !nothing_read);
        let text = (!config.quiet).then(|| {
            terminal::summary(
                &run,
                lang,
                report,
                config.output.is_some(),
                &corrected_paths,
            )
        });
        let written = Written {
            unread: !run.failures.is_empty(),
            failed: output_failed,
            worst: run.worst(),
        };
        (text, written)
    };
    let (if_committed, if_not) = (ending(output_failed), ending(true));
    let committed = std::thread::scope(|s| {
        let commit = json_pending.map(|(path, f)| (path, s.spawn(move || f.commit())));
        drop(run);
        commit.map(|(path, c)| (path, c.join()))
    });
    let (text, written) = match committed {
        Some((path, Ok(Err(e)))) => {
            json_failed(&e, path);
            if_not
        }
        Some((_, Err(panic))) => std::panic::resume_unwind(panic),
        _ => if_committed,
    };
    progress(Progress::Finished);
    if let Some(text) = text {
        // anstream drops the colours when the stream is not a terminal or
        // NO_COLOR is set.
        if json_to_stdout {
            let _ = write!(anstream::stderr(), "{text}");
        } else {
            let _ = write!(anstream::stdout(), "{text}");
        }
    }
    Ok(written)
}

/// Writes the report workbook; on failure, the message that says why.
/// rust_xlsxwriter writes constant-memory worksheets to temporary files
/// in the system's temporary folder and panics when such a write fails
/// (it `expect`s them): that panic is caught here and said as what it is,
/// a full or unwritable temporary folder, not a bug.
fn write_report(run: &Run, lang: Lang, path: &Path, reread: &mut Reread) -> Result<(), String> {
    let written = {
        let _caught = TempFailuresCaught::begin();
        catch_unwind(AssertUnwindSafe(|| xlsx::write(run, lang, path, reread)))
    };
    match written {
        Ok(Ok(())) => Ok(()),
        Ok(Err(ReportError::Xlsx(XlsxError::TempFileError(dir, e)))) => Err(
            i18n::say::report_temp_failed(lang, path, &dir, Some(e.kind()), &e.to_string()),
        ),
        Ok(Err(ReportError::Input {
            file,
            error: InputError::Changed,
        })) => Err(i18n::say::input_changed(lang, &file, path)),
        Ok(Err(e)) => Err(i18n::say::report_failed(
            lang,
            path,
            e.io_kind(),
            &e.to_string(),
        )),
        Err(panic) => match panic_text(&*panic).and_then(temp_write_failure) {
            Some(kind) => {
                let dir = std::env::temp_dir();
                Err(i18n::say::report_temp_failed(
                    lang,
                    path,
                    &dir,
                    Some(kind),
                    "",
                ))
            }
            None => resume_unwind(panic),
        },
    }
}

/// Writes the corrected roster, one file per table
/// (`corrected::table_paths`), and returns their paths; on failure, the
/// message that says why. A file named after its table that would be an
/// input or another output is refused before anything is written.
/// Temporary-file panics of rust_xlsxwriter are caught as for the report.
fn write_corrected(
    run: &Run,
    config: &Config,
    corrected: &Corrected,
    lang: Lang,
    reread: &mut Reread,
) -> Result<Vec<PathBuf>, String> {
    let paths = corrected::table_paths(run, &corrected.path, lang);
    let json = match &config.json {
        Some(JsonTarget::File(p)) => Some(p.as_path()),
        _ => None,
    };
    let others: Vec<&Path> = [config.output.as_deref(), json]
        .into_iter()
        .flatten()
        .collect();
    if paths.len() > 1 {
        let clash = paths.iter().find(|p| {
            config::reads(&config.inputs, p) || others.iter().any(|o| config::same_file(o, p))
        });
        if let Some(p) = clash {
            return Err(i18n::say::corrected_failed(
                lang,
                p,
                i18n::say::corrected_clash(lang),
            ));
        }
    }
    let written = {
        let _caught = TempFailuresCaught::begin();
        catch_unwind(AssertUnwindSafe(|| {
            corrected::write(run, lang, corrected, &paths, reread)
        }))
    };
    let failed = |why: &str| i18n::say::corrected_failed(lang, &corrected.path, why);
    match written {
        Ok(Ok(())) => Ok(paths),
        Ok(Err(CorrectedError::Unencodable { place, ch })) => {
            let place = i18n::place(lang, &place, &run.sources);
            Err(failed(&i18n::say::unencodable(
                lang,
                &place,
                ch,
                "Windows-1252",
            )))
        }
        Ok(Err(CorrectedError::Input {
            file,
            error: InputError::Changed,
        })) => Err(i18n::say::input_changed(lang, &file, &corrected.path)),
        Ok(Err(e)) => Err(failed(&i18n::say::write_reason(
            lang,
            e.io_kind(),
            &e.to_string(),
        ))),
        Err(panic) => match panic_text(&*panic).and_then(temp_write_failure) {
            Some(kind) => Err(failed(&i18n::say::write_reason(lang, Some(kind), ""))),
            None => resume_unwind(panic),
        },
    }
}

/// Set while the report is written: a panic of a failed write to its
/// temporary files is caught then (`write_report`).
static WRITING_REPORT: AtomicBool = AtomicBool::new(false);

/// Marks the report being written, until dropped.
struct TempFailuresCaught;

impl TempFailuresCaught {
    fn begin() -> TempFailuresCaught {
        WRITING_REPORT.store(true, Ordering::SeqCst);
        TempFailuresCaught
    }
}

impl Drop for TempFailuresCaught {
    fn drop(&mut self) {
        WRITING_REPORT.store(false, Ordering::SeqCst);
    }
}

/// True when a panic with this text is a failed write to the report's
/// temporary files while the report is written: it is caught and said in
/// plain words, so a panic hook should stay quiet for it.
pub fn panic_is_caught(text: &str) -> bool {
    WRITING_REPORT.load(Ordering::SeqCst) && temp_write_failure(text).is_some()
}

/// The text of a panic's payload.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

/// The operating system's reason, when a panic's text is an I/O error
/// `expect`ed or unwrapped: it holds the error's debug form, `Os { code:
/// 28, kind: StorageFull, message: "No space left on device" }`.
fn temp_write_failure(text: &str) -> Option<std::io::ErrorKind> {
    use std::io::ErrorKind::*;
    let os = &text[text.find("Os { code: ")?..];
    let kind = os.split("kind: ").nth(1)?;
    let kind = kind.split(|c: char| !c.is_ascii_alphanumeric()).next()?;
    Some(match kind {
        "StorageFull" => StorageFull,
        "QuotaExceeded" => QuotaExceeded,
        "FileTooLarge" => FileTooLarge,
        "PermissionDenied" => PermissionDenied,
        "ReadOnlyFilesystem" => ReadOnlyFilesystem,
        _ => Other,
    })
}

/// Prints a message on standard error, the names in it unable to steer
/// the terminal (`i18n::say::visible_message`).
fn tell(message: &str) {
    eprintln!("{}", i18n::say::visible_message(message));
}

/// Reads inputs again for the report's Padrón: the same tables, the same
/// rows the check counted, from the same files. A file whose stamp no
/// longer matches, before its rows are read again (its bytes hashed
/// again the first time) or after (its size and time), changed during
/// the run: `InputError::Changed`, and no report, whose Padrón would show
/// rows never checked or miss rows counted.
struct Reread<'a, 'p> {
    config: &'a Config,
    progress: &'p mut dyn FnMut(Progress),
    stamps: &'a HashMap<PathBuf, Stamp>,
    /// Files whose bytes were hashed again already (a workbook is read
    /// again once per roster sheet).
    hashed: HashSet<PathBuf>,
    /// Tables (file, sheet) the check found damaged part-way: read again,
    /// they stop at the same place, and the Padrón holds the rows before.
    damaged: Vec<(&'a str, Option<String>)>,
}

impl xlsx::Replay for Reread<'_, '_> {
    fn replay_batches(
        &mut self,
        source: &Source,
        each: &mut dyn FnMut(&[&Record]),
    ) -> Result<(), InputError> {
        let stamp = self.stamps.get(&source.path);
        if let Some(stamp) = stamp {
            let first = self.hashed.insert(source.path.clone());
            stamp.verify(&source.path, first)?;
        }
        let tables = input::open(&source.path, &self.config.read)?;
        let sheet = source.sheet.clone();
        let table = tables
            .into_iter()
            .find(|t| t.sheet == source.sheet)
            .ok_or_else(|| InputError::NoSuchSheet(sheet.unwrap_or_default()))?;
        let width = source.sheet.is_some().then_some(source.headers.len());
        // Parsed ahead while the report writes the rows before.
        let mut rows = table.read_ahead().rows;
        let mut records = Vec::new();
        let damaged = self
            .damaged
            .iter()
            .any(|(file, sheet)| *file == source.file && *sheet == source.sheet);
        loop {
            let n = match rows.next_batch(&mut records) {
                Err(_) if damaged => 0,
                read => read?,
            };
            if n == 0 {
                return match stamp {
                    Some(stamp) => stamp.verify(&source.path, false),
                    None => Ok(()),
                };
            }
            (self.progress)(Progress::Rows(n as u64));
            let batch: Vec<&Record> = records[..n]
                .iter()
                .filter(|rec| rec.row >= source.first_data_row && check::is_filled(rec, width))
                .collect();
            each(&batch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts rust_xlsxwriter 0.102 panics with when a write to its
    /// temporary files fails (an `expect` and an `unwrap`) read as the
    /// system's reason; other panics are not taken for one.
    #[test]
    fn failed_temporary_writes_are_told_from_bugs() {
        let os = r#"Os { code: 28, kind: StorageFull, message: "No space left on device" }"#;
        let expected = format!("Couldn't write to xml file: {os}");
        let unwrapped = format!("called `Result::unwrap()` on an `Err` value: {os}");
        for text in [expected, unwrapped] {
            assert_eq!(
                temp_write_failure(&text),
                Some(std::io::ErrorKind::StorageFull)
            );
        }
        let quota = r#"Couldn't write to xml file: Os { code: 122, kind: QuotaExceeded, message: "Disk quota exceeded" }"#;
        assert_eq!(
            temp_write_failure(quota),
            Some(std::io::ErrorKind::QuotaExceeded)
        );
        assert_eq!(
            temp_write_failure("index out of bounds: the len is 3"),
            None
        );
        // Outside the report's writing, the hook is not silenced.
        assert!(!panic_is_caught(&format!(
            "Couldn't write to xml file: {os}"
        )));
    }
}
