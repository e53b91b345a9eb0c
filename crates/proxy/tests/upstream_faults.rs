//! Upstream failures: timeout (504), 5xx (relayed), garbage, truncated or dropped answers (502).

mod common;

use std::time::Duration;

use common::*;
use hwc_kyc::{parse_response, ErrorKind, Operation};
use hwc_kyc_proxy::Running;
use hwc_kyc_sim::{Fault, SimConfig, SimHandle};

/// A proxy whose upstream (a simulator) always injects `fault`, with a 300 ms upstream timeout.
async fn faulty(fault: &str) -> (SimHandle, Running) {
    let sim = simulator(SimConfig {
        fault: Some(fault.parse::<Fault>().unwrap()),
        ..sim_config()
    })
    .await;
    let mut raw = raw_config(&sim);
    raw.upstream_timeout_ms = Some(300);
    let proxy = proxy(raw).await;
    (sim, proxy)
}

async fn probe(proxy: &Running) -> Answer {
    post_json(
        proxy,
        CHECK_IDENTITY,
        None,
        &check_form("name", "ceshiyonghu001"),
    )
    .await
}

#[tokio::test]
async fn a_slow_upstream_is_504_after_the_timeout() {
    let (_sim, proxy) = faulty("latency=1500").await;
    let started = std::time::Instant::now();
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (504, Some("KYC.0504")));
    // Answered at the timeout, not after the upstream's 1.5 s.
    assert!(started.elapsed() < Duration::from_millis(1400));
    let err = parse_response(Operation::CheckIdentity, a.status, a.text.as_bytes()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
}

#[tokio::test]
async fn an_upstream_5xx_with_an_error_body_is_relayed_with_its_status() {
    let (_sim, proxy) = faulty("status=503").await;
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (503, Some("CBC.0999")));
    assert_eq!(a.json["request_id"].as_str(), a.header("x-request-id"));
}

#[tokio::test]
async fn a_garbage_answer_is_502_with_a_clear_error() {
    let (_sim, proxy) = faulty("garbage").await;
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")));
    let detail = a.json["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("not JSON"), "{detail}");
    let (_sim, proxy) = faulty("status=500,garbage").await;
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")));
    assert!(a.json["detail"].as_str().is_some_and(|d| d.contains("500")));
}

#[tokio::test]
async fn a_truncated_answer_is_502() {
    let (_sim, proxy) = faulty("truncate").await;
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")));
}

#[tokio::test]
async fn a_dropped_connection_is_502() {
    let (_sim, proxy) = faulty("drop").await;
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")));
}

#[tokio::test]
async fn an_unreachable_upstream_is_502() {
    let sim = simulator(sim_config()).await;
    let raw = raw_config(&sim);
    sim.shutdown().await;
    let proxy = proxy(raw).await;
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")));
}

#[tokio::test]
async fn a_readable_answer_with_a_wrong_content_type_is_relayed_as_json() {
    let (_sim, proxy) = faulty("content-type").await;
    let a = probe(&proxy).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json["check_result"], "available");
    assert_eq!(a.header("content-type"), Some(hwc_kyc::JSON_CONTENT_TYPE));
}

#[tokio::test]
async fn latency_under_the_timeout_is_fine() {
    let (_sim, proxy) = faulty("latency=50").await;
    assert_eq!(probe(&proxy).await.status, 200);
}
