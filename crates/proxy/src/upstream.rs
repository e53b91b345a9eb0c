//! The upstream: sends a request built by core, authenticated with the partner's AK/SK signature
//! or token, with a timeout, and reads the answer with a size cap.
//!
//! Over hyper-util's pooled client with rustls (`hyper-rustls`, the platform's certificate
//! verifier), not reqwest, which wraps the same client: its redirect, retry and URL layers were a
//! quarter of the proxy's instructions per request (callgrind, BENCHMARKS.md) for features a
//! signed call never uses (a redirect is never followed; a retry is the caller's decision).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hwc_kyc::request::HttpRequest;
use hwc_kyc::signing::{sign_now, Credentials};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

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

/// Why the upstream client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ClientError(String);

type Pool = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A client of one upstream base URL.
#[derive(Clone)]
pub struct UpstreamClient {
    base: reqwest::Url,
    /// `scheme://host[:port]`, what every request's path is appended to.
    origin: String,
    host: String,
    auth: Auth,
    timeout: Duration,
    http: Pool,
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

/// A client with its own connection pool: HTTP/1.1, `https://` (or `http://` for a local
/// simulator, which the configuration allows only explicitly), no redirects, no retries.
fn http_client(timeout: Duration) -> Result<Pool, ClientError> {
    // Built without a bundled crypto provider; use ring's, once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(timeout));
    http.set_nodelay(true);
    let https = HttpsConnectorBuilder::new()
        .try_with_platform_verifier()
        .map_err(|e| ClientError(format!("TLS: {e}")))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Ok(Client::builder(TokioExecutor::new()).build(https))
}

impl UpstreamClient {
    /// This client with a connection pool of its own (one per worker: a pooled connection is
    /// driven by the runtime that opened it).
    ///
    /// # Errors
    /// When the HTTP client cannot be built (as [`UpstreamClient::new`]).
    pub fn with_own_connections(&self) -> Result<Self, ClientError> {
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
    ) -> Result<Self, ClientError> {
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
            origin: format!("{}://{}", base.scheme(), host_header(&base)),
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
        // Core writes the path percent-encoded: it is a valid URI as it is.
        let uri = format!("{}{}", self.origin, request.path);
        let mut call = http::Request::builder().method(request.method).uri(uri);
        for (name, value) in &request.headers {
            call = call.header(name.as_str(), value.as_str());
        }
        let call = call
            .body(Full::new(Bytes::from(request.body)))
            .map_err(|e| {
                tracing::warn!(error = %e, "upstream request could not be written");
                UpstreamError::Connection
            })?;
        let exchange = async {
            let response = self.http.request(call).await.map_err(|e| {
                tracing::warn!(error = %e, "upstream request failed");
                UpstreamError::Connection
            })?;
            let status = response.status().as_u16();
            let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        return UpstreamError::TooLarge;
                    }
                    tracing::warn!(error = %e, "upstream answer cut short");
                    UpstreamError::Connection
                })?;
            Ok((status, body.to_bytes()))
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
