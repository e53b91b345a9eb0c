//! The four operations at their documented paths: authenticate the partner, validate with core
//! at `Stage::Upstream`, then apply the business rules of [`crate::state`].

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, Uri};
use hwc_kyc::json::{self, Value};
use hwc_kyc::model::{
    CheckIdentity, EnterpriseRealnameAuth, IndividualRealnameAuth, ReviewResultQuery,
};
use hwc_kyc::{catalog, validate_as, Form, Locale, Operation, Options, Stage, Valid, SUCCESS_CODE};
use serde_json::json;

use crate::answer::Answer;
use crate::auth::authenticate;
use crate::codes;
use crate::server::Simulator;
use crate::state::Refusal;

/// Everything a request passes before its operation's rules: the partner's credentials, then the
/// body's validity. Returns the validated value, or the refusal.
fn admit<T: Form>(
    sim: &Simulator,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    input: Result<Value, ()>,
) -> Result<Valid<T>, Answer> {
    if let Err(e) = authenticate(sim.partner(), method, uri, headers, body) {
        tracing::info!(operation = %T::OPERATION, reason = %e, "partner authentication refused");
        return Err(Answer::gateway_error(codes::AUTH_FAILED));
    }
    let options = Options::default().stage(Stage::Upstream).locale(Locale::En);
    let refused = || Answer::error(codes::PARAMETER_ERROR, Some(T::OPERATION), &[]);
    let input = input.map_err(|()| refused())?;
    validate_as::<T>(&input, &options).map_err(|issues| {
        tracing::info!(operation = %T::OPERATION, issues = issues.len(), "parameter error");
        refused()
    })
}

fn refusal(op: Operation, r: Refusal) -> Answer {
    Answer::error(r.code, Some(op), &r.fail_check_items)
}

/// The partner may only send its own platform ID.
fn check_platform(
    sim: &Simulator,
    op: Operation,
    xaccount_type: Option<&str>,
) -> Result<(), Answer> {
    if xaccount_type == Some(sim.partner().xaccount_type.as_str()) {
        Ok(())
    } else {
        Err(Answer::error(codes::ACCESS_DENIED, Some(op), &[]))
    }
}

/// `POST /v2/partners/sub-customers/users/check-identity`.
pub(crate) async fn check_identity(
    State(sim): State<Simulator>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let parsed = json::parse(&body).map_err(drop);
    let valid = match admit::<CheckIdentity>(&sim, &method, &uri, &headers, &body, parsed) {
        Ok(v) => v,
        Err(answer) => return answer,
    };
    let found = sim.with_state(|s| s.check_identity(valid.search_type, &valid.search_value));
    let check_result = if found.used {
        hwc_kyc::model::CheckResult::UsedByUser
    } else {
        hwc_kyc::model::CheckResult::Available
    };
    let success = catalog::describe_error(SUCCESS_CODE, Some(Operation::CheckIdentity), Locale::En);
    let mut body = json!({
        "error_code": SUCCESS_CODE,
        "error_msg": success.unwrap_or_default(),
        "check_result": check_result.wire(),
    });
    if let Some(n) = found.mobile_remaining {
        body["mobile_remain_available_num"] = json!(n);
    }
    Answer::ok(body)
}

fn submitted(sim: &Simulator) -> Answer {
    if sim.config().is_review_as_string {
        Answer::ok(json!({ "is_review": "1" }))
    } else {
        Answer::ok(json!({ "is_review": 1 }))
    }
}

/// What the simulator reads of either real-name submission.
pub(crate) trait Submission: Form {
    fn customer_id(&self) -> &str;
    fn verified_number(&self) -> &str;
    fn files(&self) -> &[String];
    fn xaccount_type(&self) -> Option<&str>;
}

macro_rules! submission {
    ($($ty:ty),+) => {$(
        impl Submission for $ty {
            fn customer_id(&self) -> &str {
                &self.customer_id
            }
            fn verified_number(&self) -> &str {
                &self.verified_number
            }
            fn files(&self) -> &[String] {
                &self.verified_file_url
            }
            fn xaccount_type(&self) -> Option<&str> {
                self.xaccount_type.as_deref()
            }
        }
    )+};
}

submission!(IndividualRealnameAuth, EnterpriseRealnameAuth);

/// `POST /v2/customers/realname-auths/individual` and `.../enterprise`: authenticate, validate,
/// check the platform, then apply.
pub(crate) async fn realname<T: Submission>(
    State(sim): State<Simulator>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let op = T::OPERATION;
    let parsed = json::parse(&body).map_err(drop);
    let valid = match admit::<T>(&sim, &method, &uri, &headers, &body, parsed) {
        Ok(v) => v,
        Err(answer) => return answer,
    };
    if let Err(answer) = check_platform(&sim, op, valid.xaccount_type()) {
        return answer;
    }
    let outcome = sim.with_state(|s| {
        s.submit(
            op,
            valid.customer_id(),
            valid.verified_number(),
            valid.files(),
        )
    });
    match outcome {
        Ok(()) => submitted(&sim),
        Err(r) => refusal(op, r),
    }
}

/// The query string as a JSON object for validation; a repeated key is refused.
fn query_object(uri: &Uri) -> Result<Value, ()> {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(uri).map_err(drop)?;
    let mut members: Vec<(String, Value)> = Vec::with_capacity(pairs.0.len());
    for (k, v) in pairs.0 {
        if members.iter().any(|(seen, _)| *seen == k) {
            return Err(());
        }
        members.push((k, Value::String(v)));
    }
    Ok(Value::Object(members))
}

/// `GET /v2/customers/realname-auths/result?customer_id=...`.
pub(crate) async fn review_result(
    State(sim): State<Simulator>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let op = Operation::ReviewResult;
    let input = query_object(&uri);
    let valid = match admit::<ReviewResultQuery>(&sim, &method, &uri, &headers, &body, input) {
        Ok(v) => v,
        Err(answer) => return answer,
    };
    match sim.with_state(|s| s.review_result(&valid.customer_id)) {
        Ok((result, opinion)) => {
            let mut body = json!({ "review_result": result.wire() });
            if let Some(opinion) = opinion {
                body["opinion"] = json!(opinion);
            }
            Answer::ok(body)
        }
        Err(r) => refusal(op, r),
    }
}

/// Any other path: the gateway knows no such API.
pub(crate) async fn no_such_api() -> Answer {
    Answer::gateway_error(codes::NO_SUCH_API)
}
