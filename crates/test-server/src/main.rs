//! `hwc-kyc-test-server`: the real partner proxy (with its embedded simulator), a recording
//! front and a control API on 127.0.0.1, for the tests of hwc-kyc-client. See README.md.

mod front;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hwc_kyc_proxy::{start_with_simulator, Config, RawConfig, Running};
use hwc_kyc_sim::{Fault, ReviewTiming, SimConfig};
use serde_json::json;
use std::io::Read as _;
use tokio::net::TcpListener;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;

use crate::front::{forward, Front, Record};

const USAGE: &str = "usage: hwc-kyc-test-server [--pages DIR] [--pkg DIR] \
    [--upstream-timeout-ms N] [--check-identity-per-minute N] [--cors-origin URL]...\n\
    Prints {\"api\",\"proxy\",\"pages\",\"closed\"} as one JSON line when ready; runs until \
    standard input closes.";

/// Why the harness could not start.
#[derive(Debug, thiserror::Error)]
enum Error {
    #[error("{0}\n{USAGE}")]
    Usage(String),
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
    #[error("proxy configuration: {0}")]
    Config(#[from] hwc_kyc_proxy::ConfigError),
    #[error("proxy: {0}")]
    Start(#[from] hwc_kyc_proxy::StartError),
    #[error("HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

struct Args {
    pages: Option<PathBuf>,
    pkg: Option<PathBuf>,
    upstream_timeout_ms: u64,
    check_identity_per_minute: u32,
    cors_origins: Vec<String>,
}

fn parse_args() -> Result<Args, Error> {
    let mut args = Args {
        pages: None,
        pkg: None,
        upstream_timeout_ms: 5_000,
        check_identity_per_minute: 600,
        cors_origins: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| Error::Usage(format!("{flag} needs a value")))
        };
        let number = |v: String| {
            v.parse()
                .map_err(|_| Error::Usage(format!("{flag}: not a number: {v}")))
        };
        match flag.as_str() {
            "--pages" => args.pages = Some(value()?.into()),
            "--pkg" => args.pkg = Some(value()?.into()),
            "--cors-origin" => args.cors_origins.push(value()?),
            "--upstream-timeout-ms" => args.upstream_timeout_ms = number(value()?)?,
            "--check-identity-per-minute" => {
                args.check_identity_per_minute = u32::try_from(number(value()?)?)
                    .map_err(|_| Error::Usage("--check-identity-per-minute: too large".into()))?;
            }
            _ => return Err(Error::Usage(format!("unknown argument {flag}"))),
        }
    }
    Ok(args)
}

#[derive(Clone)]
struct Control {
    record: Record,
    proxy: Arc<Running>,
    upstream_base: Arc<AtomicU64>,
}

impl Control {
    fn upstream_count(&self) -> u64 {
        self.proxy.simulator().map_or(0, |s| s.received_count())
    }
}

async fn requests(State(c): State<Control>) -> Response {
    let list: Vec<_> = c
        .record
        .all()
        .iter()
        .map(front::Recorded::to_json)
        .collect();
    Json(json!({ "requests": list })).into_response()
}

async fn upstream(State(c): State<Control>) -> Response {
    let received = c.upstream_count() - c.upstream_base.load(Ordering::SeqCst);
    Json(json!({ "received": received })).into_response()
}

async fn fault(State(c): State<Control>, body: String) -> Response {
    match body.trim().parse::<Fault>() {
        Ok(f) => {
            if let Some(sim) = c.proxy.simulator() {
                sim.set_fault(Some(f));
            }
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn reset(State(c): State<Control>) -> Response {
    c.record.clear();
    if let Some(sim) = c.proxy.simulator() {
        sim.set_fault(None);
    }
    c.upstream_base.store(c.upstream_count(), Ordering::SeqCst);
    StatusCode::NO_CONTENT.into_response()
}

async fn bind() -> Result<TcpListener, Error> {
    Ok(TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?)
}

/// Attachment paths the client tests name in their submissions (tests/js/client*.test.mjs,
/// tests/js/server-errors.test.mjs, crates/client/tests/proxy.rs).
const FIXTURE_ATTACHMENTS: [&str; 11] = [
    "a/front.jpg",
    "a/back.jpg",
    "a/1.jpg",
    "a/2.jpg",
    "a/3.jpg",
    "a/invalid_front_idcard.jpg",
    "a/pic_format_err.jpg",
    "lic/front.jpg",
    "lic/back.jpg",
    "l/f.jpg",
    "l/b.jpg",
];

async fn run() -> Result<(), Error> {
    let args = parse_args()?;
    let pages_listener = bind().await?;
    let pages_url = format!("http://{}", pages_listener.local_addr()?);
    // A port nothing listens on: bound but never listening (connections to it are refused), and
    // held until the end so no other socket takes it.
    let closed = tokio::net::TcpSocket::new_v4()?;
    closed.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let closed_url = format!("http://{}", closed.local_addr()?);

    let download = std::env::temp_dir().join(format!("hwc-kyc-test-server-{}", std::process::id()));
    // The JS tests submit these paths as a partner that places files itself would: they exist
    // (the proxy checks before forwarding) and need not be under the customer's directory.
    for path in FIXTURE_ATTACHMENTS {
        let file = download.join(path);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&file, b"\xFF\xD8\xFF\xE0 fixture")?;
    }
    let raw = RawConfig {
        listen: Some(([127, 0, 0, 1], 0).into()),
        cors_origins: Some(
            std::iter::once(pages_url.clone())
                .chain(args.cors_origins.iter().cloned())
                .collect(),
        ),
        upstream_timeout_ms: std::num::NonZero::new(args.upstream_timeout_ms),
        rate_limit_per_minute: std::num::NonZero::new(100_000),
        check_identity_per_minute: std::num::NonZero::new(args.check_identity_per_minute),
        download_dir: Some(download),
        allow_foreign_attachment_paths: Some(true),
        demo: Some(true),
        ..RawConfig::default()
    };
    let sim = SimConfig {
        // Deterministic reviews: settled at the second query after a submission.
        review: ReviewTiming::AfterQueries(2),
        record_requests: 64,
        ..SimConfig::default()
    };
    let proxy = Arc::new(start_with_simulator(Config::resolve(raw)?, sim).await?);
    let proxy_url = proxy.url();

    let front_listener = bind().await?;
    let api_url = format!("http://{}", front_listener.local_addr()?);
    let record = Record::default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let front = Front {
        record: record.clone(),
        proxy: proxy_url.clone(),
        http,
    };
    let front_app = Router::new().fallback(forward).with_state(front);

    let control = Control {
        record,
        proxy: proxy.clone(),
        upstream_base: Arc::new(AtomicU64::new(0)),
    };
    let mut pages_app = Router::new()
        .route("/control/requests", get(requests))
        .route("/control/upstream", get(upstream))
        .route("/control/fault", post(fault))
        .route("/control/reset", post(reset))
        .with_state(control);
    if let Some(pkg) = &args.pkg {
        pages_app = pages_app.nest_service("/pkg", ServeDir::new(pkg));
    }
    if let Some(pages) = &args.pages {
        pages_app = pages_app.fallback_service(ServeDir::new(pages));
    }
    // Tests in a page of another origin (wasm-bindgen-test's) use the control API too.
    let pages_app = pages_app.layer(CorsLayer::permissive());

    tokio::spawn(async move { axum::serve(front_listener, front_app).await });
    tokio::spawn(async move { axum::serve(pages_listener, pages_app).await });
    println!(
        "{}",
        json!({ "api": api_url, "proxy": proxy_url, "pages": pages_url, "closed": closed_url })
    );

    // Until the test that started us goes away.
    let _ = tokio::task::spawn_blocking(|| {
        let mut stdin = std::io::stdin();
        let mut buf = [0u8; 256];
        while matches!(stdin.read(&mut buf), Ok(n) if n > 0) {}
    })
    .await;
    drop(closed);
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    if std::env::args().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return std::process::ExitCode::SUCCESS;
    }
    // reqwest is built without a bundled crypto provider (plain HTTP here, but the builder asks).
    let _ = rustls::crypto::ring::default_provider().install_default();
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hwc-kyc-test-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
