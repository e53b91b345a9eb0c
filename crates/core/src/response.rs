//! Parsing answers: (operation, HTTP status, body bytes) into a typed success or a typed error.
//!
//! Unknown response fields are ignored. Malformed, truncated or empty bodies become an
//! [`ApiError`] of kind [`ErrorKind::Malformed`], never a panic.

use crate::catalog::{describe_error, describe_fail_check_item, kind_of, ErrorKind};
use crate::issue::{Issue, IssueCode, ParamValue, Params, PathSegment};
use crate::json::{self, Number, Value};
use crate::lean_std::concat;
use crate::locale::Locale;
use crate::model::{CheckResult, ReviewResult};
use crate::operation::Operation;

/// The success code some answers carry with HTTP 200 (`"error_code": "CBC.0000"`).
pub const SUCCESS_CODE: &str = "CBC.0000";

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "operation", rename_all = "camelCase"))]
pub enum ApiResponse {
    /// check-identity's answer.
    CheckIdentity(CheckIdentityResult),
    /// Either real-name authentication's answer.
    RealnameAuth(RealnameAuthResult),
    /// The review-result query's answer.
    ReviewResult(ReviewResultInfo),
}

/// check-identity's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIdentityResult {
    /// Whether the value can be registered.
    pub check_result: CheckResult,
    /// For mobile numbers: how many more accounts may use it.
    pub mobile_remain_available_num: Option<i64>,
}

/// A real-name authentication's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RealnameAuthResult {
    /// Whether the application goes to manual review (`is_review` 1; sent as `1` or `"1"`).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub is_review: bool,
}

/// The review-result query's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewResultInfo {
    /// Under review, failed or approved.
    pub review_result: ReviewResult,
    /// The reviewer's opinion, when given.
    pub opinion: Option<String>,
}

/// A failed call: what the server said, and what it means.
///
/// ```
/// use hwc_kyc::{parse_response, Operation, Locale, ErrorKind};
/// let err = parse_response(Operation::EnterpriseRealnameAuth, 400,
///     br#"{"error_code":"CBC.99007188","error_msg":"already"}"#).unwrap_err();
/// assert_eq!(err.kind, ErrorKind::Business);
/// assert_eq!(err.description(Locale::En),
///            Some("The customer has already passed real-name authentication or is under review."));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[error("{}", self.summary())]
pub struct ApiError {
    /// The operation called.
    pub operation: Operation,
    /// HTTP status.
    pub status: u16,
    /// What sort of failure.
    pub kind: ErrorKind,
    /// `error_code`, when the body had one.
    pub code: Option<Box<str>>,
    /// `error_msg`, as the server wrote it.
    pub message: Option<Box<str>>,
    /// `fail_check_items` (with `CBC.99007004`).
    pub fail_check_items: Vec<String>,
    /// `request_id`, when the body had one.
    pub request_id: Option<Box<str>>,
    /// Issues a partner proxy returned with `CBC.0100`.
    pub issues: Vec<Issue>,
    /// For malformed answers: why the body could not be read.
    pub detail: Option<Box<str>>,
}

impl ApiError {
    fn new(operation: Operation, status: u16, kind: ErrorKind) -> Self {
        ApiError {
            operation,
            status,
            kind,
            code: None,
            message: None,
            fail_check_items: Vec::new(),
            request_id: None,
            issues: Vec::new(),
            detail: None,
        }
    }

    /// An answer that could not be read as `operation`'s: kind [`ErrorKind::Malformed`], with
    /// why in `detail`. For callers that meet such an answer outside [`parse_response`] (a
    /// client reading an upload's reply, say).
    ///
    /// ```
    /// use hwc_kyc::{ApiError, ErrorKind, Operation};
    /// let e = ApiError::malformed(Operation::CheckIdentity, 200, "no body");
    /// assert_eq!((e.kind, e.detail.as_deref()), (ErrorKind::Malformed, Some("no body")));
    /// ```
    pub fn malformed(operation: Operation, status: u16, detail: impl Into<Box<str>>) -> Self {
        ApiError {
            detail: Some(detail.into()),
            ..ApiError::new(operation, status, ErrorKind::Malformed)
        }
    }

    /// The catalog's description of the code for this operation, in `locale`.
    pub fn description(&self, locale: Locale) -> Option<&'static str> {
        describe_error(self.code.as_deref()?, Some(self.operation), locale)
    }

    /// Each fail_check_item with its description in `locale` (`None` for an undocumented item).
    pub fn fail_check_descriptions(&self, locale: Locale) -> Vec<(&str, Option<&'static str>)> {
        self.fail_check_items
            .iter()
            .map(|c| (c.as_str(), describe_fail_check_item(c, locale)))
            .collect()
    }

    fn summary(&self) -> String {
        let what = self
            .description(Locale::En)
            .or(self.message.as_deref())
            .or(self.detail.as_deref())
            .unwrap_or_default();
        match &self.code {
            Some(code) => format!("HTTP {} {}: {}", self.status, code, what),
            None => format!("HTTP {} ({}): {}", self.status, self.kind.as_str(), what),
        }
    }
}

fn str_field<'v>(obj: &'v Value, key: &str) -> Option<&'v str> {
    obj.get(key).and_then(Value::as_str)
}

