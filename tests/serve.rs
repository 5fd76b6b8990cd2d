//! The routes of `roster-check serve`, over HTTP requests handed to the
//! server's router: the page, uploads, checks again, downloads, and what
//! is refused (a wrong token, a wrong Host, another site's writes, an
//! upload over the limit, hostile files).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use roster_check::i18n::Lang;
use roster_check::serve::{router, App, Settings};
use tower::ServiceExt;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const PORT: u16 = 4242;
const HOST: &str = "127.0.0.1:4242";

struct Server {
    app: Arc<App>,
    _root: tempfile::TempDir,
}

fn server(max_upload_mb: u64) -> Server {
    let root = tempfile::tempdir().unwrap();
    let settings = Settings {
        lang: Lang::ES,
        today: Some("2026-11-23".into()),
    };
    let app = Arc::new(App::new(
        TOKEN.into(),
        PORT,
        settings,
        max_upload_mb,
        root.path().to_path_buf(),
    ));
    Server { app, _root: root }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A multipart body with each `(file name, bytes)` as a `file` field.
fn form(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----rosterchecktestboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

fn upload_request(files: &[(&str, &[u8])]) -> Request<Body> {
    let (kind, body) = form(files);
    Request::post(format!("/t/{TOKEN}/jobs"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, kind)
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap()
}

async fn send(s: &Server, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = router(s.app.clone()).oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

async fn upload(s: &Server, files: &[(&str, &[u8])]) -> (StatusCode, serde_json::Value) {
    let (status, _, body) = send(s, upload_request(files)).await;
    (status, json(&body))
}

fn post(path: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::empty())
        .unwrap()
}

fn recheck(job: &str, choices: serde_json::Value) -> Request<Body> {
    Request::post(format!("/t/{TOKEN}/jobs/{job}/check"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://localhost:{PORT}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(choices.to_string()))
        .unwrap()
}

#[tokio::test]
async fn the_page_is_served_whole_and_self_contained() {
    let s = server(200);
    let (status, headers, body) = send(&s, get(&format!("/t/{TOKEN}/"))).await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<html lang=\"es\">") && page.contains("Revisión de padrones"));
    // Nothing to fetch from elsewhere: no external script, style, font.
    for outside in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "//fonts.",
        "cdn",
    ] {
        assert!(!page.contains(outside), "{outside}");
    }
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"));
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    let (_, _, body) = send(&s, get(&format!("/t/{TOKEN}/?lang=en"))).await;
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("Roster check"));
    // Without its slash, a redirect to the page.
    let (status, headers, _) = send(&s, get(&format!("/t/{TOKEN}"))).await;
    assert!(status.is_redirection());
    assert_eq!(headers[header::LOCATION], format!("/t/{TOKEN}/"));
}

/// The page's words in each variant: `?lang=` or the server's language;
/// plain Spanish placed by a check (Spain's words for a roster with NUSS,
/// Mexico's for one with CURP and NSS), as the report is.
#[tokio::test]
async fn the_page_speaks_each_language_variant() {
    let s = server(200);
    for (asked, html, title, findings) in [
        ("es", "es", "Revisión de padrones", "Hallazgos"),
        ("es-MX", "es-MX", "Revisión de padrones", "Hallazgos"),
        ("es_es", "es-ES", "Revisión de listados", "Incidencias"),
        ("en", "en", "Roster check", "Findings"),
    ] {
        let (status, _, body) = send(&s, get(&format!("/t/{TOKEN}/?lang={asked}"))).await;
        assert_eq!(status, StatusCode::OK);
        let page = String::from_utf8(body).unwrap();
        assert!(page.contains(&format!("<html lang=\"{html}\">")), "{asked}");
        assert!(page.contains(&format!("<title>{title} ·")), "{asked}");
        assert!(
            page.contains(&format!("\"findings\":\"{findings}\"")),
            "{asked}"
        );
        // Every variant offered in the language select.
        for code in ["\"es-MX\"", "\"es-ES\"", "\"en\""] {
            assert!(page.contains(code), "{asked}: {code}");
        }
    }
    // The server started in Spain's Spanish speaks it with no ?lang=.
    let root = tempfile::tempdir().unwrap();
    let spain = Server {
        app: Arc::new(App::new(
            TOKEN.into(),
            PORT,
            Settings {
                lang: Lang::ES_ES,
                today: Some("2026-11-23".into()),
            },
            200,
            root.path().to_path_buf(),
        )),
        _root: root,
    };
    let (_, _, body) = send(&spain, get(&format!("/t/{TOKEN}/"))).await;
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<html lang=\"es-ES\">") && page.contains("Revisión de listados"));

    // Plain Spanish, placed by what the check found.
    let es = std::fs::read(fixture("alumnos_es.csv")).unwrap();
    let (status, body) = upload(&s, &[("alumnos_es.csv", &es)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["lang"], "es-ES");
    assert_eq!(body["labels"]["findings"], "Incidencias");
    assert_eq!(body["labels"]["corrected_csv"], "Listado corregido (CSV)");
    let nuss = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "nuss")
        .unwrap();
    assert!(nuss["label"].as_str().unwrap().contains("NUSS"), "{nuss}");
    let mx = std::fs::read(fixture("alumnos_mx.xlsx")).unwrap();
    let (_, body) = upload(&s, &[("alumnos_mx.xlsx", &mx)]).await;
    assert_eq!(body["lang"], "es-MX");
    assert_eq!(body["labels"]["findings"], "Hallazgos");
    assert_eq!(body["labels"]["corrected_csv"], "Padrón corregido (CSV)");
    // A variant asked for stays, whatever the roster.
    let req = {
        let mut r = upload_request(&[("alumnos_mx.xlsx", &mx)]);
        *r.uri_mut() = format!("/t/{TOKEN}/jobs?lang=es-ES").parse().unwrap();
        r
    };
    let (_, _, body) = send(&s, req).await;
    let body = json(&body);
    assert_eq!(body["lang"], "es-ES");
    assert_eq!(body["labels"]["findings"], "Incidencias");
    assert_eq!(body["result"]["findings"][0]["file"], "alumnos_mx.xlsx");
}

