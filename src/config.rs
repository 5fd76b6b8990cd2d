//! Flags → a resolved `Config`. Every usage error is raised here, before
//! any work starts (ripgrep's low-args/high-args split). What the user
//! typed comes in as `CheckFlags`, plain values that `cli` fills from
//! clap's structs.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use crate::columns::ColumnOverride;
use crate::findings::{Field, Run, Severity};
use crate::ids::{Context, Date};
use crate::input::{FileId, ReadOptions};
use crate::lang::Lang;

/// The most worker threads `--threads` takes. Checking is bound by the
/// processor: past one thread per core nothing goes faster, and each
/// thread costs a stack and a start (20,000 of them on a 23-row file
/// took over a minute; 256 take 0.15 s). A fixed number rather than a
/// multiple of this machine's cores, so that a script runs the same on
/// every machine.
pub const MAX_THREADS: usize = 256;

/// Something the user typed that cannot work. Rendered by `i18n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    BadToday(String),
    BadColumn(String),
    UnknownField(String),
    BadDelimiter(String),
    BadEncoding(String),
    /// An output (which one, and its path) would be a file the run reads.
    OutputIsInput(Output, PathBuf),
    /// `--json` names the report's file (this path).
    SameOutput(PathBuf),
    OutputIsDirectory(PathBuf),
    OutputDirMissing(PathBuf),
    BadThreads,
    /// More than [`MAX_THREADS`].
    TooManyThreads(usize),
    /// The command line itself could not be read.
    Args(ArgsError),
    /// `--corrected` names neither a `.xlsx` nor a `.csv` file.
    CorrectedFormat(PathBuf),
    /// `--corrected` names a folder.
    CorrectedIsDirectory(PathBuf),
    /// The folder of `--corrected` does not exist.
    CorrectedDirMissing(PathBuf),
    /// `--corrected` names the report's or the JSON's file.
    CorrectedIsOutput(PathBuf),
    /// `--corrected-encoding` without a corrected CSV to encode.
    CorrectedEncodingUnused,
    /// A `--col` whose header or letter names no column in any roster
    /// table read: known only once the inputs are read.
    UnmatchedColumn {
        field: Field,
        header: String,
        tables: Vec<TableHeaders>,
    },
}

/// What was wrong with the words of a command line (clap found it; `cli`
/// hands it over as these plain facts, for `i18n` to say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsError {
    /// An option or argument nothing expects, and the one perhaps meant.
    Unexpected {
        arg: String,
        suggestion: Option<String>,
    },
    /// An option given without its value.
    MissingValue { arg: String },
    /// A value an option does not take, and those it takes (if a list).
    BadValue {
        arg: String,
        value: String,
        valid: Vec<String>,
    },
    /// Required arguments left out.
    Missing { args: Vec<String> },
    /// An option given twice that takes one value, or two that exclude
    /// each other.
    Conflict { arg: String, with: Option<String> },
    /// An argument that is not text (not UTF-8).
    NotText,
    /// Anything else, in clap's words.
    Other(String),
}

/// An output file, by the option that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The report workbook, `-o`.
    Report,
    /// `--json`.
    Json,
    /// The corrected roster, `--corrected`.
    Corrected,
}

/// How the corrected roster's CSV is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// UTF-8 with a byte-order mark, so that Excel reads it as UTF-8.
    #[default]
    Utf8,
    /// Windows-1252, for submission systems that refuse UTF-8.
    Windows1252,
}

/// The corrected roster's format, by its file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectedFormat {
    Xlsx,
    Csv,
}

/// The corrected roster (`--corrected`): where, and in what form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    /// The file as given; with several tables, each file is named after
    /// it and its table.
    pub path: PathBuf,
    pub format: CorrectedFormat,
    /// For CSV.
    pub encoding: TextEncoding,
}

/// A table the user can look at: file, sheet, and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableHeaders {
    pub file: String,
    pub sheet: Option<String>,
    pub headers: Vec<String>,
}

/// Where JSON goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonTarget {
    Stdout,
    File(PathBuf),
}

/// A check run, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    /// The report workbook; `None` with `--no-report`.
    pub output: Option<PathBuf>,
    pub json: Option<JsonTarget>,
    pub lang: Lang,
    pub overrides: Vec<ColumnOverride>,
    pub read: ReadOptions,
    /// Findings at or above this severity make the exit code 1 (`None`: never).
    pub fail_on: Option<Severity>,
    pub ctx: Context,
    pub quiet: bool,
    pub threads: Option<usize>,
    /// The corrected roster, if asked for.
    pub corrected: Option<Corrected>,
    /// Gather the students' names while reading (`Run::names`), for a
    /// front end that shows them beside the findings (the local page).
    pub names: bool,
}

