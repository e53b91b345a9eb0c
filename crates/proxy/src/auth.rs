//! The authenticated caller, as an extractor: the verified claims of its caller token.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

use crate::caller_token::{self, Claims, TokenError};
use crate::context::RequestContext;
use crate::error::{Failure, ProxyError};
use crate::state::AppState;

/// Seconds since the Unix epoch (0 before it).
pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
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

/// The caller of a route that needs a caller token: 401 `KYC.0401` without a valid one. Its
/// claims also go on the request, where the body extractors ([`crate::body::ValidBody`],
/// [`crate::body::ValidQuery`], which axum runs after every parts extractor) bind the form to
/// the caller's customer.
#[derive(Debug, Clone)]
pub(crate) struct Caller(pub Claims);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Failure> {
        let Ok(ctx) = RequestContext::from_request_parts(parts, app).await;
        let now = now_unix();
        let claims = caller(&parts.headers, app.token_secret(), now)
            .and_then(|claims| {
                app.config().caller_token_policy.check(&claims, now)?;
                Ok(claims)
            })
            .map_err(|e| ctx.fail(ProxyError::Unauthorized(e)))?;
        parts.extensions.insert(claims.clone());
        Ok(Caller(claims))
    }
}
