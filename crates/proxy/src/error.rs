//! The proxy's own refusals, answered in the gateway's shape
//! `{"error_code","error_msg","request_id"}` with codes, statuses and localized texts from core's
//! catalog (`CBC.0100` for validation, `KYC.*` for the rest).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hwc_kyc::catalog::{self, lookup_error};
use hwc_kyc::issue::write_issues_json;
use hwc_kyc::json::write_string;
use hwc_kyc::{Issue, Locale, JSON_CONTENT_TYPE};
use utoipa::ToSchema;

use crate::caller_token::TokenError;

/// Why the proxy refused a request itself.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// The body failed validation: 400 `CBC.0100` with every issue.
    #[error("invalid request ({} issues)", .0.len())]
    Invalid(Vec<Issue>),
    /// No valid caller token: 401 `KYC.0401`.
    #[error("caller token refused: {0}")]
    Unauthorized(#[from] TokenError),
    /// The token is another customer's: 403 `KYC.0403`.
    #[error("caller acts for another customer")]
    Forbidden,
    /// 404 `KYC.0404`.
    #[error("no such route")]
    NotFound,
    /// 405 `KYC.0405`.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 408 `KYC.0408`: the body did not arrive within `body_read_timeout_ms`.
    #[error("body not received in time")]
    RequestTimeout,
    /// 413 `KYC.0413`.
    #[error("body too large")]
    PayloadTooLarge,
    /// 415 `KYC.0415`.
    #[error("unsupported content type")]
    UnsupportedMediaType,
    /// 429 `KYC.0429`, with the seconds to wait.
    #[error("rate limited")]
    TooManyRequests {
        /// Seconds until a request will be accepted.
        retry_after: u64,
    },
    /// 500 `KYC.0500`; the reason is logged, never answered.
    #[error("internal error: {0}")]
    Internal(String),
    /// 502 `KYC.0502`, with a reason that names no secret.
    #[error("bad gateway: {0}")]
    BadGateway(String),
    /// 504 `KYC.0504`.
    #[error("upstream timeout")]
    GatewayTimeout,
    /// 400 `KYC.0400`: the `Idempotency-Key` header is malformed.
    #[error("malformed Idempotency-Key")]
    BadIdempotencyKey,
    /// 409 `KYC.0409`: the first request with this key is still being answered.
    #[error("a request with this Idempotency-Key is in flight")]
    InFlight {
        /// Seconds after which the answer should be there.
        retry_after: u64,
    },
    /// 422 `KYC.0422`: the key was used with another body.
    #[error("Idempotency-Key reused with another body")]
    KeyReused,
    /// 503 `KYC.0503`: the shared state is unavailable; nothing was forwarded.
    #[error("shared state unavailable")]
    Unavailable {
        /// Seconds to wait.
        retry_after: u64,
    },
}

impl ProxyError {
    /// The catalog code of this refusal.
    pub fn code(&self) -> &'static str {
        match self {
            ProxyError::Invalid(_) => "CBC.0100",
            ProxyError::Unauthorized(_) => catalog::PROXY_UNAUTHORIZED,
            ProxyError::Forbidden => catalog::PROXY_FORBIDDEN,
            ProxyError::NotFound => catalog::PROXY_NOT_FOUND,
            ProxyError::MethodNotAllowed => catalog::PROXY_METHOD_NOT_ALLOWED,
            ProxyError::RequestTimeout => catalog::PROXY_REQUEST_TIMEOUT,
            ProxyError::PayloadTooLarge => catalog::PROXY_PAYLOAD_TOO_LARGE,
            ProxyError::UnsupportedMediaType => catalog::PROXY_UNSUPPORTED_MEDIA_TYPE,
            ProxyError::TooManyRequests { .. } => catalog::PROXY_TOO_MANY_REQUESTS,
            ProxyError::Internal(_) => catalog::PROXY_INTERNAL_ERROR,
            ProxyError::BadGateway(_) => catalog::PROXY_BAD_GATEWAY,
            ProxyError::GatewayTimeout => catalog::PROXY_GATEWAY_TIMEOUT,
            ProxyError::BadIdempotencyKey => catalog::PROXY_BAD_IDEMPOTENCY_KEY,
            ProxyError::InFlight { .. } => catalog::PROXY_IDEMPOTENCY_IN_FLIGHT,
            ProxyError::KeyReused => catalog::PROXY_IDEMPOTENCY_KEY_REUSED,
            ProxyError::Unavailable { .. } => catalog::PROXY_UNAVAILABLE,
        }
    }
}

