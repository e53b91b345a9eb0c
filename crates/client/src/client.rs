//! [`KycClient`]: one method per operation of the partner proxy.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use hwc_kyc::json::Value;
use hwc_kyc::request::PROXY_UPLOAD_PATH;
use hwc_kyc::{
    check_attachment, ApiError, ApiResponse, CheckIdentityResult, Locale, Operation,
    RealnameAuthResult, ReviewResultInfo,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, FormData};

use crate::call::{Call, Sent};
use crate::engine::{exchange, interrupted, Answer, Exchange, Outgoing};
use crate::error::{ClientError, HttpError};
use crate::fetch::{js_message, random_bytes, Fetch};
use crate::plan;
use crate::upload::{UploadedFile, UPLOAD_ERRORS_AS};

/// The time a call has when neither the client nor the call sets one: 10 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// What a token provider returns: the bearer token, `None` to send no `Authorization`, or why
/// it could not get one.
pub type TokenFuture = Pin<Box<dyn Future<Output = Result<Option<String>, String>>>>;

/// Options of one call.
///
/// ```ignore
/// let controller = web_sys::AbortController::new().unwrap();
/// let options = CallOptions { signal: Some(controller.signal()), ..CallOptions::default() };
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Stops the call when it fires ([`ClientError::Aborted`]); an aborted signal sends nothing.
    pub signal: Option<AbortSignal>,
    /// Language of issues and of `Accept-Language`, instead of the client's.
    pub locale: Option<Locale>,
    /// The time this call has, instead of the client's.
    pub timeout: Option<Duration>,
}

/// A client of one partner proxy. Cheap to clone; every clone shares the configuration.
///
/// ```ignore
/// use hwc_kyc::{json, Locale};
/// use hwc_kyc_client::{CallOptions, KycClient};
///
/// let client = KycClient::new("https://kyc.example.com")
///     .with_timeout(std::time::Duration::from_secs(8))
///     .with_header("X-Portal", "shop-eu")
///     .with_locale(Locale::ZhCn)
///     .with_token(|| async { Ok(Some(my_session().token)) });
/// let form = json::parse(br#"{"customer_id":"cust-individual-001"}"#).unwrap();
/// let answer = client.review_result(&form, &CallOptions::default()).await?;
/// println!("{:?} ({})", answer.value.review_result, answer.request_id);
/// ```
#[derive(Clone)]
pub struct KycClient {
    base_url: Rc<str>,
    timeout: Duration,
    headers: Rc<[(String, String)]>,
    locale: Locale,
    token: Option<Rc<dyn Fn() -> TokenFuture>>,
}

impl std::fmt::Debug for KycClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values may be credentials: names only.
        f.debug_struct("KycClient")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("locale", &self.locale)
            .field("token", &self.token.is_some())
            .finish()
    }
}

/// One call's settings, resolved from the client's and the call's.
struct Prepared<'a> {
    call: Call,
    request_id: String,
    /// Sent as `Idempotency-Key` by submissions and uploads (one per call, on every attempt).
    idempotency_key: String,
    locale: Locale,
    timeout: Duration,
    signal: Option<&'a AbortSignal>,
}

impl KycClient {
    /// A client of the proxy at `base_url` (`"https://kyc.example.com"`, `"/kyc"` in a page):
    /// each call goes to `base_url` followed by the operation's documented path. Default: 10 s
    /// per call, English, no extra header, no token.
    pub fn new(base_url: &str) -> Self {
        KycClient {
            base_url: base_url.into(),
            timeout: DEFAULT_TIMEOUT,
            headers: Rc::new([]),
            locale: Locale::En,
            token: None,
        }
    }

