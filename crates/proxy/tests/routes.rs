//! Every route over real HTTP, valid and invalid, with the simulator as a signed upstream.

mod common;

use common::*;
use hwc_kyc::{parse_response, ApiResponse, ErrorKind, Operation};
use hwc_kyc_proxy::{Config, RawConfig, Secret};
use hwc_kyc_sim::{Fault, TEST_AUTH_TOKEN};
use serde_json::json;

#[tokio::test]
async fn healthz_answers_ok() {
    let (_sim, proxy) = pair().await;
    let a = get(&proxy, "/healthz", None).await;
    assert_eq!((a.status, &a.json), (200, &json!({ "status": "ok" })));
    assert_eq!(a.header("x-request-id").map(str::len), Some(32));
}

/// Posts an invalid check-identity form with the given `X-Request-Id` values.
async fn invalid_check_with_ids(proxy: &hwc_kyc_proxy::Running, ids: &[&str]) -> Answer {
    let mut call = client()
        .post(format!("{}{CHECK_IDENTITY}", proxy.url()))
        .header("content-type", "application/json");
    for id in ids {
        call = call.header("x-request-id", *id);
    }
    let body = r#"{"search_type":"email","search_value":"nobody"}"#;
    read(call.body(body).send().await.expect("proxy answers")).await
}

#[tokio::test]
async fn a_well_formed_caller_request_id_is_the_request_s_id() {
    let (_sim, proxy) = pair().await;
    let longest = "a".repeat(hwc_kyc_proxy::MAX_CALLER_REQUEST_ID);
    for id in [
        "0123456789abcdef0123456789abcdef",
        "req-42_A.b",
        "x",
        longest.as_str(),
    ] {
        let a = invalid_check_with_ids(&proxy, &[id]).await;
        assert_eq!(a.status, 400, "{}", a.text);
        assert_eq!(a.header("x-request-id"), Some(id));
        assert_eq!(a.json["request_id"].as_str(), Some(id));
    }
}

#[tokio::test]
async fn any_other_caller_request_id_is_replaced_by_a_new_one() {
    let (_sim, proxy) = pair().await;
    let too_long = "a".repeat(hwc_kyc_proxy::MAX_CALLER_REQUEST_ID + 1);
    let cases: [&[&str]; 7] = [
        &[""],
        &["two words"],
        &["quote\"d"],
        &["semi;colon"],
        &[too_long.as_str()],
        &["first", "second"],
        &["caf\u{e9}"],
    ];
    for ids in cases {
        let a = invalid_check_with_ids(&proxy, ids).await;
        let id = a.header("x-request-id").unwrap_or_default();
        assert_eq!(id.len(), 32, "{ids:?} gave {id:?}");
        assert!(
            id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{ids:?} gave {id:?}"
        );
        assert_eq!(a.json["request_id"].as_str(), Some(id), "{ids:?}");
    }
}

