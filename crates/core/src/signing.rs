//! AK/SK request signing (`SDK-HMAC-SHA256`), the scheme Huawei Cloud's API gateway uses to
//! authenticate a request made with an access key (AK) and secret key (SK).
//!
//! The client side is [`sign`] (or [`sign_now`]): it adds `X-Sdk-Date`, `X-Domain-Id` (when the
//! credentials carry a domain id) and `Authorization` to an [`HttpRequest`]. The server side is
//! [`verify`], which checks such a request the way the gateway does (used by the simulator).
//!
//! The algorithm, in short:
//!
//! 1. canonical request = method, canonical URI, canonical query, canonical headers, signed
//!    header names and the hex SHA-256 of the body, joined with `\n` ([`canonical_request`]);
//! 2. string to sign = `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex sha256(canonical request)}`;
//! 3. signature = hex HMAC-SHA256(key = SK, message = string to sign);
//! 4. `Authorization: SDK-HMAC-SHA256 Access={AK}, SignedHeaders={names}, Signature={signature}`.
//!
//! ```
//! use hwc_kyc::request::HttpRequest;
//! use hwc_kyc::signing::{sign, verify, Credentials};
//!
//! let credentials = Credentials::new("AccessKey", "SecretKey");
//! let mut request = HttpRequest {
//!     method: "GET",
//!     path: "/resources?size=1".to_string(),
//!     headers: vec![],
//!     body: vec![],
//! };
//! sign(&mut request, "service.endpoint.myhuaweicloud.com", &credentials, "20200608T023900Z");
//! assert_eq!(
//!     request.header("Authorization"),
//!     Some(
//!         "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
//!          Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
//!     )
//! );
//!
//! // The server sees the Host header the HTTP client adds.
//! let mut headers: Vec<(&str, &str)> =
//!     request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
//! headers.push(("Host", "service.endpoint.myhuaweicloud.com"));
//! let now = 1_591_583_940; // 2020-06-08T02:39:00Z
//! let access_key = verify(request.method, &request.path, &headers, &request.body,
//!     |ak| (ak == "AccessKey").then(|| "SecretKey".to_string()), now);
//! assert_eq!(access_key, Ok("AccessKey".to_string()));
//! ```

use std::fmt;
use std::fmt::Write as _;

use hmac::digest::Key;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::request::HttpRequest;

/// The name of the signing algorithm, the first word of the `Authorization` header.
///
/// ```
/// assert_eq!(hwc_kyc::signing::ALGORITHM, "SDK-HMAC-SHA256");
/// ```
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// How far (in seconds) the `X-Sdk-Date` of a request may be from the verifier's clock: 15 minutes.
const MAX_CLOCK_SKEW_SECONDS: u64 = 15 * 60;

type HmacSha256 = Hmac<Sha256>;

/// An access key / secret key pair, optionally with the account's domain id.
///
/// The secret key cannot be read back, and [`Debug`](fmt::Debug) prints `***` in its place.
///
/// ```
/// use hwc_kyc::signing::Credentials;
///
/// let credentials = Credentials::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
///     .with_domain_id("0a1b2c3d4e5f");
/// assert_eq!(credentials.access_key, "QTWAOYTTINDUT2QVKYUC");
/// assert_eq!(credentials.domain_id.as_deref(), Some("0a1b2c3d4e5f"));
/// assert!(!format!("{credentials:?}").contains("MFyfvK41"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    /// The access key (AK), sent in clear in the `Authorization` header.
    pub access_key: String,
    /// The secret key (SK), the HMAC key. Never printed.
    secret_key: String,
    /// The account (domain) id, sent as `X-Domain-Id` and signed when present; global services
    /// such as BSS-intl need it for AK/SK calls.
    pub domain_id: Option<String>,
}

impl Credentials {
    /// Credentials from an access key and a secret key, without a domain id.
    ///
    /// ```
    /// use hwc_kyc::signing::Credentials;
    ///
    /// let credentials = Credentials::new("AccessKey", "SecretKey");
    /// assert_eq!(credentials.access_key, "AccessKey");
    /// assert_eq!(credentials.domain_id, None);
    /// ```
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            domain_id: None,
        }
    }

    /// The same credentials with a domain id, which [`sign`] sends (and signs) as `X-Domain-Id`.
    ///
    /// ```
    /// use hwc_kyc::signing::Credentials;
    ///
    /// let credentials = Credentials::new("AccessKey", "SecretKey").with_domain_id("domain-1");
    /// assert_eq!(credentials.domain_id.as_deref(), Some("domain-1"));
    /// ```
    #[must_use]
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("domain_id", &self.domain_id)
            .finish()
    }
}

/// Why [`verify`] rejected a request.
///
/// ```
/// use hwc_kyc::signing::{verify, VerifyError};
///
/// let result = verify("GET", "/", &[], b"", |_| None, 0);
/// assert_eq!(result, Err(VerifyError::MissingAuthorization));
/// assert_eq!(VerifyError::MissingAuthorization.to_string(), "missing Authorization header");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The request has no `Authorization` header.
    #[error("missing Authorization header")]
    MissingAuthorization,
    /// The `Authorization` header is not
    /// `SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...` (missing, duplicated, unknown
    /// or empty fields, a signature that is not 64 lower-case hex digits, or a signed header name
    /// that is repeated or contains `_`).
    #[error(
        "malformed Authorization header: expected \
         `SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`"
    )]
    MalformedAuthorization,
    /// The `Authorization` header names another algorithm than [`ALGORITHM`].
    #[error("unsupported signing algorithm: only SDK-HMAC-SHA256 is accepted")]
    UnsupportedAlgorithm,
    /// `x-sdk-date` is not among the signed headers, is absent from the request, or is not
    /// formatted `YYYYMMDDTHHMMSSZ`.
    #[error("X-Sdk-Date is missing, not signed, or not formatted YYYYMMDDTHHMMSSZ")]
    MissingDate,
    /// `X-Sdk-Date` is more than 15 minutes away from the verifier's clock.
    #[error("X-Sdk-Date is more than 15 minutes away from the server clock")]
    DateOutOfRange,
    /// No secret key is known for the access key.
    #[error("unknown access key")]
    UnknownAccessKey,
    /// A header listed in `SignedHeaders` is not in the request.
    #[error("signed header `{0}` is not present in the request")]
    MissingSignedHeader(String),
    /// The signature does not match the request (wrong secret key, or a changed request).
    #[error("signature does not match the request")]
    SignatureMismatch,
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (`month` 1–12, `day` 1–31).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Count years from March so that the leap day is the last day of the (shifted) year.
    let shifted_year = if month <= 2 { year - 1 } else { year };
    let era = shifted_year.div_euclid(400);
    let year_of_era = shifted_year - era * 400; // 0..=399
    let month_from_march = (month + 9) % 12; // March = 0 .. February = 11
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719_468 days separate 0000-03-01 (start of era 0) from 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian `(year, month, day)` of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468; // days since 0000-03-01
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097; // 0..=146_096
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Formats a Unix time (seconds since 1970-01-01T00:00:00Z) as an `X-Sdk-Date` value,
/// `YYYYMMDDTHHMMSSZ` in UTC.
///
/// Times outside the years 0000–9999 do not fit the format; they are written with as many year
/// digits as needed (and a `-` before years BC), so [`parse_sdk_date`] rejects them.
///
/// ```
/// use hwc_kyc::signing::format_sdk_date;
///
/// assert_eq!(format_sdk_date(0), "19700101T000000Z");
/// assert_eq!(format_sdk_date(1_573_789_015), "20191115T033655Z");
/// ```
#[must_use]
pub fn format_sdk_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(SECONDS_PER_DAY);
    let second_of_day = unix_seconds.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        second_of_day / 3_600,
        second_of_day % 3_600 / 60,
        second_of_day % 60
    )
}

