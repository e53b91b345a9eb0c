//! Caller tokens: HS256 JSON Web Tokens whose `sub` is the customer_id the caller may act for.
//!
//! The partner's own sign-in issues them with the configured secret (any JWT library can: HS256,
//! `sub` = customer_id, `exp` required); the proxy only verifies them. Written by hand over
//! `hmac`/`sha2` (already workspace dependencies) because the proxy needs exactly one algorithm
//! and must refuse every other, `none` included.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
pub const LEEWAY_SECONDS: i64 = 60;

/// Why a caller token was refused. The text never contains the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// No `Authorization: Bearer …` header.
    #[error("no bearer token")]
    Missing,
    /// Not three base64url parts of JSON.
    #[error("malformed token")]
    Malformed,
    /// An algorithm other than HS256.
    #[error("unsupported algorithm (only HS256)")]
    Algorithm,
    /// The signature does not match the secret.
    #[error("bad signature")]
    Signature,
    /// Past `exp`, or before `nbf`.
    #[error("expired or not yet valid")]
    Expired,
    /// `sub` missing or empty.
    #[error("no subject")]
    Subject,
    /// `iss` is not the configured issuer.
    #[error("wrong issuer")]
    Issuer,
    /// `aud` does not name the configured audience.
    #[error("wrong audience")]
    Audience,
    /// `exp` − `iat` (or − now, without `iat`) is longer than the configured maximum.
    #[error("lifetime too long")]
    Lifetime,
}

/// What a deployment may require of tokens beyond [`verify`]'s checks (each off when `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// `iss` must be this.
    pub issuer: Option<String>,
    /// `aud` (a string or a list of strings) must name this.
    pub audience: Option<String>,
    /// `exp` − `iat` at most this many seconds (a token without `iat` counts from now).
    pub max_lifetime_secs: Option<i64>,
}

impl Policy {
    /// Checks verified claims against the policy.
    ///
    /// # Errors
    /// [`TokenError::Issuer`], [`TokenError::Audience`] or [`TokenError::Lifetime`].
    ///
    /// ```
    /// use hwc_kyc_proxy::caller_token::{issue, verify, Policy, TokenError};
    /// let secret = b"a-long-random-secret-of-32-bytes!";
    /// let claims = verify(secret, &issue(secret, "c1", 86_400, 1_700_000_000), 1_700_000_000).unwrap();
    /// let policy = Policy { max_lifetime_secs: Some(3600), ..Policy::default() };
    /// assert_eq!(policy.check(&claims, 1_700_000_000), Err(TokenError::Lifetime));
    /// ```
    pub fn check(&self, claims: &Claims, now: i64) -> Result<(), TokenError> {
        if let Some(issuer) = &self.issuer {
            if claims.iss.as_deref() != Some(issuer.as_str()) {
                return Err(TokenError::Issuer);
            }
        }
        if let Some(audience) = &self.audience {
            let named = match &claims.aud {
                Some(serde_json::Value::String(a)) => a == audience,
                Some(serde_json::Value::Array(list)) => {
                    list.iter().any(|a| a.as_str() == Some(audience.as_str()))
                }
                _ => false,
            };
            if !named {
                return Err(TokenError::Audience);
            }
        }
        if let Some(max) = self.max_lifetime_secs {
            let from = claims.iat.unwrap_or(now);
            if claims.exp.saturating_sub(from) > max {
                return Err(TokenError::Lifetime);
            }
        }
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
}

/// The claims the proxy reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The customer_id the caller acts for.
    pub sub: String,
    /// Expiry, Unix seconds (required).
    pub exp: i64,
    /// Issued at, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not before, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Audience: a string or a list of strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<serde_json::Value>,
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    match HmacSha256::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    }
}

/// Issues a token for `customer_id`, valid `ttl_seconds` from `now`.
///
/// ```
/// use hwc_kyc_proxy::caller_token::{issue, verify};
/// let token = issue(b"a-long-random-secret-of-32-bytes!", "cust-1", 600, 1_700_000_000);
/// let claims = verify(b"a-long-random-secret-of-32-bytes!", &token, 1_700_000_100).unwrap();
/// assert_eq!(claims.sub, "cust-1");
/// ```
pub fn issue(secret: &[u8], customer_id: &str, ttl_seconds: i64, now: i64) -> String {
    let header = Header {
        alg: "HS256".into(),
        typ: Some("JWT".into()),
    };
    let claims = Claims {
        sub: customer_id.into(),
        exp: now.saturating_add(ttl_seconds),
        iat: Some(now),
        nbf: None,
        iss: None,
        aud: None,
    };
    // Serializing these two plain structs cannot fail.
    let h = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap_or_default());
    let c = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap_or_default());
    let signing_input = format!("{h}.{c}");
    let mut m = mac(secret);
    m.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

