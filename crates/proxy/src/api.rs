//! The operations, at the upstream's paths. Each handler takes the request's context, the caller
//! (where the route needs a caller token) and the form, valid at `Stage::Form` and bound to the
//! caller's customer; then fills the partner-side fields, validates again at `Stage::Upstream`
//! and builds with core, signs or uses the token, forwards with a timeout, reads the answer with
//! core and relays it.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use hwc_kyc::json::Value;
use hwc_kyc::model::{
    CheckIdentity, EnterpriseRealnameAuth, IndividualRealnameAuth, ReviewResultQuery,
};
use hwc_kyc::request::HttpRequest;
use hwc_kyc::{
    parse_response, ErrorKind, Form, Issue, IssueCode, Locale, Operation, Options, PathSegment,
    Stage, Valid, JSON_CONTENT_TYPE,
};
use hwc_kyc::{CheckIdentityResult, RealnameAuthResult, ReviewResultInfo};

use crate::attachment_check as verify;
use crate::auth::Caller;
use crate::body::{ValidBody, ValidQuery};
use crate::context::RequestContext;
use crate::error::{CallerRefusals, Failure, ProxyError, Refusals};
use crate::idempotency::{once, IdempotencyKey, IdempotencyRefusals, Keyed, KEY_DESCRIPTION};
use crate::mask::masked_request;
use crate::state::AppState;
use crate::upstream::UpstreamError;

/// What the submissions' bodies may leave out or write loosely, as a browser form does.
const FORM_NOTE: &str = "The form as the browser holds it: `identify_type` and `xaccount_type` \
    may be left out (the proxy fills them; a different `xaccount_type` is refused), and enums may \
    be numbers or numeric strings.";

/// `POST /v2/partners/sub-customers/users/check-identity`: no caller token (a visitor checks a
/// name before registering), but rate-limited per address.
#[utoipa::path(
    post,
    path = "/v2/partners/sub-customers/users/check-identity",
    tag = "operations",
    request_body = CheckIdentity,
    responses((status = 200, description = "The upstream's answer", body = CheckIdentityResult), Refusals)
)]
pub(crate) async fn check_identity(
    State(app): State<AppState>,
    ctx: RequestContext,
    form: ValidBody<CheckIdentity>,
) -> Result<Response, Failure> {
    forward(&app, &ctx, form.valid, &form.input).await
}

/// `POST /v2/customers/realname-auths/individual` (caller token required; `Idempotency-Key`
/// honoured).
#[utoipa::path(
    post,
    path = "/v2/customers/realname-auths/individual",
    tag = "operations",
    security(("caller_token" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = KEY_DESCRIPTION)),
    request_body(content = IndividualRealnameAuth, description = FORM_NOTE),
    responses((status = 200, description = "The upstream's answer", body = RealnameAuthResult), Refusals, CallerRefusals, IdempotencyRefusals)
)]
pub(crate) async fn individual(
    State(app): State<AppState>,
    ctx: RequestContext,
    caller: Caller,
    key: IdempotencyKey,
    form: ValidBody<IndividualRealnameAuth>,
) -> Result<Response, Failure> {
    verify::attachments(&app, &ctx, &caller.0.sub, &form.valid.verified_file_url).await?;
    submit(app, ctx, caller, key, form).await
}

/// `POST /v2/customers/realname-auths/enterprise` (caller token required; `Idempotency-Key`
/// honoured).
#[utoipa::path(
    post,
    path = "/v2/customers/realname-auths/enterprise",
    tag = "operations",
    security(("caller_token" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = KEY_DESCRIPTION)),
    request_body(content = EnterpriseRealnameAuth, description = FORM_NOTE),
    responses((status = 200, description = "The upstream's answer", body = RealnameAuthResult), Refusals, CallerRefusals, IdempotencyRefusals)
)]
pub(crate) async fn enterprise(
    State(app): State<AppState>,
    ctx: RequestContext,
    caller: Caller,
    key: IdempotencyKey,
    form: ValidBody<EnterpriseRealnameAuth>,
) -> Result<Response, Failure> {
    verify::attachments(&app, &ctx, &caller.0.sub, &form.valid.verified_file_url).await?;
    submit(app, ctx, caller, key, form).await
}

