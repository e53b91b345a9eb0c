//! Request building: only from validated values, deterministic bodies with the documented names,
//! absent optional fields left out.

use hwc_kyc::json::parse;
use hwc_kyc::model::*;
use hwc_kyc::{validate_as, Options, Stage, Valid, JSON_CONTENT_TYPE};

fn enterprise() -> EnterpriseRealnameAuth {
    EnterpriseRealnameAuth {
        customer_id: "cust-1".into(),
        identify_type: IdentifyType::Enterprise,
        verified_file_url: vec![
            "a/front.jpg".into(),
            "a/back.jpg".into(),
            "p/front.jpg".into(),
        ],
        corp_name: "Example \"Quoted\" Ltd".into(),
        verified_number: "91110000600037".into(),
        xaccount_type: Some("PARTNER_IDP".into()),
        certificate_type: Some(CertificateType::Other),
        reg_country: None,
        reg_address: None,
        enterprise_person: Some(EnterprisePerson {
            legel_name: "王某某".into(),
            legel_id_number: "371812199001018888".into(),
            certifier_role: Some(CertifierRole::LegalPerson),
        }),
    }
}

#[test]
fn enterprise_body_uses_wire_names_in_documented_order_and_omits_absent_fields() {
    let valid = Valid::new(enterprise(), &Options::default()).unwrap();
    let req = valid.build();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/v2/customers/realname-auths/enterprise");
    assert_eq!(req.header("content-type"), Some(JSON_CONTENT_TYPE));
    assert_eq!(
        String::from_utf8(req.body).unwrap(),
        concat!(
            r#"{"customer_id":"cust-1","identify_type":1,"verified_file_url":["a/front.jpg","a/back.jpg","p/front.jpg"],"#,
            r#""corp_name":"Example \"Quoted\" Ltd","verified_number":"91110000600037","xaccount_type":"PARTNER_IDP","#,
            r#""certificate_type":99,"enterprise_person":{"legel_name":"王某某","legel_id_number":"371812199001018888","certifier_role":"legalPerson"}}"#
        )
    );
}

#[test]
fn body_equals_serde_serialization_of_the_model() {
    let model = enterprise();
    let ours: serde_json::Value = serde_json::from_slice(
        &Valid::new(model.clone(), &Options::default())
            .unwrap()
            .body(),
    )
    .unwrap();
    let theirs = serde_json::to_value(&model).unwrap();
    assert_eq!(ours, theirs);
}

#[test]
fn body_text_is_the_value_tree_written_out() {
    let model = enterprise();
    assert_eq!(model.to_json(), model.to_value().to_json());
    let mut bare = model;
    bare.enterprise_person = None;
    bare.xaccount_type = None;
    assert_eq!(bare.to_json(), bare.to_value().to_json());
}

#[test]
fn building_twice_gives_identical_bytes() {
    let valid = Valid::new(enterprise(), &Options::default()).unwrap();
    assert_eq!(valid.build(), valid.build());
}

#[test]
fn individual_body_leaves_out_absent_optional_fields() {
    let form = IndividualRealnameAuth {
        customer_id: "c".into(),
        identify_type: IdentifyType::Individual,
        verified_file_url: vec!["x.png".into()],
        name: "Ana".into(),
        verified_number: "X1".into(),
        xaccount_type: Some("P".into()),
        verified_type: None,
        change_type: None,
    };
    let body = Valid::new(form, &Options::default()).unwrap().body();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"customer_id":"c","identify_type":0,"verified_file_url":["x.png"],"name":"Ana","verified_number":"X1","xaccount_type":"P"}"#
    );
}

#[test]
fn a_typed_value_that_breaks_a_rule_is_refused_before_building() {
    let mut bad = enterprise();
    bad.corp_name = "12345".into();
    bad.verified_file_url.truncate(1);
    let issues = Valid::new(bad, &Options::default()).unwrap_err();
    let codes: Vec<&str> = issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["too_few_items", "no_letter"]);
}

#[test]
fn upstream_stage_refuses_a_value_without_xaccount_type() {
    let mut form = enterprise();
    form.xaccount_type = None;
    assert!(Valid::new(form.clone(), &Options::default()).is_err());
    let at_form = Valid::new(form, &Options::default().stage(Stage::Form)).unwrap();
    assert_eq!(at_form.stage(), Stage::Form);
    assert!(!String::from_utf8(at_form.body())
        .unwrap()
        .contains("xaccount_type"));
}

#[test]
fn review_result_is_a_get_with_an_encoded_query() {
    let v = parse(br#"{"customer_id":"a b&c"}"#).unwrap();
    let valid = validate_as::<ReviewResultQuery>(&v, &Options::default()).unwrap();
    let req = valid.build();
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.path,
        "/v2/customers/realname-auths/result?customer_id=a%20b%26c"
    );
    assert!(req.body.is_empty());
    assert_eq!(req.header("content-type"), None);
}

#[test]
fn check_identity_body_from_loose_input_is_normalized() {
    let v = parse(br#"{"search_value":"0086-13800000000","search_type":"mobile"}"#).unwrap();
    let valid = validate_as::<CheckIdentity>(&v, &Options::default()).unwrap();
    assert_eq!(
        valid.body(),
        br#"{"search_type":"mobile","search_value":"0086-13800000000"}"#
    );
}

#[test]
fn token_authentication_sets_the_documented_header() {
    let v = parse(br#"{"search_type":"name","search_value":"abcdef"}"#).unwrap();
    let mut req = validate_as::<CheckIdentity>(&v, &Options::default())
        .unwrap()
        .build();
    req.authorize_with_token("MIIPAg");
    assert_eq!(req.header("X-Auth-Token"), Some("MIIPAg"));
}