/// Parses an `X-Sdk-Date` value, strictly `YYYYMMDDTHHMMSSZ` (16 ASCII characters, a real
/// calendar date, hours 00–23, minutes and seconds 00–59), into Unix seconds.
///
/// ```
/// use hwc_kyc::signing::parse_sdk_date;
///
/// assert_eq!(parse_sdk_date("20191115T033655Z"), Some(1_573_789_015));
/// assert_eq!(parse_sdk_date("20191315T033655Z"), None); // month 13
/// assert_eq!(parse_sdk_date("20191115T033655"), None); // no Z
/// assert_eq!(parse_sdk_date("2019-11-15T03:36:55Z"), None);
/// ```
#[must_use]
pub fn parse_sdk_date(s: &str) -> Option<i64> {
    let bytes = s.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        bytes[range].iter().try_fold(0_i64, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
        })
    };
    let year = number(0..4)?;
    let month = number(4..6)?;
    let day = number(6..8)?;
    let hour = number(9..11)?;
    let minute = number(11..13)?;
    let second = number(13..15)?;
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3_600 + minute * 60 + second)
}

// ---------------------------------------------------------------------------------------------
// Hex, hashes, percent-encoding
// ---------------------------------------------------------------------------------------------

const HEX_DIGITS_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_DIGITS_UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX_DIGITS_LOWER[usize::from(b >> 4)]));
        out.push(char::from(HEX_DIGITS_LOWER[usize::from(b & 0x0f)]));
    }
    out
}

/// The value of one hex digit of either case.
fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Decodes exactly 64 lower-case hex digits (a SHA-256 sized value).
fn decode_hex_lower_32(s: &str) -> Option<[u8; 32]> {
    let bytes = s.as_bytes();
    if bytes.len() != 64
        || !bytes
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
    {
        return None;
    }
    let mut out = [0_u8; 32];
    for (byte, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *byte = hex_value(pair[0])? << 4 | hex_value(pair[1])?;
    }
    Some(out)
}

fn sha256_hex(data: &[u8]) -> String {
    hex_lower(&Sha256::digest(data))
}

/// HMAC-SHA256 keyed with `key`, ready to take the message.
///
/// HMAC accepts keys of any length: a key longer than the hash block is replaced by its hash, and
/// the key is then zero-padded to the block size. Doing that here gives a block-sized key, so the
/// infallible fixed-size constructor can be used (no `Result` to unwrap).
fn hmac_sha256(key: &[u8]) -> HmacSha256 {
    let mut block_key = Key::<HmacSha256>::default();
    if key.len() > block_key.len() {
        let hashed = Sha256::digest(key);
        block_key[..hashed.len()].copy_from_slice(&hashed);
    } else {
        block_key[..key.len()].copy_from_slice(key);
    }
    <HmacSha256 as Mac>::new(&block_key)
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Appends `bytes` percent-encoded: unreserved bytes as they are, every other byte as `%XX`.
fn percent_encode_into(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX_DIGITS_UPPER[usize::from(b >> 4)]));
            out.push(char::from(HEX_DIGITS_UPPER[usize::from(b & 0x0f)]));
        }
    }
}

/// Decodes `%XX` escapes (either case); a `%` not followed by two hex digits is kept as it is.
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = bytes.get(i + 1).copied().and_then(hex_value);
            let low = bytes.get(i + 2).copied().and_then(hex_value);
            if let (Some(high), Some(low)) = (high, low) {
                out.push(high << 4 | low);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Canonical request
// ---------------------------------------------------------------------------------------------

/// Canonical URI: each `/`-separated segment decoded then percent-encoded, and a trailing `/`.
fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        percent_encode_into(&mut out, &percent_decode(segment));
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Canonical query: parameters decoded, sorted by key then value, re-encoded, joined with `&`.
fn canonical_query(query: &str) -> String {
    let mut params: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|param| !param.is_empty())
        .map(|param| {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect();
    params.sort();
    let mut out = String::with_capacity(query.len());
    for (i, (key, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, key);
        out.push('=');
        percent_encode_into(&mut out, value);
    }
    out
}

/// Builds the canonical request of the algorithm and the signed header list.
///
/// * `method` is upper-cased.
/// * `path` is the path without its query. Each `/`-separated segment has its `%XX` escapes
///   decoded and is then percent-encoded (all bytes but `A-Z a-z 0-9 - _ . ~` as upper-case
///   `%XX`), so an already encoded path is not encoded twice; a trailing `/` is added when missing.
/// * `query` is the raw query string (after `?`, may be empty). It is split on `&`; each
///   parameter `k=v` (or `k`, read as `k=`) is decoded then encoded as above; parameters are
///   sorted by key, then value, and joined with `&`. A `%` not followed by two hex digits is
///   kept literally (and so encoded as `%25`).
/// * `headers` are the headers to sign, names of any case. Names are trimmed and lower-cased,
///   values trimmed; they are sorted by name. A name that contains `_` is left out (such headers
///   are never signed), and only the first of repeated names is kept.
/// * `body` is the exact body; its hex SHA-256 ends the canonical request.
///
/// Returns `(canonical request, signed headers)`, the latter the sorted lower-case names joined
/// with `;`.
///
/// ```
/// use hwc_kyc::signing::canonical_request;
///
/// let (canonical, signed) = canonical_request(
///     "get",
///     "/v1/projects/a b",
///     "marker=x%2Fy&limit=2",
///     &[("X-Sdk-Date", "20191115T033655Z"), ("Host", " service.region.example.com ")],
///     b"",
/// );
/// assert_eq!(signed, "host;x-sdk-date");
/// assert_eq!(
///     canonical,
///     "GET\n\
///      /v1/projects/a%20b/\n\
///      limit=2&marker=x%2Fy\n\
///      host:service.region.example.com\n\
///      x-sdk-date:20191115T033655Z\n\
///      \n\
///      host;x-sdk-date\n\
///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
#[must_use]
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (String, String) {
    let mut signed: Vec<(String, &str)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let name = name.trim().to_ascii_lowercase();
        if name.contains('_') || signed.iter().any(|(seen, _)| *seen == name) {
            continue;
        }
        signed.push((name, value.trim()));
    }
    signed.sort_by(|a, b| a.0.cmp(&b.0));

    let mut canonical_headers = String::new();
    for (name, value) in &signed {
        // Writing to a String cannot fail.
        let _ = writeln!(canonical_headers, "{name}:{value}");
    }
    let signed_headers = signed
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");

    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        canonical_uri(path),
        canonical_query(query),
        canonical_headers,
        signed_headers,
        sha256_hex(body)
    );
    (canonical, signed_headers)
}

