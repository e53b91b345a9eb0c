//! The simulator over real HTTP on 127.0.0.1: authentication, validation, business rules, review
//! results and every fault.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hwc_kyc::request::HttpRequest;
use hwc_kyc::signing::{sign_now, Credentials};
use hwc_kyc::{json, validate_as, Form, Operation, Options};
use hwc_kyc_sim::{
    Fault, ReviewTiming, SimConfig, SimHandle, Simulator, TEST_ACCESS_KEY, TEST_AUTH_TOKEN,
    TEST_DOMAIN_ID, TEST_SECRET_KEY,
};
use serde_json::{json, Value};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

async fn start(config: SimConfig) -> SimHandle {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Simulator::new(config)
        .spawn("127.0.0.1:0".parse().unwrap())
        .await
        .expect("bind 127.0.0.1:0")
}

fn config() -> SimConfig {
    SimConfig {
        review: ReviewTiming::AfterQueries(2),
        ..SimConfig::default()
    }
}

fn credentials() -> Credentials {
    Credentials::new(TEST_ACCESS_KEY, TEST_SECRET_KEY).with_domain_id(TEST_DOMAIN_ID)
}

/// A request built by core from a JSON body (validated at Stage::Upstream).
fn build<T: Form>(body: Value) -> HttpRequest {
    let v = json::parse(body.to_string().as_bytes()).unwrap();
    validate_as::<T>(&v, &Options::default())
        .unwrap_or_else(|issues| panic!("test body invalid: {issues:?}"))
        .build()
}

/// A request with a raw body and no validation (to send what core would refuse).
fn raw(op: Operation, body: &str) -> HttpRequest {
    HttpRequest {
        method: op.method(),
        path: op.path().to_string(),
        headers: vec![(
            "Content-Type".into(),
            hwc_kyc::JSON_CONTENT_TYPE.to_string(),
        )],
        body: body.as_bytes().to_vec(),
    }
}

fn signed(sim: &SimHandle, mut request: HttpRequest) -> HttpRequest {
    sign_now(&mut request, &sim.addr().to_string(), &credentials(), now());
    request
}

async fn send(sim: &SimHandle, request: &HttpRequest) -> reqwest::Response {
    send_with(sim, request, &[]).await
}

async fn send_with(
    sim: &SimHandle,
    request: &HttpRequest,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let url = format!("{}{}", sim.url(), request.path);
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
    let mut call = reqwest::Client::new()
        .request(method, url)
        .timeout(Duration::from_secs(10));
    for (n, v) in &request.headers {
        call = call.header(n, v);
    }
    for (n, v) in extra {
        call = call.header(*n, *v);
    }
    call.body(request.body.clone()).send().await.expect("sent")
}

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, body)
}

fn check(kind: &str, value: &str) -> Value {
    json!({ "search_type": kind, "search_value": value })
}

fn individual(customer: &str) -> Value {
    json!({
        "customer_id": customer,
        "identify_type": 0,
        "verified_file_url": ["id/front.jpg", "id/back.jpg", "id/hold.jpg"],
        "name": "Wang Xiaoming",
        "verified_number": "371812199001018888",
        "xaccount_type": "HWC_KYC_IDP",
        "verified_type": 0,
        "change_type": -1
    })
}

fn enterprise(customer: &str) -> Value {
    json!({
        "customer_id": customer,
        "identify_type": 1,
        "verified_file_url": ["corp/front.jpg", "corp/back.jpg"],
        "corp_name": "Example Ltd",
        "verified_number": "91110000600037",
        "xaccount_type": "HWC_KYC_IDP"
    })
}

use hwc_kyc::model::{
    CheckIdentity, EnterpriseRealnameAuth, IndividualRealnameAuth, ReviewResultQuery,
};

fn review(customer: &str) -> HttpRequest {
    build::<ReviewResultQuery>(json!({ "customer_id": customer }))
}

#[tokio::test]
async fn signed_check_identity_reports_registered_values_as_used() {
    let sim = start(config()).await;
    for (kind, value, expected) in [
        ("name", "existing-user", "used_by_user"),
        ("name", "ceshiyonghu001", "available"),
        ("email", "Taken@Example.com", "used_by_user"),
        ("email", "new@example.com", "available"),
    ] {
        let req = signed(&sim, build::<CheckIdentity>(check(kind, value)));
        let (status, body) = answer(send(&sim, &req).await).await;
        assert_eq!(status, 200, "{value}");
        assert_eq!(body["check_result"], expected, "{value}");
        assert_eq!(body["error_code"], "CBC.0000");
    }
}

