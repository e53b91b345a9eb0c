//! The pages' own examples: both real-name example requests validate (the enterprise one once its
//! missing comma is restored; the published text gives a clear parse error), the check-identity
//! example validates, and every example response parses.

use hwc_kyc::json::JsonErrorReason;
use hwc_kyc::model::{CheckResult, VerifiedType};
use hwc_kyc::{
    parse_response, validate_json, ApiResponse, IssueCode, Operation, Options, ValidRequest,
};

const INDIVIDUAL: &[u8] = include_bytes!("fixtures/individual-request.json");
const ENTERPRISE_PUBLISHED: &[u8] = include_bytes!("fixtures/enterprise-request-as-published.txt");
const ENTERPRISE_CORRECTED: &[u8] = include_bytes!("fixtures/enterprise-request-corrected.json");
const CHECK_IDENTITY: &[u8] = include_bytes!("fixtures/check-identity-request.json");
const CHECK_IDENTITY_RESPONSE: &[u8] = include_bytes!("fixtures/check-identity-response.json");
const REALNAME_RESPONSE: &[u8] = include_bytes!("fixtures/realname-response.json");

#[test]
fn individual_example_request_validates() {
    let valid = validate_json(
        Operation::IndividualRealnameAuth,
        INDIVIDUAL,
        &Options::default(),
    )
    .expect("the page's example is valid");
    let ValidRequest::IndividualRealnameAuth(v) = valid else {
        panic!("wrong operation")
    };
    assert_eq!(v.verified_type, Some(VerifiedType::IdCard));
    assert_eq!(v.verified_file_url.len(), 3);
}

#[test]
fn enterprise_example_as_published_is_a_clear_parse_error() {
    let err = hwc_kyc::json::parse(ENTERPRISE_PUBLISHED).unwrap_err();
    assert_eq!(err.reason, JsonErrorReason::ExpectedCommaOrBrace);
    assert_eq!((err.line, err.column), (9, 5));
    let issues = validate_json(
        Operation::EnterpriseRealnameAuth,
        ENTERPRISE_PUBLISHED,
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, IssueCode::InvalidJson);
    assert!(issues[0].path.is_empty());
    assert_eq!(
        issues[0].message,
        "The request is not valid JSON: expected ',' or '}' after an object member (line 9, column 5)."
    );
}

#[test]
fn enterprise_example_with_the_comma_restored_validates() {
    let valid = validate_json(
        Operation::EnterpriseRealnameAuth,
        ENTERPRISE_CORRECTED,
        &Options::default(),
    )
    .expect("the corrected example is valid");
    let ValidRequest::EnterpriseRealnameAuth(v) = valid else {
        panic!("wrong operation")
    };
    assert_eq!(v.reg_country.as_deref(), Some("CN"));
    assert_eq!(
        v.enterprise_person.as_ref().map(|p| p.legel_name.as_str()),
        Some("wangmoumou")
    );
}

#[test]
fn check_identity_example_request_validates() {
    validate_json(
        Operation::CheckIdentity,
        CHECK_IDENTITY,
        &Options::default(),
    )
    .expect("the page's example is valid");
}

#[test]
fn check_identity_example_response_parses_despite_its_success_error_code() {
    let r = parse_response(Operation::CheckIdentity, 200, CHECK_IDENTITY_RESPONSE).unwrap();
    let ApiResponse::CheckIdentity(r) = r else {
        panic!("wrong shape")
    };
    assert_eq!(r.check_result, CheckResult::Available);
    assert_eq!(r.mobile_remain_available_num, None);
}

#[test]
fn realname_example_response_with_string_is_review_parses_for_both_operations() {
    for op in [
        Operation::IndividualRealnameAuth,
        Operation::EnterpriseRealnameAuth,
    ] {
        let r = parse_response(op, 200, REALNAME_RESPONSE).unwrap();
        assert!(matches!(r, ApiResponse::RealnameAuth(r) if r.is_review));
    }
}