/// The page's way: the upload kept (`uploads`), its check asked for,
/// and its progress followed; a finished check's progress is whole; an
/// unknown job's, or one asked for with a wrong token, is refused.
#[tokio::test]
async fn a_check_tells_its_progress() {
    let s = server(200);
    let fixture = std::fs::read(fixture("alumnos_mx.csv")).unwrap();
    let mut req = upload_request(&[("alumnos_mx.csv", &fixture)]);
    *req.uri_mut() = format!("/t/{TOKEN}/uploads").parse().unwrap();
    let (status, _, body) = send(&s, req).await;
    assert_eq!(status, StatusCode::OK);
    let body = json(&body);
    let job = body["job"].as_str().unwrap().to_string();
    assert!(body.get("result").is_none(), "kept, not checked: {body}");
    let progress = |job: &str| get(&format!("/t/{TOKEN}/jobs/{job}/progress"));
    let (status, _, now) = send(&s, progress(&job)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        json(&now),
        serde_json::json!({"state": "waiting", "rows": 0, "bytes": 0, "total": 0})
    );
    let (status, _, checked) = send(&s, recheck(&job, serde_json::json!({}))).await;
    assert_eq!(status, StatusCode::OK);
    let checked = json(&checked);
    let (status, _, now) = send(&s, progress(&job)).await;
    assert_eq!(status, StatusCode::OK);
    let now = json(&now);
    assert_eq!(now["state"], "done");
    let size = fixture.len() as u64;
    assert_eq!(now["total"], size);
    assert_eq!(now["bytes"], size);
    // Every row read counted: students, skipped rows and the header's
    // table alike (at least the students).
    let students = checked["result"]["summary"]["rows"].as_u64().unwrap();
    assert!(now["rows"].as_u64().unwrap() >= students, "{now}");
    // Unknown job; wrong token; another name for this computer.
    let (status, _, body) = send(&s, progress("0000")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json(&body)["error"]
        .as_str()
        .unwrap()
        .contains("ya no está"));
    let (status, _, _) = send(
        &s,
        get(&format!(
            "/t/0123456789abcdef0123456789abcdee/jobs/{job}/progress"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let req = Request::get(format!("/t/{TOKEN}/jobs/{job}/progress"))
        .header(header::HOST, "evil.example:4242")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&s, req).await.0, StatusCode::FORBIDDEN);
    // Another site cannot keep files through the page either.
    let mut req = upload_request(&[("alumnos_mx.csv", &fixture)]);
    *req.uri_mut() = format!("/t/{TOKEN}/uploads").parse().unwrap();
    req.headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    assert_eq!(send(&s, req).await.0, StatusCode::FORBIDDEN);
    // Closed: its progress is gone with it.
    assert_eq!(
        send(&s, post(&format!("/t/{TOKEN}/jobs/{job}/close")))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(send(&s, progress(&job)).await.0, StatusCode::NOT_FOUND);
}

/// Two uploads checked at once: each job tells its own progress, ending
/// at its own files' size and rows (the bytes read are counted per
/// check, not for the whole server).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_checks_at_once_each_tell_their_own_progress() {
    let s = server(200);
    let mut jobs = Vec::new();
    for name in ["alumnos_mx.csv", "alumnos_es.csv"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let mut req = upload_request(&[(name, &bytes)]);
        *req.uri_mut() = format!("/t/{TOKEN}/uploads").parse().unwrap();
        let (status, _, body) = send(&s, req).await;
        assert_eq!(status, StatusCode::OK);
        let job = json(&body)["job"].as_str().unwrap().to_string();
        jobs.push((job, bytes));
    }
    let ((a, _, a_body), (b, _, b_body)) = tokio::join!(
        send(&s, recheck(&jobs[0].0, serde_json::json!({}))),
        send(&s, recheck(&jobs[1].0, serde_json::json!({}))),
    );
    assert_eq!((a, b), (StatusCode::OK, StatusCode::OK));
    for ((job, bytes), body) in jobs.iter().zip([a_body, b_body]) {
        let size = bytes.len() as u64;
        let (status, _, now) = send(&s, get(&format!("/t/{TOKEN}/jobs/{job}/progress"))).await;
        assert_eq!(status, StatusCode::OK);
        let now = json(&now);
        assert_eq!(now["state"], "done");
        assert_eq!(now["total"], size, "{now}");
        assert_eq!(now["bytes"], size, "{now}");
        let students = json(&body)["result"]["summary"]["rows"].as_u64().unwrap();
        let rows = now["rows"].as_u64().unwrap();
        // Its own rows: its students, and no more than its file's lines.
        assert!(rows >= students, "{now}");
        let lines = bytes.split(|&b| b == b'\n').count() as u64;
        assert!(rows <= lines, "{now}");
    }
}

#[tokio::test]
async fn a_wrong_token_or_host_or_site_is_refused() {
    let s = server(200);
    let fixture = std::fs::read(fixture("alumnos_mx.xlsx")).unwrap();
    for path in [
        "/".to_string(),
        "/t/".to_string(),
        "/t/0123456789abcdef0123456789abcdee/".to_string(),
        format!("/t/{TOKEN}x/"),
        format!("/x/{TOKEN}/"),
    ] {
        let (status, _, body) = send(&s, get(&path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(json(&body)["error"].as_str().unwrap().contains("dirección"));
    }
    // DNS rebinding: the right token through another name.
    for host in [
        "evil.example:4242",
        "127.0.0.1:4243",
        "localhost",
        "",
        "127.0.0.1",
    ] {
        let req = Request::get(format!("/t/{TOKEN}/"))
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let (status, _, _) = send(&s, req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
    }
    let (status, _, _) = send(
        &s,
        Request::get(format!("/t/{TOKEN}/"))
            .header(header::HOST, format!("localhost:{PORT}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Another site's page posting to ours.
    for (name, value) in [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        ("origin", "http://127.0.0.1:4243"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let mut req = upload_request(&[("alumnos_mx.xlsx", &fixture)]);
        req.headers_mut().insert(name, value.parse().unwrap());
        let (status, _, body) = send(&s, req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(json(&body)["error"].as_str().unwrap().contains("rechazada"));
    }
}

#[tokio::test]
async fn an_upload_is_checked_and_every_download_served() {
    let s = server(200);
    let fixture = std::fs::read(fixture("alumnos_mx.xlsx")).unwrap();
    let (status, body) = upload(&s, &[("alumnos_mx.xlsx", &fixture)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let job = body["job"].as_str().unwrap().to_string();
    let result = &body["result"];
    assert_eq!(result["summary"]["rows"], 23);
    assert_eq!(result["findings"].as_array().unwrap().len(), 22);
    // Named as uploaded, never by the private folder.
    assert_eq!(result["inputs"][0]["file"], "alumnos_mx.xlsx");
    assert_eq!(result["findings"][0]["file"], "alumnos_mx.xlsx");
    assert_eq!(body["tables"][0]["headers"][0], "No.");
    assert!(body["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(["curp", "CURP"])));
    // Each finding's student, gathered as the rows were read: a row
    // whose only finding is a duplicate is named too.
    let names = body["names"].as_array().unwrap();
    for f in result["findings"].as_array().unwrap() {
        assert!(
            names.iter().any(|n| n[2] == f["row"]),
            "row {} has no name",
            f["row"]
        );
    }
    assert!(names.contains(&serde_json::json!([
        "alumnos_mx.xlsx",
        "Alumnos",
        3,
        "HERNÁNDEZ RUIZ JOSÉ LUIS"
    ])));

    // The JSON download is what the check answered.
    let (status, headers, bytes) =
        send(&s, get(&format!("/t/{TOKEN}/jobs/{job}/findings.json"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("alumnos_mx.json"));
    assert_eq!(&json(&bytes), result);

    // Checked again with another column: the CLI's findings with --col.
    let (status, _, bytes) = send(
        &s,
        recheck(&job, serde_json::json!({"cols": ["nacimiento=No."]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let again = json(&bytes);
    assert_eq!(
        again["result"]["summary"]["by_code"]["curp.birthdate_mismatch"],
        20
    );

    // The report: the CLI's, byte for byte, with the same options.
    let (status, headers, report) = send(&s, get(&format!("/t/{TOKEN}/jobs/{job}/report"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("filename=\"alumnos_mx-reporte.xlsx\""));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alumnos_mx.xlsx"), &fixture).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_roster-check"))
        .current_dir(dir.path())
        .args(["check", "alumnos_mx.xlsx", "-q", "--fail-on", "never"])
        .args([
            "--today",
            "2026-11-23",
            "--col",
            "nacimiento=No.",
            "-o",
            "cli.xlsx",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(report == std::fs::read(dir.path().join("cli.xlsx")).unwrap());

    // The corrected roster, as xlsx and CSV: the CLI's, byte for byte.
    for ext in ["xlsx", "csv"] {
        let (status, headers, got) =
            send(&s, get(&format!("/t/{TOKEN}/jobs/{job}/corrected/{ext}"))).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&got));
        assert!(headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(&format!("filename=\"alumnos_mx-corregido.{ext}\"")));
        let out = format!("cli-corregido.{ext}");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_roster-check"))
            .current_dir(dir.path())
            .args(["check", "alumnos_mx.xlsx", "-q", "--fail-on", "never"])
            .args(["--today", "2026-11-23", "--col", "nacimiento=No."])
            .args(["--no-report", "--corrected", &out])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(
            got == std::fs::read(dir.path().join(&out)).unwrap(),
            "{ext}"
        );
    }
    let (status, _, _) = send(&s, get(&format!("/t/{TOKEN}/jobs/{job}/corrected/pdf"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A --col that names no column: the usage error, with the headers.
    let (status, _, bytes) = send(
        &s,
        recheck(
            &job,
            serde_json::json!({"cols": ["curp=Nada"], "lang": "en"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = json(&bytes)["error"].as_str().unwrap().to_string();
    assert!(
        message.contains("Nada") && message.contains("Apellido Paterno"),
        "{message}"
    );

    // Closed: its files are gone, and it cannot be asked for again.
    let req = Request::post(format!("/t/{TOKEN}/jobs/{job}/close"))
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&s, req).await.0, StatusCode::NO_CONTENT);
    let (status, _, bytes) = send(&s, get(&format!("/t/{TOKEN}/jobs/{job}/report"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json(&bytes)["error"]
        .as_str()
        .unwrap()
        .contains("ya no está"));
    let (status, _, _) = send(&s, recheck("nothing", serde_json::json!({}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        std::fs::read_dir(s._root.path()).unwrap().count(),
        0,
        "the job's folder is removed"
    );
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_in_words() {
    let s = server(1);
    let big = vec![b'a'; 1_200_000];
    let (status, body) = upload(&s, &[("grande.csv", &big)]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let message = body["error"].as_str().unwrap();
    assert!(
        message.contains("1 MB") && message.contains("--max-upload-mb"),
        "{message}"
    );
    // Without a declared length, the limit holds while reading.
    let (kind, bytes) = form(&[("grande.csv", &big)]);
    let req = Request::post(format!("/t/{TOKEN}/jobs?lang=en"))
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(bytes))
        .unwrap();
    let (status, _, body) = send(&s, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json(&body)["error"]
        .as_str()
        .unwrap()
        .contains("weigh more than 1 MB"));
    assert_eq!(std::fs::read_dir(s._root.path()).unwrap().count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_uploads_get_their_messages_and_the_server_goes_on() {
    let s = server(200);
    let good = std::fs::read(fixture("alumnos_mx.xlsx")).unwrap();
    let cut = &good[..good.len() / 2];
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let (status, body) = upload(
        &s,
        &[
            ("vacio.csv", b""),
            ("roto.xlsx", cut),
            ("basura.xlsx", &binary),
            ("../../etc/passwd.csv", b"CURP\nHEGG560427MVZRRL04\n"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let failed: Vec<&str> = body["result"]["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["vacio.csv", "roto.xlsx", "basura.xlsx"]);
    for f in body["result"]["failed"].as_array().unwrap() {
        assert!(!f["message"].as_str().unwrap().is_empty());
    }
    // A path in a file name is not followed: the file keeps its last part.
    assert_eq!(body["result"]["inputs"][0]["file"], "passwd.csv");

    // Not a form at all, or no file in it.
    let req = Request::post(format!("/t/{TOKEN}/jobs"))
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .body(Body::from("--x\r\nbroken"))
        .unwrap();
    assert_eq!(send(&s, req).await.0, StatusCode::BAD_REQUEST);
    let (status, body) = upload(&s, &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("ningún archivo"));

    // Several uploads at once, all answered.
    let uploads = (0..4).map(|i| {
        let app = s.app.clone();
        let good = good.clone();
        tokio::spawn(async move {
            let name = format!("alumnos_{i}.xlsx");
            let (kind, body) = form(&[(&name, &good)]);
            let req = Request::post(format!("/t/{TOKEN}/jobs"))
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, kind)
                .body(Body::from(body))
                .unwrap();
            let res = router(app).oneshot(req).await.unwrap();
            let status = res.status();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (status, name, json(&body))
        })
    });
    for u in uploads.collect::<Vec<_>>() {
        let (status, name, body) = u.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["result"]["inputs"][0]["file"], name.as_str());
        assert_eq!(body["result"]["summary"]["rows"], 23);
    }
}

/// Every hostile workbook of fixtures/hostile (ROBUSTNESS.md), sent
/// through the page, gets what `check --json` says of it, word for word,
/// and the server answers the next one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hostile_fixtures_say_through_the_page_what_the_cli_says() {
    let s = server(200);
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixture("hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x != "py"))
        .collect();
    names.sort();
    assert!(names.len() > 10);
    for path in names {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let (status, body) = upload(&s, &[(&name, &bytes)]).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(&name), &bytes).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_roster-check"))
            .current_dir(dir.path())
            .args(["check", &name, "-q", "--no-report", "--json", "-"])
            .args(["--today", "2026-11-23"])
            .output()
            .unwrap();
        assert_eq!(body["result"], json(&out.stdout), "{name}");
    }
}
