//! The command line as the user types it (clap derive), no logic: its
//! values become the library's own (`config::CheckFlags`, `Lang`,
//! `IdKind`) here, and `config` turns them into a resolved `Config`. No
//! clap type goes further.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, CheckFlags, Config, TextEncoding, UsageError};
use crate::findings::Severity;
use crate::i18n::{self, help};
use crate::ids::IdKind;
use crate::lang::Lang;

/// The command line. Its help and its errors are in the user's language
/// ([`command`]): the words come from `i18n::help`, not from here.
#[derive(Debug, Parser)]
#[command(name = "roster-check", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check roster files or folders of them (`roster-check FILE...`
    /// means the same).
    Check(CheckArgs),
    /// Explain single identifiers.
    Id(IdArgs),
    /// Serve the checks as a page in the browser, on this computer only
    /// (127.0.0.1): drop roster files on it, see and filter the findings,
    /// download the report.
    Serve(ServeArgs),
}

/// `--corrected-encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "windows-1252")]
    Windows1252,
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

/// `--lang`'s value (`Lang::parse`); clap says which values there are.
fn lang_value(value: &str) -> Result<Lang, String> {
    Lang::parse(value).ok_or_else(|| LANG_VALUES.join(", "))
}

/// The values `--lang` takes, as the help and errors list them.
const LANG_VALUES: [&str; 4] = ["es", "es-MX", "es-ES", "en"];

/// Options shared by every command. (Each option's help is in
/// `i18n::help`, by its name here.)
#[derive(Debug, Args)]
pub struct Common {
    #[arg(long, value_parser = lang_value, default_value = "es", hide_default_value = true)]
    pub lang: Lang,
    #[arg(long)]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub no_report: bool,
    #[arg(long)]
    pub json: Option<PathBuf>,
    #[arg(long)]
    pub corrected: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub corrected_encoding: Option<EncodingArg>,
    #[arg(long = "col")]
    pub cols: Vec<String>,
    #[arg(long = "sheet")]
    pub sheets: Vec<String>,
    #[arg(long)]
    pub delimiter: Option<String>,
    #[arg(long)]
    pub encoding: Option<String>,
    #[arg(
        long,
        value_enum,
        default_value = "error",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub fail_on: FailOn,
    #[arg(long)]
    pub threads: Option<usize>,
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    #[arg(required = true)]
    pub values: Vec<String>,
    #[arg(long, value_enum, hide_possible_values = true)]
    pub kind: Option<IdKind>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long)]
    pub port: Option<u16>,
    #[arg(long)]
    pub no_open: bool,
    #[arg(long, default_value_t = 200, hide_default_value = true,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_upload_mb: u64,
    #[command(flatten)]
    pub common: Common,
}

impl From<EncodingArg> for TextEncoding {
    fn from(e: EncodingArg) -> TextEncoding {
        match e {
            EncodingArg::Utf8 => TextEncoding::Utf8,
            EncodingArg::Windows1252 => TextEncoding::Windows1252,
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
            lang: a.common.lang,
            today: a.common.today,
            corrected: a.corrected,
            corrected_encoding: a.corrected_encoding.map(Into::into),
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

/// Why the arguments lead to no run: what to print instead.
#[derive(Debug)]
pub enum Stop {
    /// Help or the version (exit 0), or the help shown when nothing was
    /// given (exit 2): clap prints them, in the user's language.
    Shown(clap::Error),
    /// A usage error (exit 2), for `i18n::usage_error`.
    Usage(UsageError),
}

impl Stop {
    /// The exit code: 0 for help and version, else 2.
    pub fn code(&self) -> u8 {
        match self {
            Stop::Shown(e) if !e.use_stderr() => 0,
            _ => 2,
        }
    }
}

/// The language of help and usage errors, before the arguments are
/// parsed: `--lang` wherever it is (`--lang en`, `--lang=en`), else
/// English when the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first
/// that is set) starts with `en`, else Spanish. Arguments are read as
/// OS strings: one need not be UTF-8 (a Latin-1 file name).
pub fn ui_lang(args: &[OsString]) -> Lang {
    let asked = args
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let a = a.to_str()?;
            match a.strip_prefix("--lang") {
                Some("") => args.get(i + 1)?.to_str().and_then(Lang::parse),
                Some(v) => v.strip_prefix('=').and_then(Lang::parse),
                None => None,
            }
        })
        .next_back();
    let locale = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(std::env::var_os)
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_locale(&v.to_string_lossy()))
    };
    asked.or_else(locale).unwrap_or_default()
}

/// Parses the process arguments; `roster-check FILE...` is read as
/// `roster-check check FILE...`, `roster-check help [COMMAND]` as
/// `--help`. Help and errors are in [`ui_lang`]'s language.
pub fn parse_from<I, T>(args: I) -> Result<Cli, Stop>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let lang = ui_lang(&args);
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.truncate(2);
        args.push(OsString::from("--help"));
    }
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
            .is_some_and(|a| matches!(a, "-h" | "--help" | "-V" | "--version"));
    if args.len() > 1 && !explicit {
        args.insert(1, OsString::from("check"));
    }
    let matches = command(lang).try_get_matches_from(args).map_err(stop)?;
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).map_err(stop)
}