/// What the user typed for `check`, before any of it is checked.
#[derive(Debug, Clone, Default)]
pub struct CheckFlags {
    pub inputs: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub no_report: bool,
    /// `-` for standard output.
    pub json: Option<PathBuf>,
    /// `FIELD=HEADER` or `FIELD=LETTER`, as typed.
    pub cols: Vec<String>,
    pub sheets: Vec<String>,
    pub delimiter: Option<String>,
    pub encoding: Option<String>,
    pub fail_on: Option<Severity>,
    pub threads: Option<usize>,
    pub quiet: bool,
    pub lang: Lang,
    /// `YYYY-MM-DD`; the system date when `None`.
    pub today: Option<String>,
    /// `--corrected FILE`.
    pub corrected: Option<PathBuf>,
    /// `--corrected-encoding`.
    pub corrected_encoding: Option<TextEncoding>,
}

/// The checks' context ("today") of any command: `today` as typed, else
/// the system date.
pub fn context(today: Option<&str>) -> Result<Context, UsageError> {
    let today = match today {
        Some(s) => Date::parse_iso(s).ok_or_else(|| UsageError::BadToday(s.to_string()))?,
        None => system_today(),
    };
    Ok(Context::new(today))
}

/// Today's date (UTC) from the system clock.
fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_unix_days((secs / 86_400) as i64).unwrap_or(Date::MIN)
}

fn parse_col(s: &str) -> Result<ColumnOverride, UsageError> {
    let (field, header) = s
        .split_once('=')
        .ok_or_else(|| UsageError::BadColumn(s.to_string()))?;
    let field = Field::parse(field).ok_or_else(|| UsageError::UnknownField(field.to_string()))?;
    if header.trim().is_empty() {
        return Err(UsageError::BadColumn(s.to_string()));
    }
    Ok(ColumnOverride {
        field,
        header: header.to_string(),
    })
}

fn parse_delimiter(s: &str) -> Result<u8, UsageError> {
    match s {
        "\\t" | "tab" | "TAB" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(UsageError::BadDelimiter(s.to_string())),
    }
}

/// The default report path: `<stem of first input><suffix>` in the
/// current directory. The stem is kept as the system gave it, UTF-8 or
/// not (a Latin-1 file name keeps its name in its report's).
fn default_output(first: &Path, suffix: &str) -> PathBuf {
    let usable = |s: &OsStr| !s.is_empty() && s != "." && s != "..";
    let mut name: OsString = first
        .file_stem()
        .filter(|s| usable(s))
        .map(OsStr::to_os_string)
        .or_else(|| Some(first.canonicalize().ok()?.file_name()?.to_os_string()))
        .unwrap_or_else(|| OsString::from("padron"));
    name.push(suffix);
    PathBuf::from(name)
}

/// An absolute form of a path that may not exist yet.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (parent.canonicalize(), p.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => p.to_path_buf(),
    }
}

/// The files a run will read: each input named and the roster files of
/// each folder named, by identity (`FileId`: a hard or symbolic link to
/// an input is that input), and every input named by its absolute path
/// (one that does not exist is still not to be written over).
struct ReadFiles {
    ids: HashSet<FileId>,
    paths: Vec<PathBuf>,
}

impl ReadFiles {
    fn of(inputs: &[PathBuf]) -> ReadFiles {
        let mut ids = HashSet::new();
        for input in inputs {
            ids.extend(FileId::of(input));
            if input.is_dir() {
                let files = crate::input::list_dir(input).unwrap_or_default();
                ids.extend(files.files.iter().filter_map(|f| FileId::of(f)));
            }
        }
        let paths = inputs.iter().map(|i| absolute(i)).collect();
        ReadFiles { ids, paths }
    }

    /// True when writing `path` would write over a file the run reads.
    fn holds(&self, path: &Path) -> bool {
        self.paths.contains(&absolute(path))
            || FileId::of(path).is_some_and(|id| self.ids.contains(&id))
    }
}

/// True when writing `path` would write over a file that a run of
/// `inputs` reads (by identity: links count): for outputs named only once
/// the inputs are read (one corrected file per table).
pub fn reads(inputs: &[PathBuf], path: &Path) -> bool {
    ReadFiles::of(inputs).holds(path)
}

/// True when two paths name one file: the same path, or two names of one
/// file (links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    absolute(a) == absolute(b) || FileId::of(a).is_some_and(|id| FileId::of(b) == Some(id))
}