/// The body of every error answer: the proxy's own refusals (`KYC.*`, and `CBC.0100` with
/// `issues`), and the upstream's errors it relays (with `fail_check_items` when the upstream
/// sends them, and the proxy's `request_id` when they carry none): what a `Failure` writes.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct ErrorBody {
    /// `CBC.*` (Huawei Cloud's, or `CBC.0100` for an invalid form) or `KYC.*` (the proxy's).
    error_code: String,
    /// The code's description, in the request's locale for the proxy's codes.
    error_msg: String,
    /// The request's id, as in `X-Request-Id`.
    request_id: String,
    /// With 400 `CBC.0100`: every problem of the form.
    issues: Option<Vec<Issue>>,
    /// With 502: why the upstream's answer could not be used.
    detail: Option<String>,
    /// With an upstream business refusal: the checks that failed (`IS_DEBT`, …).
    fail_check_items: Option<Vec<String>>,
}

/// The error answers of a route that needs no caller token (and of the upstream, relayed).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum Refusals {
    /// The form is invalid: `CBC.0100` with every issue (also the upstream's own 400s, relayed).
    #[response(status = 400)]
    Invalid(#[to_schema] ErrorBody),
    /// `KYC.0408`: the body did not arrive in time.
    #[response(status = 408)]
    Timeout(#[to_schema] ErrorBody),
    /// `KYC.0413`: the body is too large.
    #[response(status = 413)]
    TooLarge(#[to_schema] ErrorBody),
    /// `KYC.0415`: not `application/json`.
    #[response(status = 415)]
    MediaType(#[to_schema] ErrorBody),
    /// `KYC.0429`, with `Retry-After`: over a per-address rate limit.
    #[response(status = 429)]
    RateLimited(#[to_schema] ErrorBody),
    /// `KYC.0500`: the proxy failed.
    #[response(status = 500)]
    Internal(#[to_schema] ErrorBody),
    /// `KYC.0502`: the upstream's answer could not be read, or the attachment store failed
    /// (`detail`).
    #[response(status = 502)]
    BadGateway(#[to_schema] ErrorBody),
    /// `KYC.0504`: no upstream (or attachment store) answer in time.
    #[response(status = 504)]
    GatewayTimeout(#[to_schema] ErrorBody),
}

/// The error answers of a route that needs a caller token, besides [`Refusals`].
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum CallerRefusals {
    /// `KYC.0401`: no valid caller token.
    #[response(status = 401)]
    Unauthorized(#[to_schema] ErrorBody),
    /// `KYC.0403`: the form names another customer than the token's.
    #[response(status = 403)]
    Forbidden(#[to_schema] ErrorBody),
}

/// A refusal ready to answer: the error with the request's id and locale.
#[derive(Debug)]
pub struct Failure {
    error: ProxyError,
    request_id: String,
    locale: Locale,
}

impl Failure {
    /// A refusal of the request `request_id`, described in `locale`.
    pub fn new(error: ProxyError, request_id: String, locale: Locale) -> Self {
        Failure {
            error,
            request_id,
            locale,
        }
    }

    /// Why.
    pub fn error(&self) -> &ProxyError {
        &self.error
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let code = self.error.code();
        let (status, text) = match lookup_error(code, None) {
            Some(e) => (
                StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                e.description(self.locale),
            ),
            None => (StatusCode::INTERNAL_SERVER_ERROR, ""),
        };
        // {"error_code","error_msg","request_id"} and, for 400, core's issue list.
        let mut body = String::with_capacity(128);
        body.push_str("{\"error_code\":");
        write_string(&mut body, code);
        body.push_str(",\"error_msg\":");
        write_string(&mut body, text);
        body.push_str(",\"request_id\":");
        write_string(&mut body, &self.request_id);
        match &self.error {
            ProxyError::Invalid(issues) => {
                body.push_str(",\"issues\":");
                write_issues_json(&mut body, issues);
            }
            ProxyError::BadGateway(detail) => {
                body.push_str(",\"detail\":");
                write_string(&mut body, detail);
            }
            ProxyError::Internal(reason) => {
                tracing::error!(reason = %reason, "internal error");
            }
            _ => {}
        }
        body.push('}');
        tracing::info!(error_code = code, reason = %self.error, "refused");
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(JSON_CONTENT_TYPE),
        );
        if let ProxyError::TooManyRequests { retry_after }
        | ProxyError::InFlight { retry_after }
        | ProxyError::Unavailable { retry_after } = self.error
        {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
        }
        response
    }
}