/// The MAC over the string to sign, ready to finalize or verify.
fn signature_mac(secret_key: &str, sdk_date: &str, canonical: &str) -> HmacSha256 {
    let string_to_sign = format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let mut mac = hmac_sha256(secret_key.as_bytes());
    mac.update(string_to_sign.as_bytes());
    mac
}

// ---------------------------------------------------------------------------------------------
// Client side
// ---------------------------------------------------------------------------------------------

/// Signs `request` in place with `credentials`, dated `sdk_date` (`YYYYMMDDTHHMMSSZ`, see
/// [`format_sdk_date`]; it is used as given).
///
/// Sets `X-Sdk-Date`, `X-Domain-Id` (when `credentials.domain_id` is set) and `Authorization`,
/// replacing any earlier values. Signs `content-type` (when the request has it), `host`,
/// `x-sdk-date` and `x-domain-id` (when the request has it).
///
/// `host` is the `Host` header value the HTTP client will send (`host` or `host:port`). It is
/// signed but not added to `request.headers`, since HTTP clients add the `Host` header themselves.
///
/// ```
/// use hwc_kyc::request::HttpRequest;
/// use hwc_kyc::signing::{sign, Credentials};
///
/// let mut request = HttpRequest {
///     method: "POST",
///     path: "/resources?size=1".to_string(),
///     headers: vec![],
///     body: br#"{"name":"test","id":1}"#.to_vec(),
/// };
/// let credentials = Credentials::new("AccessKey", "SecretKey");
/// sign(&mut request, "service.endpoint.myhuaweicloud.com", &credentials, "20200608T023900Z");
/// assert_eq!(request.header("X-Sdk-Date"), Some("20200608T023900Z"));
/// assert_eq!(request.header("Host"), None);
/// assert_eq!(
///     request.header("Authorization"),
///     Some(
///         "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
///          Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"
///     )
/// );
/// ```
pub fn sign(request: &mut HttpRequest, host: &str, credentials: &Credentials, sdk_date: &str) {
    request.set_header("X-Sdk-Date", sdk_date);
    if let Some(domain_id) = &credentials.domain_id {
        request.set_header("X-Domain-Id", domain_id.as_str());
    }

    let mut to_sign: Vec<(&str, &str)> = vec![("host", host), ("x-sdk-date", sdk_date)];
    if let Some(content_type) = request.header("content-type") {
        to_sign.push(("content-type", content_type));
    }
    if let Some(domain_id) = request.header("x-domain-id") {
        to_sign.push(("x-domain-id", domain_id));
    }
    let (canonical, signed_headers) = canonical_request(
        request.method,
        request.path_only(),
        request.query(),
        &to_sign,
        &request.body,
    );
    let signature = hex_lower(
        &signature_mac(&credentials.secret_key, sdk_date, &canonical)
            .finalize()
            .into_bytes(),
    );
    let authorization = format!(
        "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key
    );
    request.set_header("Authorization", authorization);
}

/// [`sign`] dated `unix_seconds` (formatted with [`format_sdk_date`]).
///
/// ```
/// use hwc_kyc::request::HttpRequest;
/// use hwc_kyc::signing::{sign_now, Credentials};
///
/// let mut request = HttpRequest {
///     method: "GET",
///     path: "/v2/customers/realname-auths/result?customer_id=abc".to_string(),
///     headers: vec![],
///     body: vec![],
/// };
/// let credentials = Credentials::new("AccessKey", "SecretKey").with_domain_id("domain-1");
/// sign_now(&mut request, "bss-intl.myhuaweicloud.com", &credentials, 1_573_789_015);
/// assert_eq!(request.header("X-Sdk-Date"), Some("20191115T033655Z"));
/// assert_eq!(request.header("X-Domain-Id"), Some("domain-1"));
/// assert!(request
///     .header("Authorization")
///     .is_some_and(|a| a.contains("SignedHeaders=host;x-domain-id;x-sdk-date,")));
/// ```
pub fn sign_now(
    request: &mut HttpRequest,
    host: &str,
    credentials: &Credentials,
    unix_seconds: i64,
) {
    sign(request, host, credentials, &format_sdk_date(unix_seconds));
}

// ---------------------------------------------------------------------------------------------
// Server side
// ---------------------------------------------------------------------------------------------