    /// The time each call has, retries and their waits included.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// A header sent with every call (`X-Request-Id`, `Authorization` with a token, and
    /// `Content-Type` of JSON bodies are the client's own and win).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        let mut headers = self.headers.to_vec();
        headers.push((name.to_string(), value.to_string()));
        self.headers = headers.into();
        self
    }

    /// The language of issues and of the proxy's messages (`Accept-Language`).
    pub fn with_locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }

    /// The caller token provider, asked once per call after validation: `Ok(Some(token))` is
    /// sent as `Authorization: Bearer`, `Ok(None)` sends none, `Err` fails the call with
    /// [`ClientError::Token`] before anything is sent.
    pub fn with_token<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<Option<String>, String>> + 'static,
    {
        self.token = Some(Rc::new(move || Box::pin(provider()) as TokenFuture));
        self
    }

    fn prepare<'a>(&self, call: Call, options: &'a CallOptions) -> Prepared<'a> {
        Prepared {
            call,
            request_id: plan::request_id(random_bytes()),
            idempotency_key: plan::request_id(random_bytes()),
            locale: options.locale.unwrap_or(self.locale),
            timeout: options.timeout.unwrap_or(self.timeout),
            signal: options.signal.as_ref(),
        }
    }

    /// Any of core's operations, with the answer as [`ApiResponse`]: what the typed methods
    /// below call (one async function for all four keeps a front end's wasm smaller).
    pub async fn call(
        &self,
        op: Operation,
        form: &Value,
        options: &CallOptions,
    ) -> Result<Sent<ApiResponse>, ClientError> {
        let p = self.prepare(Call::from(op), options);
        let request =
            plan::form_request(op, form, p.locale).map_err(|issues| ClientError::Invalid {
                issues,
                request_id: p.request_id.clone(),
            })?;
        let body = (request.method == "POST")
            .then(|| JsValue::from_str(&String::from_utf8_lossy(&request.body)));
        let answer = self
            .send(&p, request.method, &request.path, &request.headers, body)
            .await?;
        match answer {
            Answer::Api(value) => Ok(Sent {
                value,
                request_id: p.request_id,
            }),
            Answer::Upload(_) => Err(p.wrong_answer()),
        }
    }

    /// [`KycClient::call`] for `op`, keeping the answer of the expected shape.
    async fn typed<V>(
        &self,
        op: Operation,
        form: &Value,
        options: &CallOptions,
        extract: fn(ApiResponse) -> Option<V>,
    ) -> Result<Sent<V>, ClientError> {
        let Sent { value, request_id } = self.call(op, form, options).await?;
        match extract(value) {
            Some(value) => Ok(Sent { value, request_id }),
            None => Err(ClientError::Http(Box::new(HttpError {
                call: Call::from(op),
                error: wrong_answer(op),
                request_id,
                server_request_id: None,
                retry_after: None,
            }))),
        }
    }

    /// Checks that an account name, e-mail or mobile number can still be registered. Repeated
    /// (at most twice) on 429/503.
    pub async fn check_identity(
        &self,
        form: &Value,
        options: &CallOptions,
    ) -> Result<Sent<CheckIdentityResult>, ClientError> {
        self.typed(Operation::CheckIdentity, form, options, |r| match r {
            ApiResponse::CheckIdentity(v) => Some(v),
            _ => None,
        })
        .await
    }

    /// Submits an individual's real-name authentication, with a fresh `Idempotency-Key`;
    /// repeated with it (at most twice) after a network error or a 409/502/503/504.
    pub async fn submit_individual(
        &self,
        form: &Value,
        options: &CallOptions,
    ) -> Result<Sent<RealnameAuthResult>, ClientError> {
        self.typed(Operation::IndividualRealnameAuth, form, options, realname)
            .await
    }

    /// Submits an enterprise's real-name authentication, with a fresh `Idempotency-Key`;
    /// repeated with it (at most twice) after a network error or a 409/502/503/504.
    pub async fn submit_enterprise(
        &self,
        form: &Value,
        options: &CallOptions,
    ) -> Result<Sent<RealnameAuthResult>, ClientError> {
        self.typed(Operation::EnterpriseRealnameAuth, form, options, realname)
            .await
    }

    /// Queries the review result of a customer's submission (`{"customer_id": …}`). Repeated
    /// (at most twice) on 429/503.
    pub async fn review_result(
        &self,
        form: &Value,
        options: &CallOptions,
    ) -> Result<Sent<ReviewResultInfo>, ClientError> {
        self.typed(Operation::ReviewResult, form, options, |r| match r {
            ApiResponse::ReviewResult(v) => Some(v),
            _ => None,
        })
        .await
    }

    /// Uploads one attachment file (`multipart/form-data` to the proxy's `/uploads`) after
    /// core's check of its name, size and leading bytes; answers the path to put in
    /// `verified_file_url`. Sent with a fresh `Idempotency-Key` and repeated with it (at most
    /// twice) after a network error or a 409/502/503/504.
    pub async fn upload_attachment(
        &self,
        file: &Blob,
        file_name: &str,
        options: &CallOptions,
    ) -> Result<Sent<UploadedFile>, ClientError> {
        let p = self.prepare(Call::UploadAttachment, options);
        let network = |e: JsValue| ClientError::Network {
            message: js_message(&e),
            request_id: p.request_id.clone(),
        };
        let head_len = hwc_kyc::rules::attachments::CONTENT_HEAD_BYTES as f64;
        let head = file
            .slice_with_f64_and_f64(0.0, head_len)
            .map_err(network)?;
        let head = JsFuture::from(head.array_buffer()).await.map_err(network)?;
        let head = js_sys::Uint8Array::new(&head).to_vec();
        let size = file.size().max(0.0).min(usize::MAX as f64) as usize;
        let issues = check_attachment(file_name, size, &head, p.locale);
        if !issues.is_empty() {
            return Err(ClientError::Invalid {
                issues,
                request_id: p.request_id,
            });
        }
        let form = FormData::new().map_err(network)?;
        form.append_with_blob_and_filename("file", file, file_name)
            .map_err(network)?;
        let answer = self
            .send(&p, "POST", PROXY_UPLOAD_PATH, &[], Some(form.into()))
            .await?;
        match answer {
            Answer::Upload(value) => Ok(Sent {
                value,
                request_id: p.request_id,
            }),
            Answer::Api(_) => Err(p.wrong_answer()),
        }
    }

    /// The common part of every call once the value is valid: the caller's signal, the token,
    /// then the exchange.
    async fn send(
        &self,
        p: &Prepared<'_>,
        method: &'static str,
        path: &str,
        core_headers: &[(String, String)],
        body: Option<JsValue>,
    ) -> Result<Answer, ClientError> {
        let x = Exchange {
            call: p.call,
            request_id: &p.request_id,
            timeout: p.timeout,
        };
        if p.signal.is_some_and(AbortSignal::aborted) {
            return Err(ClientError::Aborted {
                request_id: p.request_id.clone(),
            });
        }
        let token = match &self.token {
            Some(provider) => provider().await.map_err(|message| ClientError::Token {
                message,
                request_id: p.request_id.clone(),
            })?,
            None => None,
        };
        let fetch = Fetch::start(p.timeout, p.signal).map_err(|why| interrupted(why, x))?;
        let mut headers = plan::headers(
            &self.headers,
            core_headers,
            p.locale,
            token.as_deref(),
            &p.request_id,
        );
        plan::idempotency_key(p.call, &mut headers, &p.idempotency_key);
        let request = Outgoing {
            method,
            url: plan::url(&self.base_url, path),
            headers,
            body,
        };
        exchange(&fetch, &request, x).await
    }
}

impl Prepared<'_> {
    /// An answer core read as another call's: cannot happen; reported as malformed.
    fn wrong_answer(&self) -> ClientError {
        ClientError::Http(Box::new(HttpError {
            call: self.call,
            error: wrong_answer(self.call.operation().unwrap_or(UPLOAD_ERRORS_AS)),
            request_id: self.request_id.clone(),
            server_request_id: None,
            retry_after: None,
        }))
    }
}

fn realname(r: ApiResponse) -> Option<RealnameAuthResult> {
    match r {
        ApiResponse::RealnameAuth(v) => Some(v),
        _ => None,
    }
}

/// Core read an answer of another operation's shape: cannot happen, reported as malformed.
fn wrong_answer(op: Operation) -> ApiError {
    ApiError::malformed(op, 200, "the answer of another operation")
}
