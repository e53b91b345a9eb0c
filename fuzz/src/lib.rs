//! Invariants shared by the fuzz targets: what every issue and every valid request must satisfy.
//!
//! The targets call these after each input; a broken invariant is a panic, which libFuzzer
//! reports as a crash and saves to `fuzz/artifacts/<target>/`.

use hwc_kyc::json::{self, Number, Value};
use hwc_kyc::{
    validate, validate_json, Issue, IssueCode, Operation, Options, PathSegment, ValidRequest,
    JSON_CONTENT_TYPE,
};

/// Every operation and both stages: the combinations the validate targets try per input.
pub const STAGES: [hwc_kyc::Stage; 2] = [hwc_kyc::Stage::Form, hwc_kyc::Stage::Upstream];

/// The value at `path` inside `v`, following keys into objects and indexes into arrays.
pub fn resolve<'v>(v: &'v Value, path: &[PathSegment]) -> Option<&'v Value> {
    path.iter().try_fold(v, |cur, seg| match seg {
        PathSegment::Key(k) => cur.get(k),
        PathSegment::Index(i) => cur.as_array()?.get(*i),
    })
}

/// `v` with every non-finite float replaced by `null`: what [`Value::to_json`] writes for them.
pub fn finite_or_null(v: &Value) -> Value {
    match v {
        Value::Number(Number::Float(f)) if !f.is_finite() => Value::Null,
        Value::Array(items) => Value::Array(items.iter().map(finite_or_null).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), finite_or_null(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// True when `v` holds a float that is NaN or infinite anywhere.
pub fn has_non_finite(v: &Value) -> bool {
    match v {
        Value::Number(Number::Float(f)) => !f.is_finite(),
        Value::Array(items) => items.iter().any(has_non_finite),
        Value::Object(members) => members.iter().any(|(_, v)| has_non_finite(v)),
        _ => false,
    }
}

/// One issue is well formed for `input` (the parsed input; `None` when it was not JSON):
///
/// * its message is not blank;
/// * its params are exactly the ones its code declares, in the declared order (so every
///   placeholder of every locale's template is filled);
/// * its path points into the input: `required` at an absent or `null` member of an object,
///   `invalid_json` at the root of a text that does not parse, every other code at a value that
///   exists (`empty` at an empty string, `invalid_type` at a value of the type it names,
///   `unknown_field` at a member that is there).
pub fn assert_issue_well_formed(issue: &Issue, input: Option<&Value>) {
    assert!(!issue.message.trim().is_empty(), "blank message: {issue:?}");
    let names: Vec<&str> = issue.params.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, issue.code.params(), "params of {issue:?}");

    let Some(input) = input else {
        assert_eq!(issue.code, IssueCode::InvalidJson, "{issue:?}");
        assert!(
            issue.path.is_empty(),
            "invalid_json not at the root: {issue:?}"
        );
        return;
    };
    assert_ne!(issue.code, IssueCode::InvalidJson, "{issue:?}");
    match issue.code {
        IssueCode::Required => {
            let (last, parent) = issue
                .path
                .split_last()
                .unwrap_or_else(|| panic!("required at the root: {issue:?}"));
            let parent = resolve(input, parent)
                .unwrap_or_else(|| panic!("parent of {issue:?} not in the input"));
            assert!(
                parent.as_object().is_some(),
                "parent not an object: {issue:?}"
            );
            let PathSegment::Key(key) = last else {
                panic!("required at an index: {issue:?}");
            };
            assert!(
                matches!(parent.get(key), None | Some(Value::Null)),
                "required but present: {issue:?}"
            );
        }
        _ => {
            let at = resolve(input, &issue.path)
                .unwrap_or_else(|| panic!("path of {issue:?} not in the input {input:?}"));
            match issue.code {
                IssueCode::Empty => {
                    assert_eq!(
                        at.as_str(),
                        Some(""),
                        "empty at a non-empty value: {issue:?}"
                    )
                }
                IssueCode::InvalidType => {
                    let received = issue.param("received").map(ToString::to_string);
                    assert_eq!(received.as_deref(), Some(at.type_name()), "{issue:?}");
                }
                _ => {}
            }
        }
    }
}

/// A request that passed validation builds, and what it builds validates again, with the same
/// options, to the very same value:
///
/// * the method and documented path are the operation's;
/// * a POST carries the JSON content type and a body that parses to [`ValidRequest::to_value`];
/// * that body (or, for the GET, the normalized value) validates again to an equal request, which
///   builds the same bytes.
pub fn assert_valid_round_trip(op: Operation, valid: &ValidRequest, options: &Options) {
    assert_eq!(valid.operation(), op);
    let request = valid.build();
    assert_eq!(request.method, op.method());
    assert_eq!(request.path_only(), op.path());
    let again = if request.method == "POST" {
        assert_eq!(request.header("content-type"), Some(JSON_CONTENT_TYPE));
        let body = json::parse(&request.body)
            .unwrap_or_else(|e| panic!("built body is not JSON ({e}): {request:?}"));
        assert_eq!(
            body,
            valid.to_value(),
            "body differs from the normalized value"
        );
        validate_json(op, &request.body, options)
    } else {
        assert!(request.body.is_empty(), "GET with a body: {request:?}");
        validate(op, &valid.to_value(), options)
    };
    let again = again.unwrap_or_else(|issues| {
        panic!("built request does not validate again: {issues:?} for {request:?}")
    });
    assert_eq!(&again, valid, "normalized value changed on the second pass");
    assert_eq!(again.build(), request, "second build differs");
}
