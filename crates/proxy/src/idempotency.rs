//! Idempotency keys for submissions and uploads (the `Idempotency-Key` header of the IETF httpapi
//! draft): the first answer to a request is kept under (caller, key) with a fingerprint of its
//! body for [`ANSWER_TTL`]. The same key and body again: the kept answer, nothing forwarded; the
//! same key with another body (or route): 422 `KYC.0422`; while the first is still in flight:
//! 409 `KYC.0409` with `Retry-After`. Without the header, nothing changes.
//!
//! Only requests about to be forwarded (valid, bound to the caller) take a key: refusals before
//! that are answered as without one and never kept, so a kept answer is an upstream answer (or
//! an upload's file list) and holds no identity data beyond what that answer carried. Keys and
//! callers are kept as SHA-256 digests only. Answers of 500 and above (nothing or no readable
//! answer came back) are not kept: the key is freed, so a retry with it is forwarded.
//!
//! Once a request holds a key, its forwarding runs to the end even if the caller goes away, and
//! its answer is recorded (retried in the background while the shared state is unavailable),
//! so a retry gets that answer instead of a second submission.

use std::future::Future;
use std::time::Duration;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::context::RequestContext;
use crate::error::{ErrorBody, Failure, ProxyError};
use crate::shared::{Begin, Stored};
use crate::state::AppState;

/// The header.
pub const IDEMPOTENCY_KEY_HEADER: HeaderName = HeaderName::from_static("idempotency-key");
/// How long an answer is kept for its key.
pub const ANSWER_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Longest key, characters.
pub const MAX_KEY_LEN: usize = 255;
/// Largest answer kept (the documented answers are a few hundred bytes).
const MAX_KEPT_ANSWER: usize = 256 * 1024;
/// How long a key stays in flight beyond the upstream timeout (an instance that died mid-request
/// holds it that long at most).
const LEASE_MARGIN: Duration = Duration::from_secs(30);

/// The key of a value: a Structured Field string (`"8e03978e-…"`, as the draft writes it) or the
/// same characters unquoted; 1 to [`MAX_KEY_LEN`] visible ASCII characters. `Err` for anything
/// else, or for several values.
pub(crate) fn parse_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, ()> {
    let mut values = headers.get_all(IDEMPOTENCY_KEY_HEADER).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(());
    }
    let text = value.to_str().map_err(drop)?.trim();
    let inner = match text.strip_prefix('"') {
        Some(rest) => rest.strip_suffix('"').ok_or(())?,
        None => text,
    };
    let ok = (1..=MAX_KEY_LEN).contains(&inner.len())
        && inner
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    if ok {
        Ok(Some(inner.to_string()))
    } else {
        Err(())
    }
}

