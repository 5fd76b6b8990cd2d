//! The `roster-check` binary: parse arguments, call the library, print,
//! map the outcome to an exit code (0 ok, 1 findings, 2 could not do it).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use roster_check::cli::{self, Command};
use roster_check::config::{self, JsonTarget};
use roster_check::i18n::{self, Lang};
use roster_check::ids::IdKind;
use roster_check::report::{explain, json, terminal, xlsx};
use roster_check::Progress;

/// A progress display on standard error for long runs: it appears only
/// after a second, only on a terminal, never with `-q`.
struct Ticker {
    lang: Lang,
    enabled: bool,
    start: Instant,
    bar: Option<ProgressBar>,
    message: String,
}

impl Ticker {
    fn new(lang: Lang, quiet: bool) -> Ticker {
        Ticker {
            lang,
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            bar: None,
            message: String::new(),
        }
    }

    fn event(&mut self, e: Progress) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() > Duration::from_secs(1) {
            let bar = ProgressBar::new_spinner();
            let unit = i18n::say::rows_unit(self.lang);
            let style = ProgressStyle::with_template(&format!(
                "{{spinner}} {{msg}}: {{human_pos}} {unit} ({{per_sec}})"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_message(self.message.clone());
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        match e {
            Progress::File(name) => {
                self.message = i18n::say::checking(self.lang, name);
                if let Some(b) = &self.bar {
                    b.set_message(self.message.clone());
                }
            }
            Progress::Rows(n) => {
                if let Some(b) = &self.bar {
                    b.inc(n);
                }
            }
        }
    }

    fn phase(&mut self, message: &str) {
        self.message = message.to_string();
        if let Some(b) = &self.bar {
            b.set_position(0);
            b.set_message(self.message.clone());
        }
    }

    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

fn main() -> ExitCode {
    // A panic is a bug of ours: say so in plain words, exit 2, and leave
    // no half-written output (reports are written atomically). Reader
    // threads turn their panics into "damaged file" messages: quiet there.
    let lang = lang_from_args();
    std::panic::set_hook(Box::new(move |info| {
        if roster_check::input::panics_are_caught() {
            return;
        }
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "{}",
            i18n::say::internal_error(lang, &format!("{what} ({place})"))
        );
    }));
    std::panic::catch_unwind(real_main).unwrap_or(ExitCode::from(2))
}

/// `--lang en` (or `--lang=en`) anywhere among the arguments, for the
/// messages of a panic, which may come before the arguments are parsed.
fn lang_from_args() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let en = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en")
        || args.iter().any(|a| a == "--lang=en");
    if en {
        Lang::En
    } else {
        Lang::Es
    }
}

fn real_main() -> ExitCode {
    let cli = match cli::parse_from(std::env::args_os()) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    ExitCode::from(match cli.command {
        Command::Id(args) => run_id(args),
        Command::Check(args) => run_check(args),
    })
}

fn run_id(args: cli::IdArgs) -> u8 {
    let lang = Lang::from(args.common.lang);
    let ctx = match config::context(args.common.today.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("roster-check: {}", i18n::usage_error(lang, &e));
            return 2;
        }
    };
    let kind = args.kind.map(IdKind::from);
    let (text, all_valid) = explain::explain_all(&args.values, kind, lang, &ctx);
    print!("{text}");
    u8::from(!all_valid)
}

fn run_check(args: cli::CheckArgs) -> u8 {
    // Test hook for the panic guard (tests/cli/hostile.rs): a bug after
    // the arguments are read must still exit 2 with a plain message.
    if std::env::var_os("ROSTER_CHECK_TEST_PANIC").is_some() {
        panic!("ROSTER_CHECK_TEST_PANIC");
    }
    let lang = Lang::from(args.common.lang);
    let config = match cli::resolve(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("roster-check: {}", i18n::usage_error(lang, &e));
            return 2;
        }
    };
    if let Some(n) = config.threads {
        // Only fails if a pool exists already, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let mut ticker = Ticker::new(lang, config.quiet);
    let run = roster_check::run_check(&config, &mut |e| ticker.event(e));
    for f in &run.failures {
        eprintln!(
            "{}",
            i18n::say::cannot_read(lang, &f.file, &i18n::input_error(lang, &f.error))
        );
    }
    // A --col that fits no table: the findings answer another question
    // than the one asked, so nothing is written.
    if let Some(e) = roster_check::unmatched_column(&config, &run) {
        ticker.finish();
        eprintln!("roster-check: {}", i18n::usage_error(lang, &e));
        return 2;
    }
    let mut output_failed = false;
    // A report of nothing would look like a clean roster: none is written
    // when no input could be read (the exit code is 2 then).
    let nothing_read = run.sources.is_empty() && !run.failures.is_empty();
    if nothing_read && config.output.is_some() {
        eprintln!("{}", i18n::say::nothing_read(lang));
    }
    if let Some(path) = config.output.as_ref().filter(|_| !nothing_read) {
        ticker.phase(i18n::say::writing_report(lang));
        let mut reread = roster_check::Reread {
            config: &config,
            progress: &mut |e| ticker.event(e),
        };
        if let Err(e) = xlsx::write(&run, lang, path, &mut reread) {
            let why = i18n::say::write_reason(lang, e.io_kind(), &e.to_string());
            eprintln!("{}", i18n::say::report_failed(lang, path, &why));
            output_failed = true;
        }
    }
    let json_to_stdout = config.json == Some(JsonTarget::Stdout);
    let json_failed = |e: &std::io::Error, path: &std::path::Path| {
        let why = i18n::say::write_reason(lang, Some(e.kind()), &e.to_string());
        eprintln!("{}", i18n::say::json_failed(lang, path, &why));
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
                eprintln!("{}", i18n::say::stdout_failed(lang, &why));
                output_failed = true;
            }
        }
        Some(JsonTarget::File(path)) => {
            let filled = roster_check::report::filled(path, |f| {
                let mut w = std::io::BufWriter::new(roster_check::report::Writeback::new(f));
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
    // last step; the run is freed while that step (`fsync` and rename)
    // waits on the disk.
    let ending = |output_failed: bool| {
        let report = config
            .output
            .as_deref()
            .filter(|_| !output_failed && !nothing_read);
        let text = (!config.quiet).then(|| terminal::summary(&run, lang, report));
        let code = roster_check::exit_code(&run, config.fail_on, output_failed) as u8;
        (text, code)
    };
    let (if_committed, if_not) = (ending(output_failed), ending(true));
    let committed = std::thread::scope(|s| {
        let commit = json_pending.map(|(path, f)| (path, s.spawn(move || f.commit())));
        drop(run);
        commit.map(|(path, c)| (path, c.join()))
    });
    let (text, code) = match committed {
        Some((path, Ok(Err(e)))) => {
            json_failed(&e, path);
            if_not
        }
        Some((_, Err(panic))) => std::panic::resume_unwind(panic),
        _ => if_committed,
    };
    ticker.finish();
    if let Some(text) = text {
        // anstream drops the colours when the stream is not a terminal or
        // NO_COLOR is set.
        if json_to_stdout {
            let _ = write!(anstream::stderr(), "{text}");
        } else {
            let _ = write!(anstream::stdout(), "{text}");
        }
    }
    code
}
