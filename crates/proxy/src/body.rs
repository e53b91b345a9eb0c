//! Reading what a caller sends, as extractors: a JSON body within its content type, size and time
//! limits, parsed by core ([`JsonBody`]); and a form of one operation, bound to the caller's
//! customer and valid at `Stage::Form` ([`ValidBody`], [`ValidQuery`]). Each refuses with the
//! proxy's [`Failure`].

use std::time::Duration;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hwc_kyc::json::{self, Value};
use hwc_kyc::{validate_as, Form, Issue, IssueCode, Options, ParamValue, Stage, Valid};

use crate::caller_token::Claims;
use crate::context::RequestContext;
use crate::error::{Failure, ProxyError};
use crate::state::AppState;

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

/// The body bytes of a JSON request: 415 unless `application/json`, 413 above `max_bytes`
/// (refused from `Content-Length` before reading when it is announced), 408 when it is not all
/// there within `timeout`.
async fn read_json_bytes(
    ctx: &RequestContext,
    headers: &HeaderMap,
    body: Body,
    max_bytes: usize,
    timeout: Duration,
) -> Result<Bytes, Failure> {
    if !content_type_is(headers, "application/json") {
        return Err(ctx.fail(ProxyError::UnsupportedMediaType));
    }
    if content_length(headers).is_some_and(|n| n > max_bytes as u64) {
        return Err(ctx.fail(ProxyError::PayloadTooLarge));
    }
    let read = Limited::new(body, max_bytes).collect();
    let Ok(read) = tokio::time::timeout(timeout, read).await else {
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

/// A JSON body parsed with core's parser (duplicate keys refused, nesting bounded): 415, 413 and
/// 408 as its limits say, a syntax error 400 `CBC.0100` with one `invalid_json` issue naming the
/// line and column.
pub(crate) struct JsonBody(pub Value);

impl FromRequest<AppState> for JsonBody {
    type Rejection = Failure;

    async fn from_request(req: Request, app: &AppState) -> Result<Self, Failure> {
        let (mut parts, body) = req.into_parts();
        let Ok(ctx) = RequestContext::from_request_parts(&mut parts, app).await;
        let limits = app.config().limits;
        let bytes = read_json_bytes(
            &ctx,
            &parts.headers,
            body,
            limits.max_body_bytes,
            limits.body_read_timeout,
        )
        .await?;
        json::parse(&bytes).map(JsonBody).map_err(|e| {
            ctx.fail(ProxyError::Invalid(vec![json_issue(
                &ctx,
                e.reason.to_string(),
                e.line,
                e.column,
            )]))
        })
    }
}

/// A form of `T`'s operation, as the browser sends it: read as [`JsonBody`], bound to the caller
/// (403 when it names another `customer_id` than the caller's token, on routes that take a
/// caller extractor, `Caller`), then valid at `Stage::Form` (400 with every issue).
pub(crate) struct ValidBody<T> {
    /// The validated value.
    pub valid: Valid<T>,
    /// The body as sent (logged masked).
    pub input: Value,
}

impl<T: Form + Send> FromRequest<AppState> for ValidBody<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, app: &AppState) -> Result<Self, Failure> {
        let (mut parts, body) = req.into_parts();
        let Ok(ctx) = RequestContext::from_request_parts(&mut parts, app).await;
        let claims = parts.extensions.get::<Claims>().cloned();
        let JsonBody(input) = JsonBody::from_request(Request::from_parts(parts, body), app).await?;
        let valid = checked::<T>(&ctx, claims.as_ref(), &input)?;
        Ok(ValidBody { valid, input })
    }
}

/// The query string of a GET route as a form of `T` (a repeated key keeps its first value, the
/// only one core reads), bound and validated as [`ValidBody`].
pub(crate) struct ValidQuery<T> {
    /// The validated value.
    pub valid: Valid<T>,
    /// The query as loose input (logged masked).
    pub input: Value,
}

impl<T: Form + Send> FromRequestParts<AppState> for ValidQuery<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Failure> {
        let Ok(ctx) = RequestContext::from_request_parts(parts, app).await;
        let pairs = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default();
        let mut members: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            if !members.iter().any(|(seen, _)| *seen == k) {
                members.push((k, Value::String(v)));
            }
        }
        let input = Value::Object(members);
        let valid = checked::<T>(&ctx, parts.extensions.get::<Claims>(), &input)?;
        Ok(ValidQuery { valid, input })
    }
}

/// 403 when `input` names another customer than the caller's (before anything else is read from
/// it), else core's validation at `Stage::Form` in the request's locale.
fn checked<T: Form>(
    ctx: &RequestContext,
    claims: Option<&Claims>,
    input: &Value,
) -> Result<Valid<T>, Failure> {
    if let Some(claims) = claims {
        match input.get("customer_id").and_then(Value::as_str) {
            Some(id) if id != claims.sub => return Err(ctx.fail(ProxyError::Forbidden)),
            _ => {}
        }
    }
    let form = Options::default().stage(Stage::Form).locale(ctx.locale);
    validate_as::<T>(input, &form).map_err(|issues| ctx.fail(ProxyError::Invalid(issues)))
}
