//! Attachments in an OBS bucket, against an S3-compatible server in the test process (s3s-fs,
//! which verifies AWS signature v4): uploads stream into `download/<customer>/`, addressed
//! virtual-hosted style; refused or oversized files leave nothing behind; submissions name only
//! the caller's own files, which must exist; faults of the store are answered, never hang.

mod common;

use std::time::Duration;

use common::s3::{s3_server, Fault, S3Server, BUCKET, OBS_AK, OBS_SK};
use common::*;
use hwc_kyc_proxy::{RawConfig, Secret};
use hwc_kyc_sim::{SimHandle, TEST_ACCESS_KEY, TEST_SECRET_KEY};
use serde_json::json;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
const JPG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01";
const CUSTOMER: &str = "cust-individual-001";

/// A proxy in front of `sim` storing in `s3`'s bucket with the store's own keys.
fn obs_config(sim: &SimHandle, s3: &S3Server) -> RawConfig {
    let mut raw = raw_config(sim);
    raw.download_dir = None;
    raw.obs_bucket = Some(BUCKET.into());
    raw.obs_region = Some("ap-southeast-1".into());
    raw.obs_endpoint = Some(s3.endpoint());
    raw.obs_access_key = Some(OBS_AK.into());
    raw.obs_secret_key = Some(Secret::new(OBS_SK));
    raw.allow_insecure_http = Some(true);
    raw
}

/// A file of `len` bytes with `head`'s signature.
fn file(head: &[u8], len: usize) -> Vec<u8> {
    let mut data = head.to_vec();
    data.resize(len, 0x5A);
    data
}

async fn upload(proxy: &hwc_kyc_proxy::Running, customer: &str, files: &[(&str, &[u8])]) -> Answer {
    let parts: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, c)| ("file", *n, *c)).collect();
    let (content_type, body) = multipart(&parts);
    post_raw(
        proxy,
        "/uploads",
        Some(&token(customer)),
        &content_type,
        body,
    )
    .await
}

fn paths(a: &Answer) -> Vec<String> {
    a.json["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f["path"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn issues(a: &Answer) -> Vec<(String, String)> {
    a.json["issues"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|i| {
                    (
                        i["path"].to_string(),
                        i["code"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Three files of [`CUSTOMER`] put into the bucket; their `verified_file_url` paths.
fn own_files(s3: &S3Server) -> Vec<String> {
    ["front.jpg", "back.jpg", "hold.jpg"]
        .iter()
        .map(|name| {
            s3.put(&format!("download/{CUSTOMER}/{name}"), JPG);
            format!("{CUSTOMER}/{name}")
        })
        .collect()
}

fn submission(paths: &[String]) -> serde_json::Value {
    let mut form = individual_form(CUSTOMER);
    form["verified_file_url"] = json!(paths);
    form
}

#[tokio::test]
async fn uploads_stream_into_the_bucket_signed_and_virtual_hosted_then_submit() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    let proxy = proxy(obs_config(&sim, &s3)).await;
    // 7 MB: more than one part, so a multipart upload; the PNG is one PUT.
    let large = file(b"%PDF-1.7\n", 7 * 1024 * 1024);
    let a = upload(
        &proxy,
        CUSTOMER,
        &[("front.png", PNG), ("scan.pdf", &large), ("hold.jpg", JPG)],
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let stored = paths(&a);
    assert_eq!(stored.len(), 3);
    for (path, ext) in stored.iter().zip(["png", "pdf", "jpg"]) {
        let (dir, name) = path.split_once('/').unwrap();
        assert_eq!(dir, CUSTOMER);
        let (stem, got) = name.split_once('.').unwrap();
        assert!(
            stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()),
            "{path}"
        );
        assert_eq!(got, ext);
        assert_eq!(hwc_kyc::rules::attachments::path_problem(path), None);
    }
    assert_eq!(
        s3.keys(),
        {
            let mut keys: Vec<String> = stored.iter().map(|p| format!("download/{p}")).collect();
            keys.sort();
            keys
        },
        "the objects are the answered paths under download/"
    );
    let kept = std::fs::read(s3.bucket_dir().join("download").join(&stored[1])).unwrap();
    assert!(kept == large, "the large file arrived whole");
    let seen = s3.seen();
    let host = format!("{BUCKET}.localhost:{}", s3.addr.port());
    assert!(
        seen.iter().all(|r| r.host == host),
        "virtual-hosted: {seen:?}"
    );
    assert!(
        seen.iter().any(|r| r.method == "POST"),
        "the large file went as a multipart upload: {seen:?}"
    );
    assert!(s3.pending_parts().is_empty());

    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&token(CUSTOMER)),
        &submission(&stored),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(forwarded_and_valid(&sim), 1);
    let heads = s3.seen().iter().filter(|r| r.method == "HEAD").count();
    assert_eq!(heads, 3, "each attachment checked once");
}

#[tokio::test]
async fn without_own_keys_the_partners_bss_keys_sign_for_obs() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(TEST_ACCESS_KEY, TEST_SECRET_KEY).await;
    let mut raw = obs_config(&sim, &s3);
    raw.obs_access_key = None;
    raw.obs_secret_key = None;
    let proxy = proxy(raw).await;
    let a = upload(&proxy, CUSTOMER, &[("front.jpg", JPG)]).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(s3.keys().len(), 1);
}

#[tokio::test]
async fn a_store_refusing_the_signature_is_502_and_keeps_nothing() {
    let sim = simulator(sim_config()).await;
    // The store knows other keys: every request is refused 403 by its signature check.
    let s3 = s3_server(
        "SOMEOTHERACCESSKEY01",
        "some-other-secret-key-0123456789abcd",
    )
    .await;
    let proxy = proxy(obs_config(&sim, &s3)).await;
    let a = upload(&proxy, CUSTOMER, &[("front.jpg", JPG)]).await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")), "{}", a.text);
    assert!(
        !a.text.contains(OBS_SK) && !a.text.contains(OBS_AK),
        "{}",
        a.text
    );
    assert!(s3.keys().is_empty());
    let paths = own_files(&s3);
    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&token(CUSTOMER)),
        &submission(&paths),
    )
    .await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")), "{}", a.text);
    assert_eq!(forwarded_and_valid(&sim), 0);
}

#[tokio::test]
async fn an_oversized_file_aborts_its_upload_and_the_request_leaves_nothing() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    let proxy = proxy(obs_config(&sim, &s3)).await;
    let too_large = file(JPG, 10 * 1024 * 1024 + 1);
    let a = upload(
        &proxy,
        CUSTOMER,
        &[("front.png", PNG), ("back.jpg", &too_large)],
    )
    .await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")), "{}", a.text);
    assert_eq!(
        issues(&a),
        [(
            r#"["files",1,"content"]"#.to_string(),
            "file_too_large".to_string()
        )]
    );
    assert!(
        s3.keys().is_empty(),
        "the first file was deleted: {:?}",
        s3.keys()
    );
    assert!(
        s3.pending_parts().is_empty(),
        "parts aborted: {:?}",
        s3.pending_parts()
    );
    let seen = s3.seen();
    assert!(
        seen.iter().any(|r| r.method == "POST"),
        "the large file had started as a multipart upload: {seen:?}"
    );
    assert!(
        seen.iter()
            .any(|r| r.method == "DELETE" && r.path.ends_with(".jpg")),
        "the multipart upload was aborted: {seen:?}"
    );
}

