//! The application: the router with its layers, and starting a server.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, Response as HttpResponse, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use hwc_kyc::model::{IndividualRealnameAuth, VerifiedType};
use hwc_kyc::{Options, Valid};
use hwc_kyc_sim::{SimConfig, SimHandle, Simulator};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::{Config, Secret, Upstream, UpstreamAuth};
use crate::context::{random_hex, with_context, RequestContext};
use crate::error::ProxyError;
use crate::linger::{drain_unread_body, Linger, DRAIN_GRACE};
use crate::metrics::{route_label, Metrics, METRICS_PATH};
use crate::rate_limit::RateLimiter;
use crate::serve::{self, serve, ConnectionLimits, Gate};
use crate::shared::SharedState;
use crate::state::{AppState, Shared};
use crate::store::Attachments;
use crate::upstream::UpstreamClient;
use crate::{api, demo, openapi, security, uploads};

/// Why the proxy could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: io::Error,
    },
    /// The embedded simulator could not start.
    #[error("cannot start the embedded simulator: {0}")]
    Simulator(io::Error),
    /// The HTTP client could not be built.
    #[error("cannot build the upstream HTTP client: {0}")]
    Client(#[from] crate::upstream::ClientError),
    /// The configured platform ID would make every request invalid.
    #[error("xaccount_type: {0}")]
    PlatformId(String),
    /// `redis_url` is malformed or Redis cannot be reached (the text names no password).
    #[error("redis_url: {0}")]
    Redis(String),
    /// The metrics address could not be bound.
    #[error("cannot listen on {addr} (metrics_listen): {source}")]
    MetricsBind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: io::Error,
    },
    /// The attachment store could not be set up.
    #[error("attachment store: {0}")]
    Store(String),
}

/// The server of `metrics_listen`: its address, its stop signal, its task.
type MetricsServer = (
    SocketAddr,
    Option<oneshot::Sender<()>>,
    JoinHandle<io::Result<()>>,
);

/// A running proxy. Dropping it stops the server (and its embedded simulator).
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    /// One stop signal per worker.
    stop: Vec<oneshot::Sender<()>>,
    /// The first worker, on the runtime that called [`start`].
    task: Option<JoinHandle<io::Result<()>>>,
    /// The other workers' threads: each answers once its server has stopped.
    threads: Vec<oneshot::Receiver<io::Result<()>>>,
    simulator: Option<SimHandle>,
    /// The `metrics_listen` server.
    metrics: Option<MetricsServer>,
    /// The metrics' upkeep task ([`Metrics::spawn_upkeep`]), aborted when the server stops.
    upkeep: JoinHandle<()>,
}

