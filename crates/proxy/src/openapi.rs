//! `GET /openapi.json`: the proxy's API as OpenAPI 3.1 for every client that is not the npm
//! package (partners' mobile apps, other back ends). utoipa builds it from the handlers' own
//! types (core's forms, answers and issues; the proxy's answers and error body), and the router
//! is built from the same description ([`crate::app`]), so it names every route served.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::state::AppState;

/// The description's frame; the routes join it as the router is built.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "hwc-kyc-proxy",
        description = "The reference partner backend of hwc-kyc: validates each form with the \
            same rules as the browser, adds the partner's fields, signs and forwards it to Huawei \
            Cloud BSS-intl at the same paths, and relays the answer. Messages follow \
            `Accept-Language` (en, zh-CN, es); every answer carries `X-Request-Id`."
    ),
    modifiers(&CallerToken),
    tags(
        (name = "operations", description = "The upstream's operations, validated and forwarded"),
        (name = "uploads", description = "Attachment files for `verified_file_url`"),
        (name = "demo", description = "Demo mode only (embedded simulator)"),
        (name = "service", description = "The proxy itself"),
    )
)]
pub(crate) struct ApiDoc;

/// The caller-token scheme the submission routes name.
struct CallerToken;

impl Modify for CallerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "caller_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "HS256 caller token from the partner's portal: `sub` is the customer_id",
                    ))
                    .build(),
            ),
        );
    }
}

/// This document (OpenAPI 3.1, JSON).
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "service",
    responses((status = 200, description = "This document", content_type = "application/json"))
)]
pub(crate) async fn document(State(app): State<AppState>) -> Response {
    let mut response = app.openapi_json().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
