//! The gateway's check of the partner: an IAM token in `X-Auth-Token`, or an AK/SK signature
//! (`hwc_kyc::signing::verify`, which also refuses an `X-Sdk-Date` more than 15 minutes off) with
//! the partner's `X-Domain-Id`.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, Method, Uri};
use hwc_kyc::request::AUTH_TOKEN_HEADER;
use hwc_kyc::signing::{verify, VerifyError};

use crate::config::Partner;

/// Why the gateway refused the partner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AuthError {
    /// The token is not the partner's.
    #[error("unknown IAM token")]
    BadToken,
    /// The AK/SK signature failed.
    #[error(transparent)]
    Signature(#[from] VerifyError),
    /// The signature is good but `X-Domain-Id` is missing or another account's.
    #[error("X-Domain-Id is missing or not the partner's")]
    DomainId,
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Checks the request's credentials against the partner's.
pub(crate) fn authenticate(
    partner: &Partner,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), AuthError> {
    if let Some(token) = headers.get(AUTH_TOKEN_HEADER) {
        let expected = partner.auth_token.as_deref().map(str::as_bytes);
        return match expected {
            Some(expected) if constant_time_eq(token.as_bytes(), expected) => Ok(()),
            _ => Err(AuthError::BadToken),
        };
    }
    // Header values that are not visible ASCII cannot have been signed by any SDK.
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
    verify(
        method.as_str(),
        path_and_query,
        &pairs,
        body,
        |ak| (ak == partner.access_key).then(|| partner.secret_key.clone()),
        now_unix(),
    )?;
    if let Some(domain_id) = &partner.domain_id {
        let sent = headers.get("x-domain-id").and_then(|v| v.to_str().ok());
        if sent != Some(domain_id.as_str()) {
            return Err(AuthError::DomainId);
        }
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