impl Running {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{addr}`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address serving `GET /metrics` when `metrics_listen` is set (else it is [`Running::addr`]).
    pub fn metrics_addr(&self) -> SocketAddr {
        self.metrics
            .as_ref()
            .map_or(self.addr, |(addr, _, _)| *addr)
    }

    /// The embedded simulator, when the upstream is embedded.
    pub fn simulator(&self) -> Option<&Simulator> {
        self.simulator.as_ref().map(SimHandle::simulator)
    }

    /// Stops accepting connections, finishes the requests in flight and waits.
    pub async fn shutdown(mut self) {
        for stop in self.stop.drain(..) {
            let _ = stop.send(());
        }
        if let Some((_, Some(stop), task)) = self.metrics.take() {
            let _ = stop.send(());
            let _ = task.await;
        }
        let _ = self.wait_for_workers().await;
        self.upkeep.abort();
    }

    /// Waits until every worker's server has stopped; the first error, if any.
    async fn wait_for_workers(&mut self) -> io::Result<()> {
        let mut outcome = match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        };
        for thread in self.threads.drain(..) {
            // A thread that ended without answering panicked (release builds abort instead).
            let served = thread
                .await
                .unwrap_or_else(|_| Err(io::Error::other("a worker thread panicked")));
            outcome = outcome.and(served);
        }
        outcome
    }

    /// Waits until the server stops (it stops on [`Running::shutdown`] or when dropped).
    ///
    /// # Errors
    /// When serving failed.
    pub async fn wait(mut self) -> io::Result<()> {
        self.wait_for_workers().await
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.upkeep.abort();
        for stop in self.stop.drain(..) {
            let _ = stop.send(());
        }
        if let Some((_, stop, _)) = self.metrics.as_mut() {
            if let Some(stop) = stop.take() {
                let _ = stop.send(());
            }
        }
    }
}

/// Refuses a platform ID that core would refuse upstream, so a misconfiguration shows at start-up
/// instead of as a 500 on every submission.
fn check_platform_id(xaccount_type: &str) -> Result<(), StartError> {
    let probe = IndividualRealnameAuth {
        customer_id: "probe".into(),
        identify_type: hwc_kyc::model::IdentifyType::Individual,
        verified_file_url: vec!["a.jpg".into(), "b.jpg".into()],
        name: "probe".into(),
        verified_number: "probe".into(),
        xaccount_type: Some(xaccount_type.into()),
        verified_type: Some(VerifiedType::Passport),
        change_type: None,
    };
    Valid::new(probe, &Options::default())
        .map(drop)
        .map_err(|issues| {
            StartError::PlatformId(
                issues
                    .iter()
                    .map(|i| i.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
}

/// Starts the proxy on `config.listen` (port 0: any free port), with the default simulator when
/// the upstream is embedded. It serves from `config.workers` threads: the calling runtime (call
/// it from a single-threaded one to keep each request on one thread) and `workers - 1` threads
/// of its own, each with a single-threaded runtime, its own socket on the same address and its
/// own upstream connections (README, "Throughput").
///
/// # Errors
/// See [`StartError`].
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use hwc_kyc_proxy::{start, Config, RawConfig};
/// let running = start(Config::resolve(RawConfig::default())?).await?;
/// println!("proxy on {}", running.url());
/// running.wait().await?;
/// # Ok(()) }
/// ```
pub async fn start(config: Config) -> Result<Running, StartError> {
    start_with_simulator(config, SimConfig::default()).await
}

/// [`start`], with this simulator configuration when the upstream is embedded.
///
/// # Errors
/// See [`StartError`].
pub async fn start_with_simulator(
    config: Config,
    simulator: SimConfig,
) -> Result<Running, StartError> {
    let timeout = config.limits.upstream_timeout;
    let (upstream, xaccount_type, sim, demo_customers) = match &config.upstream {
        Upstream::Embedded => {
            let sim = Simulator::new(simulator)
                .spawn(SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .map_err(StartError::Simulator)?;
            let partner = sim.simulator().partner().clone();
            let url = reqwest::Url::parse(&sim.url())
                .map_err(|e| StartError::Simulator(io::Error::other(e)))?;
            let auth = UpstreamAuth::AkSk {
                access_key: partner.access_key.clone(),
                secret_key: Secret::new(partner.secret_key.clone()),
                domain_id: partner.domain_id.clone(),
            };
            let client = UpstreamClient::new(url, &auth, timeout)?;
            let xaccount_type = config
                .xaccount_type
                .clone()
                .map_or(partner.xaccount_type.clone(), |p| p.0);
            let customers = sim.simulator().seeded_customers();
            (client, xaccount_type, Some(sim), customers)
        }
        Upstream::Remote { url, auth } => {
            let client = UpstreamClient::new(url.clone(), auth, timeout)?;
            let xaccount_type = config
                .xaccount_type
                .clone()
                .map(|p| p.0)
                .unwrap_or_default();
            (client, xaccount_type, None, Vec::new())
        }
    };
    check_platform_id(&xaccount_type)?;
    // No configured secret is only allowed with the embedded simulator: a random one per process.
    let token_secret = config
        .caller_token_secret
        .clone()
        .unwrap_or_else(|| Secret::new(format!("{}{}", random_hex(), random_hex())));
    let demo_customers = if config.demo.is_some() {
        demo_customers
    } else {
        Vec::new()
    };
    let attachments = Attachments::open(&config.store).map_err(StartError::Store)?;
    let shared = SharedState::connect(config.redis_url.as_ref().map(Secret::expose))
        .await
        .map_err(|e| StartError::Redis(e.0))?;
    let state = AppState::new(
        Shared {
            shared,
            metrics: Metrics::default(),
            attachments,
            general: RateLimiter::new(config.limits.rate_limit_per_minute),
            check_identity: RateLimiter::new(config.limits.check_identity_per_minute),
            xaccount_type,
            token_secret,
            demo_customers,
            openapi: std::sync::OnceLock::new(),
            config,
        },
        upstream,
    );
    let listen = state.config().listen;
    let workers = state.config().workers.get();
    let listener = serve::bind(listen, workers > 1).map_err(|source| StartError::Bind {
        addr: listen,
        source,
    })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: listen,
        source,
    })?;
    let limits = ConnectionLimits {
        max_connections: state.config().limits.max_connections,
        max_per_client: state.config().limits.max_connections_per_client,
        exempt: state.config().trusted_proxies.clone().into(),
        header_read_timeout: state.config().limits.header_read_timeout,
    };
    let metrics = match state.config().metrics_listen {
        Some(at) => {
            let listener = serve::bind(at, false)
                .map_err(|source| StartError::MetricsBind { addr: at, source })?;
            let bound = listener
                .local_addr()
                .map_err(|source| StartError::MetricsBind { addr: at, source })?;
            let (stop, stopped) = oneshot::channel::<()>();
            let app = metrics_router(state.clone());
            let task = tokio::spawn(serve(listener, app, Gate::new(limits.clone()), stopped));
            tracing::info!(addr = %bound, "metrics listening");
            Some((bound, Some(stop), task))
        }
        None => None,
    };
    let upkeep = state.metrics().spawn_upkeep();
    let gate = Gate::new(limits);
    // Workers 2..n: a thread each, with a single-threaded runtime serving its own socket on the
    // same address (the kernel spreads new connections over them) and an upstream client of
    // its own, so a request's work, upstream exchange included, stays on one thread.
    let mut stop = Vec::with_capacity(workers);
    let mut threads = Vec::with_capacity(workers.saturating_sub(1));
    for n in 1..workers {
        let (stop_one, stopped) = oneshot::channel::<()>();
        let (ready, bound) = oneshot::channel::<io::Result<()>>();
        let (done, finished) = oneshot::channel();
        let app = router(state.for_worker()?);
        let gate = gate.clone();
        let worker = move || {
            let served = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .and_then(|runtime| {
                    runtime.block_on(async move {
                        // Bound here: a listener belongs to the runtime that polls it.
                        let listener = match serve::bind(addr, true) {
                            Ok(l) => l,
                            Err(e) => {
                                let _ = ready.send(Err(io::Error::new(e.kind(), e.to_string())));
                                return Err(e);
                            }
                        };
                        let _ = ready.send(Ok(()));
                        serve(listener, app, gate, stopped).await
                    })
                });
            let _ = done.send(served);
        };
        let bind_error = |source| StartError::Bind { addr, source };
        std::thread::Builder::new()
            .name(format!("hwc-kyc-worker-{n}"))
            .spawn(worker)
            .map_err(bind_error)?;
        bound
            .await
            .unwrap_or_else(|_| Err(io::Error::other("the worker thread ended at start")))
            .map_err(bind_error)?;
        stop.push(stop_one);
        threads.push(finished);
    }
    // Worker 1 on the caller's runtime.
    let app = router(state);
    let (stop_first, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, app, gate, stopped));
    stop.push(stop_first);
    tracing::info!(%addr, workers, "hwc-kyc proxy listening");
    Ok(Running {
        addr,
        stop,
        task: Some(task),
        threads,
        simulator: sim,
        metrics,
        upkeep,
    })
}

