//! Security headers on every answer, CORS from the configured allow-list, and the caller-token
//! check.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::caller_token::{self, Claims, TokenError};
use crate::context::REQUEST_ID_HEADER;

/// Content-Security-Policy of JSON answers: nothing may load or frame them.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
/// Content-Security-Policy of the demo pages: same-origin scripts, WebAssembly, no inline script.
pub(crate) const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Middleware: `nosniff`, no framing, no referrer, and for API answers `no-store` and a CSP that
/// allows nothing (static files set their own CSP first).
pub(crate) async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    set_default(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(h, header::X_FRAME_OPTIONS, "DENY");
    set_default(h, header::REFERRER_POLICY, "no-referrer");
    set_default(h, header::CONTENT_SECURITY_POLICY, API_CSP);
    set_default(h, header::CACHE_CONTROL, "no-store");
    response
}

/// Middleware for static files: the page CSP and short caching.
pub(crate) async fn page_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    set_default(h, header::CONTENT_SECURITY_POLICY, PAGE_CSP);
    set_default(h, header::CACHE_CONTROL, "no-cache");
    response
}

/// CORS for the configured origins, or `None` (same-origin only) when there are none.
pub(crate) fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            // X-Request-Id: the id hwc-kyc-client sends with every call (results and errors
            // report it).
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                header::ACCEPT_LANGUAGE,
                REQUEST_ID_HEADER,
            ])
            .expose_headers([REQUEST_ID_HEADER, header::RETRY_AFTER])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

/// The caller's verified token claims from `Authorization: Bearer …`.
pub(crate) fn caller(headers: &HeaderMap, secret: &[u8], now: i64) -> Result<Claims, TokenError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(TokenError::Missing)?;
    let token = caller_token::bearer(value).ok_or(TokenError::Missing)?;
    caller_token::verify(secret, token, now)
}
