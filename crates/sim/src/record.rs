//! What the simulator received: a count of every request, and the latest requests themselves
//! (method, path and query, headers, body) when [`SimConfig::record_requests`] asks for them, so a
//! test can check what a proxy forwarded (for instance that it never forwards anything core would
//! refuse).
//!
//! [`SimConfig::record_requests`]: crate::SimConfig::record_requests

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hwc_kyc::Operation;

use crate::server::{lock, Simulator};

/// One request as it reached the simulator, before faults, authentication or validation.
///
/// ```
/// use hwc_kyc_sim::ReceivedRequest;
/// let r = ReceivedRequest {
///     method: "GET".into(),
///     path_and_query: "/v2/customers/realname-auths/result?customer_id=c1".into(),
///     headers: vec![("x-domain-id".into(), b"d".to_vec())],
///     body: Vec::new(),
/// };
/// assert_eq!(r.operation(), Some(hwc_kyc::Operation::ReviewResult));
/// assert_eq!((r.path(), r.query()), ("/v2/customers/realname-auths/result", "customer_id=c1"));
/// assert_eq!(r.header("X-Domain-Id"), Some(&b"d"[..]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target: path and, when present, `?` and the query.
    pub path_and_query: String,
    /// Every header in the order received: lower-case name, raw value bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query.as_str(), |(p, _)| p)
    }

    /// The query, without `?` (empty when there is none).
    pub fn query(&self) -> &str {
        self.path_and_query.split_once('?').map_or("", |(_, q)| q)
    }

    /// The value of the first header with this name (compared ignoring ASCII case).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The documented operation at this method and path, if any.
    pub fn operation(&self) -> Option<Operation> {
        Operation::ALL
            .into_iter()
            .find(|op| op.method() == self.method && op.path() == self.path())
    }
}

/// The count of requests and the latest ones kept.
#[derive(Debug)]
pub(crate) struct Recorder {
    keep: usize,
    count: AtomicU64,
    kept: Mutex<VecDeque<ReceivedRequest>>,
}

impl Recorder {
    pub fn new(keep: usize) -> Self {
        Recorder {
            keep,
            count: AtomicU64::new(0),
            kept: Mutex::new(VecDeque::new()),
        }
    }

    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    pub fn kept(&self) -> Vec<ReceivedRequest> {
        lock(&self.kept).iter().cloned().collect()
    }

    pub fn take(&self) -> Vec<ReceivedRequest> {
        lock(&self.kept).drain(..).collect()
    }

    fn push(&self, request: ReceivedRequest) {
        let mut kept = lock(&self.kept);
        while kept.len() >= self.keep {
            kept.pop_front();
        }
        kept.push_back(request);
    }
}

/// Middleware, outside the fault layer: counts every request and, when recording, keeps a copy
/// (reading at most `max_body` bytes of body; a longer body is answered 413 as the body limit
/// inside would).
pub(crate) async fn record(
    State((sim, max_body)): State<(Simulator, usize)>,
    req: Request,
    next: Next,
) -> Response {
    let recorder = sim.recorder();
    recorder.count.fetch_add(1, Ordering::Relaxed);
    if recorder.keep == 0 {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, max_body).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    recorder.push(ReceivedRequest {
        method: parts.method.as_str().to_string(),
        path_and_query: parts.uri.path_and_query().map_or_else(
            || parts.uri.path().to_string(),
            |pq| pq.as_str().to_string(),
        ),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
            .collect(),
        body: bytes.to_vec(),
    });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(n: usize) -> ReceivedRequest {
        ReceivedRequest {
            method: "POST".into(),
            path_and_query: format!("/x/{n}"),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    #[test]
    fn keeps_only_the_latest_requests() {
        let r = Recorder::new(2);
        for n in 0..5 {
            r.push(request(n));
        }
        let kept: Vec<String> = r.kept().into_iter().map(|k| k.path_and_query).collect();
        assert_eq!(kept, ["/x/3", "/x/4"]);
        assert_eq!(r.take().len(), 2);
        assert!(r.kept().is_empty());
    }

    #[test]
    fn an_unknown_path_or_method_is_no_operation() {
        let mut r = request(0);
        assert_eq!(r.operation(), None);
        r.path_and_query = Operation::CheckIdentity.path().into();
        assert_eq!(r.operation(), Some(Operation::CheckIdentity));
        r.method = "GET".into();
        assert_eq!(r.operation(), None);
    }
}