#[tokio::test]
async fn mobile_numbers_report_remaining_accounts() {
    let sim = start(config()).await;
    let req = signed(
        &sim,
        build::<CheckIdentity>(check("mobile", "0086-13900000000")),
    );
    let (_, body) = answer(send(&sim, &req).await).await;
    assert_eq!(body["check_result"], "available");
    assert_eq!(body["mobile_remain_available_num"], 3);
    let req = signed(
        &sim,
        build::<CheckIdentity>(check("mobile", "0086-13800000000")),
    );
    let (_, body) = answer(send(&sim, &req).await).await;
    assert_eq!(body["check_result"], "used_by_user");
}

#[tokio::test]
async fn the_partner_token_is_accepted_and_another_refused() {
    let sim = start(config()).await;
    let mut req = build::<CheckIdentity>(check("name", "ceshiyonghu001"));
    req.authorize_with_token(TEST_AUTH_TOKEN);
    let (status, _) = answer(send(&sim, &req).await).await;
    assert_eq!(status, 200);
    req.authorize_with_token("someone-elses-token");
    let (status, body) = answer(send(&sim, &req).await).await;
    assert_eq!(status, 401);
    assert_eq!(body["error_code"], "APIGW.0301");
}

#[tokio::test]
async fn missing_or_bad_signatures_are_refused_with_apigw_0301() {
    let sim = start(config()).await;
    let unsigned = build::<CheckIdentity>(check("name", "ceshiyonghu001"));
    let (status, body) = answer(send(&sim, &unsigned).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (401, Some("APIGW.0301"))
    );
    assert_eq!(body["request_id"].as_str().map(str::len), Some(32));

    // Body changed after signing.
    let mut tampered = signed(&sim, unsigned.clone());
    tampered.body = check("name", "existing-user").to_string().into_bytes();
    let (status, _) = answer(send(&sim, &tampered).await).await;
    assert_eq!(status, 401);

    // Signed with another secret key.
    let mut wrong = unsigned.clone();
    let other = Credentials::new(TEST_ACCESS_KEY, "not-the-secret").with_domain_id(TEST_DOMAIN_ID);
    sign_now(&mut wrong, &sim.addr().to_string(), &other, now());
    let (status, _) = answer(send(&sim, &wrong).await).await;
    assert_eq!(status, 401);

    // Signed for another domain id.
    let mut domain = unsigned.clone();
    let other = Credentials::new(TEST_ACCESS_KEY, TEST_SECRET_KEY).with_domain_id("other-domain");
    sign_now(&mut domain, &sim.addr().to_string(), &other, now());
    let (status, _) = answer(send(&sim, &domain).await).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_date_more_than_15_minutes_off_is_refused_and_14_minutes_accepted() {
    let sim = start(config()).await;
    let host = sim.addr().to_string();
    let mut stale = build::<CheckIdentity>(check("name", "ceshiyonghu001"));
    sign_now(&mut stale, &host, &credentials(), now() - 16 * 60);
    let (status, body) = answer(send(&sim, &stale).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (401, Some("APIGW.0301"))
    );
    let mut future = build::<CheckIdentity>(check("name", "ceshiyonghu001"));
    sign_now(&mut future, &host, &credentials(), now() + 16 * 60);
    assert_eq!(send(&sim, &future).await.status(), 401);
    let mut recent = build::<CheckIdentity>(check("name", "ceshiyonghu001"));
    sign_now(&mut recent, &host, &credentials(), now() - 14 * 60);
    assert_eq!(send(&sim, &recent).await.status(), 200);
}

#[tokio::test]
async fn invalid_bodies_are_parameter_errors() {
    let sim = start(config()).await;
    for body in [
        r#"{"search_type":"name","search_value":"op_admin"}"#,
        r#"{"search_type":"phone","search_value":"x"}"#,
        r#"{"search_type":"name""#,
        "",
    ] {
        let req = signed(&sim, raw(Operation::CheckIdentity, body));
        let (status, answer) = answer(send(&sim, &req).await).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(answer["error_code"], "CBC.0100", "{body}");
        assert_eq!(answer["error_msg"], "Parameter error.");
    }
    // Upstream stage: xaccount_type is mandatory.
    let mut body = individual("cust-individual-001");
    body.as_object_mut().unwrap().remove("xaccount_type");
    let req = signed(
        &sim,
        raw(Operation::IndividualRealnameAuth, &body.to_string()),
    );
    let (status, answer) = answer(send(&sim, &req).await).await;
    assert_eq!(
        (status, answer["error_code"].as_str()),
        (400, Some("CBC.0100"))
    );
}

#[tokio::test]
async fn another_partners_platform_id_is_access_denied() {
    let sim = start(config()).await;
    let mut body = enterprise("cust-enterprise-001");
    body["xaccount_type"] = json!("OTHER_IDP");
    let req = signed(&sim, build::<EnterpriseRealnameAuth>(body));
    let (status, answer) = answer(send(&sim, &req).await).await;
    assert_eq!(
        (status, answer["error_code"].as_str()),
        (403, Some("CBC.0151"))
    );
}

#[tokio::test]
async fn business_refusals_use_each_pages_code() {
    let sim = start(config()).await;
    let cases = [
        (enterprise("nobody-here"), true, "CBC.99000035"),
        (individual("nobody-here"), false, "CBC.99000035"),
        (enterprise("cust-verified-001"), true, "CBC.99007188"),
        (individual("cust-verified-001"), false, "CBC.99000027"),
        (enterprise("cust-review-001"), true, "CBC.99007188"),
        (enterprise("cust-exhausted-001"), true, "CBC.99007191"),
        (individual("cust-exhausted-001"), false, "CBC.99000026"),
    ];
    for (body, is_enterprise, code) in cases {
        let req = if is_enterprise {
            build::<EnterpriseRealnameAuth>(body)
        } else {
            build::<IndividualRealnameAuth>(body)
        };
        let (status, answer) = answer(send(&sim, &signed(&sim, req)).await).await;
        assert_eq!((status, answer["error_code"].as_str()), (400, Some(code)));
        let op = if is_enterprise {
            Operation::EnterpriseRealnameAuth
        } else {
            Operation::IndividualRealnameAuth
        };
        let text = hwc_kyc::describe_error(code, Some(op), hwc_kyc::Locale::En);
        assert_eq!(answer["error_msg"].as_str(), text);
    }
}

#[tokio::test]
async fn failed_service_checks_list_their_items() {
    let sim = start(config()).await;
    let req = signed(
        &sim,
        build::<EnterpriseRealnameAuth>(enterprise("cust-arrears-001")),
    );
    let (status, body) = answer(send(&sim, &req).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("CBC.99007004"))
    );
    assert_eq!(body["fail_check_items"], json!(["IS_DEBT"]));

    let mut ind = individual("cust-individual-001");
    ind["verified_file_url"] = json!(["id/front.jpg", "id/back.jpg", "id/invalid_idcard_face.jpg"]);
    let req = signed(&sim, build::<IndividualRealnameAuth>(ind));
    let (_, body) = answer(send(&sim, &req).await).await;
    assert_eq!(body["fail_check_items"], json!(["INVALID_IDCARD_FACE"]));
}

