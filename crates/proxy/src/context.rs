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
    /// hex digits ([`new_request_id`]).
    pub id: String,
    /// Locale of messages, from `Accept-Language`.
    pub locale: Locale,
    /// The client address rate limits count against (`None` when unknown).
    pub client: Option<IpAddr>,
}

/// 16 random bytes as hex (file names, a generated secret).
pub(crate) fn random_hex() -> String {
    hex(&random_bytes())
}

/// 16 bytes from the OS.
fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: fall back to the clock, still unique enough for ids and file names.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_le_bytes();
    }
    bytes
}

/// Bytes as lowercase hex digits.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// A new request id, 32 hex digits: this process's random 64-bit prefix (drawn once) and a
/// counter. Unique across instances (their prefixes differ) without a system call per request:
/// drawing 16 OS-random bytes for each id was a tenth of the proxy's system-call time under load
/// (BENCHMARKS.md, "Proxy against nginx"). An id is not a secret: a caller may send its own.
pub(crate) fn new_request_id() -> String {
    static PREFIX: std::sync::OnceLock<[u8; 16]> = std::sync::OnceLock::new();
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut bytes = *PREFIX.get_or_init(random_bytes);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // The prefix's first half, the counter added to its second (distinct for 2^64 requests).
    let low = u64::from_be_bytes(bytes[8..].try_into().unwrap_or_default()).wrapping_add(n);
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    hex(&bytes)
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
                id: new_request_id(),
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
        id: caller_request_id(req.headers()).unwrap_or_else(new_request_id),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn is_hex_id(s: &str) -> bool {
        s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }

    #[test]
    fn request_ids_are_32_hex_digits_and_never_repeat() {
        let ids: Vec<String> = (0..10_000).map(|_| new_request_id()).collect();
        assert!(ids.iter().all(|id| is_hex_id(id)), "{:?}", &ids[..3]);
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
        // One process's ids share their first 16 digits (the prefix drawn once).
        assert!(ids.iter().all(|id| id[..16] == ids[0][..16]));
    }

    #[test]
    fn random_hex_is_32_hex_digits_and_fresh() {
        let (a, b) = (random_hex(), random_hex());
        assert!(is_hex_id(&a) && is_hex_id(&b));
        assert_ne!(a, b);
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