/// 429 `KYC.0429` when the client address is over the limit `name` (shared through Redis when
/// configured; this instance's `limiter` otherwise, and when Redis fails).
async fn limit(
    app: &AppState,
    name: &'static str,
    limiter: &RateLimiter,
    ctx: RequestContext,
    req: Request,
    next: Next,
) -> Response {
    let Some(ip) = ctx.client else {
        return next.run(req).await;
    };
    // One key for both stores: an IPv6 client is its /64 (see `client_key`).
    let key = crate::client_key::limit_key(ip);
    let decision = app
        .shared()
        .rate_limit(name, limiter.per_minute(), key, || limiter.check(key), |e| {
            tracing::warn!(error = %e, limit = name, "rate limit decided in memory: Redis failed");
            app.metrics().redis_error("rate_limit");
        })
        .await;
    match decision {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            app.metrics().rate_limited(name);
            ctx.fail(ProxyError::TooManyRequests {
                retry_after: wait.as_secs() + 1,
            })
            .into_response()
        }
    }
}

async fn limit_general(
    State(app): State<AppState>,
    ctx: RequestContext,
    req: Request,
    next: Next,
) -> Response {
    limit(&app, "general", app.general_limit(), ctx, req, next).await
}

async fn limit_check_identity(
    State(app): State<AppState>,
    ctx: RequestContext,
    req: Request,
    next: Next,
) -> Response {
    limit(
        &app,
        "check_identity",
        app.check_identity_limit(),
        ctx,
        req,
        next,
    )
    .await
}

/// Middleware: counts every answer by route and status.
async fn count_requests(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let route = route_label(req.uri().path());
    let response = next.run(req).await;
    app.metrics().request(route, response.status().as_u16());
    response
}