#[tokio::test]
async fn a_submission_goes_under_review_then_is_approved() {
    let sim = start(config()).await;
    let req = signed(
        &sim,
        build::<IndividualRealnameAuth>(individual("cust-individual-001")),
    );
    let (status, body) = answer(send(&sim, &req).await).await;
    assert_eq!((status, &body), (200, &json!({ "is_review": 1 })));

    let again = signed(
        &sim,
        build::<IndividualRealnameAuth>(individual("cust-individual-001")),
    );
    let (_, body) = answer(send(&sim, &again).await).await;
    assert_eq!(body["error_code"], "CBC.99000027");

    let (status, first) =
        answer(send(&sim, &signed(&sim, review("cust-individual-001"))).await).await;
    assert_eq!((status, &first), (200, &json!({ "review_result": 0 })));
    let (_, second) = answer(send(&sim, &signed(&sim, review("cust-individual-001"))).await).await;
    assert_eq!(second, json!({ "review_result": 2 }));
}

#[tokio::test]
async fn a_failed_review_carries_the_opinion() {
    let sim = start(SimConfig {
        review: ReviewTiming::AfterQueries(1),
        ..SimConfig::default()
    })
    .await;
    let req = signed(
        &sim,
        build::<IndividualRealnameAuth>(individual("cust-individual-002")),
    );
    assert_eq!(send(&sim, &req).await.status(), 200);
    let (_, body) = answer(send(&sim, &signed(&sim, review("cust-individual-002"))).await).await;
    assert_eq!(body["review_result"], 1);
    assert!(body["opinion"]
        .as_str()
        .is_some_and(|o| o.contains("blurred")));
}