/// The answers an `Idempotency-Key` adds (and 400 `KYC.0400` for a malformed one).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum IdempotencyRefusals {
    /// `KYC.0409`, with `Retry-After`: the first request with this key is still being answered.
    #[response(status = 409)]
    InFlight(#[to_schema] ErrorBody),
    /// `KYC.0422`: this key was used with another body.
    #[response(status = 422)]
    KeyReused(#[to_schema] ErrorBody),
    /// `KYC.0503`, with `Retry-After`: the shared state (Redis) is unavailable; nothing was sent.
    #[response(status = 503)]
    Unavailable(#[to_schema] ErrorBody),
}

/// The OpenAPI description of the header.
pub(crate) const KEY_DESCRIPTION: &str = "Optional. One string of 1 to 255 visible ASCII \
    characters (quoted, as a Structured Field string, or bare). The first answer is kept 24 h \
    under (caller, key): the same key and body get it again without a second submission.";

/// The request's `Idempotency-Key`, if any: 400 `KYC.0400` when malformed.
pub(crate) struct IdempotencyKey(pub Option<String>);

impl FromRequestParts<AppState> for IdempotencyKey {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Failure> {
        let Ok(ctx) = RequestContext::from_request_parts(parts, app).await;
        parse_key(&parts.headers)
            .map(IdempotencyKey)
            .map_err(|()| ctx.fail(ProxyError::BadIdempotencyKey))
    }
}

fn digest(parts: &[&[u8]]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What a request is, for its key: the caller and the key (the record's name), and its route and
/// body (the fingerprint).
pub(crate) struct Keyed<'a> {
    /// The caller token's `sub`.
    pub caller: &'a str,
    /// The route (its metrics label).
    pub route: &'static str,
    /// The body as forwarded (a form's JSON; an upload's file names and content digests).
    pub body: &'a [&'a [u8]],
}

fn whole_seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

fn replayed(stored: Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (status, stored.body).into_response();
    if let Ok(ct) = HeaderValue::from_str(&stored.content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    response
}

/// Answers `work` at most once per (caller, key, body): see the module. Without a key, `work`
/// as it is.
pub(crate) async fn once<F>(
    app: &AppState,
    ctx: &RequestContext,
    key: Option<String>,
    request: Keyed<'_>,
    work: F,
) -> Result<Response, Failure>
where
    F: Future<Output = Result<Response, Failure>> + Send + 'static,
{
    let Some(key) = key else {
        return work.await;
    };
    let record = digest(&[request.caller.as_bytes(), key.as_bytes()]);
    let mut fingerprint: Vec<&[u8]> = vec![request.route.as_bytes()];
    fingerprint.extend_from_slice(request.body);
    let fp = digest(&fingerprint);
    let lease = app.config().limits.upstream_timeout + LEASE_MARGIN;
    let begin = app.shared().begin(&record, &fp, lease).await.map_err(|e| {
        tracing::warn!(error = %e, "idempotency record unavailable: refused, nothing forwarded");
        app.metrics().redis_error("idempotency");
        ctx.fail(ProxyError::Unavailable { retry_after: 1 })
    })?;
    match begin {
        Begin::Fresh => {}
        Begin::Replay(stored) => {
            tracing::info!(status = stored.status, "idempotent replay");
            app.metrics().replay(request.route);
            return Ok(replayed(stored));
        }
        Begin::InFlight { retry_after } => {
            return Err(ctx.fail(ProxyError::InFlight {
                retry_after: whole_seconds(retry_after).clamp(1, 60),
            }))
        }
        Begin::Mismatch => return Err(ctx.fail(ProxyError::KeyReused)),
    }
    // From here the request holds the key: finish and record even if the caller goes away.
    let task_app = app.clone();
    let task = tokio::spawn(async move {
        let response = work.await.unwrap_or_else(IntoResponse::into_response);
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, MAX_KEPT_ANSWER)
            .await
            .unwrap_or_default();
        let status = parts.status.as_u16();
        if status < 500 {
            let stored = Stored {
                status,
                content_type: parts
                    .headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("application/json")
                    .to_string(),
                body: body.clone(),
            };
            record_answer(task_app, record, fp, stored, lease).await;
        } else if let Err(e) = task_app.shared().release(&record, &fp).await {
            // The key stays in flight until its lease ends; then a retry is forwarded.
            tracing::warn!(error = %e, "idempotency key not freed");
            task_app.metrics().redis_error("idempotency_record");
        }
        Response::from_parts(parts, Body::from(body))
    });
    task.await.map_err(|e| {
        ctx.fail(ProxyError::Internal(format!(
            "the forwarding task failed: {e}"
        )))
    })
}

/// Records `stored`; when the shared state refuses, retries in the background (every half
/// second, within the key's lease) so the caller is answered now and a retry finds the answer.
async fn record_answer(app: AppState, record: String, fp: String, stored: Stored, lease: Duration) {
    if app
        .shared()
        .complete(&record, &fp, &stored, ANSWER_TTL)
        .await
        .is_ok()
    {
        return;
    }
    app.metrics().redis_error("idempotency_record");
    tokio::spawn(async move {
        let until = tokio::time::Instant::now() + lease;
        while tokio::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(500)).await;
            match app
                .shared()
                .complete(&record, &fp, &stored, ANSWER_TTL)
                .await
            {
                Ok(()) => {
                    tracing::info!("idempotency record written after a retry");
                    return;
                }
                Err(_) => app.metrics().redis_error("idempotency_record"),
            }
        }
        tracing::error!("idempotency record lost: a retry with its key may be forwarded again");
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn key_of(values: &[&str]) -> Result<Option<String>, ()> {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(IDEMPOTENCY_KEY_HEADER, HeaderValue::from_str(v).unwrap());
        }
        parse_key(&headers)
    }

    #[test]
    fn keys_are_structured_field_strings_or_their_bare_characters() {
        assert_eq!(key_of(&[]), Ok(None));
        assert_eq!(
            key_of(&["\"8e03978e-40d5-43e8-bc93-6894a57f9324\""]),
            Ok(Some("8e03978e-40d5-43e8-bc93-6894a57f9324".into()))
        );
        assert_eq!(key_of(&["abc 123"]), Ok(Some("abc 123".into())));
        let longest = "k".repeat(MAX_KEY_LEN);
        assert_eq!(key_of(&[&longest]), Ok(Some(longest.clone())));
        for bad in [
            "",
            "\"\"",
            "\"open",
            "a\"b",
            "back\\slash",
            &format!("{longest}k"),
        ] {
            assert_eq!(key_of(&[bad]), Err(()), "{bad:?}");
        }
        assert_eq!(key_of(&["a", "b"]), Err(()));
    }

    #[test]
    fn digests_separate_their_parts() {
        assert_ne!(digest(&[b"ab", b"c"]), digest(&[b"a", b"bc"]));
        assert_eq!(digest(&[b"x"]).len(), 64);
    }
}
