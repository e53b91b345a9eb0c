//! The upstream: sends a request built by core, authenticated with the partner's AK/SK signature
//! or token, with a timeout, and reads the answer with a size cap.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hwc_kyc::request::HttpRequest;
use hwc_kyc::signing::{sign_now, Credentials};

use crate::config::{Secret, UpstreamAuth};

/// Largest upstream answer read; the documented answers are a few hundred bytes.
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// Why the upstream gave no usable answer. Texts name no secret and no upstream address.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// No complete answer within the timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The connection failed or closed before a complete answer.
    #[error("the connection to Huawei Cloud failed or closed before a complete answer")]
    Connection,
    /// The answer is larger than any documented one.
    #[error("the answer is larger than {MAX_ANSWER_BYTES} bytes")]
    TooLarge,
}

/// How requests are authenticated.
#[derive(Clone)]
enum Auth {
    AkSk(Credentials),
    Token(Secret),
}

/// A client of one upstream base URL.
#[derive(Clone)]
pub struct UpstreamClient {
    base: reqwest::Url,
    host: String,
    auth: Auth,
    timeout: Duration,
    http: reqwest::Client,
}

impl std::fmt::Debug for UpstreamClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpstreamClient")
            .field("base", &self.base.as_str())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The `Host` header an HTTP client sends for `url`: the host, with the port unless it is the
/// scheme's default (what the signature must cover).
fn host_header(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A client with its own connection pool.
fn http_client(timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
    // reqwest is built without a bundled crypto provider; use ring's, once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        // A signed request must reach exactly the signed URL: never follow redirects.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .build()
}

impl UpstreamClient {
    /// This client with a connection pool of its own (one per worker: a pooled connection is
    /// driven by the runtime that opened it).
    ///
    /// # Errors
    /// When the HTTP client cannot be built (as [`UpstreamClient::new`]).
    pub fn with_own_connections(&self) -> Result<Self, reqwest::Error> {
        Ok(UpstreamClient {
            http: http_client(self.timeout)?,
            ..self.clone()
        })
    }

    /// A client for `base` (scheme, host, optional port and path prefix).
    ///
    /// # Errors
    /// When the TLS stack cannot be set up.
    pub fn new(
        base: reqwest::Url,
        auth: &UpstreamAuth,
        timeout: Duration,
    ) -> Result<Self, reqwest::Error> {
        let http = http_client(timeout)?;
        let auth = match auth {
            UpstreamAuth::AkSk {
                access_key,
                secret_key,
                domain_id,
            } => {
                let mut c = Credentials::new(access_key.clone(), secret_key.expose());
                if let Some(d) = domain_id {
                    c = c.with_domain_id(d.clone());
                }
                Auth::AkSk(c)
            }
            UpstreamAuth::Token(t) => Auth::Token(t.clone()),
        };
        Ok(UpstreamClient {
            host: host_header(&base),
            base,
            auth,
            timeout,
            http,
        })
    }

    /// Sends `request` (path relative to the base URL's path) and returns the status and body.
    ///
    /// # Errors
    /// [`UpstreamError`] when no complete answer arrived in time.
    pub async fn send(&self, mut request: HttpRequest) -> Result<(u16, Bytes), UpstreamError> {
        let prefix = self.base.path().trim_end_matches('/');
        request.path = format!("{prefix}{}", request.path);
        match &self.auth {
            Auth::AkSk(credentials) => sign_now(&mut request, &self.host, credentials, now_unix()),
            Auth::Token(token) => request.authorize_with_token(token.expose()),
        }
        let mut url = self.base.clone();
        url.set_path(request.path_only());
        url.set_query(Some(request.query()).filter(|q| !q.is_empty()));
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| UpstreamError::Connection)?;
        let mut call = self.http.request(method, url);
        for (name, value) in &request.headers {
            call = call.header(name.as_str(), value.as_str());
        }
        let call = call.body(request.body);
        let exchange = async {
            let mut response = call.send().await.map_err(|e| {
                tracing::warn!(error = %e.without_url(), "upstream request failed");
                UpstreamError::Connection
            })?;
            let status = response.status().as_u16();
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| {
                tracing::warn!(error = %e.without_url(), "upstream answer cut short");
                UpstreamError::Connection
            })? {
                if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                    return Err(UpstreamError::TooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            Ok((status, Bytes::from(body)))
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| UpstreamError::Timeout(self.timeout))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_keeps_only_explicit_ports() {
        let u = |s| reqwest::Url::parse(s).unwrap();
        assert_eq!(
            host_header(&u("https://bss-intl.myhuaweicloud.com")),
            "bss-intl.myhuaweicloud.com"
        );
        assert_eq!(host_header(&u("https://example.com:443/x")), "example.com");
        assert_eq!(host_header(&u("http://127.0.0.1:8090")), "127.0.0.1:8090");
    }
}
