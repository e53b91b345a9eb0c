//! The simulator as a `Router`, its fault-injection layer, and a server that can also drop
//! connections.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use hwc_kyc::model::{EnterpriseRealnameAuth, IndividualRealnameAuth};
use hwc_kyc::Operation;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::answer::Answer;
use crate::codes;
use crate::config::{Partner, SimConfig};
use crate::fault::{Fault, FAULT_HEADER};
use crate::handlers;
use crate::record::{self, ReceivedRequest, Recorder};
use crate::state::State as SimState;

/// The largest request body the simulator reads (the real gateway's limit is larger than any
/// valid request of these APIs).
const MAX_BODY_BYTES: usize = 1024 * 1024;

struct Inner {
    config: SimConfig,
    state: Mutex<SimState>,
    fault: Mutex<Option<Fault>>,
    recorder: Recorder,
}

/// A BSS-intl simulator: in-memory state behind the documented paths. Cheap to clone (shared).
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use hwc_kyc_sim::{SimConfig, Simulator};
/// let handle = Simulator::new(SimConfig::default()).spawn("127.0.0.1:0".parse().unwrap()).await?;
/// println!("simulator at {}", handle.url());
/// handle.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("partner", &self.inner.config.partner)
            .finish_non_exhaustive()
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave the state half-written in a way that matters
    // to a test double; keep serving.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Simulator {
    /// A simulator seeded from `config`.
    ///
    /// ```
    /// let sim = hwc_kyc_sim::Simulator::new(hwc_kyc_sim::SimConfig::default());
    /// assert_eq!(sim.partner().xaccount_type, "HWC_KYC_IDP");
    /// ```
    pub fn new(config: SimConfig) -> Self {
        let state = SimState::new(&config);
        let fault = config.fault.filter(|f| !f.is_none());
        let recorder = Recorder::new(config.record_requests);
        Simulator {
            inner: Arc::new(Inner {
                config,
                state: Mutex::new(state),
                fault: Mutex::new(fault),
                recorder,
            }),
        }
    }

    /// The configuration it was made with.
    pub fn config(&self) -> &SimConfig {
        &self.inner.config
    }

    /// The partner it accepts.
    pub fn partner(&self) -> &Partner {
        &self.inner.config.partner
    }

    /// The seeded customers: `(customer_id, description)`.
    ///
    /// ```
    /// let sim = hwc_kyc_sim::Simulator::new(hwc_kyc_sim::SimConfig::default());
    /// assert!(sim.seeded_customers().iter().any(|(id, _)| id == "cust-arrears-001"));
    /// ```
    pub fn seeded_customers(&self) -> Vec<(String, String)> {
        self.inner
            .config
            .customers
            .iter()
            .map(|c| (c.customer_id.clone(), c.description.clone()))
            .collect()
    }

    /// Replaces the fault applied to requests without an `X-Sim-Fault` header (`None`: none).
    ///
    /// ```
    /// use hwc_kyc_sim::{Fault, SimConfig, Simulator};
    /// let sim = Simulator::new(SimConfig::default());
    /// sim.set_fault(Some(Fault::status(503)));
    /// assert_eq!(sim.fault(), Some(Fault::status(503)));
    /// ```
    pub fn set_fault(&self, fault: Option<Fault>) {
        *lock(&self.inner.fault) = fault.filter(|f| !f.is_none());
    }

    /// The fault applied to requests without an `X-Sim-Fault` header.
    pub fn fault(&self) -> Option<Fault> {
        *lock(&self.inner.fault)
    }

    /// How many requests reached the simulator (any path, faulted or not), whether or not they
    /// are kept.
    ///
    /// ```
    /// let sim = hwc_kyc_sim::Simulator::new(hwc_kyc_sim::SimConfig::default());
    /// assert_eq!(sim.received_count(), 0);
    /// ```
    pub fn received_count(&self) -> u64 {
        self.inner.recorder.count()
    }

    /// The latest requests received, oldest first: at most
    /// [`SimConfig::record_requests`] of them (none by default).
    ///
    /// ```
    /// use hwc_kyc_sim::{SimConfig, Simulator};
    /// let sim = Simulator::new(SimConfig { record_requests: 100, ..SimConfig::default() });
    /// assert!(sim.received().is_empty());
    /// ```
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.inner.recorder.kept()
    }

    /// [`Simulator::received`], emptying the record (the count goes on).
    pub fn take_received(&self) -> Vec<ReceivedRequest> {
        self.inner.recorder.take()
    }

    pub(crate) fn recorder(&self) -> &Recorder {
        &self.inner.recorder
    }

    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut SimState) -> R) -> R {
        f(&mut lock(&self.inner.state))
    }

    /// The routes: the three operations and the review-result query at their documented paths,
    /// behind the fault-injection layer and the recording of requests. Serve it with
    /// [`Simulator::spawn`] for `drop` and `reset` faults to close connections; any other server
    /// answers them with an empty 502.
    pub fn router(&self) -> Router {
        Router::new()
            .route(
                Operation::CheckIdentity.path(),
                post(handlers::check_identity),
            )
            .route(
                Operation::IndividualRealnameAuth.path(),
                post(handlers::realname::<IndividualRealnameAuth>),
            )
            .route(
                Operation::EnterpriseRealnameAuth.path(),
                post(handlers::realname::<EnterpriseRealnameAuth>),
            )
            .route(Operation::ReviewResult.path(), get(handlers::review_result))
            .fallback(handlers::no_such_api)
            .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
            .layer(middleware::from_fn_with_state(self.clone(), inject_fault))
            .layer(middleware::from_fn_with_state(
                (self.clone(), MAX_BODY_BYTES),
                record::record,
            ))
            .with_state(self.clone())
    }

    /// Serves the simulator on `addr` (use port 0 for any free port) until the handle is shut
    /// down or dropped.
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn spawn(self, addr: SocketAddr) -> io::Result<SimHandle> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let router = self.router();
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(accept_loop(listener, router, stopped));
        tracing::info!(%addr, "BSS-intl simulator listening");
        Ok(SimHandle {
            addr,
            simulator: self,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A running simulator. Dropping it stops accepting connections.
#[derive(Debug)]
pub struct SimHandle {
    addr: SocketAddr,
    simulator: Simulator,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{addr}`, the base URL to send the documented paths to.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The simulator served (to switch faults at run time).
    pub fn simulator(&self) -> &Simulator {
        &self.simulator
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Marks a response whose connection must be closed without sending it.
#[derive(Debug, Clone, Copy)]
struct DropConnection;

/// Marks a response whose connection must end with a TCP reset (RST) instead of a FIN.
#[derive(Debug, Clone, Copy)]
struct ResetConnection;

/// A connection that can be made to end with a TCP reset: zero linger is set when it is dropped
/// after a `reset` fault.
struct Resettable {
    stream: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for Resettable {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            // Zero linger never blocks (only a positive linger does, hence the deprecation):
            // closing then sends RST and discards unsent data.
            #[allow(deprecated)]
            let _ = self.stream.set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for Resettable {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Resettable {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The error that makes hyper close a connection without answering.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by an injected fault")]
struct Dropped;

async fn accept_loop(listener: TcpListener, router: Router, mut stopped: oneshot::Receiver<()>) {
    loop {
        let stream = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let router = router.clone();
        let reset = Arc::new(AtomicBool::new(false));
        let io = Resettable {
            stream,
            reset: reset.clone(),
        };
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                let router = router.clone();
                let reset = reset.clone();
                async move {
                    let response = match router.oneshot(req.map(Body::new)).await {
                        Ok(r) => r,
                        Err(never) => match never {},
                    };
                    if response.extensions().get::<ResetConnection>().is_some() {
                        reset.store(true, Ordering::Relaxed);
                    }
                    if response.extensions().get::<DropConnection>().is_some() {
                        Err(Dropped)
                    } else {
                        Ok(response)
                    }
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(io), service)
                .await;
        });
    }
}

/// The fault for this request: its `X-Sim-Fault` header, else the configured one.
fn requested_fault(sim: &Simulator, req: &Request) -> Result<Option<Fault>, Answer> {
    match req.headers().get(FAULT_HEADER) {
        None => Ok(sim.fault()),
        Some(v) => {
            let text = v.to_str().unwrap_or("\u{fffd}");
            text.parse::<Fault>()
                .map(|f| (!f.is_none()).then_some(f))
                .map_err(|e| {
                    Answer::error(codes::PARAMETER_ERROR, None, &[]).with_detail(&e.to_string())
                })
        }
    }
}

async fn inject_fault(State(sim): State<Simulator>, req: Request, next: Next) -> Response {
    let fault = match requested_fault(&sim, &req) {
        Ok(Some(f)) => f,
        Ok(None) => return next.run(req).await,
        Err(answer) => return answer.into_response(),
    };
    tracing::info!(%fault, path = %req.uri().path(), "injecting fault");
    if let Some(latency) = fault.latency {
        tokio::time::sleep(latency).await;
    }
    if fault.drop || (fault.reset && !fault.truncate) {
        let mut r = StatusCode::BAD_GATEWAY.into_response();
        r.extensions_mut().insert(DropConnection);
        if fault.reset {
            r.extensions_mut().insert(ResetConnection);
        }
        return r;
    }
    if fault.garbage {
        let status = fault
            .status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        let mut r = (status, "<html><body>upstream went sideways").into_response();
        // With `content-type` the page says what it is; without, it claims to be JSON.
        let label = if fault.wrong_content_type {
            "text/html; charset=utf-8"
        } else {
            hwc_kyc::JSON_CONTENT_TYPE
        };
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(label));
        return r;
    }
    if let Some(status) = fault.status {
        let mut answer = Answer::error(codes::OTHER_ERROR, None, &[]);
        answer.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return answer.into_response();
    }
    let mut response = next.run(req).await;
    if fault.wrong_content_type {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    if fault.truncate_json {
        response = truncate_json(response).await;
    }
    if fault.truncate {
        response = truncate(response).await;
        if fault.reset {
            response.extensions_mut().insert(ResetConnection);
        }
    }
    response
}

/// A complete answer whose body is the first half of the JSON it would have been.
async fn truncate_json(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(half.len()));
    Response::from_parts(parts, Body::from(half))
}

/// Announces the whole body, sends half of it, then fails the body so the connection closes.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(1)),
    );
    let stream = futures_util::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<Bytes, io::Error>(half), 1)),
                1 => {
                    // Let the half body reach the client before the connection is cut.
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    Some((Err(io::Error::other("truncated by an injected fault")), 2))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}
