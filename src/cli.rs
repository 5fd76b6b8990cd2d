//! The command line as the user types it (clap derive), no logic: its
//! values become the library's own (`config::CheckFlags`, `Lang`,
//! `IdKind`) here, and `config` turns them into a resolved `Config`. No
//! clap type goes further.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, CheckFlags, Config, UsageError};
use crate::findings::Severity;
use crate::i18n;
use crate::ids::IdKind;
use crate::lang::Lang;

/// Audits student rosters (CURP, IMSS NSS, Spanish NUSS and DNI/NIE) before they go to
/// the social-security authorities, and writes a report workbook.
#[derive(Debug, Parser)]
#[command(name = "roster-check", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check roster files (CSV, TSV, TXT, XLSX, XLSM, XLSB, XLS, ODS, or
    /// directories of them). `roster-check FILE...` means the same.
    Check(CheckArgs),
    /// Explain single identifiers: valid or not, why, and what they encode.
    Id(IdArgs),
    /// Serve the checks as a page in the browser, on this computer only
    /// (127.0.0.1): drop roster files on it, see and filter the findings,
    /// download the report.
    Serve(ServeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Es,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// `--kind` takes the field names of the identifier table.
impl ValueEnum for IdKind {
    fn value_variants<'a>() -> &'a [Self] {
        &IdKind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct Common {
    /// Language of messages, report and summary.
    #[arg(long, value_enum, default_value = "es")]
    pub lang: LangArg,
    /// The date "today" for future-date checks (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Roster files or directories.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The report workbook (default: <stem of first input>-reporte.xlsx,
    /// -report.xlsx with --lang en, in the current directory).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write no report workbook.
    #[arg(long)]
    pub no_report: bool,
    /// Write findings as JSON to FILE ("-" for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Force the column of a field: FIELD=HEADER or FIELD=LETTER
    /// (fields: curp, nss, nuss, dni, rfc, paterno, materno, nombre,
    /// nombre_completo, nacimiento, sexo). Repeatable.
    #[arg(long = "col", value_name = "FIELD=HEADER")]
    pub cols: Vec<String>,
    /// Only this sheet of each workbook (repeatable).
    #[arg(long = "sheet", value_name = "NAME")]
    pub sheets: Vec<String>,
    /// Delimiter of delimited text (default: sniffed). "\t" or "tab" for tab.
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// Encoding of delimited text (default: UTF-8 or UTF-16 by BOM, and
    /// Windows-1252 where the bytes are not UTF-8): utf-8, windows-1252,
    /// latin1, utf-16le, utf-16be …
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Exit with 1 when a finding at or above this severity exists.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Worker threads for checking (default: one per core; at most 256).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No terminal summary, no progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    /// Values to explain.
    #[arg(required = true, value_name = "VALUE")]
    pub values: Vec<String>,
    /// The identifier kind (default: detected from each value).
    #[arg(long, value_enum)]
    pub kind: Option<IdKind>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to serve on (0: any free one). Default: 8765, or a free
    /// one when it is taken.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Do not open the page in the default browser.
    #[arg(long)]
    pub no_open: bool,
    /// The most megabytes one upload may bring.
    #[arg(long, value_name = "MB", default_value_t = 200,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_upload_mb: u64,
    #[command(flatten)]
    pub common: Common,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Es => Lang::Es,
            LangArg::En => Lang::En,
        }
    }
}

impl From<FailOn> for Option<Severity> {
    fn from(f: FailOn) -> Option<Severity> {
        match f {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Never => None,
        }
    }
}

impl From<CheckArgs> for CheckFlags {
    fn from(a: CheckArgs) -> CheckFlags {
        CheckFlags {
            inputs: a.inputs,
            output: a.output,
            no_report: a.no_report,
            json: a.json,
            cols: a.cols,
            sheets: a.sheets,
            delimiter: a.delimiter,
            encoding: a.encoding,
            fail_on: a.fail_on.into(),
            threads: a.threads,
            quiet: a.quiet,
            lang: a.common.lang.into(),
            today: a.common.today,
        }
    }
}

/// Resolves `check`'s arguments (`config::resolve`), the default
/// report named in the user's language.
pub fn resolve(args: CheckArgs) -> Result<Config, UsageError> {
    let flags = CheckFlags::from(args);
    let suffix = i18n::label::report_suffix(flags.lang);
    config::resolve(flags, suffix)
}

/// The commands, by name.
const COMMANDS: [&str; 3] = ["check", "id", "serve"];

/// Parses the process arguments; `roster-check FILE...` is read as
/// `roster-check check FILE...`.
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // Options may come before the command (`roster-check --lang en check
    // FILE`): the command is then the first word that is not an option
    // or an option's value, and it is moved to the front.
    let is_command = |a: Option<&OsString>| {
        a.and_then(|a| a.to_str())
            .is_some_and(|a| COMMANDS.contains(&a))
    };
    let first = first_positional(&args);
    if first > 1 && is_command(args.get(first)) {
        let command = args.remove(first);
        args.insert(1, command);
    }
    let explicit = is_command(args.get(1))
        || args
            .get(1)
            .and_then(|a| a.to_str())
            .is_some_and(|a| matches!(a, "help" | "-h" | "--help" | "-V" | "--version"));
    if args.len() > 1 && !explicit {
        args.insert(1, OsString::from("check"));
    }
    Cli::try_parse_from(args)
}