/// An integer sent as a number or a numeric string (`is_review: "1"`).
fn int_field(obj: &Value, key: &str) -> Option<i64> {
    match obj.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => json::parse_i64(s.trim_ascii()),
        _ => None,
    }
}

/// Parses an answer of `op`: a 2xx status with the documented body is a success; anything else
/// is an [`ApiError`].
///
/// ```
/// use hwc_kyc::{parse_response, Operation, ApiResponse};
/// let ok = parse_response(Operation::IndividualRealnameAuth, 200, br#"{"is_review": "1"}"#).unwrap();
/// assert!(matches!(ok, ApiResponse::RealnameAuth(r) if r.is_review));
/// ```
pub fn parse_response(op: Operation, status: u16, body: &[u8]) -> Result<ApiResponse, ApiError> {
    let parsed = json::parse(body);
    if !(200..300).contains(&status) {
        return Err(error_from(op, status, parsed.ok()));
    }
    let v = parsed
        .map_err(|e| ApiError::malformed(op, status, concat(&["body is not JSON: ", &e.text()])))?;
    if v.as_object().is_none() {
        return Err(ApiError::malformed(op, status, "body is not a JSON object"));
    }
    if let Some(code) = str_field(&v, "error_code") {
        if code != SUCCESS_CODE {
            return Err(error_from(op, status, Some(v)));
        }
    }
    let missing = |field: &str| {
        ApiError::malformed(
            op,
            status,
            concat(&["`", field, "` missing or not documented"]),
        )
    };
    match op {
        Operation::CheckIdentity => {
            let check_result = str_field(&v, "check_result")
                .and_then(CheckResult::from_wire)
                .ok_or_else(|| missing("check_result"))?;
            Ok(ApiResponse::CheckIdentity(CheckIdentityResult {
                check_result,
                mobile_remain_available_num: int_field(&v, "mobile_remain_available_num"),
            }))
        }
        Operation::IndividualRealnameAuth | Operation::EnterpriseRealnameAuth => {
            let is_review = match int_field(&v, "is_review") {
                Some(0) => false,
                Some(1) => true,
                _ => return Err(missing("is_review")),
            };
            Ok(ApiResponse::RealnameAuth(RealnameAuthResult { is_review }))
        }
        Operation::ReviewResult => {
            let review_result = int_field(&v, "review_result")
                .and_then(ReviewResult::from_wire)
                .ok_or_else(|| missing("review_result"))?;
            Ok(ApiResponse::ReviewResult(ReviewResultInfo {
                review_result,
                opinion: str_field(&v, "opinion").map(str::to_string),
            }))
        }
    }
}

fn error_from(op: Operation, status: u16, body: Option<Value>) -> ApiError {
    let Some(v) = body.filter(|v| v.as_object().is_some()) else {
        let kind = match status {
            500..=599 => ErrorKind::Server,
            401 | 403 => ErrorKind::Auth,
            _ => ErrorKind::Malformed,
        };
        return ApiError {
            detail: Some({
                let mut d = String::from("HTTP ");
                json::write_int(&mut d, i64::from(status));
                d.push_str(" without a JSON error body");
                d.into()
            }),
            ..ApiError::new(op, status, kind)
        };
    };
    let code = str_field(&v, "error_code").map(Box::from);
    let mut err = ApiError::new(op, status, kind_of(code.as_deref(), status));
    err.message = str_field(&v, "error_msg").map(Box::from);
    err.request_id = str_field(&v, "request_id").map(Box::from);
    err.fail_check_items = v
        .get("fail_check_items")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    err.issues = v
        .get("issues")
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(issue_from).collect())
        .unwrap_or_default();
    if code.is_none() {
        err.detail = Some("error body without error_code".into());
    }
    err.code = code;
    err
}

/// Reads an issue a partner proxy returned (`{path, code, params, message}`); entries with an
/// unknown code are skipped.
fn issue_from(v: &Value) -> Option<Issue> {
    let code = IssueCode::parse(str_field(v, "code")?)?;
    let path = v
        .get("path")
        .and_then(Value::as_array)
        .map(|segs| {
            segs.iter()
                .filter_map(|s| match s {
                    Value::String(k) => Some(PathSegment::Key(k.clone().into())),
                    Value::Number(n) => n
                        .as_i64()
                        .and_then(|i| usize::try_from(i).ok())
                        .map(PathSegment::Index),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut params = Params::new();
    if let Some(obj) = v.get("params").and_then(Value::as_object) {
        for name in code.params() {
            if let Some(value) = obj
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| param_from(v))
            {
                params.push((name, value));
            }
        }
    }
    Some(Issue {
        path,
        code,
        params,
        message: str_field(v, "message").unwrap_or_default().to_string(),
    })
}

fn param_from(v: &Value) -> Option<ParamValue> {
    match v {
        Value::Number(Number::Int(i)) => Some(ParamValue::Int(*i)),
        Value::String(s) => Some(ParamValue::Text(s.clone().into())),
        Value::Array(items) => Some(ParamValue::List(
            items.iter().filter_map(param_from).collect(),
        )),
        _ => None,
    }
}
