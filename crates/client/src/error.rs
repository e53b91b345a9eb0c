//! What can go wrong with a call, as one typed error.

use std::time::Duration;

use hwc_kyc::{ApiError, Issue};

use crate::call::Call;

/// Why a call failed. Every variant carries the call's request id (the `X-Request-Id` it sent or
/// would have sent), so a user can quote it whatever happened.
///
/// ```
/// use hwc_kyc_client::ClientError;
/// let e = ClientError::Timeout { request_id: "3f2a".into(), timeout: std::time::Duration::from_secs(10) };
/// assert_eq!(e.kind(), "timeout");
/// assert_eq!(e.request_id(), "3f2a");
/// assert_eq!(e.to_string(), "no answer within 10000 ms");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The value did not pass core's validation (or, for an upload, core's attachment check):
    /// nothing was sent.
    #[error("the value is invalid ({} issue(s)); nothing was sent", .issues.len())]
    Invalid {
        /// Every issue, with messages in the call's locale.
        issues: Vec<Issue>,
        /// The call's id (never sent).
        request_id: String,
    },
    /// The token provider failed: nothing was sent.
    #[error("the caller token could not be obtained: {message}")]
    Token {
        /// What the provider said.
        message: String,
        /// The call's id (never sent).
        request_id: String,
    },
    /// The proxy (or the upstream through it) answered with an error.
    #[error("{0}")]
    Http(Box<HttpError>),
    /// No answer could be had: connection refused or reset, DNS, CORS, an unreadable body, or a
    /// request fetch refused to build (an invalid URL or header).
    #[error("network error: {message}")]
    Network {
        /// What fetch said.
        message: String,
        /// The call's id.
        request_id: String,
    },
    /// The call's time ran out before an answer was read.
    #[error("no answer within {} ms", .timeout.as_millis())]
    Timeout {
        /// The call's id.
        request_id: String,
        /// The time the call had.
        timeout: Duration,
    },
    /// The caller's abort signal fired (before sending, or while waiting).
    #[error("the call was aborted")]
    Aborted {
        /// The call's id.
        request_id: String,
    },
}

impl ClientError {
    /// `"invalid"`, `"token"`, `"http"`, `"network"`, `"timeout"` or `"aborted"`: the `kind` of
    /// the npm package's errors.
    pub fn kind(&self) -> &'static str {
        match self {
            ClientError::Invalid { .. } => "invalid",
            ClientError::Token { .. } => "token",
            ClientError::Http(_) => "http",
            ClientError::Network { .. } => "network",
            ClientError::Timeout { .. } => "timeout",
            ClientError::Aborted { .. } => "aborted",
        }
    }

    /// The call's request id.
    pub fn request_id(&self) -> &str {
        match self {
            ClientError::Invalid { request_id, .. }
            | ClientError::Token { request_id, .. }
            | ClientError::Network { request_id, .. }
            | ClientError::Timeout { request_id, .. }
            | ClientError::Aborted { request_id } => request_id,
            ClientError::Http(e) => &e.request_id,
        }
    }
}

/// An error answer: core's reading of it, and what the client knows about the exchange.
///
/// The description of `error.code` in any locale is `error.description(locale)`; its
/// `fail_check_items` are described by `error.fail_check_descriptions(locale)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct HttpError {
    /// The client method.
    pub call: Call,
    /// The answer, read by core's parser (status, kind, code, message, fail_check_items,
    /// issues). For uploads, which have no operation of their own, `error.operation` is
    /// individual real-name authentication: the codes the proxy answers there mean the same.
    pub error: ApiError,
    /// The id the call sent in `X-Request-Id`.
    pub request_id: String,
    /// The server's id for the answer: the body's `request_id`, else the `X-Request-Id` header
    /// of the answer.
    pub server_request_id: Option<String>,
    /// The wait the answer's `Retry-After` asked for, when it had one.
    pub retry_after: Option<Duration>,
}