/// The index of the first argument after the program name that is not an
/// option or an option's value (`args.len()` when there is none). Which
/// options take a value is read from the commands' own definitions.
fn first_positional(args: &[OsString]) -> usize {
    use clap::CommandFactory;
    let cli = Cli::command();
    let with_values: Vec<&clap::Arg> = cli
        .get_subcommands()
        .flat_map(|c| c.get_arguments())
        .filter(|a| !a.is_positional() && a.get_action().takes_values())
        .collect();
    let long_takes = |name: &str| with_values.iter().any(|a| a.get_long() == Some(name));
    let short_takes = |c: char| with_values.iter().any(|a| a.get_short() == Some(c));
    let mut i = 1;
    while let Some(arg) = args.get(i).and_then(|a| a.to_str()) {
        if arg == "--" || !arg.starts_with('-') || arg == "-" {
            break;
        }
        let value_follows = match arg.strip_prefix("--") {
            Some(long) => !long.contains('=') && long_takes(long),
            // A cluster of short flags (`-qo FILE`): the last may take
            // the next argument as its value.
            None => arg.chars().last().is_some_and(short_takes),
        };
        i += 1 + usize::from(value_follows);
    }
    i.min(args.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Cli {
        parse_from(line.split_whitespace()).unwrap()
    }

    /// Options with no command or file after them: a usage error, not a
    /// crash (the command search ran past the last argument).
    #[test]
    fn options_alone_are_a_usage_error() {
        for line in [
            "roster-check --lang en",
            "roster-check -q",
            "roster-check --json",
        ] {
            let args: Vec<&str> = line.split_whitespace().collect();
            assert!(parse_from(args).is_err(), "{line}");
        }
    }

    #[test]
    fn options_may_come_before_the_command() {
        let Command::Check(c) = parse("roster-check --lang en check a.csv").command else {
            panic!("check");
        };
        assert_eq!(
            (c.inputs, c.common.lang),
            (vec![PathBuf::from("a.csv")], LangArg::En)
        );
        let Command::Check(c) = parse("roster-check -q --json out.json check a.csv b.csv").command
        else {
            panic!("check");
        };
        assert_eq!(c.inputs.len(), 2);
        assert!(c.quiet && c.json == Some(PathBuf::from("out.json")));
        let Command::Id(i) = parse("roster-check --lang en id 28138801999").command else {
            panic!("id");
        };
        assert_eq!(i.values, ["28138801999"]);
        // Without a command word, the inputs are checked, as before.
        let Command::Check(c) = parse("roster-check --lang en a.csv").command else {
            panic!("check");
        };
        assert_eq!(c.inputs, [PathBuf::from("a.csv")]);
        // A file named like a command after the first input stays an input.
        let Command::Check(c) = parse("roster-check check a.csv id").command else {
            panic!("check");
        };
        assert_eq!(c.inputs, [PathBuf::from("a.csv"), PathBuf::from("id")]);
        // An option's value is never taken for the command.
        let Command::Check(c) = parse("roster-check -o check check a.csv").command else {
            panic!("check");
        };
        assert_eq!(
            (c.output, c.inputs),
            (Some(PathBuf::from("check")), vec![PathBuf::from("a.csv")])
        );
    }
}
