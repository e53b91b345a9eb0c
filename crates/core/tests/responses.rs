//! Response parsing: every documented answer, every error shape, and garbage as a typed error.

use hwc_kyc::model::{CheckResult, ReviewResult};
use hwc_kyc::{parse_response, ApiResponse, ErrorKind, Locale, Operation};

const REALNAME: [Operation; 2] = [
    Operation::IndividualRealnameAuth,
    Operation::EnterpriseRealnameAuth,
];

#[test]
fn is_review_parses_as_integer_or_numeric_string() {
    for op in REALNAME {
        for (body, want) in [
            (&br#"{"is_review":1}"#[..], true),
            (br#"{"is_review":0}"#, false),
            (br#"{"is_review":"0"}"#, false),
            (br#"{"is_review":"1","unknown":{"x":[1]}}"#, true),
            // ASCII white space around a numeric string is read past.
            (br#"{"is_review":" 1\t"}"#, true),
        ] {
            let r = parse_response(op, 200, body).unwrap();
            assert_eq!(
                r,
                ApiResponse::RealnameAuth(hwc_kyc::RealnameAuthResult { is_review: want })
            );
        }
    }
}

#[test]
fn is_review_outside_0_and_1_is_malformed() {
    for body in [
        &br#"{"is_review":2}"#[..],
        br#"{"is_review":"yes"}"#,
        br#"{}"#,
        // Other white space is not (no answer sends it; the number must be plain).
        "{\"is_review\":\"\u{3000}1\"}".as_bytes(),
        "{\"is_review\":\"1\u{a0}\"}".as_bytes(),
    ] {
        let err = parse_response(Operation::IndividualRealnameAuth, 200, body).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::Malformed,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert!(err.detail.unwrap().contains("is_review"));
    }
}

#[test]
fn check_identity_answers_parse_with_mobile_remaining_count() {
    let r = parse_response(
        Operation::CheckIdentity,
        200,
        br#"{"check_result":"used_by_user","mobile_remain_available_num":2}"#,
    )
    .unwrap();
    let ApiResponse::CheckIdentity(r) = r else {
        panic!()
    };
    assert_eq!(r.check_result, CheckResult::UsedByUser);
    assert_eq!(r.mobile_remain_available_num, Some(2));
}

#[test]
fn review_result_answers_parse() {
    let r = parse_response(
        Operation::ReviewResult,
        200,
        br#"{"review_result":1,"opinion":"blurred photo"}"#,
    )
    .unwrap();
    let ApiResponse::ReviewResult(r) = r else {
        panic!()
    };
    assert_eq!(r.review_result, ReviewResult::Failed);
    assert_eq!(r.opinion.as_deref(), Some("blurred photo"));
}

#[test]
fn business_error_carries_code_catalog_description_and_fail_check_items() {
    let err = parse_response(
        Operation::EnterpriseRealnameAuth,
        400,
        br#"{"error_code":"CBC.99007004","error_msg":"check failed","fail_check_items":["IS_DEBT","SOMETHING_NEW"]}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Business);
    assert_eq!(err.status, 400);
    assert_eq!(err.code.as_deref(), Some("CBC.99007004"));
    assert_eq!(err.message.as_deref(), Some("check failed"));
    assert!(err.description(Locale::ZhCn).is_some());
    let items = err.fail_check_descriptions(Locale::Es);
    assert_eq!(items[0].0, "IS_DEBT");
    assert!(items[0].1.is_some());
    assert_eq!(items[1], ("SOMETHING_NEW", None));
}

#[test]
fn same_code_is_described_per_operation() {
    let body = br#"{"error_code":"CBC.99007188","error_msg":"x"}"#;
    let ind = parse_response(Operation::IndividualRealnameAuth, 400, body).unwrap_err();
    let ent = parse_response(Operation::EnterpriseRealnameAuth, 400, body).unwrap_err();
    assert_ne!(ind.description(Locale::En), ent.description(Locale::En));
}

#[test]
fn parameter_error_is_validation_and_keeps_proxy_issues() {
    let err = parse_response(
        Operation::CheckIdentity,
        400,
        br#"{"error_code":"CBC.0100","error_msg":"Parameter error.","issues":[
            {"path":["search_value"],"code":"too_long","params":{"max":64,"actual":70},"message":"Must be at most 64"},
            {"path":[],"code":"not_a_code","message":"skipped"}]}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.issues.len(), 1);
    assert_eq!(err.issues[0].path_string(), "search_value");
    assert_eq!(
        err.issues[0].param("max"),
        Some(&hwc_kyc::ParamValue::Int(64))
    );
}

#[test]
fn gateway_error_is_auth_with_request_id() {
    let err = parse_response(
        Operation::IndividualRealnameAuth,
        401,
        br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"r-123"}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert_eq!(err.request_id.as_deref(), Some("r-123"));
}

#[test]
fn server_errors_are_server_kind_with_or_without_body() {
    let err = parse_response(
        Operation::CheckIdentity,
        500,
        br#"{"error_code":"CBC.0999","error_msg":"Other errors."}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
    let err =
        parse_response(Operation::CheckIdentity, 502, b"<html>Bad Gateway</html>").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
    assert!(err.code.is_none());
}

#[test]
fn success_status_with_a_failure_code_is_an_error() {
    let err = parse_response(
        Operation::CheckIdentity,
        200,
        br#"{"error_code":"CBC.0100","error_msg":"Parameter error."}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
}

#[test]
fn detail_is_set_only_when_the_error_body_lacks_an_error_code() {
    let with_code = parse_response(
        Operation::EnterpriseRealnameAuth,
        400,
        br#"{"error_code":"CBC.99007188","error_msg":"x"}"#,
    )
    .unwrap_err();
    assert_eq!(with_code.code.as_deref(), Some("CBC.99007188"));
    assert_eq!(with_code.detail, None);

    let without = parse_response(
        Operation::EnterpriseRealnameAuth,
        400,
        br#"{"error_msg":"x"}"#,
    )
    .unwrap_err();
    assert_eq!(without.code, None);
    assert_eq!(
        without.detail.as_deref(),
        Some("error body without error_code")
    );
}

#[test]
fn malformed_truncated_and_empty_bodies_are_typed_errors() {
    for (status, body) in [
        (200, &b""[..]),
        (200, b"{\"is_review\":"),
        (200, b"[1]"),
        (200, b"\xff\xfe"),
        (400, b""),
        (400, b"not json"),
    ] {
        let err = parse_response(Operation::EnterpriseRealnameAuth, status, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed, "{status} {body:?}");
        assert!(err.detail.is_some());
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn unknown_check_result_is_malformed() {
    let err = parse_response(
        Operation::CheckIdentity,
        200,
        br#"{"check_result":"maybe"}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Malformed);
}
