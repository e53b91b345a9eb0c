//! The operations, at the upstream's paths. Each request: authenticate the caller → read and
//! parse → bind to the caller's customer → validate with core (`Stage::Form`) → fill the
//! partner-side fields → validate again (`Stage::Upstream`) and build with core → sign or use the
//! token → forward with a timeout → parse the answer with core → relay it.

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use bytes::Bytes;
use hwc_kyc::json::Value;
use hwc_kyc::request::HttpRequest;
use hwc_kyc::{
    parse_response, ErrorKind, Issue, IssueCode, Locale, Operation, Options, PathSegment, Stage,
    Valid, ValidRequest, JSON_CONTENT_TYPE,
};

use crate::app::AppState;
use crate::body::{parse_json, read_json_bytes, BodyLimits};
use crate::caller_token::Claims;
use crate::context::RequestContext;
use crate::error::{Failure, ProxyError};
use crate::mask::masked_request;
use crate::security::caller;
use crate::upstream::UpstreamError;

/// The caller's token claims, or 401.
pub(crate) fn authorize(
    app: &AppState,
    ctx: &RequestContext,
    req: &Request,
) -> Result<Claims, Failure> {
    caller(req.headers(), app.token_secret(), crate::app::now_unix())
        .map_err(|e| ctx.fail(ProxyError::Unauthorized(e)))
}

/// A request naming another customer than the token's is 403, before anything else is read
/// from it.
fn bind(ctx: &RequestContext, claims: &Claims, input: &Value) -> Result<(), Failure> {
    match input.get("customer_id").and_then(Value::as_str) {
        Some(id) if id != claims.sub => Err(ctx.fail(ProxyError::Forbidden)),
        _ => Ok(()),
    }
}

/// The size and time a JSON body may take.
pub(crate) fn json_limits(app: &AppState) -> BodyLimits {
    let limits = app.config().limits;
    BodyLimits {
        max_bytes: limits.max_body_bytes,
        timeout: limits.body_read_timeout,
    }
}

/// `POST /v2/partners/sub-customers/users/check-identity`: no caller token (a visitor checks a
/// name before registering), but rate-limited per address.
pub(crate) async fn check_identity(
    State(app): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    req: Request,
) -> Result<Response, Failure> {
    let (parts, body) = req.into_parts();
    let bytes = read_json_bytes(&ctx, &parts.headers, body, json_limits(&app)).await?;
    let input = parse_json(&ctx, &bytes)?;
    forward(&app, &ctx, Operation::CheckIdentity, &input).await
}

async fn submission(
    app: AppState,
    ctx: RequestContext,
    req: Request,
    op: Operation,
) -> Result<Response, Failure> {
    let claims = authorize(&app, &ctx, &req)?;
    let (parts, body) = req.into_parts();
    let bytes = read_json_bytes(&ctx, &parts.headers, body, json_limits(&app)).await?;
    let input = parse_json(&ctx, &bytes)?;
    bind(&ctx, &claims, &input)?;
    forward(&app, &ctx, op, &input).await
}

/// `POST /v2/customers/realname-auths/individual` (caller token required).
pub(crate) async fn individual(
    State(app): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    req: Request,
) -> Result<Response, Failure> {
    submission(app, ctx, req, Operation::IndividualRealnameAuth).await
}

/// `POST /v2/customers/realname-auths/enterprise` (caller token required).
pub(crate) async fn enterprise(
    State(app): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    req: Request,
) -> Result<Response, Failure> {
    submission(app, ctx, req, Operation::EnterpriseRealnameAuth).await
}

/// The query string as loose input; a repeated key keeps its first value (the only one core
/// reads and builds from).
fn query_input(uri: &Uri) -> Value {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let mut members: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        if !members.iter().any(|(seen, _)| *seen == k) {
            members.push((k, Value::String(v)));
        }
    }
    Value::Object(members)
}

/// `GET /v2/customers/realname-auths/result?customer_id=...` (caller token required).
pub(crate) async fn review_result(
    State(app): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    req: Request,
) -> Result<Response, Failure> {
    let claims = authorize(&app, &ctx, &req)?;
    let input = query_input(req.uri());
    bind(&ctx, &claims, &input)?;
    forward(&app, &ctx, Operation::ReviewResult, &input).await
}

/// Validates a form, fills the partner's fields, forwards, relays.
async fn forward(
    app: &AppState,
    ctx: &RequestContext,
    op: Operation,
    input: &Value,
) -> Result<Response, Failure> {
    let form = Options::default().stage(Stage::Form).locale(ctx.locale);
    let valid =
        hwc_kyc::validate(op, input, &form).map_err(|i| ctx.fail(ProxyError::Invalid(i)))?;
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
    let (status, body) = app.upstream().send(request).await.map_err(|e| match e {
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

/// Fills the partner-side fields (`xaccount_type`; `identify_type` is implied by the operation at
/// `Stage::Form`), validates at `Stage::Upstream` and builds the request.
pub(crate) fn upstream_request(
    valid: ValidRequest,
    xaccount_type: &str,
    locale: Locale,
) -> Result<HttpRequest, BuildError> {
    let upstream = Options::default().stage(Stage::Upstream).locale(locale);
    let fill = |sent: Option<String>| {
        partner_field(sent, xaccount_type, locale).map_err(BuildError::Caller)
    };
    let built = match valid {
        ValidRequest::CheckIdentity(v) => Valid::new(v.into_inner(), &upstream).map(|v| v.build()),
        ValidRequest::ReviewResult(v) => Valid::new(v.into_inner(), &upstream).map(|v| v.build()),
        ValidRequest::IndividualRealnameAuth(v) => {
            let mut value = v.into_inner();
            value.xaccount_type = Some(fill(value.xaccount_type.take())?);
            Valid::new(value, &upstream).map(|v| v.build())
        }
        ValidRequest::EnterpriseRealnameAuth(v) => {
            let mut value = v.into_inner();
            value.xaccount_type = Some(fill(value.xaccount_type.take())?);
            Valid::new(value, &upstream).map(|v| v.build())
        }
    };
    built.map_err(BuildError::Partner)
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
pub(crate) async fn not_found(Extension(ctx): Extension<RequestContext>) -> Failure {
    ctx.fail(ProxyError::NotFound)
}

/// A route that exists with another method: 405 `KYC.0405`.
pub(crate) async fn method_not_allowed(Extension(ctx): Extension<RequestContext>) -> Failure {
    ctx.fail(ProxyError::MethodNotAllowed)
}

/// `GET /healthz`: the process answers (no upstream call).
pub(crate) async fn healthz() -> Response {
    json_response(StatusCode::OK, Bytes::from_static(br#"{"status":"ok"}"#))
}