#[tokio::test]
async fn check_identity_is_signed_forwarded_and_relayed() {
    let (_sim, proxy) = pair().await;
    let a = post_json(
        &proxy,
        CHECK_IDENTITY,
        None,
        &check_form("name", "existing-user"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["check_result"], "used_by_user");
    let parsed = parse_response(Operation::CheckIdentity, a.status, a.text.as_bytes());
    assert!(matches!(parsed, Ok(ApiResponse::CheckIdentity(_))));
    let a = post_json(
        &proxy,
        CHECK_IDENTITY,
        None,
        &check_form("mobile", "0086-13900000000"),
    )
    .await;
    assert_eq!(a.json["mobile_remain_available_num"], 3);
}

#[tokio::test]
async fn an_invalid_form_is_400_with_localized_issues_and_nothing_forwarded() {
    let (sim, proxy) = pair().await;
    // Were anything forwarded, the simulator would answer 503.
    sim.simulator().set_fault(Some(Fault::status(503)));
    let a = post_raw(
        &proxy,
        CHECK_IDENTITY,
        None,
        "application/json",
        r#"{"search_type":"name","search_value":"op_admin1"}"#,
    )
    .await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")));
    let issues = a.json["issues"].as_array().expect("issues");
    assert_eq!(issues[0]["code"], "reserved_prefix");
    assert_eq!(issues[0]["path"], json!(["search_value"]));
    assert_eq!(issues[0]["params"]["prefix"], "op_");
    assert_eq!(a.json["request_id"].as_str(), a.header("x-request-id"));

    let zh = client()
        .post(format!("{}{CHECK_IDENTITY}", proxy.url()))
        .header("content-type", "application/json")
        .header("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")
        .body(r#"{"search_type":"email","search_value":"nobody"}"#)
        .send()
        .await
        .unwrap();
    let zh = read(zh).await;
    assert_eq!(zh.json["error_msg"], "参数错误。");
    let parsed = parse_response(Operation::CheckIdentity, zh.status, zh.text.as_bytes());
    let err = parsed.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.issues.len(), 1);
}

#[tokio::test]
async fn malformed_json_is_one_invalid_json_issue() {
    let (_sim, proxy) = pair().await;
    let a = post_raw(
        &proxy,
        CHECK_IDENTITY,
        None,
        "application/json",
        r#"{"search_type": "name" "x"}"#,
    )
    .await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")));
    assert_eq!(a.json["issues"][0]["code"], "invalid_json");
    assert_eq!(a.json["issues"][0]["params"]["line"], 1);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let (_sim, proxy) = pair().await;
    let a = post_raw(
        &proxy,
        CHECK_IDENTITY,
        None,
        "text/plain",
        "search_type=name",
    )
    .await;
    assert_eq!((a.status, a.code()), (415, Some("KYC.0415")));
}

#[tokio::test]
async fn individual_submission_fills_the_platform_id_and_goes_under_review() {
    let (_sim, proxy) = pair().await;
    let t = token("cust-individual-001");
    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&t),
        &individual_form("cust-individual-001"),
    )
    .await;
    assert_eq!(
        (a.status, &a.json),
        (200, &json!({ "is_review": 1 })),
        "{}",
        a.text
    );
    let again = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&t),
        &individual_form("cust-individual-001"),
    )
    .await;
    assert_eq!((again.status, again.code()), (400, Some("CBC.99000027")));
    assert_eq!(
        again.json["request_id"].as_str(),
        again.header("x-request-id")
    );
}

#[tokio::test]
async fn enterprise_submission_and_its_review_result() {
    let (_sim, proxy) = pair().await;
    let t = token("cust-enterprise-001");
    let a = post_json(
        &proxy,
        ENTERPRISE,
        Some(&t),
        &enterprise_form("cust-enterprise-001"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let query = format!("{REVIEW_RESULT}?customer_id=cust-enterprise-001");
    let first = get(&proxy, &query, Some(&t)).await;
    assert_eq!(
        (first.status, &first.json),
        (200, &json!({ "review_result": 0 }))
    );
    let second = get(&proxy, &query, Some(&t)).await;
    assert_eq!(second.json, json!({ "review_result": 2 }));
}

#[tokio::test]
async fn invalid_submissions_are_400_with_every_issue() {
    let (_sim, proxy) = pair().await;
    let t = token("cust-enterprise-001");
    let mut form = enterprise_form("cust-enterprise-001");
    form["corp_name"] = json!("12345");
    form["reg_country"] = json!("cn");
    form["verified_file_url"] = json!(["../a.jpg"]);
    let a = post_json(&proxy, ENTERPRISE, Some(&t), &form).await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")));
    let codes: Vec<&str> = a.json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["code"].as_str())
        .collect();
    for expected in [
        "too_few_items",
        "path_traversal",
        "no_letter",
        "invalid_country",
    ] {
        assert!(codes.contains(&expected), "{expected} in {codes:?}");
    }
    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&token("c")),
        &json!({ "customer_id": "c" }),
    )
    .await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")));
}