/// The fields of an `Authorization` header.
struct Authorization<'a> {
    access_key: &'a str,
    signed_headers: Vec<String>,
    signature: [u8; 32],
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, VerifyError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(VerifyError::MalformedAuthorization);
    }
    let (algorithm, fields) = value
        .split_once(|c: char| c.is_ascii_whitespace())
        .unwrap_or((value, ""));
    if algorithm != ALGORITHM {
        return Err(VerifyError::UnsupportedAlgorithm);
    }

    let (mut access, mut signed_headers, mut signature) = (None, None, None);
    for field in fields.split(',') {
        let (key, field_value) = field
            .trim()
            .split_once('=')
            .ok_or(VerifyError::MalformedAuthorization)?;
        let slot = match key {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(VerifyError::MalformedAuthorization),
        };
        if slot.is_some() || field_value.is_empty() {
            return Err(VerifyError::MalformedAuthorization);
        }
        *slot = Some(field_value);
    }
    let (Some(access_key), Some(signed_headers), Some(signature)) =
        (access, signed_headers, signature)
    else {
        return Err(VerifyError::MalformedAuthorization);
    };

    let mut names: Vec<String> = Vec::new();
    for name in signed_headers.split(';') {
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || name.contains('_') || names.contains(&name) {
            return Err(VerifyError::MalformedAuthorization);
        }
        names.push(name);
    }
    let signature = decode_hex_lower_32(signature).ok_or(VerifyError::MalformedAuthorization)?;
    Ok(Authorization {
        access_key,
        signed_headers: names,
        signature,
    })
}

