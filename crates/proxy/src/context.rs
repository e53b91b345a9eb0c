//! Per-request context: a request id (answered in `X-Request-Id`: the caller's own when it sent a
//! well-formed one, else a new one), the caller's locale (from `Accept-Language`) and client
//! address. A middleware builds it first; handlers and the other extractors take it as an
//! extractor, and refuse through it ([`RequestContext::fail`]).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use hwc_kyc::Locale;
use ipnet::IpNet;

use crate::config::Config;
use crate::error::{Failure, ProxyError};
use crate::state::AppState;

/// Header carrying the request id on every answer.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler knows about its request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// The request's id, answered in `X-Request-Id` and in error bodies and logged with it: the
    /// caller's `X-Request-Id` when it is well-formed (see [`caller_request_id`]), so that the
    /// caller's record of a call (`KycClient` sends one) matches the proxy's log; else 32 random
    /// hex digits.
    pub id: String,
    /// Locale of messages, from `Accept-Language`.
    pub locale: Locale,
    /// The client address rate limits count against (`None` when unknown).
    pub client: Option<IpAddr>,
}

/// 16 random bytes as hex.
pub(crate) fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: fall back to the clock, still unique enough for ids (never used
        // for secrets: file names and ids only).
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Longest caller `X-Request-Id` the proxy adopts.
pub const MAX_CALLER_REQUEST_ID: usize = 64;

/// The caller's `X-Request-Id`, if it is one value of 1 to [`MAX_CALLER_REQUEST_ID`] ASCII
/// letters, digits, `-`, `_` or `.`: what can go into logs and headers as it is. Anything else
/// (several values, spaces, quotes, control or non-ASCII characters, too long) is not adopted,
/// and the request gets a new id.
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue};
/// use hwc_kyc_proxy::{caller_request_id, REQUEST_ID_HEADER};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(REQUEST_ID_HEADER, HeaderValue::from_static("4f2a9c0d-client.1"));
/// assert_eq!(caller_request_id(&headers).as_deref(), Some("4f2a9c0d-client.1"));
/// headers.insert(REQUEST_ID_HEADER, HeaderValue::from_static("two words"));
/// assert_eq!(caller_request_id(&headers), None);
/// ```
pub fn caller_request_id(headers: &axum::http::HeaderMap) -> Option<String> {
    let mut values = headers.get_all(REQUEST_ID_HEADER).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let id = value.to_str().ok()?;
    let well_formed = (1..=MAX_CALLER_REQUEST_ID).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    well_formed.then(|| id.to_owned())
}

/// The locale of the first language of an `Accept-Language` value.
fn locale_of(req: &Request) -> Locale {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|tag| Locale::parse(tag.split(';').next().unwrap_or("").trim()))
        .unwrap_or_default()
}

/// The client address. With `trusted_proxies`: when the peer is one of them, `X-Forwarded-For`
/// is walked from its right-most entry leftwards past trusted proxies, and the first untrusted
/// address is the client (entries left of it are whatever the client wrote, so never believed);
/// an entry that is not an address stops the walk at the last trusted hop, and a chain of trusted
/// proxies only is its left-most. A peer that is not a trusted proxy is the client, whatever it
/// sends. Without `trusted_proxies`, `trust_forwarded_for` takes the last entry from any peer
/// (the older key: only safe when nothing but the reverse proxy can reach the proxy).
fn client_of(req: &Request, config: &Config) -> Option<IpAddr> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if !config.trusted_proxies.is_empty() {
        return peer.map(|peer| behind_trusted(peer, req.headers(), &config.trusted_proxies));
    }
    if config.trust_forwarded_for {
        // Only the last entry was written by the trusted proxy; earlier ones are the client's.
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|s| s.trim().parse::<IpAddr>().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    peer
}

/// The right-most address of `X-Forwarded-For` (all its fields, in order) that is not a trusted
/// proxy, `peer` being the last hop.
fn behind_trusted(peer: IpAddr, headers: &axum::http::HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(&ip.to_canonical()));
    let mut hop = peer.to_canonical();
    if !is_trusted(hop) {
        return hop;
    }
    let fields: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    for entry in fields.iter().rev().flat_map(|v| v.rsplit(',')) {
        let Ok(ip) = entry.trim().parse::<IpAddr>() else {
            return hop;
        };
        hop = ip.to_canonical();
        if !is_trusted(hop) {
            return hop;
        }
    }
    hop
}

impl RequestContext {
    /// This request's refusal.
    pub fn fail(&self, error: impl Into<ProxyError>) -> Failure {
        Failure::new(error.into(), self.id.clone(), self.locale)
    }
}

/// The context [`with_context`] put on the request. Behind that middleware it is always there;
/// a router without it still gets a context, with a new id.
impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(match parts.extensions.get::<RequestContext>() {
            Some(ctx) => ctx.clone(),
            None => RequestContext {
                id: random_hex(),
                locale: Locale::default(),
                client: None,
            },
        })
    }
}

/// Middleware (outside the trace layer, which names the request's span after its id): builds the
/// [`RequestContext`] and stamps `X-Request-Id` on the answer.
pub(crate) async fn with_context(
    State(app): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let ctx = RequestContext {
        id: caller_request_id(req.headers()).unwrap_or_else(random_hex),
        locale: locale_of(&req),
        client: client_of(&req, app.config()),
    };
    let id = HeaderValue::from_str(&ctx.id).ok();
    req.extensions_mut().insert(ctx);
    let mut response = next.run(req).await;
    if let Some(id) = id {
        response.headers_mut().insert(REQUEST_ID_HEADER, id);
    }
    response
}