#[tokio::test]
async fn business_refusals_are_relayed_with_the_upstream_status_and_items() {
    let (_sim, proxy) = pair().await;
    let t = token("cust-arrears-001");
    let mut form = enterprise_form("cust-arrears-001");
    form.as_object_mut().unwrap().remove("enterprise_person");
    form["verified_file_url"] = json!(["cust-arrears-001/front.jpg"]);
    let a = post_json(&proxy, ENTERPRISE, Some(&t), &form).await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.99007004")));
    assert_eq!(a.json["fail_check_items"], json!(["IS_DEBT"]));
    let t = token("nobody-here");
    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&t),
        &individual_form("nobody-here"),
    )
    .await;
    assert_eq!(a.code(), Some("CBC.99000035"));
}

#[tokio::test]
async fn another_platform_id_from_the_caller_is_refused_as_partner_field_mismatch() {
    let (_sim, proxy) = pair().await;
    let t = token("cust-individual-001");
    let mut form = individual_form("cust-individual-001");
    form["xaccount_type"] = json!("SOMEONE_ELSES_IDP");
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &form).await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")));
    assert_eq!(a.json["issues"][0]["code"], "partner_field_mismatch");
    assert_eq!(a.json["issues"][0]["path"], json!(["xaccount_type"]));
}

#[tokio::test]
async fn submissions_without_a_valid_token_are_401_and_not_forwarded() {
    let (sim, proxy) = pair().await;
    sim.simulator().set_fault(Some(Fault::status(503)));
    let form = individual_form("cust-individual-001");
    let none = post_json(&proxy, INDIVIDUAL, None, &form).await;
    assert_eq!((none.status, none.code()), (401, Some("KYC.0401")));
    let forged = hwc_kyc_proxy::caller_token::issue(
        b"not-the-configured-secret-not-the-configured",
        "cust-individual-001",
        600,
        now(),
    );
    let bad = post_json(&proxy, INDIVIDUAL, Some(&forged), &form).await;
    assert_eq!((bad.status, bad.code()), (401, Some("KYC.0401")));
    let expired = hwc_kyc_proxy::caller_token::issue(
        CALLER_SECRET.as_bytes(),
        "cust-individual-001",
        -3600,
        now(),
    );
    let old = post_json(
        &proxy,
        ENTERPRISE,
        Some(&expired),
        &enterprise_form("cust-individual-001"),
    )
    .await;
    assert_eq!(old.status, 401);
    let review = get(
        &proxy,
        &format!("{REVIEW_RESULT}?customer_id=cust-individual-001"),
        None,
    )
    .await;
    assert_eq!((review.status, review.code()), (401, Some("KYC.0401")));
}

#[tokio::test]
async fn a_token_for_another_customer_is_403_and_not_forwarded() {
    let (sim, proxy) = pair().await;
    sim.simulator().set_fault(Some(Fault::status(503)));
    let t = token("cust-individual-002");
    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&t),
        &individual_form("cust-individual-001"),
    )
    .await;
    assert_eq!((a.status, a.code()), (403, Some("KYC.0403")));
    let a = post_json(
        &proxy,
        ENTERPRISE,
        Some(&t),
        &enterprise_form("cust-enterprise-001"),
    )
    .await;
    assert_eq!(a.status, 403);
    let a = get(
        &proxy,
        &format!("{REVIEW_RESULT}?customer_id=cust-individual-001"),
        Some(&t),
    )
    .await;
    assert_eq!((a.status, a.code()), (403, Some("KYC.0403")));
}

#[tokio::test]
async fn review_result_without_customer_id_is_400() {
    let (_sim, proxy) = pair().await;
    let a = get(&proxy, REVIEW_RESULT, Some(&token("cust-1"))).await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")));
    assert_eq!(a.json["issues"][0]["code"], "required");
}