#[tokio::test]
async fn a_wrong_signature_is_refused_before_anything_reaches_the_store() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    let proxy = proxy(obs_config(&sim, &s3)).await;
    let fake = file(b"MZ\x90\x00 not an image", 6 * 1024 * 1024);
    let a = upload(&proxy, CUSTOMER, &[("front.jpg", &fake), ("back.png", PNG)]).await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")), "{}", a.text);
    assert_eq!(
        issues(&a),
        [(
            r#"["files",0,"content"]"#.to_string(),
            "content_mismatch".to_string()
        )]
    );
    assert!(
        s3.seen().is_empty(),
        "no request reached the store: {:?}",
        s3.seen()
    );
}

#[tokio::test]
async fn submissions_name_only_the_callers_own_files_unless_allowed() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    s3.put("download/cust-individual-002/front.jpg", JPG);
    s3.put("download/partner/placed.jpg", JPG);
    let mut theirs = own_files(&s3);
    theirs[1] = "cust-individual-002/front.jpg".to_string();
    let proxy = proxy(obs_config(&sim, &s3)).await;
    let t = token(CUSTOMER);
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &submission(&theirs)).await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")), "{}", a.text);
    assert_eq!(
        issues(&a),
        [(
            r#"["verified_file_url",1]"#.to_string(),
            "attachment_not_owned".to_string()
        )]
    );
    assert_eq!(
        a.json["issues"][0]["params"]["directory"],
        format!("{CUSTOMER}/")
    );
    assert_eq!(forwarded_and_valid(&sim), 0);
    assert!(
        !s3.seen().iter().any(|r| r.method == "HEAD"),
        "another customer's file is not even looked up"
    );

    let mut raw = obs_config(&sim, &s3);
    raw.allow_foreign_attachment_paths = Some(true);
    let open = common::proxy(raw).await;
    let mut placed = own_files(&s3);
    placed[0] = "partner/placed.jpg".to_string();
    let a = post_json(&open, INDIVIDUAL, Some(&t), &submission(&placed)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(forwarded_and_valid(&sim), 1);
}