/// A submission: forwarded once per idempotency key and body (see [`crate::idempotency`]).
async fn submit<T: PartnerFields + Send + 'static>(
    app: AppState,
    ctx: RequestContext,
    Caller(claims): Caller,
    IdempotencyKey(key): IdempotencyKey,
    form: ValidBody<T>,
) -> Result<Response, Failure> {
    let body = form.input.to_json();
    let keyed = Keyed {
        caller: &claims.sub,
        route: T::OPERATION.path(),
        body: &[body.as_bytes()],
    };
    let (task_app, task_ctx) = (app.clone(), ctx.clone());
    let work = async move { forward(&task_app, &task_ctx, form.valid, &form.input).await };
    once(&app, &ctx, key, keyed, work).await
}

/// `GET /v2/customers/realname-auths/result?customer_id=...` (caller token required).
#[utoipa::path(
    get,
    path = "/v2/customers/realname-auths/result",
    tag = "operations",
    security(("caller_token" = [])),
    params(ReviewResultQuery),
    responses((status = 200, description = "The upstream's answer", body = ReviewResultInfo), Refusals, CallerRefusals)
)]
pub(crate) async fn review_result(
    State(app): State<AppState>,
    ctx: RequestContext,
    _caller: Caller,
    query: ValidQuery<ReviewResultQuery>,
) -> Result<Response, Failure> {
    forward(&app, &ctx, query.valid, &query.input).await
}

/// Fills the partner's fields, forwards, relays.
async fn forward<T: PartnerFields>(
    app: &AppState,
    ctx: &RequestContext,
    valid: Valid<T>,
    input: &Value,
) -> Result<Response, Failure> {
    let op = T::OPERATION;
    tracing::info!(operation = %op, request = %masked_request(op, input), "forwarding");
    let request =
        upstream_request(valid, app.xaccount_type(), ctx.locale).map_err(|e| match e {
            BuildError::Caller(issues) => ctx.fail(ProxyError::Invalid(issues)),
            // Only the partner's own configuration can fail here (checked at start-up).
            BuildError::Partner(issues) => ctx.fail(ProxyError::Internal(format!(
                "request invalid after filling the partner's fields ({} issues)",
                issues.len()
            ))),
        })?;
    let started = std::time::Instant::now();
    let sent = app.upstream().send(request).await;
    app.metrics().upstream(op, started.elapsed().as_secs_f64());
    let (status, body) = sent.map_err(|e| match e {
        UpstreamError::Timeout(_) => ctx.fail(ProxyError::GatewayTimeout),
        other => ctx.fail(ProxyError::BadGateway(other.to_string())),
    })?;
    relay(ctx, op, status, body)
}

/// The issue of a caller that sent a platform ID other than the partner's.
fn mismatch(locale: Locale) -> Vec<Issue> {
    vec![Issue::new(
        vec![PathSegment::key("xaccount_type")],
        IssueCode::PartnerFieldMismatch,
        Vec::new(),
        locale,
    )]
}

/// The partner's platform ID, unless the caller sent another.
fn partner_field(sent: Option<String>, ours: &str, locale: Locale) -> Result<String, Vec<Issue>> {
    match sent {
        Some(s) if s != ours => Err(mismatch(locale)),
        _ => Ok(ours.to_string()),
    }
}

/// Why no upstream request could be built.
#[derive(Debug)]
pub(crate) enum BuildError {
    /// The caller sent a partner field other than the partner's (400).
    Caller(Vec<Issue>),
    /// The partner's configuration makes the request invalid (500).
    Partner(Vec<Issue>),
}

/// The partner-side fields a form gets before it goes upstream: `xaccount_type` where the
/// operation has one (`identify_type` is implied by the operation at `Stage::Form`).
pub(crate) trait PartnerFields: Form {
    /// Fills them, or the issues of a caller that sent different ones.
    fn fill(&mut self, _xaccount_type: &str, _locale: Locale) -> Result<(), Vec<Issue>> {
        Ok(())
    }
}