#[tokio::test]
async fn a_callers_fault_header_is_never_forwarded() {
    let (_sim, proxy) = pair().await;
    let a = client()
        .post(format!("{}{CHECK_IDENTITY}", proxy.url()))
        .header("content-type", "application/json")
        .header("x-sim-fault", "status=503")
        .body(check_form("name", "ceshiyonghu001").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(a.status(), 200);
}

#[tokio::test]
async fn token_authentication_to_the_upstream_works_too() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.access_key = None;
    raw.secret_key = None;
    raw.auth_token = Some(Secret::new(TEST_AUTH_TOKEN));
    let proxy = proxy(raw).await;
    let a = post_json(
        &proxy,
        CHECK_IDENTITY,
        None,
        &check_form("email", "new@example.com"),
    )
    .await;
    assert_eq!(
        (a.status, a.json["check_result"].as_str()),
        (200, Some("available"))
    );
}

#[tokio::test]
async fn wrong_partner_credentials_surface_the_gateways_401() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.secret_key = Some(Secret::new("wrong-secret-key"));
    let proxy = proxy(raw).await;
    let a = post_json(
        &proxy,
        CHECK_IDENTITY,
        None,
        &check_form("name", "ceshiyonghu001"),
    )
    .await;
    assert_eq!((a.status, a.code()), (401, Some("APIGW.0301")));
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let (_sim, proxy) = pair().await;
    let a = get(&proxy, "/v2/other", None).await;
    assert_eq!((a.status, a.code()), (404, Some("KYC.0404")));
    let a = get(&proxy, CHECK_IDENTITY, None).await;
    assert_eq!((a.status, a.code()), (405, Some("KYC.0405")));
    // Without demo mode there is no demo endpoint.
    let a = post_json(
        &proxy,
        "/demo/token",
        None,
        &json!({ "customer_id": "cust-individual-001" }),
    )
    .await;
    assert_eq!(a.status, 404);
}

#[tokio::test]
async fn security_headers_are_on_every_answer() {
    let (_sim, proxy) = pair().await;
    for a in [
        get(&proxy, "/healthz", None).await,
        get(&proxy, "/nowhere", None).await,
        post_json(&proxy, INDIVIDUAL, None, &json!({})).await,
    ] {
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(a.header("x-frame-options"), Some("DENY"));
        assert_eq!(a.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(a.header("cache-control"), Some("no-store"));
        assert!(a
            .header("content-security-policy")
            .is_some_and(|c| c.contains("default-src 'none'")));
    }
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.cors_origins = Some(vec!["https://portal.example.com".into()]);
    let proxy = proxy(raw).await;
    let preflight = |origin: &'static str| {
        client()
            .request(
                reqwest::Method::OPTIONS,
                format!("{}{INDIVIDUAL}", proxy.url()),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type,x-request-id",
            )
            .send()
    };
    let ok = preflight("https://portal.example.com").await.unwrap();
    assert_eq!(
        ok.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://portal.example.com")
    );
    // The browser client sends its request id with every call.
    let allowed = ok
        .headers()
        .get("access-control-allow-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(allowed.contains("x-request-id"), "{allowed}");
    // ... and an Idempotency-Key with each submission and upload.
    assert!(allowed.contains("idempotency-key"), "{allowed}");
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    let a = client()
        .post(format!("{}{CHECK_IDENTITY}", proxy.url()))
        .header("origin", "https://portal.example.com")
        .header("content-type", "application/json")
        .body(check_form("name", "ceshiyonghu001").to_string())
        .send()
        .await
        .unwrap();
    let exposed = a
        .headers()
        .get("access-control-expose-headers")
        .and_then(|v| v.to_str().ok());
    assert!(exposed.is_some_and(|e| e.contains("x-request-id")));
}

#[tokio::test]
async fn a_misconfigured_platform_id_stops_the_start() {
    let sim = simulator(sim_config()).await;
    let mut raw: RawConfig = raw_config(&sim);
    raw.xaccount_type = Some("X".repeat(65));
    let config = Config::resolve(raw).unwrap();
    let err = hwc_kyc_proxy::start(config).await.unwrap_err();
    assert!(err.to_string().starts_with("xaccount_type"), "{err}");
}
