//! The page's HTTP routes, all under `/t/TOKEN/`: requests in, the
//! page, findings and downloads out. A guard in front of every route
//! refuses what is not from this computer's own page: a wrong token (404),
//! a Host header other than the loopback address (DNS rebinding), or a
//! write from another site (`Origin`, `Sec-Fetch-Site`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use subtle::ConstantTimeEq;
use tokio::io::AsyncWriteExt;

use super::jobs::{lang_of, Answer, Choices, Job, Refusal, Settings, Upload};
use crate::i18n::{self, Lang};

/// The page: one self-contained file (styles and script inside, nothing
/// fetched from elsewhere).
const PAGE: &str = include_str!("page.html");

/// Files one upload may bring.
pub const MAX_FILES: usize = 100;
/// Jobs kept at once: a newer one makes the oldest go (its files
/// deleted).
const MAX_JOBS: usize = 8;
/// A job unused for this long is forgotten (its files deleted).
const IDLE: Duration = Duration::from_secs(2 * 60 * 60);
/// Checks and reports run at once; more wait their turn. Each already
/// uses every core (rayon); two keep one upload's check from waiting on
/// another's report.
const RUNNING: usize = 2;

/// The server's state: who may ask, and the jobs it holds.
pub struct App {
    token: String,
    port: u16,
    settings: Settings,
    /// The upload limit, in megabytes.
    max_upload_mb: u64,
    /// The private folder the jobs' files are kept in.
    root: std::path::PathBuf,
    jobs: std::sync::Mutex<Vec<(String, Arc<Job>, Instant)>>,
    slots: tokio::sync::Semaphore,
}

impl App {
    /// A server on `port` that answers requests carrying `token`, keeping
    /// uploads under `root` (a private folder the caller removes).
    pub fn new(
        token: String,
        port: u16,
        settings: Settings,
        max_upload_mb: u64,
        root: std::path::PathBuf,
    ) -> App {
        App {
            token,
            port,
            settings,
            max_upload_mb,
            root,
            jobs: std::sync::Mutex::new(Vec::new()),
            slots: tokio::sync::Semaphore::new(RUNNING),
        }
    }

    /// The upload limit in bytes.
    fn max_upload(&self) -> u64 {
        self.max_upload_mb.saturating_mul(1 << 20)
    }

    /// Forgets every job (their files are deleted once no request uses
    /// them).
    pub fn close_all(&self) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.clear();
        }
    }

    fn job(&self, id: &str) -> Option<Arc<Job>> {
        let mut jobs = self.jobs.lock().ok()?;
        let entry = jobs.iter_mut().find(|(i, _, _)| i == id)?;
        entry.2 = Instant::now();
        Some(entry.1.clone())
    }

    /// The job named `id`, or the words for one gone (closed, forgotten,
    /// or never made).
    fn find(&self, id: &str, lang: Lang) -> Result<Arc<Job>, Refusal> {
        self.job(id)
            .ok_or_else(|| Refusal::new(404, i18n::page::no_such_job(lang)))
    }

    /// Runs `work` (a check or a report) on a blocking thread when its
    /// turn comes, one of `RUNNING` at a time; a panic in it is told as
    /// the bug it is, and the server goes on.
    async fn run<T: Send + 'static>(
        &self,
        lang: Lang,
        work: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
    ) -> Result<T, Refusal> {
        let Ok(_slot) = self.slots.acquire().await else {
            return Err(Refusal::new(503, i18n::page::no_such_job(lang)));
        };
        match tokio::task::spawn_blocking(work).await {
            Ok(done) => done,
            Err(e) => Err(Refusal::new(500, internal(lang, e))),
        }
    }

    fn keep(&self, id: String, job: Arc<Job>) {
        let Ok(mut jobs) = self.jobs.lock() else {
            return;
        };
        jobs.retain(|(_, _, used)| used.elapsed() < IDLE);
        while jobs.len() >= MAX_JOBS {
            if let Some(oldest) = (0..jobs.len()).min_by_key(|&i| jobs[i].2) {
                jobs.remove(oldest);
            }
        }
        jobs.push((id, job, Instant::now()));
    }

    fn close(&self, id: &str) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.retain(|(i, _, _)| i != id);
        }
    }
}

