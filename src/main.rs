//! The `roster-check` binary: parse arguments, call the library, print,
//! map the outcome to an exit code (0 ok, 1 findings, 2 could not do it).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use roster_check::cli::{self, Command};
use roster_check::config;
use roster_check::i18n::{self, Lang};
use roster_check::ids::Severity;
use roster_check::report::{self, explain, Written};
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
        match e {
            Progress::File(name) => {
                if self.shown() {
                    self.message = i18n::say::checking(self.lang, name);
                    if let Some(b) = &self.bar {
                        b.set_message(self.message.clone());
                    }
                }
            }
            Progress::Rows(n) => {
                if let (true, Some(b)) = (self.shown(), &self.bar) {
                    b.inc(n);
                }
            }
            Progress::WritingReport => self.phase(i18n::say::writing_report(self.lang)),
            Progress::Finished => self.finish(),
        }
    }

    /// Whether progress is shown at all; the bar appears once the run
    /// has taken a second.
    fn shown(&mut self) -> bool {
        if !self.enabled {
            return false;
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
        true
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
    // Nor for a full temporary folder while the report is written: the
    // report says so in plain words.
    std::panic::set_hook(Box::new(move |info| {
        let what = report::panic_text(info.payload()).unwrap_or_default();
        if roster_check::input::panics_are_caught() || report::panic_is_caught(what) {
            return;
        }
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tell(&i18n::say::internal_error(
            lang,
            &format!("{what} ({place})"),
        ));
    }));
    std::panic::catch_unwind(real_main).unwrap_or(ExitCode::from(2))
}

/// Prints a message on standard error, the names in it unable to steer
/// the terminal (`i18n::say::visible_message`).
fn tell(message: &str) {
    eprintln!("{}", i18n::say::visible_message(message));
}

/// `--lang en` (or `--lang=en`) anywhere among the arguments, for the
/// messages of a panic, which may come before the arguments are parsed.
/// Read as OS strings: an argument need not be UTF-8 (a Latin-1 file
/// name), and `std::env::args` would panic on it before the guard is set.
fn lang_from_args() -> Lang {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
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
        Command::Serve(args) => run_serve(args),
    })
}

fn run_id(args: cli::IdArgs) -> u8 {
    let lang = Lang::from(args.common.lang);
    let ctx = match config::context(args.common.today.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            tell(&format!("roster-check: {}", i18n::usage_error(lang, &e)));
            return 2;
        }
    };
    let (text, all_valid) = explain::explain_all(&args.values, args.kind, lang, &ctx);
    print!("{text}");
    u8::from(!all_valid)
}

fn run_serve(args: cli::ServeArgs) -> u8 {
    let lang = Lang::from(args.common.lang);
    if let Err(e) = config::context(args.common.today.as_deref()) {
        tell(&format!("roster-check: {}", i18n::usage_error(lang, &e)));
        return 2;
    }
    roster_check::serve::run(roster_check::serve::Options {
        port: args.port,
        open: !args.no_open,
        max_upload_mb: args.max_upload_mb,
        lang,
        today: args.common.today,
    })
}

/// On SIGINT, SIGTERM or SIGHUP (Ctrl+C, `kill`, a closed terminal),
/// removes the temporary files of outputs being written and exits with
/// 128 + the signal's number (130, 143, 129), as a shell reports a
/// process a signal ended. Inputs are only read, so nothing else needs
/// undoing; a report already renamed in place is complete.
#[cfg(unix)]
fn on_interruption() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            report::abandon_temporaries();
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn on_interruption() {}

fn run_check(args: cli::CheckArgs) -> u8 {
    on_interruption();
    // Test hook for the panic guard (tests/cli/hostile.rs): a bug after
    // the arguments are read must still exit 2 with a plain message.
    if std::env::var_os("ROSTER_CHECK_TEST_PANIC").is_some() {
        panic!("ROSTER_CHECK_TEST_PANIC");
    }
    let lang = Lang::from(args.common.lang);
    let config = match cli::resolve(args) {
        Ok(c) => c,
        Err(e) => {
            tell(&format!("roster-check: {}", i18n::usage_error(lang, &e)));
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
    pause_for_tests();
    match report::write_all(run, &config, &mut |e| ticker.event(e)) {
        Ok(written) => exit_code(&written, config.fail_on),
        Err(e) => {
            tell(&format!("roster-check: {}", i18n::usage_error(lang, &e)));
            2
        }
    }
}

/// Test hook (tests/cli/outputs.rs) between the check and the report,
/// where nothing else lets a test step in deterministically: with
/// ROSTER_CHECK_TEST_PAUSE=FILE, creates FILE once the inputs are
/// checked and waits (up to a minute) until it is removed, so that a test
/// can change an input in between.
fn pause_for_tests() {
    let Some(flag) = std::env::var_os("ROSTER_CHECK_TEST_PAUSE") else {
        return;
    };
    if std::fs::write(&flag, b"").is_err() {
        return;
    }
    let start = Instant::now();
    while std::fs::exists(&flag).unwrap_or(false) && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The exit code of a check run: 2 when an input could not be read or an
/// output could not be written, else 1 when a finding reaches `fail_on`.
fn exit_code(written: &Written, fail_on: Option<Severity>) -> u8 {
    if written.unread || written.failed {
        2
    } else if fail_on.is_some_and(|level| written.worst.is_some_and(|w| w >= level)) {
        1
    } else {
        0
    }
}