#[tokio::test]
async fn review_result_of_someone_elses_customer_is_access_denied() {
    let sim = start(config()).await;
    let (status, body) = answer(send(&sim, &signed(&sim, review("nobody-here"))).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (403, Some("CBC.0151"))
    );
    let missing = HttpRequest {
        method: "GET",
        path: Operation::ReviewResult.path().into(),
        headers: vec![],
        body: vec![],
    };
    let (status, body) = answer(send(&sim, &signed(&sim, missing)).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("CBC.0100"))
    );
}

#[tokio::test]
async fn is_review_can_be_sent_as_the_pages_string() {
    let sim = start(SimConfig {
        is_review_as_string: true,
        ..config()
    })
    .await;
    let req = signed(
        &sim,
        build::<EnterpriseRealnameAuth>(enterprise("cust-enterprise-001")),
    );
    let (_, body) = answer(send(&sim, &req).await).await;
    assert_eq!(body, json!({ "is_review": "1" }));
}

#[tokio::test]
async fn unknown_paths_are_unknown_apis() {
    let sim = start(config()).await;
    let req = HttpRequest {
        method: "GET",
        path: "/v2/nothing".into(),
        headers: vec![],
        body: vec![],
    };
    let (_, body) = answer(send(&sim, &req).await).await;
    assert_eq!(body["error_code"], "APIGW.0101");
}

// ---- Faults ------------------------------------------------------------------------------------

fn probe(sim: &SimHandle) -> HttpRequest {
    signed(sim, build::<CheckIdentity>(check("name", "ceshiyonghu001")))
}

#[tokio::test]
async fn latency_fault_delays_the_answer() {
    let sim = start(config()).await;
    let started = Instant::now();
    let response = send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "latency=300")]).await;
    assert_eq!(response.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn status_fault_answers_the_5xx_with_cbc_0999() {
    let sim = start(config()).await;
    let (status, body) =
        answer(send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "status=503")]).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (503, Some("CBC.0999"))
    );
}

#[tokio::test]
async fn garbage_fault_sends_a_body_that_is_not_json() {
    let sim = start(config()).await;
    let response = send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "garbage")]).await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    assert!(hwc_kyc::json::parse(&bytes).is_err());
}

#[tokio::test]
async fn truncate_fault_cuts_the_body() {
    let sim = start(config()).await;
    let response = send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "truncate")]).await;
    assert!(response.bytes().await.is_err());
}

#[tokio::test]
async fn drop_fault_closes_the_connection_without_an_answer() {
    let sim = start(config()).await;
    let req = probe(&sim);
    let result = reqwest::Client::new()
        .post(format!("{}{}", sim.url(), req.path))
        .header("X-Sim-Fault", "drop")
        .body(req.body.clone())
        .send()
        .await;
    assert!(result.is_err());
}

#[tokio::test]
async fn content_type_fault_labels_the_answer_html() {
    let sim = start(config()).await;
    let response = send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "content-type")]).await;
    let ct = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(ct.starts_with("text/html"));
    let (status, body) = answer(response).await;
    assert_eq!(
        (status, body["check_result"].as_str()),
        (200, Some("available"))
    );
}

#[tokio::test]
async fn configured_fault_applies_until_switched_off_or_overridden() {
    let sim = start(SimConfig {
        fault: Some(Fault::status(502)),
        ..config()
    })
    .await;
    assert_eq!(send(&sim, &probe(&sim)).await.status(), 502);
    let overridden = send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "none")]).await;
    assert_eq!(overridden.status(), 200);
    sim.simulator().set_fault(None);
    assert_eq!(send(&sim, &probe(&sim)).await.status(), 200);
    sim.simulator().set_fault(Some(Fault::status(500)));
    assert_eq!(send(&sim, &probe(&sim)).await.status(), 500);
}

#[tokio::test]
async fn a_malformed_fault_header_is_refused() {
    let sim = start(config()).await;
    let (status, body) =
        answer(send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "explode")]).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("CBC.0100"))
    );
    assert!(body["error_msg"]
        .as_str()
        .is_some_and(|m| m.contains("explode")));
}