/// The routes, behind the guard.
pub fn router(app: Arc<App>) -> Router {
    let limit = usize::try_from(app.max_upload())
        .unwrap_or(usize::MAX)
        // The form's own bytes around the files.
        .saturating_add(64 << 10);
    Router::new()
        .route("/t/{token}", get(to_page))
        .route("/t/{token}/", get(page))
        .route(
            "/t/{token}/jobs",
            post(upload).layer(DefaultBodyLimit::max(limit)),
        )
        .route(
            "/t/{token}/uploads",
            post(keep_upload).layer(DefaultBodyLimit::max(limit)),
        )
        .route("/t/{token}/jobs/{id}/check", post(recheck))
        .route("/t/{token}/jobs/{id}/progress", get(progress))
        .route("/t/{token}/jobs/{id}/report", get(report))
        .route("/t/{token}/jobs/{id}/corrected/{format}", get(corrected))
        .route("/t/{token}/jobs/{id}/findings.json", get(findings))
        .route("/t/{token}/jobs/{id}/close", post(close))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// The language of a request: `?lang=` on the page's requests, else the
/// server's.
#[derive(Debug, Default, Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

impl LangQuery {
    fn lang(&self, app: &App) -> Lang {
        let choices = Choices {
            lang: self.lang.clone(),
            ..Choices::default()
        };
        lang_of(&choices, &app.settings)
    }
}

/// The language a request asks for in its query, for the guard's
/// messages.
fn query_lang(app: &App, req: &Request) -> Lang {
    let lang = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")))
        .map(str::to_string);
    LangQuery { lang }.lang(app)
}

/// An error as the page reads it: `{"error": message}` with its status.
impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}

/// Refuses any request that is not this computer's own page's, and
/// marks every answer as not to be cached, framed or referred.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let lang = query_lang(&app, &req);
    let port = app.port;
    let host_ok = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"));
    let token_ok = req
        .uri()
        .path()
        .strip_prefix("/t/")
        .map(|rest| rest.split('/').next().unwrap_or(""))
        .is_some_and(|t| bool::from(t.as_bytes().ct_eq(app.token.as_bytes())));
    let reads = matches!(*req.method(), Method::GET | Method::HEAD);
    let origin_ok = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_none_or(|o| {
            o == format!("http://127.0.0.1:{port}") || o == format!("http://localhost:{port}")
        });
    let site_ok = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|s| s.to_str().ok())
        .is_none_or(|s| s == "same-origin" || s == "none");
    // Reads need no more (another site cannot read the answer, nor
    // know the token); writes must come from the page itself.
    let from_page = reads || (origin_ok && site_ok);
    let mut response = if !host_ok || !from_page {
        Refusal::new(403, i18n::page::refused(lang)).into_response()
    } else if !token_ok {
        Refusal::new(404, i18n::page::not_found(lang)).into_response()
    } else {
        next.run(req).await
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'; \
             frame-ancestors 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn not_found(State(app): State<Arc<App>>, Query(q): Query<LangQuery>) -> Refusal {
    Refusal::new(404, i18n::page::not_found(q.lang(&app)))
}

/// `/t/TOKEN` → `/t/TOKEN/`: the page's own requests are relative to it.
async fn to_page(Path(token): Path<String>) -> Redirect {
    Redirect::permanent(&format!("/t/{token}/"))
}

