//! Demo mode (embedded simulator only): caller tokens for the simulator's seeded customers, and
//! the list of those customers.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hwc_kyc::json::Value;
use hwc_kyc::{Issue, IssueCode, ParamValue, PathSegment};
use serde_json::json;

use crate::auth::now_unix;
use crate::body::JsonBody;
use crate::caller_token;
use crate::context::RequestContext;
use crate::error::{Failure, ProxyError};
use crate::state::AppState;

/// `GET /demo/customers`: `{"customers":[{"customer_id","description"}]}`.
pub(crate) async fn customers(State(app): State<AppState>) -> Response {
    let list: Vec<_> = app
        .demo_customers()
        .iter()
        .map(|(id, description)| json!({ "customer_id": id, "description": description }))
        .collect();
    Json(json!({ "customers": list })).into_response()
}

/// `POST /demo/token` `{"customer_id": "..."}`: a caller token for a seeded customer,
/// `{"token","token_type":"Bearer","customer_id","expires_in"}`.
pub(crate) async fn token(
    State(app): State<AppState>,
    ctx: RequestContext,
    JsonBody(input): JsonBody,
) -> Result<Response, Failure> {
    let wanted = input.get("customer_id").and_then(Value::as_str);
    let seeded = app.demo_customers();
    let Some(customer_id) = wanted.filter(|w| seeded.iter().any(|(id, _)| id == w)) else {
        let allowed = seeded
            .iter()
            .map(|(id, _)| ParamValue::from(id.clone()))
            .collect();
        return Err(ctx.fail(ProxyError::Invalid(vec![Issue::new(
            vec![PathSegment::key("customer_id")],
            IssueCode::InvalidValue,
            vec![("allowed", ParamValue::List(allowed))],
            ctx.locale,
        )])));
    };
    let ttl = app
        .config()
        .demo
        .as_ref()
        .map_or(3600, |d| d.token_ttl.as_secs());
    let ttl = i64::try_from(ttl).unwrap_or(i64::MAX);
    let token = caller_token::issue(app.token_secret(), customer_id, ttl, now_unix());
    Ok(Json(json!({
        "token": token,
        "token_type": "Bearer",
        "customer_id": customer_id,
        "expires_in": ttl,
    }))
    .into_response())
}
