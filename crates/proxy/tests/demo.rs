//! Demo mode: the embedded simulator, demo caller tokens for its seeded customers, and the static
//! `www/` and `pkg/` directories.

mod common;

use common::*;
use hwc_kyc_proxy::{RawConfig, Running};
use serde_json::json;

/// A proxy with the embedded simulator, serving `www` and `pkg` from a temporary directory.
async fn demo_proxy() -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        www.join("index.html"),
        "<!doctype html><title>hwc-kyc demo</title>",
    )
    .unwrap();
    std::fs::write(pkg.join("hwc_kyc.js"), "export const ok = true;").unwrap();
    let raw = RawConfig {
        listen: Some(([127, 0, 0, 1], 0).into()),
        www_dir: Some(www),
        pkg_dir: Some(pkg),
        download_dir: Some(dir.path().join("download")),
        ..RawConfig::default()
    };
    seed_attachments(&dir.path().join("download"));
    (dir, proxy(raw).await)
}

#[tokio::test]
async fn demo_tokens_act_for_seeded_customers_through_the_embedded_simulator() {
    let (_dir, proxy) = demo_proxy().await;
    assert!(proxy.simulator().is_some());
    let a = post_json(
        &proxy,
        "/demo/token",
        None,
        &json!({ "customer_id": "cust-individual-001" }),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["token_type"], "Bearer");
    let t = a.json["token"].as_str().unwrap().to_string();
    let sub = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&t),
        &individual_form("cust-individual-001"),
    )
    .await;
    assert_eq!(
        (sub.status, &sub.json),
        (200, &json!({ "is_review": 1 })),
        "{}",
        sub.text
    );
    // The token is bound to its customer.
    let other = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&t),
        &individual_form("cust-individual-002"),
    )
    .await;
    assert_eq!(other.status, 403);
}

#[tokio::test]
async fn demo_tokens_are_only_for_seeded_customers() {
    let (_dir, proxy) = demo_proxy().await;
    let a = post_json(
        &proxy,
        "/demo/token",
        None,
        &json!({ "customer_id": "someone-else" }),
    )
    .await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")));
    assert_eq!(a.json["issues"][0]["code"], "invalid_value");
    let allowed = a.json["issues"][0]["params"]["allowed"].as_array().unwrap();
    assert!(allowed.iter().any(|v| v == "cust-enterprise-001"));
    let customers = get(&proxy, "/demo/customers", None).await;
    let listed = customers.json["customers"].as_array().unwrap();
    assert!(listed.iter().any(|c| c["customer_id"] == "cust-arrears-001"
        && c["description"]
            .as_str()
            .is_some_and(|d| d.contains("IS_DEBT"))));
}

#[tokio::test]
async fn demo_mode_serves_www_and_pkg_with_the_page_policy() {
    let (_dir, proxy) = demo_proxy().await;
    let page = get(&proxy, "/", None).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("hwc-kyc demo"));
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let js = get(&proxy, "/pkg/hwc_kyc.js", None).await;
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .is_some_and(|c| c.contains("javascript")));
    let missing = get(&proxy, "/pkg/missing.js", None).await;
    assert_eq!((missing.status, missing.code()), (404, Some("KYC.0404")));
    // API routes still win over static files.
    let api = post_json(
        &proxy,
        CHECK_IDENTITY,
        None,
        &check_form("name", "existing-user"),
    )
    .await;
    assert_eq!(api.json["check_result"], "used_by_user");
}

#[tokio::test]
async fn demo_mode_can_be_switched_off_with_the_embedded_simulator() {
    let raw = RawConfig {
        listen: Some(([127, 0, 0, 1], 0).into()),
        demo: Some(false),
        ..RawConfig::default()
    };
    let proxy = proxy(raw).await;
    let a = post_json(
        &proxy,
        "/demo/token",
        None,
        &json!({ "customer_id": "cust-individual-001" }),
    )
    .await;
    assert_eq!((a.status, a.code()), (404, Some("KYC.0404")));
    let page = get(&proxy, "/", None).await;
    assert_eq!(page.status, 404);
    // Still forwards to the embedded simulator.
    let api = post_json(
        &proxy,
        CHECK_IDENTITY,
        None,
        &check_form("name", "ceshiyonghu001"),
    )
    .await;
    assert_eq!(api.json["check_result"], "available");
}