/// The page, its labels in the language asked for.
async fn page(State(app): State<Arc<App>>, Query(q): Query<LangQuery>) -> Response {
    let lang = q.lang(&app);
    let config = serde_json::json!({
        "lang": i18n::page::lang_code(lang),
        "languages": i18n::page::languages(),
        "labels": i18n::page::labels(lang),
        "maxUpload": app.max_upload(),
        "maxUploadMb": app.max_upload_mb,
        "tooLarge": i18n::page::too_large(lang, app.max_upload_mb),
        "tooMany": i18n::page::too_many_files(lang, MAX_FILES),
        "maxFiles": MAX_FILES,
    });
    // Inside a <script>: no "</script>" can close it early.
    let config = config.to_string().replace('<', "\\u003c");
    let html = PAGE
        .replace("{{LANG}}", i18n::page::lang_code(lang))
        .replace(
            "{{TITLE}}",
            &i18n::page::labels(lang)["title"]
                .as_str()
                .unwrap_or_default()
                .replace('<', "&lt;"),
        )
        .replace("/*CONFIG*/null", &config);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// A file name as it may be kept: the last part of what the browser
/// sent, without control characters; never empty, `.` or `..`.
fn file_name(sent: Option<&str>) -> String {
    let last = sent
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>();
    let last = last.trim().to_string();
    if last.is_empty() || last == "." || last == ".." {
        "padron".to_string()
    } else {
        last
    }
}

/// 128 random bits, in hexadecimal: a token or a job's name.
pub fn random_hex() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// An upload: the files are kept in a new job's private folder under
/// their names, then checked (the findings answered, as `check` answers
/// them).
async fn upload(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Refusal> {
    let job = receive(&app, q.lang(&app), &headers, multipart).await?;
    let choices = Choices {
        lang: q.lang.clone(),
        ..Choices::default()
    };
    run_check(&app, job, choices).await
}

/// An upload kept, not yet checked: the job's name is answered, and the
/// page asks for its check (`jobs/ID/check`) while it follows its
/// progress (`jobs/ID/progress`).
async fn keep_upload(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Refusal> {
    let job = receive(&app, q.lang(&app), &headers, multipart).await?;
    Ok(Json(serde_json::json!({ "job": job.id })).into_response())
}

/// Receives an upload's files into a new job's private folder, under
/// their names, and keeps the job.
async fn receive(
    app: &Arc<App>,
    lang: Lang,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Arc<Job>, Refusal> {
    let too_large = || Refusal::new(413, i18n::page::too_large(lang, app.max_upload_mb));
    let bad = || Refusal::new(400, i18n::page::bad_upload(lang));
    // The form's reader failing: past the limit, or not a form.
    let unread = |e: MultipartError| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        _ => bad(),
    };
    let keep_failed =
        |e: std::io::Error| Refusal::new(500, i18n::page::cannot_keep(lang, &e.to_string()));
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > app.max_upload().saturating_add(64 << 10)) {
        return Err(too_large());
    }
    let mut multipart = multipart.map_err(|_| bad())?;
    let (id, dir) = random_hex()
        .and_then(|id| {
            let dir = tempfile::Builder::new()
                .prefix("job-")
                .tempdir_in(&app.root)?
                .keep();
            Ok((id, dir))
        })
        .map_err(keep_failed)?;
    let mut job = Job {
        id: id.clone(),
        dir: dir.clone(),
        uploads: Vec::new(),
        last: std::sync::Mutex::new(None),
        progress: Default::default(),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(unread)? {
        if field.file_name().is_none() {
            continue;
        }
        if job.uploads.len() == MAX_FILES {
            return Err(Refusal::new(
                400,
                i18n::page::too_many_files(lang, MAX_FILES),
            ));
        }
        let name = file_name(field.file_name());
        // A folder each: two files of one name are both kept.
        let folder = dir.join(job.uploads.len().to_string());
        let path = folder.join(&name);
        let created = async {
            tokio::fs::create_dir(&folder).await?;
            tokio::fs::File::create(&path).await
        };
        // Written a megabyte at a time: each write is a trip to tokio's
        // blocking threads.
        let file = created.await.map_err(keep_failed)?;
        let mut file = tokio::io::BufWriter::with_capacity(1 << 20, file);
        while let Some(bytes) = field.chunk().await.map_err(unread)? {
            file.write_all(&bytes).await.map_err(keep_failed)?;
        }
        // Written through (no fsync: the files are read back at once on
        // this computer, and deleted after).
        file.flush().await.map_err(keep_failed)?;
        job.uploads.push(Upload { path, name });
    }
    if job.uploads.is_empty() {
        return Err(Refusal::new(400, i18n::page::no_files(lang)));
    }
    let job = Arc::new(job);
    app.keep(id, job.clone());
    Ok(job)
}

/// Runs a check on the pipeline's threads, one of `RUNNING` at a time:
/// the answer, sent in its parts.
async fn run_check(app: &Arc<App>, job: Arc<Job>, choices: Choices) -> Result<Response, Refusal> {
    let settings = app.settings.clone();
    let lang = lang_of(&choices, &settings);
    job.progress.queued();
    let Answer(parts) = app
        .run(lang, move || job.check(&choices, &settings))
        .await?;
    let parts = futures_util::stream::iter(parts.map(Ok::<_, std::convert::Infallible>));
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        Body::from_stream(parts),
    )
        .into_response())
}

/// The words for a panic in the pipeline: a bug, said as such; the
/// server goes on.
fn internal(lang: Lang, e: tokio::task::JoinError) -> String {
    let what = e
        .try_into_panic()
        .ok()
        .and_then(|p| crate::report::panic_text(&*p).map(str::to_string))
        .unwrap_or_default();
    i18n::say::internal_error(lang, &what)
}

/// Checks a job's files again with other choices (columns, sheets).
async fn recheck(
    State(app): State<Arc<App>>,
    Path((_, id)): Path<(String, String)>,
    choices: Result<Json<Choices>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Refusal> {
    let Ok(Json(choices)) = choices else {
        return Err(Refusal::new(400, i18n::page::bad_upload(app.settings.lang)));
    };
    let job = app.find(&id, lang_of(&choices, &app.settings))?;
    run_check(&app, job, choices).await
}

/// `Content-Disposition` for a download named `name` (UTF-8 allowed).
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn download(bytes: impl Into<Body>, name: &str, kind: &'static str) -> Response {
    let disposition =
        HeaderValue::from_str(&attachment(name)).unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes.into(),
    )
        .into_response()
}

/// The report workbook, as `check -o` writes it with the last check's
/// choices.
async fn report(
    State(app): State<Arc<App>>,
    Path((_, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
) -> Result<Response, Refusal> {
    let lang = q.lang(&app);
    let job = app.find(&id, lang)?;
    let settings = app.settings.clone();
    let (bytes, name) = app.run(lang, move || job.report(&settings)).await?;
    Ok(download(
        bytes,
        &name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ))
}

/// The corrected roster with the last check's choices, `format` xlsx or
/// csv: one file, or a zip of one per table.
async fn corrected(
    State(app): State<Arc<App>>,
    Path((_, id, format)): Path<(String, String, String)>,
    Query(q): Query<LangQuery>,
) -> Result<Response, Refusal> {
    let lang = q.lang(&app);
    let ext = match format.as_str() {
        "xlsx" => "xlsx",
        "csv" => "csv",
        _ => return Err(Refusal::new(404, i18n::page::no_such_job(lang))),
    };
    let job = app.find(&id, lang)?;
    let settings = app.settings.clone();
    let (bytes, name, mime) = app.run(lang, move || job.corrected(&settings, ext)).await?;
    Ok(download(bytes, &name, mime))
}

/// The findings JSON of the last check, as `check --json` writes it.
async fn findings(
    State(app): State<Arc<App>>,
    Path((_, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
) -> Result<Response, Refusal> {
    let lang = q.lang(&app);
    let job = app.find(&id, lang)?;
    let json = job
        .last_json()
        .ok_or_else(|| Refusal::new(404, i18n::page::no_such_job(lang)))?;
    Ok(download(
        json,
        &format!("{}.json", job.stem()),
        "application/json",
    ))
}

/// How far a job's check has got: `{"state": "waiting" | "reading" |
/// "gathering" | "done", "rows", "bytes", "total"}` (`total`: the files'
/// bytes, 0 before the check starts).
async fn progress(
    State(app): State<Arc<App>>,
    Path((_, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
) -> Result<Response, Refusal> {
    let job = app.find(&id, q.lang(&app))?;
    Ok(Json(job.progress.now()).into_response())
}

/// The page is done with a job: its files are deleted.
async fn close(State(app): State<Arc<App>>, Path((_, id)): Path<(String, String)>) -> StatusCode {
    app.close(&id);
    StatusCode::NO_CONTENT
}
