//! `roster-check serve`: the checks behind a page in the user's own
//! browser, served on this computer only (127.0.0.1). In: the options of
//! the command; out: an address with a random token printed (and opened
//! in the default browser), and the page's requests answered by the
//! library's one pipeline (`jobs`) until Ctrl+C, when every file received
//! is deleted.
//!
//! Stack: axum on a small tokio runtime; uploads are streamed to a
//! private temporary folder, checks run on blocking threads (rayon does
//! the checking, as for `check`).

pub mod jobs;
mod routes;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

pub use jobs::Settings;
pub use routes::{random_hex, router, App, MAX_FILES};

use crate::i18n::{self, Lang};

/// The port tried first when none is asked for; a free one is picked
/// when it is taken.
pub const DEFAULT_PORT: u16 = 8765;

/// The default upload limit, in megabytes.
pub const DEFAULT_MAX_UPLOAD_MB: u64 = 200;

/// `serve`'s options, resolved.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--port N`: exactly this port (0: any free one); `None`: the
    /// default port, or a free one when it is taken.
    pub port: Option<u16>,
    /// Open the page in the default browser.
    pub open: bool,
    pub max_upload_mb: u64,
    pub lang: Lang,
    /// `--today`, as `check` takes it.
    pub today: Option<String>,
}

/// Serves the page until Ctrl+C (or SIGTERM); the exit code: 0, or 2
/// when it could not start.
pub fn run(options: Options) -> u8 {
    let lang = options.lang;
    let say = |m: &str| eprintln!("{}", i18n::say::visible_message(m));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            say(&i18n::page::cannot_serve(
                lang,
                options.port.unwrap_or(DEFAULT_PORT),
                &e.to_string(),
            ));
            return 2;
        }
    };
    let code = runtime.block_on(serve(options));
    // A check still running when the server stops is not waited for
    // long: its files are gone already.
    runtime.shutdown_timeout(Duration::from_secs(1));
    code
}

async fn serve(options: Options) -> u8 {
    let lang = options.lang;
    let say = |m: &str| eprintln!("{}", i18n::say::visible_message(m));
    let asked = options.port.unwrap_or(DEFAULT_PORT);
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", asked)).await {
        Ok(l) => l,
        Err(e) if options.port.is_none() && e.kind() == std::io::ErrorKind::AddrInUse => {
            match tokio::net::TcpListener::bind(("127.0.0.1", 0)).await {
                Ok(l) => l,
                Err(e) => {
                    say(&i18n::page::cannot_serve(lang, asked, &e.to_string()));
                    return 2;
                }
            }
        }
        Err(e) => {
            say(&i18n::page::cannot_serve(lang, asked, &e.to_string()));
            return 2;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            say(&i18n::page::cannot_serve(lang, asked, &e.to_string()));
            return 2;
        }
    };
    if asked != 0 && port != asked {
        say(&i18n::page::port_taken(lang, asked, port));
    }
    // Private (0700), removed on the way out whatever happened.
    let root = match tempfile::Builder::new()
        .prefix("roster-check-serve-")
        .tempdir()
    {
        Ok(d) => d,
        Err(e) => {
            say(&i18n::page::cannot_serve(lang, port, &e.to_string()));
            return 2;
        }
    };
    let token = match random_hex() {
        Ok(t) => t,
        Err(e) => {
            say(&i18n::page::cannot_serve(lang, port, &e.to_string()));
            return 2;
        }
    };
    let settings = Settings {
        lang,
        today: options.today.clone(),
    };
    let app = Arc::new(App::new(
        token.clone(),
        port,
        settings,
        options.max_upload_mb,
        root.path().to_path_buf(),
    ));
    let address = format!("http://127.0.0.1:{port}/t/{token}/");
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", i18n::page::serving(lang, &address));
        let _ = out.flush();
    }
    if options.open && open::that_detached(&address).is_err() {
        say(i18n::page::cannot_open_browser(lang));
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, router(app.clone())).with_graceful_shutdown(async move {
        stopped().await;
        let _ = stop_tx.send(true);
    });
    let mut stop = stop_rx.clone();
    // After the signal, requests under way get a few seconds to finish.
    let deadline = async move {
        let _ = stop.wait_for(|s| *s).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    };
    let code = tokio::select! {
        served = server => match served {
            Ok(()) => 0,
            Err(e) => {
                say(&i18n::page::cannot_serve(lang, port, &e.to_string()));
                2
            }
        },
        () = deadline => 0,
    };
    app.close_all();
    drop(root);
    say(i18n::page::stopped(lang));
    code
}

/// Ctrl+C, or SIGTERM / SIGHUP where there are signals.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate());
        let hup = signal(SignalKind::hangup());
        match (term, hup) {
            (Ok(mut term), Ok(mut hup)) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                    _ = hup.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
