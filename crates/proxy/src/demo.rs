//! Demo mode (embedded simulator only): caller tokens for the simulator's seeded customers, and
//! the list of those customers.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hwc_kyc::json::Value;
use hwc_kyc::{Issue, IssueCode, ParamValue, PathSegment};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::now_unix;
use crate::body::JsonBody;
use crate::caller_token;
use crate::context::RequestContext;
use crate::error::{ErrorBody, Failure, ProxyError};
use crate::state::AppState;

/// `GET /demo/customers`'s answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Customers {
    customers: Vec<Customer>,
}

/// A seeded customer of the simulator.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Customer {
    customer_id: String,
    /// What the simulator does with this customer's submissions.
    description: String,
}

/// `POST /demo/token`'s body.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub(crate) struct TokenRequest {
    /// A seeded customer's id (`GET /demo/customers`).
    customer_id: String,
}

/// `POST /demo/token`'s answer: a caller token for the customer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Token {
    /// The HS256 caller token, for `Authorization: Bearer …`.
    token: String,
    /// Always `Bearer`.
    token_type: &'static str,
    customer_id: String,
    /// Seconds until it expires.
    expires_in: i64,
}

/// `GET /demo/customers`: `{"customers":[{"customer_id","description"}]}`.
#[utoipa::path(
    get,
    path = "/demo/customers",
    tag = "demo",
    responses((status = 200, description = "Demo mode only", body = Customers), (status = 429, body = ErrorBody))
)]
pub(crate) async fn customers(State(app): State<AppState>) -> Response {
    let customers = app
        .demo_customers()
        .iter()
        .map(|(id, description)| Customer {
            customer_id: id.clone(),
            description: description.clone(),
        })
        .collect();
    Json(Customers { customers }).into_response()
}

/// `POST /demo/token` `{"customer_id": "..."}`: a caller token for a seeded customer,
/// `{"token","token_type":"Bearer","customer_id","expires_in"}`.
#[utoipa::path(
    post,
    path = "/demo/token",
    tag = "demo",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Demo mode only", body = Token),
        (status = 400, description = "Not a seeded customer (`issues`)", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 429, body = ErrorBody),
    )
)]
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
    Ok(Json(Token {
        token,
        token_type: "Bearer",
        customer_id: customer_id.to_string(),
        expires_in: ttl,
    })
    .into_response())
}
