//! HTTP requests built from validated values.

/// An HTTP request ready to send: what [`crate::Valid::build`] produces and what the signer signs.
///
/// `path` includes the query string (`/v2/customers/realname-auths/result?customer_id=abc`).
/// Header names are written as they are sent; lookups with [`HttpRequest::header`] ignore case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Path and query, percent-encoded.
    pub path: String,
    /// Header name and value pairs, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes (empty for GET).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The value of the first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing any header of the same name (case-insensitive).
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.into()));
    }

    /// The path without its query string.
    pub fn path_only(&self) -> &str {
        self.path
            .split_once('?')
            .map_or(self.path.as_str(), |(p, _)| p)
    }

    /// The raw query string (after `?`), empty when there is none.
    pub fn query(&self) -> &str {
        self.path.split_once('?').map_or("", |(_, q)| q)
    }
}

/// The partner proxy's upload route (`POST`, `multipart/form-data`, a caller token): the files
/// for `verified_file_url`, checked with [`crate::check_attachment`], answered as
/// `{"files":[{"file_name","path","size"}]}`. Like the `KYC.*` codes of [`crate::catalog`], it
/// belongs to the reference partner proxy, not to Huawei Cloud; the proxy serves it and the
/// browser client calls it.
///
/// ```
/// assert_eq!(hwc_kyc::request::PROXY_UPLOAD_PATH, "/uploads");
/// ```
pub const PROXY_UPLOAD_PATH: &str = "/uploads";

/// Header that carries an IAM token.
pub const AUTH_TOKEN_HEADER: &str = "X-Auth-Token";

impl HttpRequest {
    /// Authenticates with an IAM token (`X-Auth-Token`), the alternative to an AK/SK signature.
    ///
    /// ```
    /// # use hwc_kyc::request::HttpRequest;
    /// let mut r = HttpRequest { method: "GET", path: "/x".into(), headers: vec![], body: vec![] };
    /// r.authorize_with_token("MIIPAgYJ...");
    /// assert_eq!(r.header("x-auth-token"), Some("MIIPAgYJ..."));
    /// ```
    pub fn authorize_with_token(&mut self, token: &str) {
        self.set_header(AUTH_TOKEN_HEADER, token);
    }
}

/// Percent-encodes every byte except the unreserved `A-Z a-z 0-9 - _ . ~`, with upper-case hex:
/// the encoding of query values and of the signer's canonical URI.
///
/// ```
/// assert_eq!(hwc_kyc::request::percent_encode("a b/ü"), "a%20b%2F%C3%BC");
/// ```
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}