#[tokio::test]
async fn a_missing_attachment_is_an_issue_on_its_entry_in_the_callers_locale() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    let mut named = own_files(&s3);
    named[1] = format!("{CUSTOMER}/gone.jpg");
    named[2] = format!("{CUSTOMER}/never.png");
    let proxy = proxy(obs_config(&sim, &s3)).await;
    let answer = client()
        .post(format!("{}{INDIVIDUAL}", proxy.url()))
        .bearer_auth(token(CUSTOMER))
        .header("accept-language", "es")
        .header("content-type", "application/json")
        .body(submission(&named).to_string())
        .send()
        .await
        .unwrap();
    let a = read(answer).await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")), "{}", a.text);
    assert_eq!(
        issues(&a),
        [
            (
                r#"["verified_file_url",1]"#.to_string(),
                "attachment_not_found".to_string()
            ),
            (
                r#"["verified_file_url",2]"#.to_string(),
                "attachment_not_found".to_string()
            ),
        ]
    );
    assert_eq!(
        a.json["issues"][0]["message"],
        "No hay ningún archivo subido con esta ruta."
    );
    assert_eq!(forwarded_and_valid(&sim), 0, "nothing forwarded");
}

#[tokio::test]
async fn store_faults_are_answered_in_bounded_time_and_never_forwarded() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    let named = own_files(&s3);
    let mut raw = obs_config(&sim, &s3);
    raw.attachment_check_timeout_ms = std::num::NonZero::new(500);
    let proxy = proxy(raw).await;
    let t = token(CUSTOMER);

    s3.set_fault(Fault::Status(500));
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &submission(&named)).await;
    assert_eq!(
        (a.status, a.code()),
        (502, Some("KYC.0502")),
        "500: {}",
        a.text
    );
    let a = upload(&proxy, CUSTOMER, &[("front.jpg", JPG)]).await;
    assert_eq!(
        (a.status, a.code()),
        (502, Some("KYC.0502")),
        "500: {}",
        a.text
    );

    s3.set_fault(Fault::Status(403));
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &submission(&named)).await;
    assert_eq!(
        (a.status, a.code()),
        (502, Some("KYC.0502")),
        "403: {}",
        a.text
    );

    s3.set_fault(Fault::Slow(Duration::from_secs(3)));
    let started = std::time::Instant::now();
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &submission(&named)).await;
    assert_eq!(
        (a.status, a.code()),
        (504, Some("KYC.0504")),
        "slow: {}",
        a.text
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "answered before the store"
    );

    s3.set_fault(Fault::None);
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &submission(&named)).await;
    assert_eq!(a.status, 200, "recovered: {}", a.text);
    assert_eq!(forwarded_and_valid(&sim), 1, "only the last was forwarded");
    assert_eq!(s3.keys().len(), 3, "nothing stored by the refused upload");
}

#[tokio::test]
async fn a_store_that_is_down_is_502() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    let mut raw = obs_config(&sim, &s3);
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    raw.obs_endpoint = Some(format!("http://localhost:{port}"));
    let proxy = proxy(raw).await;
    let named = own_files(&s3);
    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&token(CUSTOMER)),
        &submission(&named),
    )
    .await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")), "{}", a.text);
    let a = upload(&proxy, CUSTOMER, &[("front.jpg", JPG)]).await;
    assert_eq!((a.status, a.code()), (502, Some("KYC.0502")), "{}", a.text);
    assert_eq!(forwarded_and_valid(&sim), 0);
}

#[tokio::test]
async fn uploads_at_once_are_limited_per_customer() {
    let sim = simulator(sim_config()).await;
    let s3 = s3_server(OBS_AK, OBS_SK).await;
    let mut raw = obs_config(&sim, &s3);
    raw.max_uploads_per_caller = std::num::NonZero::new(1);
    let proxy = std::sync::Arc::new(proxy(raw).await);
    s3.set_fault(Fault::Slow(Duration::from_millis(1500)));
    let first = {
        let proxy = proxy.clone();
        tokio::spawn(async move { upload(&proxy, CUSTOMER, &[("front.jpg", JPG)]).await.status })
    };
    // The first is in the store (slow) when the second comes.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while s3.seen().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let a = upload(&proxy, CUSTOMER, &[("back.jpg", JPG)]).await;
    assert_eq!((a.status, a.code()), (429, Some("KYC.0429")), "{}", a.text);
    let other = upload(&proxy, "cust-individual-002", &[("front.jpg", JPG)]).await;
    assert_eq!(
        other.status, 200,
        "another customer is not held up: {}",
        other.text
    );
    assert_eq!(first.await.unwrap(), 200);
    let again = upload(&proxy, CUSTOMER, &[("back.jpg", JPG)]).await;
    assert_eq!(again.status, 200, "the slot came back: {}", again.text);
}