/// `GET /metrics`: the instance's metrics in Prometheus text format.
async fn serve_metrics(State(app): State<AppState>) -> Response {
    let mut response = (StatusCode::OK, app.metrics().render()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// `GET /metrics` alone (for `metrics_listen`), with the security headers.
fn metrics_router(state: AppState) -> Router {
    security::security_headers(
        Router::new()
            .route(METRICS_PATH, get(serve_metrics))
            .fallback(api::not_found)
            .with_state(state),
    )
}

/// `app` inside the request's log span, named after its id (the context layer outside has set
/// it), with one line per answer.
fn traced(app: Router) -> Router {
    app.layer(
        TraceLayer::new_for_http()
            .make_span_with(|req: &Request| {
                let id = req
                    .extensions()
                    .get::<RequestContext>()
                    .map_or("", |c| c.id.as_str());
                tracing::info_span!(
                    "request",
                    request_id = %id,
                    method = %req.method(),
                    path = %req.uri().path(),
                )
            })
            .on_request(())
            .on_response(
                |response: &HttpResponse<Body>, latency: Duration, _: &tracing::Span| {
                    tracing::info!(
                        status = response.status().as_u16(),
                        elapsed_ms = latency.as_millis() as u64,
                        "answered"
                    );
                },
            )
            .on_failure(()),
    )
}

/// The whole application: API routes (rate-limited), `/healthz`, `/openapi.json`, demo routes and
/// static files in demo mode, and the layers (outermost first: draining unread bodies, request
/// context, request span, security headers, CORS). The routes are registered with their OpenAPI
/// descriptions, so `/openapi.json` names exactly the routes served.
pub(crate) fn router(state: AppState) -> Router {
    let (app, openapi) = routes(&state).split_for_parts();
    match openapi.to_json() {
        Ok(json) => state.set_openapi_json(Bytes::from(json)),
        Err(e) => tracing::error!(error = %e, "the OpenAPI document could not be written"),
    }
    let config = state.config().clone();
    let app = app.method_not_allowed_fallback(api::method_not_allowed);
    let app = match &config.demo {
        Some(demo) => {
            let not_found = api::not_found.into_service();
            let pages = Router::new()
                .nest_service(
                    "/pkg",
                    ServeDir::new(&demo.pkg_dir).not_found_service(not_found.clone()),
                )
                .fallback_service(ServeDir::new(&demo.www_dir).not_found_service(not_found));
            app.merge(security::page_headers(pages))
        }
        None => app.fallback(api::not_found),
    };
    let mut app = app.with_state(state.clone());
    if let Some(cors) = security::cors(&config.cors_origins) {
        app = app.layer(cors);
    }
    // Metrics after CORS: never on the browser-facing surface.
    if config.metrics_listen.is_none() {
        app = app.merge(
            Router::new()
                .route(METRICS_PATH, get(serve_metrics))
                .with_state(state.clone()),
        );
    }
    let linger = Linger {
        max_bytes: config.limits.max_upload_bytes,
        timeout: config.limits.body_read_timeout.min(DRAIN_GRACE),
    };
    traced(security::security_headers(app))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .layer(middleware::from_fn_with_state(state, with_context))
        .layer(middleware::from_fn_with_state(linger, drain_unread_body))
}

/// Every route with its description: the API routes (per-address rate limit; check-identity
/// its own too), the demo routes in demo mode, `/healthz` and `/openapi.json` (never limited).
pub(crate) fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let limits = state.config().limits;
    let (schemas, paths, check_identity) = routes!(api::check_identity);
    let check_identity = check_identity.route_layer(middleware::from_fn_with_state(
        state.clone(),
        limit_check_identity,
    ));
    let (upload_schemas, upload_paths, upload) = routes!(uploads::upload);
    let upload = upload.layer(DefaultBodyLimit::max(limits.max_upload_bytes));
    let mut api_routes = OpenApiRouter::new()
        .routes((schemas, paths, check_identity))
        .routes(routes!(api::individual))
        .routes(routes!(api::enterprise))
        .routes(routes!(api::review_result))
        .routes((upload_schemas, upload_paths, upload));
    if state.config().demo.is_some() {
        api_routes = api_routes
            .routes(routes!(demo::token))
            .routes(routes!(demo::customers));
    }
    let api_routes =
        api_routes.route_layer(middleware::from_fn_with_state(state.clone(), limit_general));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(api::healthz))
        .routes(routes!(openapi::document))
        .merge(api_routes)
}