/// Verifies a token: HS256 only, the signature (constant time), `exp` (required) and `nbf` with
/// [`LEEWAY_SECONDS`], and a non-empty `sub`.
///
/// # Errors
/// The first check that failed, as a [`TokenError`].
///
/// ```
/// use hwc_kyc_proxy::caller_token::{issue, verify, TokenError};
/// let secret = b"a-long-random-secret-of-32-bytes!";
/// let token = issue(secret, "cust-1", 60, 1_700_000_000);
/// assert_eq!(verify(b"another-secret", &token, 1_700_000_000), Err(TokenError::Signature));
/// assert_eq!(verify(secret, &token, 1_700_001_000), Err(TokenError::Expired));
/// ```
pub fn verify(secret: &[u8], token: &str, now: i64) -> Result<Claims, TokenError> {
    let mut parts = token.trim().split('.');
    let (Some(h), Some(c), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let header: Header = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(TokenError::Malformed)?;
    if header.alg != "HS256" {
        return Err(TokenError::Algorithm);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| TokenError::Malformed)?;
    let mut m = mac(secret);
    m.update(h.as_bytes());
    m.update(b".");
    m.update(c.as_bytes());
    m.verify_slice(&signature)
        .map_err(|_| TokenError::Signature)?;
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(c)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(TokenError::Malformed)?;
    if now > claims.exp.saturating_add(LEEWAY_SECONDS) {
        return Err(TokenError::Expired);
    }
    if claims
        .nbf
        .is_some_and(|nbf| now.saturating_add(LEEWAY_SECONDS) < nbf)
    {
        return Err(TokenError::Expired);
    }
    if claims.sub.trim().is_empty() {
        return Err(TokenError::Subject);
    }
    Ok(claims)
}

/// The token of an `Authorization: Bearer …` header value.
///
/// ```
/// use hwc_kyc_proxy::caller_token::bearer;
/// assert_eq!(bearer("Bearer abc.def.ghi"), Some("abc.def.ghi"));
/// assert_eq!(bearer("Basic dXNlcg=="), None);
/// ```
pub fn bearer(header_value: &str) -> Option<&str> {
    let (scheme, token) = header_value.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"test-secret-test-secret-test-secret!";
    const NOW: i64 = 1_700_000_000;

    fn forge(header: &str, claims: &str, secret: &[u8]) -> String {
        let h = URL_SAFE_NO_PAD.encode(header);
        let c = URL_SAFE_NO_PAD.encode(claims);
        let mut m = mac(secret);
        m.update(format!("{h}.{c}").as_bytes());
        let s = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
        format!("{h}.{c}.{s}")
    }

    #[test]
    fn accepts_a_token_from_another_hs256_issuer() {
        let t = forge(
            r#"{"typ":"JWT","alg":"HS256"}"#,
            r#"{"sub":"cust-9","exp":1700000600,"extra":true}"#,
            SECRET,
        );
        assert_eq!(verify(SECRET, &t, NOW).map(|c| c.sub), Ok("cust-9".into()));
    }

    #[test]
    fn refuses_the_none_algorithm_and_others() {
        let claims = r#"{"sub":"cust-9","exp":1700000600}"#;
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(claims)
        );
        assert_eq!(verify(SECRET, &none, NOW), Err(TokenError::Algorithm));
        let hs512 = forge(r#"{"alg":"HS512"}"#, claims, SECRET);
        assert_eq!(verify(SECRET, &hs512, NOW), Err(TokenError::Algorithm));
    }

    #[test]
    fn refuses_a_changed_subject() {
        let t = issue(SECRET, "cust-1", 600, NOW);
        let mut parts: Vec<&str> = t.split('.').collect();
        let other = URL_SAFE_NO_PAD.encode(r#"{"sub":"cust-2","exp":1700000600}"#);
        parts[1] = &other;
        assert_eq!(
            verify(SECRET, &parts.join("."), NOW),
            Err(TokenError::Signature)
        );
    }

    #[test]
    fn requires_exp_and_a_subject() {
        let no_exp = forge(r#"{"alg":"HS256"}"#, r#"{"sub":"c"}"#, SECRET);
        assert_eq!(verify(SECRET, &no_exp, NOW), Err(TokenError::Malformed));
        let empty = forge(
            r#"{"alg":"HS256"}"#,
            r#"{"sub":" ","exp":1700000600}"#,
            SECRET,
        );
        assert_eq!(verify(SECRET, &empty, NOW), Err(TokenError::Subject));
    }

    #[test]
    fn honours_leeway_on_expiry_and_not_before() {
        let t = issue(SECRET, "c", 0, NOW);
        assert!(verify(SECRET, &t, NOW + LEEWAY_SECONDS).is_ok());
        assert_eq!(
            verify(SECRET, &t, NOW + LEEWAY_SECONDS + 1),
            Err(TokenError::Expired)
        );
        let later = forge(
            r#"{"alg":"HS256"}"#,
            r#"{"sub":"c","exp":1800000000,"nbf":1700001000}"#,
            SECRET,
        );
        assert_eq!(verify(SECRET, &later, NOW), Err(TokenError::Expired));
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for t in ["", "a.b", "a.b.c.d", "!!!.###.$$$", "e30.e30.e30"] {
            assert!(verify(SECRET, t, NOW).is_err(), "{t}");
        }
    }
}