fn find_header<'h>(headers: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// Checks a signed request the way the API gateway does, returning its access key.
///
/// * `method`, `path_and_query` (`/path?query`), `headers` and `body` are the request as received;
///   `headers` must include `Host` when the client signed it. Header names are compared
///   case-insensitively.
/// * `lookup_secret` maps an access key to its secret key (`None` when unknown).
/// * `now_unix` is the verifier's clock; `X-Sdk-Date` must be within 15 minutes of it.
///
/// The `Authorization` header must read `SDK-HMAC-SHA256 Access=..., SignedHeaders=...,
/// Signature=...` (spaces after the commas optional), `x-sdk-date` must be among the signed
/// headers, and every signed header must be present. The signature is compared in constant time.
///
/// # Errors
///
/// A [`VerifyError`] telling the first check that failed, in this order: the `Authorization`
/// header (missing, malformed, other algorithm), the date (not signed, missing or malformed, more
/// than 15 minutes off), the access key (unknown), the signed headers (one missing), and finally
/// the signature.
///
/// ```
/// use hwc_kyc::request::HttpRequest;
/// use hwc_kyc::signing::{sign_now, verify, Credentials, VerifyError};
///
/// let now = 1_700_000_000;
/// let mut request = HttpRequest {
///     method: "POST",
///     path: "/v2/customers?x=1".to_string(),
///     headers: vec![("Content-Type".to_string(), "application/json".to_string())],
///     body: b"{}".to_vec(),
/// };
/// sign_now(&mut request, "example.com", &Credentials::new("AK", "SK"), now);
///
/// let mut headers: Vec<(&str, &str)> =
///     request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
/// headers.push(("host", "example.com"));
/// let lookup = |ak: &str| (ak == "AK").then(|| "SK".to_string());
///
/// assert_eq!(verify("POST", &request.path, &headers, b"{}", lookup, now + 60), Ok("AK".into()));
/// assert_eq!(
///     verify("POST", &request.path, &headers, b"{ }", lookup, now),
///     Err(VerifyError::SignatureMismatch)
/// );
/// ```
pub fn verify(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    lookup_secret: impl Fn(&str) -> Option<String>,
    now_unix: i64,
) -> Result<String, VerifyError> {
    let authorization =
        find_header(headers, "authorization").ok_or(VerifyError::MissingAuthorization)?;
    let authorization = parse_authorization(authorization)?;

    if !authorization
        .signed_headers
        .iter()
        .any(|name| name == "x-sdk-date")
    {
        return Err(VerifyError::MissingDate);
    }
    let sdk_date = find_header(headers, "x-sdk-date")
        .ok_or(VerifyError::MissingDate)?
        .trim();
    let date = parse_sdk_date(sdk_date).ok_or(VerifyError::MissingDate)?;
    if date.abs_diff(now_unix) > MAX_CLOCK_SKEW_SECONDS {
        return Err(VerifyError::DateOutOfRange);
    }

    let secret_key =
        lookup_secret(authorization.access_key).ok_or(VerifyError::UnknownAccessKey)?;

    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(authorization.signed_headers.len());
    for name in &authorization.signed_headers {
        let value = find_header(headers, name)
            .ok_or_else(|| VerifyError::MissingSignedHeader(name.clone()))?;
        signed.push((name.as_str(), value));
    }

    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let (canonical, _) = canonical_request(method, path, query, &signed, body);
    signature_mac(&secret_key, sdk_date, &canonical)
        .verify_slice(&authorization.signature)
        .map_err(|_| VerifyError::SignatureMismatch)?;
    Ok(authorization.access_key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// Canonical request hash and signature of one vector from signing.md.
    fn vector(
        method: &str,
        path: &str,
        query: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        secret_key: &str,
    ) -> (String, String) {
        let sdk_date = find_header(headers, "x-sdk-date").expect("vector has a date");
        let (canonical, _) = canonical_request(method, path, query, headers, body);
        let signature = hex_lower(
            &signature_mac(secret_key, sdk_date, &canonical)
                .finalize()
                .into_bytes(),
        );
        (sha256_hex(canonical.as_bytes()), signature)
    }

    #[test]
    fn vector_1_get_with_content_type_host_and_date() {
        let (hash, signature) = vector(
            "GET",
            "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            &[
                ("content-type", "application/json"),
                ("host", "service.region.example.com"),
                ("x-sdk-date", "20191115T033655Z"),
            ],
            b"",
            "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
        );
        assert_eq!(
            hash,
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        assert_eq!(
            signature,
            "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
    }

    #[test]
    fn vector_2_get_with_host_and_date() {
        let (hash, signature) = vector(
            "GET",
            "/resources",
            "size=1",
            &[
                ("host", "service.endpoint.myhuaweicloud.com"),
                ("x-sdk-date", "20200608T023900Z"),
            ],
            b"",
            "SecretKey",
        );
        assert_eq!(
            hash,
            "de94dd1e1ccdb730b403ce35d7e14f7c7b04337f6def1c3a3a2ba936852b133f"
        );
        assert_eq!(
            signature,
            "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
        );
    }

    #[test]
    fn vector_3_post_with_json_body() {
        let (hash, signature) = vector(
            "POST",
            "/resources",
            "size=1",
            &[
                ("host", "service.endpoint.myhuaweicloud.com"),
                ("x-sdk-date", "20200608T023900Z"),
            ],
            br#"{"name":"test","id":1}"#,
            "SecretKey",
        );
        assert_eq!(
            hash,
            "2b1b2515e48cb55e043ff2ec5b93d3f13ec287e1da1d7a2e4e14b0611a341969"
        );
        assert_eq!(
            signature,
            "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"
        );
    }

    #[test]
    fn vector_4_get_signing_only_the_date() {
        let (hash, signature) = vector(
            "GET",
            "/path",
            "limit=1",
            &[("x-sdk-date", "20060102T150405Z")],
            b"",
            "SecretKey",
        );
        assert_eq!(
            hash,
            "85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4"
        );
        assert_eq!(
            signature,
            "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
        );
    }

    #[test]
    fn vector_5_post_body_ending_with_newline() {
        let (hash, signature) = vector(
            "POST",
            "/path",
            "key=value",
            &[("x-sdk-date", "20060102T150405Z")],
            b"{\"Name\":\"test\",\"Id\":1}\n",
            "SecretKey",
        );
        assert_eq!(
            hash,
            "13f75ff5f5216199f986c7e7f2f77834d5e160ad9e46f37319816dc72ba7eeab"
        );
        assert_eq!(
            signature,
            "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
        );
    }

    #[test]
    fn sign_writes_the_vector_2_authorization_header() {
        let mut request = HttpRequest {
            method: "GET",
            path: "/resources?size=1".to_string(),
            headers: vec![],
            body: vec![],
        };
        let credentials = Credentials::new("AccessKey", "SecretKey");
        sign(
            &mut request,
            "service.endpoint.myhuaweicloud.com",
            &credentials,
            "20200608T023900Z",
        );
        assert_eq!(
            request.header("authorization"),
            Some(
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
                 Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
            )
        );
        assert_eq!(request.header("host"), None, "the HTTP client adds Host");
    }

    #[test]
    fn sign_signs_content_type_and_replaces_earlier_signature() {
        let mut request = HttpRequest {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs\
                   ?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"
                .to_string(),
            headers: vec![
                ("Content-Type".to_string(), "application/json".to_string()),
                ("Authorization".to_string(), "stale".to_string()),
                ("X-Sdk-Date".to_string(), "19990101T000000Z".to_string()),
            ],
            body: vec![],
        };
        let credentials = Credentials::new(
            "QTWAOYTTINDUT2QVKYUC",
            "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
        );
        sign(
            &mut request,
            "service.region.example.com",
            &credentials,
            "20191115T033655Z",
        );
        assert_eq!(
            request.header("Authorization"),
            Some(
                "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, \
                 SignedHeaders=content-type;host;x-sdk-date, \
                 Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
            )
        );
        assert_eq!(request.header("X-Sdk-Date"), Some("20191115T033655Z"));
        let count = |name: &str| {
            request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .count()
        };
        assert_eq!(count("authorization"), 1);
        assert_eq!(count("x-sdk-date"), 1);
    }

    #[test]
    fn sign_sends_and_signs_domain_id_when_present() {
        let mut request = HttpRequest {
            method: "GET",
            path: "/v2/x".to_string(),
            headers: vec![],
            body: vec![],
        };
        let credentials = Credentials::new("TESTAK", "TESTSK").with_domain_id("d-1");
        sign_now(&mut request, "h.example", &credentials, 1_700_000_000);
        assert_eq!(request.header("X-Domain-Id"), Some("d-1"));
        let authorization = request.header("Authorization").unwrap_or_default();
        assert!(authorization.contains("SignedHeaders=host;x-domain-id;x-sdk-date,"));
        let mut headers = request_headers(&request);
        headers.push(("Host", "h.example"));
        assert_eq!(
            verify_at(&request, &headers, &request.body, 1_700_000_000),
            Ok("TESTAK".to_string())
        );
    }

    #[test]
    fn headers_with_underscores_are_never_signed() {
        let (canonical, signed) = canonical_request(
            "GET",
            "/",
            "",
            &[("x_custom", "1"), ("X-Sdk-Date", "20060102T150405Z")],
            b"",
        );
        assert_eq!(signed, "x-sdk-date");
        assert!(!canonical.contains("x_custom"));

        let mut request = HttpRequest {
            method: "GET",
            path: "/".to_string(),
            headers: vec![("Content_Type".to_string(), "text/plain".to_string())],
            body: vec![],
        };
        sign_now(&mut request, "h", &Credentials::new("AK", "SK"), 0);
        assert!(request
            .header("Authorization")
            .is_some_and(|a| a.contains("SignedHeaders=host;x-sdk-date,")));
    }

    #[test]
    fn canonical_uri_encodes_segments_and_appends_a_slash() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(
            canonical_uri("/v2/customers/realname-auths/enterprise"),
            "/v2/customers/realname-auths/enterprise/"
        );
        assert_eq!(canonical_uri("/a/b/"), "/a/b/");
        assert_eq!(canonical_uri("/a b/ü~x"), "/a%20b/%C3%BC~x/");
        // Already encoded segments are not encoded twice; an encoded `/` stays in its segment.
        assert_eq!(canonical_uri("/a%20b/c%2fd"), "/a%20b/c%2Fd/");
        assert_eq!(canonical_uri("/100%/x"), "/100%25/x/");
    }

    #[test]
    fn canonical_query_decodes_sorts_and_encodes() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1"), "a=1&b=2");
        assert_eq!(canonical_query("a=2&a=1&flag"), "a=1&a=2&flag=");
        assert_eq!(canonical_query("q=a b&r=x%2fy"), "q=a%20b&r=x%2Fy");
        assert_eq!(canonical_query("q=a%20b"), "q=a%20b");
        assert_eq!(
            canonical_query("q=100%&r=%zz&s=%4"),
            "q=100%25&r=%25zz&s=%254"
        );
        assert_eq!(canonical_query("&&a=1&"), "a=1");
        assert_eq!(canonical_query("t=a+b"), "t=a%2Bb");
    }

    #[test]
    fn canonical_headers_are_lowercased_trimmed_sorted_and_deduplicated() {
        let (canonical, signed) = canonical_request(
            "post",
            "/p",
            "",
            &[
                ("X-Sdk-Date", " 20060102T150405Z "),
                ("Host", "h"),
                ("host", "second"),
                ("Content-Type", "\tapplication/json"),
            ],
            b"",
        );
        assert_eq!(signed, "content-type;host;x-sdk-date");
        assert_eq!(
            canonical,
            format!(
                "POST\n/p/\n\ncontent-type:application/json\nhost:h\n\
                 x-sdk-date:20060102T150405Z\n\ncontent-type;host;x-sdk-date\n{EMPTY_SHA256}"
            )
        );
    }

    #[test]
    fn hmac_matches_rfc_4231_for_short_and_long_keys() {
        let mac = |key: &[u8], data: &[u8]| {
            let mut mac = hmac_sha256(key);
            mac.update(data);
            hex_lower(&mac.finalize().into_bytes())
        };
        assert_eq!(
            mac(&[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            mac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        // Same result as the crate's variable-length constructor for every key length around
        // the 64-byte block size (and exactly one block).
        let long_key: Vec<u8> = (0..=200_u8).collect();
        for len in 0..=long_key.len() {
            let key = &long_key[..len];
            let mut reference = <HmacSha256 as hmac::digest::KeyInit>::new_from_slice(key)
                .expect("HMAC takes keys of any length");
            reference.update(b"x");
            assert_eq!(
                mac(key, b"x"),
                hex_lower(&reference.finalize().into_bytes()),
                "key length {len}"
            );
        }
    }

    #[test]
    fn hex_helpers_round_trip() {
        assert_eq!(hex_lower(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(sha256_hex(b""), EMPTY_SHA256);
        let mut bytes = [0_u8; 32];
        for (byte, value) in bytes.iter_mut().zip((0_u8..=255).step_by(8)) {
            *byte = value;
        }
        assert_eq!(decode_hex_lower_32(&hex_lower(&bytes)), Some(bytes));
        assert_eq!(decode_hex_lower_32(&EMPTY_SHA256.to_uppercase()), None);
        assert_eq!(decode_hex_lower_32(&EMPTY_SHA256[1..]), None);
        assert_eq!(
            decode_hex_lower_32(&format!("{}g", &EMPTY_SHA256[1..])),
            None
        );
    }

    // --- verify -------------------------------------------------------------------------------

    const NOW: i64 = 1_700_000_000; // 2023-11-14T22:13:20Z
    const HOST: &str = "bss-intl.myhuaweicloud.com";

    fn signed_request(secret_key: &str) -> HttpRequest {
        let mut request = HttpRequest {
            method: "POST",
            path: "/v2/partners/sub-customers?limit=10&offset=0".to_string(),
            headers: vec![("Content-Type".to_string(), "application/json".to_string())],
            body: br#"{"domain_name":"abc"}"#.to_vec(),
        };
        sign_now(
            &mut request,
            HOST,
            &Credentials::new("TESTAK", secret_key),
            NOW,
        );
        request
    }

    fn request_headers(request: &HttpRequest) -> Vec<(&str, &str)> {
        request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    fn lookup(access_key: &str) -> Option<String> {
        (access_key == "TESTAK").then(|| "TESTSK".to_string())
    }

    fn verify_at(
        request: &HttpRequest,
        headers: &[(&str, &str)],
        body: &[u8],
        now: i64,
    ) -> Result<String, VerifyError> {
        verify(request.method, &request.path, headers, body, lookup, now)
    }

    /// The signed request's headers as the server sees them (with Host).
    fn received_headers(request: &HttpRequest) -> Vec<(&str, &str)> {
        let mut headers = request_headers(request);
        headers.push(("Host", HOST));
        headers
    }

    fn with_authorization<'a>(
        request: &'a HttpRequest,
        authorization: &'a str,
    ) -> Vec<(&'a str, &'a str)> {
        let mut headers: Vec<(&str, &str)> = received_headers(request)
            .into_iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
            .collect();
        headers.push(("authorization", authorization));
        headers
    }

    #[test]
    fn sign_then_verify_round_trips() {
        let request = signed_request("TESTSK");
        let headers = received_headers(&request);
        assert_eq!(
            verify_at(&request, &headers, &request.body, NOW),
            Ok("TESTAK".to_string())
        );
    }

    #[test]
    fn verify_ignores_header_name_case_and_spaces_after_commas() {
        let request = signed_request("TESTSK");
        let authorization = request
            .header("Authorization")
            .unwrap_or_default()
            .replace(", ", ",");
        let headers: Vec<(String, String)> = with_authorization(&request, &authorization)
            .into_iter()
            .map(|(n, v)| (n.to_ascii_uppercase(), v.to_string()))
            .collect();
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            verify("post", &request.path, &headers, &request.body, lookup, NOW),
            Ok("TESTAK".to_string())
        );
    }

    #[test]
    fn rejects_tampered_body() {
        let request = signed_request("TESTSK");
        let headers = received_headers(&request);
        assert_eq!(
            verify_at(&request, &headers, br#"{"domain_name":"abd"}"#, NOW),
            Err(VerifyError::SignatureMismatch)
        );
    }

    #[test]
    fn rejects_tampered_query_and_host() {
        let request = signed_request("TESTSK");
        let headers = received_headers(&request);
        let path = request.path.replace("limit=10", "limit=11");
        assert_eq!(
            verify("POST", &path, &headers, &request.body, lookup, NOW),
            Err(VerifyError::SignatureMismatch)
        );
        let mut headers = request_headers(&request);
        headers.push(("Host", "evil.example.com"));
        assert_eq!(
            verify_at(&request, &headers, &request.body, NOW),
            Err(VerifyError::SignatureMismatch)
        );
    }

    #[test]
    fn rejects_tampered_signature() {
        let request = signed_request("TESTSK");
        let authorization = request.header("Authorization").unwrap_or_default();
        let (head, signature) = authorization
            .split_once("Signature=")
            .expect("has a signature");
        let flipped: String = signature
            .chars()
            .enumerate()
            .map(|(i, c)| match (i, c) {
                (0, '0') => '1',
                (0, _) => '0',
                _ => c,
            })
            .collect();
        let tampered = format!("{head}Signature={flipped}");
        let headers = with_authorization(&request, &tampered);
        assert_eq!(
            verify_at(&request, &headers, &request.body, NOW),
            Err(VerifyError::SignatureMismatch)
        );
    }

    #[test]
    fn rejects_signature_made_with_wrong_secret() {
        let request = signed_request("NOT-THE-SECRET");
        let headers = received_headers(&request);
        assert_eq!(
            verify_at(&request, &headers, &request.body, NOW),
            Err(VerifyError::SignatureMismatch)
        );
    }

    #[test]
    fn rejects_date_more_than_15_minutes_off() {
        let request = signed_request("TESTSK");
        let headers = received_headers(&request);
        for now in [NOW + 16 * 60, NOW - 16 * 60, NOW + 901, NOW - 901] {
            assert_eq!(
                verify_at(&request, &headers, &request.body, now),
                Err(VerifyError::DateOutOfRange),
                "now = {now}"
            );
        }
    }

    #[test]
    fn accepts_date_up_to_15_minutes_off() {
        let request = signed_request("TESTSK");
        let headers = received_headers(&request);
        for now in [NOW + 14 * 60, NOW - 14 * 60, NOW + 900, NOW - 900] {
            assert_eq!(
                verify_at(&request, &headers, &request.body, now),
                Ok("TESTAK".to_string()),
                "now = {now}"
            );
        }
    }

    #[test]
    fn rejects_missing_authorization() {
        let request = signed_request("TESTSK");
        let headers: Vec<(&str, &str)> = received_headers(&request)
            .into_iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
            .collect();
        assert_eq!(
            verify_at(&request, &headers, &request.body, NOW),
            Err(VerifyError::MissingAuthorization)
        );
    }

    #[test]
    fn rejects_unsigned_sdk_date() {
        // Signed over host only: the date header is sent but not covered by the signature.
        let (canonical, signed) = canonical_request("GET", "/p", "", &[("host", HOST)], b"");
        let signature = hex_lower(
            &signature_mac("TESTSK", "20231114T221320Z", &canonical)
                .finalize()
                .into_bytes(),
        );
        let authorization =
            format!("{ALGORITHM} Access=TESTAK, SignedHeaders={signed}, Signature={signature}");
        let headers = [
            ("Host", HOST),
            ("X-Sdk-Date", "20231114T221320Z"),
            ("Authorization", authorization.as_str()),
        ];
        assert_eq!(
            verify("GET", "/p", &headers, b"", lookup, NOW),
            Err(VerifyError::MissingDate)
        );
    }

    #[test]
    fn rejects_signed_but_absent_or_malformed_sdk_date() {
        let request = signed_request("TESTSK");
        let without_date: Vec<(&str, &str)> = received_headers(&request)
            .into_iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("x-sdk-date"))
            .collect();
        assert_eq!(
            verify_at(&request, &without_date, &request.body, NOW),
            Err(VerifyError::MissingDate)
        );
        let mut bad_date = without_date.clone();
        bad_date.push(("X-Sdk-Date", "2023-11-14T22:13:20Z"));
        assert_eq!(
            verify_at(&request, &bad_date, &request.body, NOW),
            Err(VerifyError::MissingDate)
        );
    }

    #[test]
    fn rejects_unknown_access_key() {
        let mut request = HttpRequest {
            method: "GET",
            path: "/p".to_string(),
            headers: vec![],
            body: vec![],
        };
        sign_now(
            &mut request,
            HOST,
            &Credentials::new("OTHERAK", "TESTSK"),
            NOW,
        );
        let headers = received_headers(&request);
        assert_eq!(
            verify_at(&request, &headers, &request.body, NOW),
            Err(VerifyError::UnknownAccessKey)
        );
    }

    #[test]
    fn rejects_request_missing_a_signed_header() {
        let request = signed_request("TESTSK");
        let headers = request_headers(&request); // no Host
        assert_eq!(
            verify_at(&request, &headers, &request.body, NOW),
            Err(VerifyError::MissingSignedHeader("host".to_string()))
        );
    }

    #[test]
    fn rejects_other_algorithms_and_malformed_authorization() {
        let request = signed_request("TESTSK");
        let good = request.header("Authorization").unwrap_or_default();
        let fields = good
            .strip_prefix("SDK-HMAC-SHA256 ")
            .expect("algorithm first");
        let cases: Vec<(String, VerifyError)> = vec![
            (
                format!("AWS4-HMAC-SHA256 {fields}"),
                VerifyError::UnsupportedAlgorithm,
            ),
            (
                "Bearer token".to_string(),
                VerifyError::UnsupportedAlgorithm,
            ),
            (String::new(), VerifyError::MalformedAuthorization),
            ("  ".to_string(), VerifyError::MalformedAuthorization),
            (
                "SDK-HMAC-SHA256".to_string(),
                VerifyError::MalformedAuthorization,
            ),
            (
                "SDK-HMAC-SHA256 ".to_string(),
                VerifyError::MalformedAuthorization,
            ),
            (
                "SDK-HMAC-SHA256 garbage".to_string(),
                VerifyError::MalformedAuthorization,
            ),
            (
                format!("SDK-HMAC-SHA256,{fields}"),
                VerifyError::UnsupportedAlgorithm,
            ),
            (
                good.replace("Access=TESTAK, ", ""),
                VerifyError::MalformedAuthorization,
            ),
            (
                format!("{good}, Access=TESTAK"),
                VerifyError::MalformedAuthorization,
            ),
            (
                format!("{good}, Extra=1"),
                VerifyError::MalformedAuthorization,
            ),
            (
                good.replace("Access=TESTAK", "Access="),
                VerifyError::MalformedAuthorization,
            ),
            (
                good.replace("SignedHeaders=", "SignedHeaders=;"),
                VerifyError::MalformedAuthorization,
            ),
            (
                good.replace("SignedHeaders=", "SignedHeaders=host;"),
                VerifyError::MalformedAuthorization,
            ),
            (
                good.replace("SignedHeaders=", "SignedHeaders=x_a;"),
                VerifyError::MalformedAuthorization,
            ),
            (format!("{good}0"), VerifyError::MalformedAuthorization),
            (
                {
                    let (head, signature) = good.split_once("Signature=").unwrap_or_default();
                    format!("{head}Signature={}", signature.to_uppercase())
                },
                VerifyError::MalformedAuthorization,
            ),
        ];
        for (authorization, expected) in cases {
            let headers = with_authorization(&request, &authorization);
            assert_eq!(
                verify_at(&request, &headers, &request.body, NOW),
                Err(expected),
                "Authorization: {authorization:?}"
            );
        }
    }

    #[test]
    fn verify_returns_errors_not_panics_on_garbage() {
        let garbage: &[&[(&str, &str)]] = &[
            &[],
            &[("", "")],
            &[("Authorization", "")],
            &[("Authorization", "SDK-HMAC-SHA256 ,,,;;;===")],
            &[(
                "Authorization",
                "SDK-HMAC-SHA256 Access=a, SignedHeaders=x-sdk-date, Signature=é",
            )],
            &[
                (
                    "Authorization",
                    "SDK-HMAC-SHA256 Access=a, SignedHeaders=x-sdk-date, Signature=00",
                ),
                ("X-Sdk-Date", "𝟚𝟘𝟙𝟡𝟙𝟙𝟙𝟝T𝟘𝟛𝟛𝟞𝟝𝟝Z"),
            ],
            &[
                (
                    "Authorization",
                    "SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=x-sdk-date, \
                     Signature=0000000000000000000000000000000000000000000000000000000000000000",
                ),
                ("X-Sdk-Date", "99991231T235959Z"),
            ],
        ];
        for headers in garbage {
            for now in [i64::MIN, -1, 0, NOW, i64::MAX] {
                assert!(verify("ÿ", "%%%?%&=&==", headers, &[0xff], lookup, now).is_err());
            }
        }
    }

    #[test]
    fn verify_error_messages_are_readable() {
        assert_eq!(
            VerifyError::MissingSignedHeader("host".to_string()).to_string(),
            "signed header `host` is not present in the request"
        );
        assert_eq!(
            VerifyError::DateOutOfRange.to_string(),
            "X-Sdk-Date is more than 15 minutes away from the server clock"
        );
        assert!(VerifyError::MalformedAuthorization
            .to_string()
            .contains("SDK-HMAC-SHA256 Access="));
    }

    // --- dates --------------------------------------------------------------------------------

    #[test]
    fn formats_and_parses_known_dates() {
        let cases = [
            (0, "19700101T000000Z"),
            (86_399, "19700101T235959Z"),
            (-1, "19691231T235959Z"),
            (1_573_789_015, "20191115T033655Z"),
            (1_591_583_940, "20200608T023900Z"),
            (1_136_214_245, "20060102T150405Z"),
            (951_782_400, "20000229T000000Z"),
            (1_709_164_800, "20240229T000000Z"),
            (1_709_251_199, "20240229T235959Z"),
            (1_709_251_200, "20240301T000000Z"),
            (4_107_542_400, "21000301T000000Z"),
            (253_402_300_799, "99991231T235959Z"),
            (-62_167_219_200, "00000101T000000Z"),
        ];
        for (unix, text) in cases {
            assert_eq!(format_sdk_date(unix), text, "format {unix}");
            assert_eq!(parse_sdk_date(text), Some(unix), "parse {text}");
        }
    }

    #[test]
    fn date_format_round_trips_every_day_across_leap_years() {
        // 1968-01-01 to 2032-12-31, one sample second per day.
        let start = days_from_civil(1968, 1, 1);
        let end = days_from_civil(2032, 12, 31);
        for day in start..=end {
            let unix = day * SECONDS_PER_DAY + (day.rem_euclid(86) * 1_001) % SECONDS_PER_DAY;
            assert_eq!(parse_sdk_date(&format_sdk_date(unix)), Some(unix));
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(
            civil_from_days(days_from_civil(1900, 3, 1) - 1),
            (1900, 2, 28)
        );
    }

    #[test]
    fn parse_rejects_invalid_dates() {
        for text in [
            "20191315T033655Z", // month 13
            "20190015T033655Z", // month 0
            "20191100T033655Z", // day 0
            "20191131T033655Z", // 31 November
            "20230229T000000Z", // not a leap year
            "21000229T000000Z", // not a leap year (century)
            "20191115T243655Z", // hour 24
            "20191115T036055Z", // minute 60
            "20191115T033660Z", // second 60
            "20191115T033655",  // missing Z
            "20191115T033655z", // lower-case z
            "20191115 033655Z", // no T
            "20191115T0336550Z",
            "2019111T033655Z",
            "",
            "+0191115T033655Z",
            "2019-11-15T03:36:55Z",
            "20191115T03365éZ",
            " 20191115T033655Z",
        ] {
            assert_eq!(parse_sdk_date(text), None, "{text:?}");
        }
        assert_eq!(parse_sdk_date("20000229T000000Z"), Some(951_782_400));
    }

    #[test]
    fn format_does_not_panic_at_extremes() {
        for unix in [i64::MIN, i64::MIN + 1, -1, i64::MAX - 1, i64::MAX] {
            let text = format_sdk_date(unix);
            assert!(text.ends_with('Z'));
        }
    }

    #[test]
    fn credentials_debug_hides_the_secret() {
        let credentials = Credentials::new("AK123", "very-secret-key").with_domain_id("dom");
        let debug = format!("{credentials:?}");
        assert!(!debug.contains("very-secret-key"), "{debug}");
        assert!(debug.contains("***"));
        assert!(debug.contains("AK123"));
        assert!(debug.contains("dom"));
        let pretty = format!("{credentials:#?}");
        assert!(!pretty.contains("very-secret-key"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn date_format_round_trips_for_years_0_to_9999(
                unix in -62_167_219_200_i64..=253_402_300_799_i64
            ) {
                let text = format_sdk_date(unix);
                prop_assert_eq!(text.len(), 16);
                prop_assert_eq!(parse_sdk_date(&text), Some(unix));
            }

            #[test]
            fn parse_sdk_date_never_panics(text in ".{0,20}", digits in "[0-9T Z]{16}") {
                let _ = parse_sdk_date(&text);
                let _ = parse_sdk_date(&digits);
            }

            #[test]
            fn verify_never_panics_on_arbitrary_input(
                method in ".{0,8}",
                path in ".{0,40}",
                names in proptest::collection::vec("[A-Za-z_-]{0,12}", 0..5),
                values in proptest::collection::vec(".{0,60}", 0..5),
                authorization in "(SDK-HMAC-SHA256 )?[A-Za-z=,; 0-9a-f_-]{0,120}",
                body in proptest::collection::vec(any::<u8>(), 0..32),
                now in any::<i64>(),
            ) {
                let mut headers: Vec<(&str, &str)> = names
                    .iter()
                    .zip(&values)
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                headers.push(("Authorization", authorization.as_str()));
                let _ = verify(&method, &path, &headers, &body, |_| Some(String::new()), now);
            }

            #[test]
            fn sign_then_verify_accepts_any_path_query_and_body(
                segments in proptest::collection::vec("[^/?#]{0,10}", 0..4),
                query in "[^#]{0,40}",
                body in proptest::collection::vec(any::<u8>(), 0..64),
                content_type in proptest::option::of("[ -~]{1,20}"),
                now in 0_i64..=253_402_300_799_i64,
            ) {
                let mut request = HttpRequest {
                    method: "POST",
                    path: format!("/{}?{query}", segments.join("/")),
                    headers: content_type
                        .into_iter()
                        .map(|v| ("Content-Type".to_string(), v))
                        .collect(),
                    body,
                };
                sign_now(&mut request, HOST, &Credentials::new("TESTAK", "TESTSK"), now);
                let headers = received_headers(&request);
                prop_assert_eq!(
                    verify_at(&request, &headers, &request.body, now),
                    Ok("TESTAK".to_string())
                );
            }
        }
    }
}
