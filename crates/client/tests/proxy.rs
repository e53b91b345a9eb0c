//! `KycClient` (gloo-net over the global `fetch`) against the real proxy and simulator of
//! `crates/test-server`, in Node and in headless Chromium. `cargo xtask test` starts the test
//! server and passes its addresses at build time in `HWC_KYC_TEST_SERVER` (its JSON line);
//! without it these tests fail and say how to run them.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_net::http::Request;
use hwc_kyc::json::{self, Value};
use hwc_kyc::model::CheckResult;
use hwc_kyc_client::{CallOptions, ClientError, KycClient};
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{AbortController, Blob};

const HOW: &str = "run with `cargo xtask test client`: the test server's addresses are passed at build time in HWC_KYC_TEST_SERVER";

struct Server {
    api: String,
    pages: String,
    closed: String,
}

fn server() -> Server {
    let Some(line) = option_env!("HWC_KYC_TEST_SERVER") else {
        panic!("{HOW}")
    };
    let v = json::parse(line.as_bytes()).expect(HOW);
    let url = |key: &str| v.get(key).and_then(Value::as_str).expect(HOW).to_string();
    Server {
        api: url("api"),
        pages: url("pages"),
        closed: url("closed"),
    }
}

async fn control_post(path: &str, body: &str) {
    let res = Request::post(&format!("{}/control/{path}", server().pages))
        .body(body)
        .expect("control request")
        .send()
        .await
        .expect("control answer");
    assert!(res.ok(), "control {path}: {}", res.status());
}

async fn reset() {
    control_post("reset", "").await;
}

