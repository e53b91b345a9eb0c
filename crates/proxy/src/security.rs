//! Security headers on every answer (tower-http's `SetResponseHeaderLayer`, each only where the
//! answer has none: static files set their own CSP and caching first) and CORS from the
//! configured allow-list.

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::context::REQUEST_ID_HEADER;

/// Content-Security-Policy of JSON answers: nothing may load or frame them.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
/// Content-Security-Policy of the demo pages: same-origin scripts, WebAssembly, no inline script.
pub(crate) const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// `SetResponseHeaderLayer::if_not_present` for one header.
fn default_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Every answer: `nosniff`, no framing, no referrer; and, unless set already, `no-store` and a
/// CSP that allows nothing (what API answers get). One layer stack, so one service per route.
pub(crate) fn security_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(
        ServiceBuilder::new()
            .layer(default_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(default_header(header::X_FRAME_OPTIONS, "DENY"))
            .layer(default_header(header::REFERRER_POLICY, "no-referrer"))
            .layer(default_header(header::CONTENT_SECURITY_POLICY, API_CSP))
            .layer(default_header(header::CACHE_CONTROL, "no-store")),
    )
}

/// Static files: the page CSP and short caching.
pub(crate) fn page_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(
        ServiceBuilder::new()
            .layer(default_header(header::CONTENT_SECURITY_POLICY, PAGE_CSP))
            .layer(default_header(header::CACHE_CONTROL, "no-cache")),
    )
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