/// Resolves `check`'s flags. `report_suffix` ends the default report's
/// name, in the user's language (`i18n::label::report_suffix`).
pub fn resolve(args: CheckFlags, report_suffix: &str) -> Result<Config, UsageError> {
    let (lang, ctx) = (args.lang, context(args.today.as_deref())?);
    let overrides = args
        .cols
        .iter()
        .map(|c| parse_col(c))
        .collect::<Result<Vec<_>, _>>()?;
    let delimiter = args.delimiter.as_deref().map(parse_delimiter).transpose()?;
    if let Some(label) = &args.encoding {
        if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
            return Err(UsageError::BadEncoding(label.clone()));
        }
    }
    match args.threads {
        Some(0) => return Err(UsageError::BadThreads),
        Some(asked) if asked > MAX_THREADS => return Err(UsageError::TooManyThreads(asked)),
        _ => {}
    }
    let read = ReadFiles::of(&args.inputs);
    let output = if args.no_report {
        None
    } else {
        let out = args.output.clone().unwrap_or_else(|| {
            let first = args.inputs.first().map_or(Path::new(""), PathBuf::as_path);
            default_output(first, report_suffix)
        });
        if out.is_dir() {
            return Err(UsageError::OutputIsDirectory(out));
        }
        let parent = out
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(UsageError::OutputDirMissing(parent.to_path_buf()));
        }
        if read.holds(&out) {
            return Err(UsageError::OutputIsInput(Output::Report, out));
        }
        Some(out)
    };
    let json = args.json.as_ref().map(|p| {
        if p.as_os_str() == "-" {
            JsonTarget::Stdout
        } else {
            JsonTarget::File(p.clone())
        }
    });
    if let Some(JsonTarget::File(p)) = &json {
        if read.holds(p) {
            return Err(UsageError::OutputIsInput(Output::Json, p.clone()));
        }
        if output.as_deref().is_some_and(|out| same_file(out, p)) {
            return Err(UsageError::SameOutput(p.clone()));
        }
    }
    let corrected = resolve_corrected(&args, &read, output.as_deref(), json.as_ref())?;
    Ok(Config {
        corrected,
        inputs: args.inputs,
        output,
        json,
        lang,
        overrides,
        read: ReadOptions {
            delimiter,
            encoding: args.encoding.clone(),
            sheets: args.sheets,
            counted: None,
        },
        fail_on: args.fail_on,
        ctx,
        quiet: args.quiet,
        threads: args.threads,
        names: false,
    })
}

/// The language of a finished run's outputs: plain `--lang es` takes
/// Spain's Spanish when any table read has a NUSS or DNI/NIE column (the
/// identifiers of Spain's Seguridad Social), else Mexico's. A country
/// asked for, or English, stays.
pub fn language(config: &Config, run: &Run) -> Lang {
    config.lang.placed(spanish_ids(run))
}

/// True when any table read has a NUSS or DNI/NIE column: a roster for
/// Spain's Seguridad Social. The one rule behind the Spanish variant, the
/// paper size and the delimiter of outputs made from a workbook.
pub fn spanish_ids(run: &Run) -> bool {
    run.sources.iter().any(|s| s.is_spanish())
}

/// The first `--col` that names no column in any roster table the run
/// read, as the usage error that lists those tables' headers. A `--col`
/// may fit some tables and not others (a folder of exports that name a
/// column differently): it is an error only when it fits none. With no
/// roster table at all, the inputs' own errors say what was found.
pub fn unmatched_column(config: &Config, run: &Run) -> Option<UsageError> {
    let o = config
        .overrides
        .iter()
        .find(|o| !run.sources.iter().any(|s| o.find(&s.headers).is_some()))
        .filter(|_| !run.sources.is_empty())?;
    Some(UsageError::UnmatchedColumn {
        field: o.field,
        header: o.header.clone(),
        tables: run
            .sources
            .iter()
            .map(|s| TableHeaders {
                file: s.file.clone(),
                sheet: s.sheet.clone(),
                headers: s.headers.clone(),
            })
            .collect(),
    })
}

/// The corrected roster of `--corrected` and `--corrected-encoding`:
/// a `.xlsx` or `.csv` file in a folder that exists, neither an input nor
/// another output.
fn resolve_corrected(
    args: &CheckFlags,
    read: &ReadFiles,
    report: Option<&Path>,
    json: Option<&JsonTarget>,
) -> Result<Option<Corrected>, UsageError> {
    let Some(path) = args.corrected.clone() else {
        return match args.corrected_encoding {
            Some(_) => Err(UsageError::CorrectedEncodingUnused),
            None => Ok(None),
        };
    };
    let ext = path
        .extension()
        .and_then(OsStr::to_str)
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("xlsx") => CorrectedFormat::Xlsx,
        Some("csv") => CorrectedFormat::Csv,
        _ => return Err(UsageError::CorrectedFormat(path)),
    };
    if format == CorrectedFormat::Xlsx && args.corrected_encoding.is_some() {
        return Err(UsageError::CorrectedEncodingUnused);
    }
    if path.is_dir() {
        return Err(UsageError::CorrectedIsDirectory(path));
    }
    let parent = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(UsageError::CorrectedDirMissing(parent.to_path_buf()));
    }
    if read.holds(&path) {
        return Err(UsageError::OutputIsInput(Output::Corrected, path));
    }
    let json = match json {
        Some(JsonTarget::File(p)) => Some(p.as_path()),
        _ => None,
    };
    if [report, json]
        .into_iter()
        .flatten()
        .any(|o| same_file(o, &path))
    {
        return Err(UsageError::CorrectedIsOutput(path));
    }
    Ok(Some(Corrected {
        path,
        format,
        encoding: args.corrected_encoding.unwrap_or_default(),
    }))
}