/// `(method, path, x-request-id)` of every request the proxy's front received since the reset,
/// CORS preflights and the tests' own token requests left out.
async fn sent() -> Vec<(String, String, String)> {
    let res = Request::get(&format!("{}/control/requests", server().pages))
        .send()
        .await
        .expect("control answer");
    let text = res.text().await.expect("control body");
    let v = json::parse(text.as_bytes()).expect("control JSON");
    let field = |r: &Value, key: &str| {
        r.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    v.get("requests")
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter(|r| field(r, "method") != "OPTIONS" && field(r, "path") != "/demo/token")
        .map(|r| {
            let id = r
                .get("headers")
                .and_then(|h| h.get("x-request-id"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            (field(r, "method"), field(r, "path"), id)
        })
        .collect()
}

async fn token(customer_id: &str) -> String {
    let res = Request::post(&format!("{}/demo/token", server().api))
        .header("content-type", "application/json")
        .body(format!(r#"{{"customer_id":"{customer_id}"}}"#))
        .expect("token request")
        .send()
        .await
        .expect("token answer");
    let text = res.text().await.expect("token body");
    let v = json::parse(text.as_bytes()).expect("token JSON");
    v.get("token")
        .and_then(Value::as_str)
        .expect("token")
        .to_string()
}

fn client() -> KycClient {
    KycClient::new(&server().api)
}

async fn client_for(customer_id: &str) -> KycClient {
    let t = token(customer_id).await;
    client().with_token(move || {
        let t = t.clone();
        async move { Ok(Some(t)) }
    })
}

fn form(text: &str) -> Value {
    json::parse(text.as_bytes()).expect("test form")
}

const EMAIL: &str = r#"{"search_type":"email","search_value":"new-user@example.com"}"#;
const PERSON: &str = r#"{"customer_id":"cust-individual-001","verified_type":3,
    "verified_file_url":["a/front.jpg","a/back.jpg"],"name":"Wang Wei","verified_number":"E12345678"}"#;

fn no_options() -> CallOptions {
    CallOptions::default()
}

#[wasm_bindgen_test]
async fn check_identity_answers_with_the_request_id_it_sent() {
    reset().await;
    let sent_ok = client()
        .check_identity(&form(EMAIL), &no_options())
        .await
        .expect("check-identity succeeds");
    assert_eq!(sent_ok.value.check_result, CheckResult::Available);
    assert_eq!(sent_ok.request_id.len(), 32);
    let seen = sent().await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].2, sent_ok.request_id);
}

#[wasm_bindgen_test]
async fn upload_then_submit_with_the_caller_token_then_read_the_review() {
    reset().await;
    let kyc = client_for("cust-individual-001").await;
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(png));
    let blob = Blob::new_with_u8_array_sequence(&parts).expect("blob");
    let front = kyc
        .upload_attachment(&blob, "front.png", &no_options())
        .await
        .expect("upload succeeds");
    assert!(
        front.value.path.starts_with("cust-individual-001/"),
        "{}",
        front.value.path
    );
    assert_eq!(front.value.size, png.len() as u64);
    let submitted = kyc
        .submit_individual(&form(PERSON), &no_options())
        .await
        .expect("submission succeeds");
    let review = kyc
        .review_result(
            &form(r#"{"customer_id":"cust-individual-001"}"#),
            &no_options(),
        )
        .await
        .expect("review result");
    let seen = sent().await;
    assert_eq!(
        seen.iter()
            .map(|s| (s.0.as_str(), s.2.as_str()))
            .collect::<Vec<_>>(),
        [
            ("POST", front.request_id.as_str()),
            ("POST", submitted.request_id.as_str()),
            ("GET", review.request_id.as_str())
        ]
    );
}

#[wasm_bindgen_test]
async fn submit_enterprise_succeeds_for_a_fresh_enterprise() {
    let kyc = client_for("cust-enterprise-001").await;
    let r = kyc
        .submit_enterprise(
            &form(
                r#"{"customer_id":"cust-enterprise-001","verified_file_url":["l/f.jpg","l/b.jpg"],
                    "corp_name":"Example Trading Ltd","verified_number":"91110000600037"}"#,
            ),
            &no_options(),
        )
        .await;
    assert!(r.is_ok(), "{r:?}");
}

#[wasm_bindgen_test]
async fn an_invalid_value_sends_nothing() {
    reset().await;
    let err = client()
        .check_identity(
            &form(r#"{"search_type":"email","search_value":"nobody"}"#),
            &no_options(),
        )
        .await
        .expect_err("invalid");
    let ClientError::Invalid { issues, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(issues[0].code.as_str(), "invalid_email");
    let parts = js_sys::Array::of1(&JsValue::from_str("hello"));
    let text = Blob::new_with_str_sequence(&parts).expect("blob");
    let err = client()
        .upload_attachment(&text, "notes.png", &no_options())
        .await
        .expect_err("not a png");
    assert_eq!(err.kind(), "invalid");
    assert!(sent().await.is_empty());
}

#[wasm_bindgen_test]
async fn a_submission_without_a_token_is_the_proxys_401() {
    let err = client()
        .submit_individual(&form(PERSON), &no_options())
        .await
        .expect_err("no token");
    let ClientError::Http(h) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(h.error.status, 401);
    assert_eq!(h.error.code.as_deref(), Some("KYC.0401"));
    assert!(h.server_request_id.is_some());
}

#[wasm_bindgen_test]
async fn a_closed_port_is_a_network_error() {
    let err = KycClient::new(&server().closed)
        .check_identity(&form(EMAIL), &no_options())
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), "network", "{err:?}");
}

#[wasm_bindgen_test]
async fn a_slow_answer_is_a_timeout_and_an_abort_is_aborted() {
    reset().await;
    control_post("fault", "latency=3000").await;
    let err = client()
        .with_timeout(Duration::from_millis(300))
        .check_identity(&form(EMAIL), &no_options())
        .await
        .expect_err("too slow");
    assert!(
        matches!(err, ClientError::Timeout { timeout, .. } if timeout == Duration::from_millis(300)),
        "{err:?}"
    );

    let controller = AbortController::new().expect("controller");
    let options = CallOptions {
        signal: Some(controller.signal()),
        ..CallOptions::default()
    };
    let kyc = client();
    let form = form(EMAIL);
    let call = kyc.check_identity(&form, &options);
    let abort = async {
        gloo_timers_free_sleep(100).await;
        controller.abort_with_reason(&JsValue::from_str("left the page"));
    };
    let (result, ()) = futures_join(call, abort).await;
    assert_eq!(result.expect_err("aborted").kind(), "aborted");
    reset().await;
}

/// The `Idempotency-Key` of each request the front received since the reset (`""`: none), CORS
/// preflights and token requests left out.
async fn idempotency_keys() -> Vec<String> {
    let res = Request::get(&format!("{}/control/requests", server().pages))
        .send()
        .await
        .expect("control answer");
    let text = res.text().await.expect("control body");
    let v = json::parse(text.as_bytes()).expect("control JSON");
    v.get("requests")
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter(|r| {
            let method = r.get("method").and_then(Value::as_str);
            let path = r.get("path").and_then(Value::as_str);
            method != Some("OPTIONS") && path != Some("/demo/token")
        })
        .map(|r| {
            r.get("headers")
                .and_then(|h| h.get("idempotency-key"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn reads_and_submissions_are_repeated_on_503_submissions_with_one_key() {
    reset().await;
    control_post("fault", "status=503").await;
    let err = client()
        .check_identity(&form(EMAIL), &no_options())
        .await
        .expect_err("503");
    let seen = sent().await;
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.2 == err.request_id()));
    assert!(idempotency_keys().await.iter().all(String::is_empty));
    reset().await;
    control_post("fault", "status=503").await;
    let kyc = client_for("cust-individual-002").await;
    let person = PERSON.replace("cust-individual-001", "cust-individual-002");
    let err = kyc
        .submit_individual(&form(&person), &no_options())
        .await
        .expect_err("503");
    assert_eq!(err.kind(), "http");
    let seen = sent().await;
    assert_eq!(seen.len(), 3);
    assert!(seen
        .iter()
        .all(|s| s.0 == "POST" && s.1.contains("individual") && s.2 == err.request_id()));
    // One key, the same on the three attempts: the proxy would answer a repeat of a forwarded
    // one from its record (the simulator's 503 is not kept, so each was forwarded).
    let keys = idempotency_keys().await;
    assert_eq!(keys.len(), 3);
    assert!(keys[0].len() == 34 && keys[0].starts_with('"'), "{keys:?}");
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    reset().await;
}

/// Resolves after `ms` (setTimeout through a Promise; no timer crate needed in the tests).
async fn gloo_timers_free_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout = js_sys::Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .expect("setTimeout");
        let _ = set_timeout.call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(ms));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Polls two futures to completion together (no futures crate in the tests).
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let mut a = pin!(a);
    let mut b = pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready((ra.take().expect("a"), rb.take().expect("b")))
        } else {
            Poll::Pending
        }
    })
    .await
}
