//! Per-field (live) validation, attachment files, locales and the issue shape.

use hwc_kyc::json::parse;
use hwc_kyc::{
    check_attachment, parse_path, validate, validate_field, IssueCode, Locale, Operation, Options,
    ParamValue, PathSegment, Stage,
};

fn form_options() -> Options {
    Options::default().stage(Stage::Form)
}

#[test]
fn validate_field_reports_only_issues_at_or_under_the_path() {
    let form = parse(
        br#"{"customer_id":"","corp_name":"123","verified_file_url":["/a.jpg"],
        "enterprise_person":{"legel_name":"","legel_id_number":"1"}}"#,
    )
    .unwrap();
    let op = Operation::EnterpriseRealnameAuth;
    let corp = validate_field(op, &parse_path("corp_name"), &form, &form_options());
    assert_eq!(corp.len(), 1);
    assert_eq!(corp[0].code, IssueCode::NoLetter);

    let person = validate_field(op, &parse_path("enterprise_person"), &form, &form_options());
    assert_eq!(person.len(), 1);
    assert_eq!(person[0].path_string(), "enterprise_person.legel_name");

    let first_file = validate_field(
        op,
        &parse_path("verified_file_url.0"),
        &form,
        &form_options(),
    );
    assert_eq!(first_file.len(), 1);
    assert_eq!(first_file[0].code, IssueCode::AbsolutePath);

    // A field that is fine has no issues even though the form as a whole has many.
    let number = validate_field(op, &parse_path("verified_number"), &form, &form_options());
    assert_eq!(number.len(), 1, "verified_number is missing");
    let fine = validate_field(op, &parse_path("reg_address"), &form, &form_options());
    assert!(fine.is_empty());
}

#[test]
fn attachment_count_uses_the_rest_of_the_form_as_context() {
    let path = [PathSegment::key("verified_file_url")];
    let op = Operation::IndividualRealnameAuth;
    let two = parse(br#"{"verified_type":"3","verified_file_url":["a.jpg","b.jpg"]}"#).unwrap();
    assert!(validate_field(op, &path, &two, &form_options()).is_empty());
    let two_for_id_card =
        parse(br#"{"verified_type":"0","verified_file_url":["a.jpg","b.jpg"]}"#).unwrap();
    let issues = validate_field(op, &path, &two_for_id_card, &form_options());
    assert_eq!(issues[0].code, IssueCode::TooFewItems);
    assert_eq!(issues[0].param("min"), Some(&ParamValue::Int(3)));
}

#[test]
fn messages_follow_the_requested_locale() {
    let form = parse(br#"{"search_type":"name","search_value":"op_admin"}"#).unwrap();
    let msg = |locale| {
        validate(
            Operation::CheckIdentity,
            &form,
            &Options::default().locale(locale),
        )
        .unwrap_err()[0]
            .message
            .clone()
    };
    assert_eq!(msg(Locale::En), "Account names cannot start with 'op_'.");
    assert_eq!(msg(Locale::ZhCn), "账号名不能以“op_”开头。");
    assert_eq!(
        msg(Locale::Es),
        "El nombre de cuenta no puede empezar por 'op_'."
    );
}

#[test]
fn issues_serialize_as_path_code_params_message() {
    let form = parse(br#"{"search_type":"email","search_value":"x"}"#).unwrap();
    let mut long = String::from("a@b.c");
    long.push_str(&"d".repeat(70));
    let form2 =
        parse(format!(r#"{{"search_type":"email","search_value":"{long}"}}"#).as_bytes()).unwrap();
    let issue = &validate(Operation::CheckIdentity, &form2, &Options::default()).unwrap_err()[0];
    let json = serde_json::to_value(issue).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "path": ["search_value"],
            "code": "too_long",
            "params": {"max": 64, "actual": 75},
            "message": "Must be at most 64 characters (currently 75)."
        })
    );
    let back: hwc_kyc::Issue = serde_json::from_value(json).unwrap();
    assert_eq!(&back, issue);
    let issues = validate(Operation::CheckIdentity, &form, &Options::default()).unwrap_err();
    assert_eq!(issues[0].code, IssueCode::InvalidEmail);
}

#[test]
fn list_indexes_appear_in_paths() {
    let form = parse(br#"{"verified_file_url":["ok.jpg","bad.exe"]}"#).unwrap();
    let issues = validate(Operation::IndividualRealnameAuth, &form, &form_options()).unwrap_err();
    let bad = issues
        .iter()
        .find(|i| i.code == IssueCode::InvalidExtension)
        .unwrap();
    assert_eq!(
        bad.path,
        vec![PathSegment::key("verified_file_url"), PathSegment::Index(1)]
    );
    assert_eq!(
        bad.message,
        "The file must be one of: jpg, jpeg, bmp, png, gif, pdf."
    );
}

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF";
const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn attachment_file_at_10_mb_passes_and_one_byte_more_fails() {
    assert!(check_attachment("front.jpg", TEN_MB, JPEG, Locale::En).is_empty());
    let issues = check_attachment("front.jpg", TEN_MB + 1, JPEG, Locale::En);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, IssueCode::FileTooLarge);
    assert_eq!(
        issues[0].param("actual"),
        Some(&ParamValue::Int(TEN_MB as i64 + 1))
    );
}

#[test]
fn attachment_content_must_match_its_extension() {
    let txt = b"just some text";
    let issues = check_attachment("renamed.jpg", txt.len(), txt, Locale::En);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, IssueCode::ContentMismatch);
    assert_eq!(issues[0].path_string(), "content");
    // JPEG content under a .png name is refused too; .jpeg takes JPEG content.
    assert_eq!(
        check_attachment("a.png", JPEG.len(), JPEG, Locale::En)[0].code,
        IssueCode::ContentMismatch
    );
    assert!(check_attachment("a.JPEG", JPEG.len(), JPEG, Locale::En).is_empty());
    let pdf = b"%PDF-1.7";
    assert!(check_attachment("scan.pdf", pdf.len(), pdf, Locale::En).is_empty());
}

#[test]
fn attachment_with_wrong_extension_or_no_content_is_refused() {
    let issues = check_attachment("notes.txt", 4, b"text", Locale::En);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, IssueCode::InvalidExtension);
    assert_eq!(issues[0].path_string(), "file_name");
    let issues = check_attachment("empty.png", 0, b"", Locale::Es);
    assert_eq!(issues[0].code, IssueCode::EmptyFile);
    assert_eq!(issues[0].message, "El archivo está vacío.");
}