impl PartnerFields for CheckIdentity {}
impl PartnerFields for ReviewResultQuery {}

/// The submissions carry the partner's platform ID.
macro_rules! with_platform_id {
    ($($form:ty),+) => {$(
        impl PartnerFields for $form {
            fn fill(&mut self, xaccount_type: &str, locale: Locale) -> Result<(), Vec<Issue>> {
                let sent = self.xaccount_type.take();
                self.xaccount_type = Some(partner_field(sent, xaccount_type, locale)?);
                Ok(())
            }
        }
    )+};
}

with_platform_id!(IndividualRealnameAuth, EnterpriseRealnameAuth);

/// Fills the partner-side fields, validates at `Stage::Upstream` and builds the request.
pub(crate) fn upstream_request<T: PartnerFields>(
    valid: Valid<T>,
    xaccount_type: &str,
    locale: Locale,
) -> Result<HttpRequest, BuildError> {
    let upstream = Options::default().stage(Stage::Upstream).locale(locale);
    let mut value = valid.into_inner();
    value
        .fill(xaccount_type, locale)
        .map_err(BuildError::Caller)?;
    Valid::new(value, &upstream)
        .map(|v| v.build())
        .map_err(BuildError::Partner)
}

fn json_response(status: StatusCode, body: Bytes) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    response
}

/// The upstream's error body with this request's id added when it carries none.
fn with_request_id(body: &[u8], id: &str) -> Bytes {
    match hwc_kyc::json::parse(body) {
        Ok(Value::Object(mut members)) if !members.iter().any(|(k, _)| k == "request_id") => {
            members.push(("request_id".into(), Value::String(id.into())));
            Bytes::from(Value::Object(members).to_json())
        }
        _ => Bytes::copy_from_slice(body),
    }
}

/// Relays an upstream answer core can read, with its status; anything else is 502.
fn relay(
    ctx: &RequestContext,
    op: Operation,
    status: u16,
    body: Bytes,
) -> Result<Response, Failure> {
    let Ok(code) = StatusCode::from_u16(status) else {
        return Err(ctx.fail(ProxyError::BadGateway(format!(
            "Huawei Cloud answered an invalid HTTP status {status}"
        ))));
    };
    match parse_response(op, status, &body) {
        Ok(_) => {
            tracing::info!(operation = %op, upstream_status = status, "upstream accepted");
            Ok(json_response(code, body))
        }
        Err(e) if e.kind == ErrorKind::Malformed || e.code.is_none() => {
            let detail = e.detail.unwrap_or_else(|| "unreadable answer".into());
            Err(ctx.fail(ProxyError::BadGateway(format!(
                "Huawei Cloud answered HTTP {status} that could not be read: {detail}"
            ))))
        }
        Err(e) => {
            tracing::info!(
                operation = %op,
                upstream_status = status,
                error_code = e.code.as_deref().unwrap_or_default(),
                fail_check_items = ?e.fail_check_items,
                "upstream refused"
            );
            Ok(json_response(code, with_request_id(&body, &ctx.id)))
        }
    }
}

/// Any route that does not exist: 404 `KYC.0404`.
pub(crate) async fn not_found(ctx: RequestContext) -> Failure {
    ctx.fail(ProxyError::NotFound)
}

/// A route that exists with another method: 405 `KYC.0405`.
pub(crate) async fn method_not_allowed(ctx: RequestContext) -> Failure {
    ctx.fail(ProxyError::MethodNotAllowed)
}

/// `GET /healthz`'s answer.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct Health {
    /// Always `ok`.
    status: String,
}

/// `GET /healthz`: the process answers (no upstream call).
#[utoipa::path(get, path = "/healthz", tag = "service", responses((status = 200, body = Health)))]
pub(crate) async fn healthz() -> Response {
    json_response(StatusCode::OK, Bytes::from_static(br#"{"status":"ok"}"#))
}
