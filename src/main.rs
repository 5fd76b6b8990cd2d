//! The `roster-check` binary: parse arguments, call the library, print,
//! map the outcome to an exit code (0 ok, 1 findings, 2 could not do it).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use roster_check::cli::{self, Command};
use roster_check::config;
use roster_check::i18n::{self, Lang};
use roster_check::ids::Severity;
use roster_check::progress::Amount;
use roster_check::report::{self, explain, Written};
use roster_check::Progress;

/// A progress display on standard error for long runs: it appears only
/// after a second, only on a terminal, never with `-q`. When the size of
/// the work is known (the inputs' bytes; the rows the report reads
/// again) it is a bar with the percentage and the time left; otherwise a
/// spinner with the rows done.
struct Ticker {
    lang: Lang,
    enabled: bool,
    start: Instant,
    bar: Option<ProgressBar>,
    /// What is being done ("Revisando alumnos.csv").
    doing: String,
    /// Rows done in this phase.
    rows: u64,
    /// The size of this phase's work, when known, and how much is done.
    expect: Option<Amount>,
    done: u64,
}

impl Ticker {
    fn new(lang: Lang, quiet: bool) -> Ticker {
        Ticker {
            lang,
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            bar: None,
            doing: String::new(),
            rows: 0,
            expect: None,
            done: 0,
        }
    }

    fn event(&mut self, e: Progress) {
        match e {
            Progress::File(name) => self.doing = i18n::say::checking(self.lang, name),
            Progress::Rows(n) => {
                self.rows += n;
                if let Some(Amount::Rows(_)) = self.expect {
                    self.done += n;
                }
            }
            Progress::Expect(amount) => {
                (self.expect, self.done) = (Some(amount), 0);
                self.restyle();
            }
            Progress::BytesRead(n) => {
                if let Some(Amount::Bytes(_)) = self.expect {
                    self.done = n;
                }
            }
            Progress::Language(lang) => self.lang = lang,
            Progress::Gathering => self.phase(i18n::say::gathering(self.lang)),
            Progress::WritingReport => self.phase(i18n::say::writing_report(self.lang)),
            Progress::WritingCorrected => self.phase(i18n::say::writing_corrected(self.lang)),
            Progress::Finished => return self.finish(),
        }
        self.draw();
    }

    /// Shows where the work is, once the run has taken a second.
    fn draw(&mut self) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() > Duration::from_secs(1) {
            let bar = ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
            self.restyle();
        }
        if let Some(b) = &self.bar {
            b.set_message(match self.rows {
                0 => self.doing.clone(),
                rows => format!("{} · {}", self.doing, i18n::say::rows_done(self.lang, rows)),
            });
            if self.expect.is_some() {
                b.set_position(self.done);
            }
        }
    }

    /// A new phase of the work, its size not known yet.
    fn phase(&mut self, doing: &str) {
        self.doing = doing.to_string();
        (self.rows, self.expect, self.done) = (0, None, 0);
        self.restyle();
    }

    /// A bar when the work's size is known, else a spinner.
    fn restyle(&mut self) {
        let Some(b) = &self.bar else { return };
        let lang = self.lang;
        let style = match self.expect {
            Some(Amount::Bytes(n) | Amount::Rows(n)) => {
                b.set_length(n.max(1));
                ProgressStyle::with_template(i18n::say::progress_bar(lang)).map(|s| {
                    s.progress_chars("=> ").with_key(
                        "left",
                        move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let left = (s.pos() > 0).then(|| s.eta());
                            let _ = w.write_str(&i18n::say::time_left(lang, left));
                        },
                    )
                })
            }
            None => ProgressStyle::with_template("{spinner} {msg}"),
        };
        b.set_style(style.unwrap_or_else(|_| ProgressStyle::default_spinner()));
        b.set_position(0);
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

/// The language of help, usage errors and a panic's message, which may
/// come before the arguments are parsed (`cli::ui_lang`). Read as OS
/// strings: an argument need not be UTF-8 (a Latin-1 file name), and
/// `std::env::args` would panic on it before the guard is set.
fn lang_from_args() -> Lang {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    cli::ui_lang(&args)
}

fn real_main() -> ExitCode {
    let cli = match cli::parse_from(std::env::args_os()) {
        Ok(c) => c,
        Err(stop) => {
            match &stop {
                cli::Stop::Shown(e) => {
                    let _ = e.print();
                }
                cli::Stop::Usage(e) => usage_error(lang_from_args(), e),
            }
            return ExitCode::from(stop.code());
        }
    };
    ExitCode::from(match cli.command {
        Command::Id(args) => run_id(args),
        Command::Check(args) => run_check(args),
        Command::Serve(args) => run_serve(args),
    })
}

/// Says a usage error, with the program's one error prefix.
fn usage_error(lang: Lang, e: &config::UsageError) {
    tell(&i18n::say::error(&i18n::usage_error(lang, e)));
}

fn run_id(args: cli::IdArgs) -> u8 {
    let lang = args.common.lang;
    let ctx = match config::context(args.common.today.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            usage_error(lang_from_args(), &e);
            return 2;
        }
    };
    let (text, all_valid) = explain::explain_all(&args.values, args.kind, lang, &ctx);
    print!("{text}");
    u8::from(!all_valid)
}

fn run_serve(args: cli::ServeArgs) -> u8 {
    let lang = args.common.lang;
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
    // Help and usage errors follow the locale too (`cli::ui_lang`); the
    // run's own words follow `--lang` alone.
    let (lang, ui) = (args.common.lang, lang_from_args());
    let config = match cli::resolve(args) {
        Ok(c) => c,
        Err(e) => {
            usage_error(ui, &e);
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
            usage_error(ui, &e);
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
