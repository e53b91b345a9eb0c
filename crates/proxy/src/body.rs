//! Reading a caller's JSON body: the content type, the size limit and the time limit, then
//! core's JSON parser.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hwc_kyc::json::{self, Value};
use hwc_kyc::{Issue, IssueCode, ParamValue};

use crate::context::RequestContext;
use crate::error::{Failure, ProxyError};

/// True when the `Content-Type` is `application/json` (any parameters) or, for uploads,
/// `multipart/form-data`.
pub(crate) fn content_type_is(headers: &HeaderMap, essence: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(essence))
}

/// The announced `Content-Length`, when there is a readable one.
pub(crate) fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// How much body a caller may send, and for how long.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// Largest body, bytes (413 above).
    pub max_bytes: usize,
    /// Time to send all of it once the headers are in (408 after).
    pub timeout: Duration,
}

/// The body bytes of a JSON request: 415 unless `application/json`, 413 above `max_bytes`
/// (refused from `Content-Length` before reading when it is announced), 408 when it is not all
/// there within `timeout`.
pub(crate) async fn read_json_bytes(
    ctx: &RequestContext,
    headers: &HeaderMap,
    body: Body,
    limits: BodyLimits,
) -> Result<Bytes, Failure> {
    if !content_type_is(headers, "application/json") {
        return Err(ctx.fail(ProxyError::UnsupportedMediaType));
    }
    if content_length(headers).is_some_and(|n| n > limits.max_bytes as u64) {
        return Err(ctx.fail(ProxyError::PayloadTooLarge));
    }
    let read = Limited::new(body, limits.max_bytes).collect();
    let Ok(read) = tokio::time::timeout(limits.timeout, read).await else {
        return Err(ctx.fail(ProxyError::RequestTimeout));
    };
    match read {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ctx.fail(ProxyError::PayloadTooLarge))
        }
        // The caller went away mid-body; whatever is answered is not read.
        Err(_) => Err(ctx.fail(ProxyError::Invalid(vec![json_issue(
            ctx,
            "the body could not be read".into(),
            0,
            0,
        )]))),
    }
}

fn json_issue(ctx: &RequestContext, reason: String, line: usize, column: usize) -> Issue {
    Issue::new(
        Vec::new(),
        IssueCode::InvalidJson,
        vec![
            ("reason", ParamValue::from(reason)),
            ("line", line.into()),
            ("column", column.into()),
        ],
        ctx.locale,
    )
}

/// Parses JSON with core's parser (duplicate keys refused, nesting bounded): a syntax error is
/// 400 `CBC.0100` with one `invalid_json` issue naming the line and column.
pub(crate) fn parse_json(ctx: &RequestContext, bytes: &[u8]) -> Result<Value, Failure> {
    json::parse(bytes).map_err(|e| {
        ctx.fail(ProxyError::Invalid(vec![json_issue(
            ctx,
            e.reason.to_string(),
            e.line,
            e.column,
        )]))
    })
}