/// clap's error as what to print: help and version as clap shows them,
/// the rest as a usage error in our words.
fn stop(e: clap::Error) -> Stop {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    use config::ArgsError::*;
    let text = |k: C| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let list = |k: C| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(C::InvalidArg).unwrap_or_default();
    let error = match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            return Stop::Shown(e)
        }
        K::UnknownArgument => Unexpected {
            arg,
            suggestion: text(C::SuggestedArg),
        },
        K::InvalidSubcommand => Unexpected {
            arg: text(C::InvalidSubcommand).unwrap_or_default(),
            suggestion: text(C::SuggestedSubcommand),
        },
        K::InvalidValue | K::ValueValidation => match text(C::InvalidValue) {
            Some(value) if !value.is_empty() => {
                let mut valid = list(C::ValidValue);
                if arg.starts_with("--lang") {
                    valid = LANG_VALUES.map(String::from).to_vec();
                }
                BadValue { arg, value, valid }
            }
            _ => MissingValue { arg },
        },
        K::NoEquals | K::TooFewValues | K::WrongNumberOfValues => MissingValue { arg },
        K::TooManyValues => Unexpected {
            arg: text(C::InvalidValue).unwrap_or(arg),
            suggestion: None,
        },
        K::MissingRequiredArgument => Missing {
            args: list(C::InvalidArg),
        },
        K::ArgumentConflict => {
            let with = text(C::PriorArg).filter(|p| *p != arg);
            Conflict { arg, with }
        }
        K::InvalidUtf8 => NotText,
        _ => Other(
            e.kind()
                .as_str()
                .map_or_else(|| e.to_string(), str::to_string),
        ),
    };
    Stop::Usage(UsageError::Args(error))
}

/// The command line with its help in `lang`: every command's about, each
/// option's help and value name, the headings, and examples.
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let h = help::headings(lang);
    let values = |arg| help::value_name(lang, arg).unwrap_or_default();
    localize(Cli::command(), lang, None)
        .subcommand_help_heading(h.commands)
        .subcommand_value_name(h.command)
        .disable_help_subcommand(true)
        .override_usage(format!(
            "roster-check [check] [{o}] <{i}>...\n       roster-check id [{o}] <{v}>...\n       roster-check serve [{o}]",
            o = h.options_word,
            i = values("inputs"),
            v = values("values"),
        ))
        .mut_subcommand("check", |c| {
            localize(c, lang, Some("check")).override_usage(format!(
                "roster-check check [{}] <{}>...",
                h.options_word,
                values("inputs")
            ))
        })
        .mut_subcommand("id", |c| {
            localize(c, lang, Some("id")).override_usage(format!(
                "roster-check id [{}] <{}>...",
                h.options_word,
                values("values")
            ))
        })
        .mut_subcommand("serve", |c| {
            localize(c, lang, Some("serve"))
                .override_usage(format!("roster-check serve [{}]", h.options_word))
        })
}

/// One command's words in `lang` (`name`: `None` for the program).
fn localize(cmd: clap::Command, lang: Lang, name: Option<&str>) -> clap::Command {
    use clap::{Arg, ArgAction};
    let h = help::headings(lang);
    let styles = clap::builder::Styles::default();
    let styled = |style: &anstyle::Style, text: &str| {
        format!("{}{text}{}", style.render(), style.render_reset())
    };
    let examples = help::examples(lang, name);
    let width = examples
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(0);
    let mut after = styled(styles.get_header(), h.examples);
    for (line, what) in &examples {
        let pad = width - line.chars().count();
        after.push_str(&format!("\n  {line}{:pad$}  {what}", ""));
    }
    let usage = styled(styles.get_usage(), h.usage);
    let mut cmd = cmd
        .about(help::about(lang, name))
        .help_template(format!(
            "{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .after_help(after)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(help::arg_help(lang, "", "help").unwrap_or_default()),
        );
    if name.is_none() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(help::arg_help(lang, "", "version").unwrap_or_default()),
        );
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let words = help::arg_help(lang, name.unwrap_or(""), &id);
        let value = help::value_name(lang, &id);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                h.arguments
            } else {
                h.options
            };
            let mut a = a.help_heading(heading);
            if let Some(words) = words {
                a = a.help(words);
            }
            match value {
                Some(v) if a.get_action().takes_values() => a.value_name(v),
                _ => a,
            }
        });
    }
    cmd
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

    /// Every option and argument of every command has its help and its
    /// value's name in every language: one added without words in
    /// `i18n::help` would show clap's English, or nothing.
    #[test]
    fn every_option_has_words_in_every_language() {
        use clap::CommandFactory;
        for lang in [Lang::ES, Lang::En] {
            for sub in Cli::command().get_subcommands() {
                let name = sub.get_name();
                for arg in sub.get_arguments() {
                    let id = arg.get_id().as_str();
                    assert!(help::arg_help(lang, name, id).is_some(), "{name} {id}");
                    if arg.get_action().takes_values() {
                        assert!(help::value_name(lang, id).is_some(), "{name} {id}");
                    }
                }
            }
        }
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
            (vec![PathBuf::from("a.csv")], Lang::En)
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
