//! The recording front: every request it receives is recorded (method, path, headers), then
//! forwarded unchanged to the proxy; the proxy's answer is relayed unchanged.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// Largest body the front forwards (uploads in the tests are a few bytes).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// One request as the front received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    pub fn to_json(&self) -> Value {
        let mut headers = Map::new();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), Value::String(value.clone()));
        }
        json!({ "method": self.method, "path": self.path, "headers": headers })
    }
}

/// The front's record, shared with the control API.
#[derive(Debug, Clone, Default)]
pub struct Record(Arc<Mutex<Vec<Recorded>>>);

impl Record {
    fn push(&self, r: Recorded) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(r);
    }

    pub fn all(&self) -> Vec<Recorded> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[derive(Clone)]
pub struct Front {
    pub record: Record,
    pub proxy: String,
    pub http: reqwest::Client,
}

/// Headers of one hop, not forwarded.
fn hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "transfer-encoding"
            | "te"
            | "trailer"
            | "upgrade"
            | "host"
            | "content-length"
            | "proxy-connection"
    )
}

fn forwardable(
    headers: &HeaderMap,
) -> impl Iterator<Item = (&HeaderName, &axum::http::HeaderValue)> {
    headers.iter().filter(|(name, _)| !hop_by_hop(name))
}

fn bad_gateway(why: impl std::fmt::Display) -> Response {
    (StatusCode::BAD_GATEWAY, format!("test front: {why}")).into_response()
}

/// Records the request, forwards it to the proxy and relays the answer.
pub async fn forward(State(front): State<Front>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    front.record.push(Recorded {
        method: parts.method.to_string(),
        path: path.clone(),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    });
    let body: Bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(e) => return bad_gateway(e),
    };
    let mut upstream = front
        .http
        .request(parts.method.clone(), format!("{}{path}", front.proxy));
    for (name, value) in forwardable(&parts.headers) {
        upstream = upstream.header(name, value);
    }
    let answer = match upstream.body(body).send().await {
        Ok(a) => a,
        Err(e) => return bad_gateway(e),
    };
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = match answer.bytes().await {
        Ok(b) => b,
        Err(e) => return bad_gateway(e),
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in forwardable(&headers) {
        response.headers_mut().append(name.clone(), value.clone());
    }
    response
}