#[tokio::test]
async fn garbage_with_content_type_is_an_html_page_labelled_as_html() {
    let sim = start(config()).await;
    let response = send_with(
        &sim,
        &probe(&sim),
        &[("X-Sim-Fault", "status=502,garbage,content-type")],
    )
    .await;
    assert_eq!(response.status(), 502);
    let ct = response.headers()["content-type"].to_str().unwrap();
    assert!(ct.starts_with("text/html"), "{ct}");
    let bytes = response.bytes().await.unwrap();
    assert!(hwc_kyc::json::parse(&bytes).is_err());
}

#[tokio::test]
async fn truncate_json_fault_answers_half_the_json_completely() {
    let sim = start(config()).await;
    let response = send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "truncate-json")]).await;
    assert_eq!(response.status(), 200);
    // Complete at the HTTP level: the body reads without error, and is cut JSON.
    let bytes = response.bytes().await.expect("a complete body");
    assert!(!bytes.is_empty());
    assert!(
        bytes.starts_with(b"{\"check_result\":\"available\""),
        "{bytes:?}"
    );
    assert!(hwc_kyc::json::parse(&bytes).is_err());
}

/// Sends `request` with `fault` on a raw connection and reads until the connection ends: what
/// arrived, and the error that ended it (`None`: a clean close).
async fn raw_exchange(
    request: &HttpRequest,
    addr: std::net::SocketAddr,
    fault: &str,
) -> (Vec<u8>, Option<std::io::ErrorKind>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: {addr}\r\nx-sim-fault: {fault}\r\n",
        request.method, request.path
    );
    for (n, v) in &request.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", request.body.len()));
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&request.body).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("the connection ends");
        match read {
            Ok(0) => return (got, None),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => return (got, Some(e.kind())),
        }
    }
}

#[tokio::test]
async fn reset_fault_resets_the_connection_and_drop_closes_it() {
    let sim = start(config()).await;
    let request = probe(&sim);
    let (got, error) = raw_exchange(&request, sim.addr(), "reset").await;
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    assert_eq!(error, Some(std::io::ErrorKind::ConnectionReset));
    let request = probe(&sim);
    let (got, error) = raw_exchange(&request, sim.addr(), "drop").await;
    assert!(got.is_empty());
    assert_eq!(error, None, "drop ends with a clean close");
}

#[tokio::test]
async fn truncate_with_reset_sends_half_the_body_then_resets() {
    let sim = start(config()).await;
    let request = probe(&sim);
    let (got, error) = raw_exchange(&request, sim.addr(), "truncate,reset").await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert_eq!(error, Some(std::io::ErrorKind::ConnectionReset), "{text}");
}

#[tokio::test]
async fn every_request_is_counted_and_the_latest_are_kept_when_recording() {
    let sim = start(SimConfig {
        record_requests: 2,
        ..config()
    })
    .await;
    let check_request = probe(&sim);
    assert_eq!(send(&sim, &check_request).await.status(), 200);
    // Faulted and unknown requests are received too.
    let faulted = send_with(&sim, &probe(&sim), &[("X-Sim-Fault", "status=503")]).await;
    assert_eq!(faulted.status(), 503);
    let review_request = signed(&sim, review("cust-verified-001"));
    assert_eq!(send(&sim, &review_request).await.status(), 200);
    assert_eq!(sim.simulator().received_count(), 3);
    let kept = sim.simulator().received();
    assert_eq!(kept.len(), 2, "only the latest two");
    assert_eq!(kept[0].operation(), Some(Operation::CheckIdentity));
    assert_eq!(kept[0].header("x-sim-fault"), Some(&b"status=503"[..]));
    assert_eq!(kept[0].body, check_request.body);
    assert_eq!(kept[1].operation(), Some(Operation::ReviewResult));
    assert_eq!(kept[1].query(), "customer_id=cust-verified-001");
    assert!(kept[1].header("authorization").is_some());
    assert_eq!(sim.simulator().take_received().len(), 2);
    assert!(sim.simulator().received().is_empty());
    assert_eq!(sim.simulator().received_count(), 3);
}

#[tokio::test]
async fn without_recording_requests_are_only_counted() {
    let sim = start(config()).await;
    assert_eq!(send(&sim, &probe(&sim)).await.status(), 200);
    assert_eq!(sim.simulator().received_count(), 1);
    assert!(sim.simulator().received().is_empty());
}
