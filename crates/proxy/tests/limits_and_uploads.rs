//! Rate limits (429), body limits (413) and attachment uploads, over real HTTP.

mod common;

use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
const JPG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01";

#[tokio::test]
async fn check_identity_is_rate_limited_per_address() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.check_identity_per_minute = std::num::NonZero::new(3);
    let proxy = proxy(raw).await;
    let form = check_form("name", "ceshiyonghu001");
    for _ in 0..3 {
        let a = post_json(&proxy, CHECK_IDENTITY, None, &form).await;
        assert_eq!(a.status, 200);
    }
    let a = post_json(&proxy, CHECK_IDENTITY, None, &form).await;
    assert_eq!((a.status, a.code()), (429, Some("KYC.0429")));
    let retry: u64 = a
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
    // Other routes have their own, larger budget.
    assert_eq!(
        get(&proxy, &format!("{REVIEW_RESULT}?customer_id=c"), None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn every_api_route_shares_a_per_address_limit() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.rate_limit_per_minute = std::num::NonZero::new(2);
    // Four workers share one budget: each request comes on a new connection, which any of them
    // may take.
    raw.workers = std::num::NonZero::new(4);
    let proxy = proxy(raw).await;
    let t = token("cust-verified-001");
    let query = format!(
        "{}{REVIEW_RESULT}?customer_id=cust-verified-001",
        proxy.url()
    );
    let fresh = || async {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        let answer = client.get(&query).bearer_auth(&t).send().await;
        read(answer.expect("proxy answers")).await
    };
    assert_eq!(fresh().await.status, 200);
    assert_eq!(fresh().await.status, 200);
    let a = fresh().await;
    assert_eq!((a.status, a.code()), (429, Some("KYC.0429")));
    // Health checks are never limited.
    assert_eq!(get(&proxy, "/healthz", None).await.status, 200);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_not_forwarded() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.max_body_bytes = std::num::NonZero::new(512);
    let proxy = proxy(raw).await;
    let big = json!({ "search_type": "name", "search_value": "x".repeat(600) });
    let a = post_json(&proxy, CHECK_IDENTITY, None, &big).await;
    assert_eq!((a.status, a.code()), (413, Some("KYC.0413")));
    let t = token("cust-individual-001");
    let mut form = individual_form("cust-individual-001");
    form["name"] = json!("y".repeat(600));
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &form).await;
    assert_eq!(a.status, 413);
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413_while_reading() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.max_body_bytes = std::num::NonZero::new(256);
    let proxy = proxy(raw).await;
    let mut stream = tokio::net::TcpStream::connect(proxy.addr()).await.unwrap();
    let chunk = "a".repeat(200);
    let request = format!(
        "POST {CHECK_IDENTITY} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
         {:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len(),
        chunk.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("KYC.0413"));
}

async fn upload(
    proxy: &hwc_kyc_proxy::Running,
    token: Option<&str>,
    files: &[(&str, &str, &[u8])],
) -> Answer {
    let (content_type, body) = multipart(files);
    post_raw(proxy, "/uploads", token, &content_type, body).await
}

#[tokio::test]
async fn uploads_are_checked_stored_and_usable_in_a_submission() {
    let sim = simulator(sim_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut raw = raw_config(&sim);
    raw.download_dir = Some(dir.path().to_path_buf());
    let proxy = proxy(raw).await;
    let t = token("cust-individual-001");
    let a = upload(
        &proxy,
        Some(&t),
        &[
            ("file", "front.PNG", PNG),
            ("file", "back.jpeg", JPG),
            ("file", "hold.jpg", JPG),
        ],
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let files = a.json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    let mut paths = Vec::new();
    for (f, ext) in files.iter().zip(["png", "jpeg", "jpg"]) {
        let path = f["path"].as_str().unwrap();
        assert!(
            path.starts_with("cust-individual-001/") && path.ends_with(&format!(".{ext}")),
            "{path}"
        );
        assert_eq!(hwc_kyc::rules::attachments::path_problem(path), None);
        let stored = std::fs::read(dir.path().join(path)).unwrap();
        assert_eq!(stored.len() as u64, f["size"].as_u64().unwrap());
        paths.push(path.to_string());
    }
    assert_eq!(files[0]["file_name"], "front.PNG");
    let mut form = individual_form("cust-individual-001");
    form["verified_file_url"] = json!(paths);
    let a = post_json(&proxy, INDIVIDUAL, Some(&t), &form).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn bad_files_are_refused_with_issues_per_file_and_nothing_stored() {
    let sim = simulator(sim_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut raw = raw_config(&sim);
    raw.download_dir = Some(dir.path().to_path_buf());
    let proxy = proxy(raw).await;
    let t = token("cust-individual-001");
    let a = upload(
        &proxy,
        Some(&t),
        &[
            ("file", "ok.png", PNG),
            ("file", "fake.jpg", b"GIF89a this is a gif"),
            ("file", "tool.exe", b"MZ\x90\x00"),
            ("file", "empty.pdf", b""),
        ],
    )
    .await;
    assert_eq!((a.status, a.code()), (400, Some("CBC.0100")), "{}", a.text);
    let issues: Vec<(String, String)> = a.json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].to_string(),
                i["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for expected in [
        (r#"["files",1,"content"]"#, "content_mismatch"),
        (r#"["files",2,"file_name"]"#, "invalid_extension"),
        (r#"["files",3,"content"]"#, "empty_file"),
    ] {
        assert!(
            issues
                .iter()
                .any(|(p, c)| p == expected.0 && c == expected.1),
            "{expected:?} in {issues:?}"
        );
    }
    // The first file was stored as it arrived, and deleted when the others were refused.
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        match std::fs::read_dir(entry.path()) {
            Ok(files) => stored.extend(files.flatten().map(|f| f.path())),
            Err(_) => stored.push(entry.path()),
        }
    }
    assert!(stored.is_empty(), "nothing stored: {stored:?}");
}

#[tokio::test]
async fn uploads_need_files_at_most_four_a_token_and_multipart() {
    let sim = simulator(sim_config()).await;
    let proxy = proxy(raw_config(&sim)).await;
    let t = token("cust-individual-001");
    let none = upload(&proxy, Some(&t), &[]).await;
    assert_eq!(none.json["issues"][0]["code"], "required");
    let five: Vec<(&str, &str, &[u8])> = (0..5).map(|_| ("file", "a.png", PNG)).collect();
    let many = upload(&proxy, Some(&t), &five).await;
    assert_eq!(many.json["issues"][0]["code"], "too_many_items");
    let anonymous = upload(&proxy, None, &[("file", "a.png", PNG)]).await;
    assert_eq!(
        (anonymous.status, anonymous.code()),
        (401, Some("KYC.0401"))
    );
    let json_body = post_raw(&proxy, "/uploads", Some(&t), "application/json", "{}").await;
    assert_eq!(
        (json_body.status, json_body.code()),
        (415, Some("KYC.0415"))
    );
}

#[tokio::test]
async fn an_upload_over_the_limit_is_413() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.max_upload_bytes = std::num::NonZero::new(4096);
    let proxy = proxy(raw).await;
    let t = token("cust-individual-001");
    let mut big = PNG.to_vec();
    big.resize(8192, 0);
    let a = upload(&proxy, Some(&t), &[("file", "big.png", &big)]).await;
    assert_eq!((a.status, a.code()), (413, Some("KYC.0413")));
}
