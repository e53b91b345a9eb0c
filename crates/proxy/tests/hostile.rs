//! Hostile input over HTTP on 127.0.0.1: oversized bodies, deep nesting, invalid UTF-8, wrong
//! content types, duplicate keys, huge numbers, header injection, path traversal (in
//! `verified_file_url` and in upload file names), slow clients, many connections at once, and a
//! barrage that must leave memory bounded.
//!
//! Every case asserts the exact status and error body, that the proxy still answers afterwards,
//! and that the simulator behind it received nothing, or only requests core accepts at
//! `Stage::Upstream` ([`forwarded_and_valid`]). Each test prints its cases as Markdown table rows
//! (`cargo test -p hwc-kyc-proxy --test hostile -- --nocapture`); RELIABILITY.md records them.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use hwc_kyc::catalog::{
    PROXY_PAYLOAD_TOO_LARGE, PROXY_REQUEST_TIMEOUT, PROXY_UNSUPPORTED_MEDIA_TYPE,
};
use hwc_kyc::json::MAX_DEPTH;
use hwc_kyc::IssueCode;
use hwc_kyc_proxy::{RawConfig, Running};
use hwc_kyc_sim::SimHandle;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// core's code for a refused form (the gateway's "Parameter error.").
const PARAMETER_ERROR: &str = "CBC.0100";
/// Size limit of JSON bodies in these tests: the proxy's default.
const MAX_BODY: usize = 64 * 1024;
/// Client timeouts of the slow-client tests: short, so slow clients are cut off quickly.
const SLOW_CLIENT_TIMEOUT_MS: u64 = 400;
/// Client timeouts of the other tests: long enough that nothing is cut off on a loaded machine.
const CLIENT_TIMEOUT_MS: u64 = 20_000;

/// A proxy for hostile tests: rate limits out of the way (every request comes from 127.0.0.1),
/// uploads into `download_dir`.
fn hostile_config(sim: &SimHandle, download_dir: &Path) -> RawConfig {
    let mut raw = raw_config(sim);
    raw.rate_limit_per_minute = std::num::NonZero::new(1_000_000);
    raw.check_identity_per_minute = std::num::NonZero::new(1_000_000);
    raw.header_read_timeout_ms = std::num::NonZero::new(CLIENT_TIMEOUT_MS);
    raw.body_read_timeout_ms = std::num::NonZero::new(CLIENT_TIMEOUT_MS);
    raw.download_dir = Some(download_dir.to_path_buf());
    raw
}

/// Taken by the tests that allocate tens of MiB, so the memory barrage measures only itself.
static MEMORY_HEAVY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Rig {
    sim: SimHandle,
    proxy: Running,
    dir: tempfile::TempDir,
}

async fn rig() -> Rig {
    rig_with(|_| {}).await
}

/// [`rig`] with changes to the configuration.
async fn rig_with(change: impl FnOnce(&mut RawConfig)) -> Rig {
    let sim = simulator(sim_config()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut raw = hostile_config(&sim, &dir.path().join("download"));
    change(&mut raw);
    let proxy = proxy(raw).await;
    Rig { sim, proxy, dir }
}

/// The proxy still answers after whatever a test sent it.
async fn still_healthy(rig: &Rig) {
    let a = get(&rig.proxy, "/healthz", None).await;
    assert_eq!((a.status, a.text.as_str()), (200, r#"{"status":"ok"}"#));
}

/// Prints the table rows of a group of cases: case, expected status, actual status, requests.
struct Report {
    group: &'static str,
    rows: Vec<String>,
}

impl Report {
    fn new(group: &'static str) -> Self {
        Report {
            group,
            rows: Vec::new(),
        }
    }

    fn row(&mut self, case: &str, expected: &str, actual: &str, requests: usize) {
        self.rows.push(format!(
            "| {} | {case} | {expected} | {actual} | {requests} |",
            self.group
        ));
    }
}

impl Drop for Report {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            println!("{}", self.rows.join("\n"));
        }
    }
}

/// An answer as the report shows it: status and code.
fn shown(a: &Answer) -> String {
    match a.code() {
        Some(code) => format!("{} {code}", a.status),
        None => a.status.to_string(),
    }
}

/// A raw answer as the report shows it: status and code, or that there was none.
fn raw_shown(status: Option<u16>, text: &str) -> String {
    match (status, body_of(text)["error_code"].as_str()) {
        (Some(s), Some(code)) => format!("{s} {code}"),
        (Some(s), None) => format!("{s} (empty body)"),
        (None, _) => "closed, no answer".into(),
    }
}

/// One hostile request to a JSON route and what it must get.
struct Case {
    name: &'static str,
    path: &'static str,
    /// A caller token for this customer.
    customer: Option<&'static str>,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
    /// One issue expected among the answer's (path as JSON text, code).
    issue: Option<(&'static str, IssueCode)>,
}

impl Case {
    fn json(name: &'static str, path: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Case {
            name,
            path,
            customer: None,
            content_type: Some("application/json"),
            body: body.into(),
            status: 400,
            code: PARAMETER_ERROR,
            issue: None,
        }
    }

    fn check(name: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Case::json(name, CHECK_IDENTITY, body)
    }

    fn individual(name: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Case {
            customer: Some("cust-individual-001"),
            ..Case::json(name, INDIVIDUAL, body)
        }
    }

    fn refused(mut self, status: u16, code: &'static str) -> Self {
        self.status = status;
        self.code = code;
        self
    }

    fn issue(mut self, path: &'static str, code: IssueCode) -> Self {
        self.issue = Some((path, code));
        self
    }

    fn content_type(mut self, content_type: Option<&'static str>) -> Self {
        self.content_type = content_type;
        self
    }

    fn invalid_json(self) -> Self {
        self.issue("[]", IssueCode::InvalidJson)
    }
}

/// Sends every case, asserts its answer and that nothing reached the simulator, and reports.
async fn run(rig: &Rig, group: &'static str, cases: Vec<Case>) {
    let mut report = Report::new(group);
    for case in cases {
        let mut call = client().post(format!("{}{}", rig.proxy.url(), case.path));
        if let Some(ct) = case.content_type {
            call = call.header("content-type", ct);
        }
        if let Some(customer) = case.customer {
            call = call.bearer_auth(token(customer));
        }
        let a = read(call.body(case.body).send().await.expect("proxy answers")).await;
        assert_error_shape(&a, case.status, case.code);
        if let Some((path, code)) = case.issue {
            let issues = issues_of(&a);
            assert!(
                issues.iter().any(|(p, c)| p == path && c == code.as_str()),
                "{}: ({path}, {code}) in {issues:?}",
                case.name
            );
            if code == IssueCode::InvalidJson {
                assert_eq!(issues.len(), 1, "{}: {issues:?}", case.name);
            }
        }
        assert_eq!(
            forwarded_and_valid(&rig.sim),
            0,
            "{}: nothing is forwarded",
            case.name
        );
        report.row(
            case.name,
            &format!("{} {}", case.status, case.code),
            &format!("{} {}", a.status, a.code().unwrap_or("-")),
            1,
        );
    }
    still_healthy(rig).await;
}

fn check_body() -> serde_json::Value {
    check_form("name", "ceshiyonghu001")
}

/// A valid check-identity body padded with spaces to exactly `len` bytes.
fn padded_check(len: usize) -> Vec<u8> {
    let mut body = check_body().to_string().into_bytes();
    body.resize(len, b' ');
    body
}

#[tokio::test]
async fn oversized_bodies_are_413_and_never_forwarded() {
    let rig = rig().await;
    run(
        &rig,
        "oversized",
        vec![
            Case::check(
                "JSON body 1 byte over max_body_bytes",
                padded_check(MAX_BODY + 1),
            )
            .refused(413, PROXY_PAYLOAD_TOO_LARGE),
            Case::individual("1 MiB submission", {
                let mut form = individual_form("cust-individual-001");
                form["name"] = json!("n".repeat(1024 * 1024));
                form.to_string()
            })
            .refused(413, PROXY_PAYLOAD_TOO_LARGE),
        ],
    )
    .await;

    // At the limit exactly, the same body is read, validated and forwarded.
    let a = post_raw(
        &rig.proxy,
        CHECK_IDENTITY,
        None,
        "application/json",
        padded_check(MAX_BODY),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(forwarded_and_valid(&rig.sim), 1);

    // A huge announced length is refused before a byte of body is read.
    let mut report = Report::new("oversized");
    let request = format!(
        "POST {CHECK_IDENTITY} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         content-length: 10000000000\r\n\r\n{{"
    );
    let (status, text) =
        raw_exchange(rig.proxy.addr(), request.as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(status, Some(413), "{text}");
    assert_eq!(body_of(&text)["error_code"], PROXY_PAYLOAD_TOO_LARGE);
    report.row(
        "Content-Length of 10 GB, 1 byte sent",
        "413 KYC.0413",
        "413 KYC.0413",
        1,
    );

    // A length that overflows u64 and headers beyond hyper's buffer are refused by the HTTP
    // parser itself, with an empty body.
    let request = format!(
        "POST {CHECK_IDENTITY} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         content-length: 99999999999999999999999\r\n\r\n{{}}"
    );
    let (status, text) =
        raw_exchange(rig.proxy.addr(), request.as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(status, Some(400), "{text}");
    report.row(
        "Content-Length overflowing u64",
        "400 (HTTP parser, empty body)",
        &raw_shown(status, &text),
        1,
    );
    let request = format!(
        "GET /healthz HTTP/1.1\r\nhost: x\r\nx-filler: {}\r\n\r\n",
        "a".repeat(1024 * 1024)
    );
    let (status, text) =
        raw_exchange(rig.proxy.addr(), request.as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(status, Some(431), "{text}");
    report.row(
        "1 MiB header",
        "431 (HTTP parser, empty body)",
        &raw_shown(status, &text),
        1,
    );
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    still_healthy(&rig).await;
}

#[tokio::test]
async fn deep_nesting_is_one_invalid_json_issue_without_overflowing_the_stack() {
    let rig = rig().await;
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let in_field = |depth: usize| {
        format!(
            r#"{{"search_type":"name","search_value":{}}}"#,
            nested(depth)
        )
    };
    run(
        &rig,
        "deep nesting",
        vec![
            Case::check(
                "arrays one level deeper than the parser's limit",
                in_field(MAX_DEPTH),
            )
            .invalid_json(),
            Case::check("60 000 nested arrays (60 KB)", "[".repeat(60_000)).invalid_json(),
            Case::check(
                "10 000 nested objects",
                format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000)),
            )
            .invalid_json(),
            // At the limit the parser accepts it, and validation refuses the type.
            Case::check(
                "arrays at the parser's limit in a field",
                in_field(MAX_DEPTH - 1),
            )
            .issue(r#"["search_value"]"#, IssueCode::InvalidType),
        ],
    )
    .await;
}

#[tokio::test]
async fn invalid_utf8_is_one_invalid_json_issue() {
    let rig = rig().await;
    let with = |bytes: &[u8]| {
        let mut body = br#"{"search_type":"name","search_value":"ab"#.to_vec();
        body.extend_from_slice(bytes);
        body.extend_from_slice(br#"cd"}"#);
        body
    };
    let utf16: Vec<u8> = check_body()
        .to_string()
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(check_body().to_string().as_bytes());
    let mut cut = br#"{"search_type":"name","search_value":"ab"#.to_vec();
    cut.extend_from_slice(b"\xE4\xB8");
    run(
        &rig,
        "invalid UTF-8",
        vec![
            Case::check("0xFF byte in a string", with(b"\xFF")).invalid_json(),
            Case::check("overlong encoding of '/' (C0 AF)", with(b"\xC0\xAF")).invalid_json(),
            Case::check("UTF-8-encoded surrogate (ED A0 80)", with(b"\xED\xA0\x80")).invalid_json(),
            Case::check("lone surrogate escape \\ud800", with(br"\ud800")).invalid_json(),
            Case::check("multi-byte sequence cut by the end of the body", cut).invalid_json(),
            Case::check("UTF-8 byte-order mark before the object", bom).invalid_json(),
            Case::check("UTF-16LE body", utf16).invalid_json(),
        ],
    )
    .await;
}

#[tokio::test]
async fn invalid_utf8_in_headers_is_harmless() {
    let rig = rig().await;
    let mut report = Report::new("invalid UTF-8");
    // A locale that is not text: messages in the default locale.
    let request = format!(
        "POST {CHECK_IDENTITY} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         accept-language: \u{FFFD}"
    );
    let mut request = request.into_bytes();
    request.extend_from_slice(b"\xFF\xFE\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}");
    let (status, text) = raw_exchange(rig.proxy.addr(), &request, Duration::from_secs(5)).await;
    assert_eq!(status, Some(400), "{text}");
    assert_eq!(body_of(&text)["error_msg"], "Parameter error.");
    report.row(
        "Accept-Language with bytes 0xFF 0xFE",
        "400 CBC.0100, English",
        &raw_shown(status, &text),
        1,
    );
    // A token that is not text is no token.
    let mut request = format!(
        "POST {INDIVIDUAL} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer "
    )
    .into_bytes();
    request.extend_from_slice(b"\xFF\xFF\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}");
    let (status, text) = raw_exchange(rig.proxy.addr(), &request, Duration::from_secs(5)).await;
    assert_eq!(status, Some(401), "{text}");
    assert_eq!(
        body_of(&text)["error_code"],
        hwc_kyc::catalog::PROXY_UNAUTHORIZED
    );
    report.row(
        "Authorization with bytes 0xFF",
        "401 KYC.0401",
        &raw_shown(status, &text),
        1,
    );
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    still_healthy(&rig).await;
}

#[tokio::test]
async fn wrong_content_types_are_415_and_never_forwarded() {
    let rig = rig().await;
    let body = || check_body().to_string();
    let refused = |name, ct| {
        Case::check(name, body())
            .content_type(ct)
            .refused(415, PROXY_UNSUPPORTED_MEDIA_TYPE)
    };
    run(
        &rig,
        "content type",
        vec![
            refused("no Content-Type", None),
            refused(
                "application/x-www-form-urlencoded",
                Some("application/x-www-form-urlencoded"),
            ),
            refused(
                "multipart/form-data to a JSON route",
                Some("multipart/form-data; boundary=x"),
            ),
            refused(
                "application/jsonx (prefix of the right type)",
                Some("application/jsonx"),
            ),
            refused("text/json", Some("text/json")),
            refused(
                "application/json-patch+json",
                Some("application/json-patch+json"),
            ),
            refused("empty Content-Type", Some("")),
            Case::individual("text/xml with a valid caller token", {
                individual_form("cust-individual-001").to_string()
            })
            .content_type(Some("text/xml"))
            .refused(415, PROXY_UNSUPPORTED_MEDIA_TYPE),
        ],
    )
    .await;
    // The type's name is case-insensitive and parameters are allowed.
    let a = post_raw(
        &rig.proxy,
        CHECK_IDENTITY,
        None,
        "APPLICATION/JSON; charset=utf-8",
        body(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(forwarded_and_valid(&rig.sim), 1);
}

#[tokio::test]
async fn duplicate_keys_are_refused_wherever_they_are() {
    let rig = rig().await;
    let mut enterprise = enterprise_form("cust-enterprise-001").to_string();
    enterprise = enterprise.replacen(
        r#""legel_name":"wangmoumou""#,
        r#""legel_name":"wangmoumou","legel_name":"someone-else""#,
        1,
    );
    assert!(enterprise.contains("someone-else"));
    run(
        &rig,
        "duplicate keys",
        vec![
            Case::check(
                "search_type twice",
                r#"{"search_type":"name","search_type":"email","search_value":"a@b.example"}"#,
            )
            .invalid_json(),
            Case::check(
                "the same key, once escaped (search\\u005ftype)",
                r#"{"search_type":"name","search\u005ftype":"email","search_value":"ceshiyonghu001"}"#,
            )
            .invalid_json(),
            // The classic parser differential: the proxy binds the first, the upstream reads
            // the last. Refused before the binding is even looked at.
            Case::individual(
                "customer_id twice: the caller's, then another's",
                individual_form("cust-individual-001").to_string().replacen(
                    r#""customer_id":"cust-individual-001""#,
                    r#""customer_id":"cust-individual-001","customer_id":"cust-individual-002""#,
                    1,
                ),
            )
            .invalid_json(),
            Case {
                customer: Some("cust-enterprise-001"),
                ..Case::json("legel_name twice inside enterprise_person", ENTERPRISE, enterprise)
                    .invalid_json()
            },
        ],
    )
    .await;

    // In a query, the first customer_id is the one bound and the only one forwarded.
    let mut report = Report::new("duplicate keys");
    let t = token("cust-verified-001");
    let a = get(
        &rig.proxy,
        &format!("{REVIEW_RESULT}?customer_id=cust-verified-001&customer_id=cust-individual-002"),
        Some(&t),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let received = rig.sim.simulator().received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].query(), "customer_id=cust-verified-001");
    assert_eq!(forwarded_and_valid(&rig.sim), 1);
    report.row(
        "customer_id twice in the review-result query",
        "200, only the first forwarded",
        &shown(&a),
        1,
    );
    let a = get(
        &rig.proxy,
        &format!("{REVIEW_RESULT}?customer_id=cust-individual-002&customer_id=cust-verified-001"),
        Some(&t),
    )
    .await;
    assert_error_shape(&a, 403, hwc_kyc::catalog::PROXY_FORBIDDEN);
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    report.row(
        "customer_id twice, another's first",
        "403 KYC.0403",
        &shown(&a),
        1,
    );
    still_healthy(&rig).await;
}

#[tokio::test]
async fn huge_and_odd_numbers_are_issues_not_crashes() {
    let rig = rig().await;
    let with_type = |number: &str| {
        individual_form("cust-individual-001").to_string().replacen(
            r#""verified_type":0"#,
            &format!(r#""verified_type":{number}"#),
            1,
        )
    };
    let huge = "9".repeat(20_000);
    run(
        &rig,
        "huge numbers",
        vec![
            Case::individual("verified_type 1e400 (infinite as f64)", with_type("1e400"))
                .issue(r#"["verified_type"]"#, IssueCode::InvalidType),
            Case::individual("verified_type -1e400", with_type("-1e400"))
                .issue(r#"["verified_type"]"#, IssueCode::InvalidType),
            Case::individual(
                "verified_type 99999999999999999999999",
                with_type("99999999999999999999999"),
            )
            .issue(r#"["verified_type"]"#, IssueCode::InvalidType),
            Case::individual("verified_type with 20 000 digits", with_type(&huge))
                .issue(r#"["verified_type"]"#, IssueCode::InvalidType),
            Case::individual("verified_type 2.5", with_type("2.5"))
                .issue(r#"["verified_type"]"#, IssueCode::InvalidType),
            Case::check(
                "search_value 1e400",
                r#"{"search_type":"name","search_value":1e400}"#,
            )
            .issue(r#"["search_value"]"#, IssueCode::InvalidType),
            Case::check(
                "number with a leading zero",
                r#"{"search_type":"name","search_value":"ceshiyonghu001","x":01}"#,
            )
            .invalid_json(),
        ],
    )
    .await;

    // 1e-400 is 0 once parsed: a valid verified_type, forwarded as the integer core writes.
    seed_attachments(&rig.dir.path().join("download"));
    let mut report = Report::new("huge numbers");
    let a = post_raw(
        &rig.proxy,
        INDIVIDUAL,
        Some(&token("cust-individual-001")),
        "application/json",
        with_type("1e-400"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let received = rig.sim.simulator().received();
    assert!(String::from_utf8_lossy(&received[0].body).contains(r#""verified_type":0"#));
    assert_eq!(forwarded_and_valid(&rig.sim), 1);
    report.row(
        "verified_type 1e-400 (0 once parsed)",
        "200, forwarded as 0",
        &shown(&a),
        1,
    );
    still_healthy(&rig).await;
}

#[tokio::test]
async fn header_injection_through_field_values_never_reaches_a_header() {
    let rig = rig().await;
    let mut report = Report::new("header injection");
    let injected = "a\r\nX-Injected: 1";

    // An account name with CR LF is not an account name.
    let a = post_json(
        &rig.proxy,
        CHECK_IDENTITY,
        None,
        &check_form("name", injected),
    )
    .await;
    assert_error_shape(&a, 400, PARAMETER_ERROR);
    assert!(issues_of(&a).contains(&(
        r#"["search_value"]"#.into(),
        IssueCode::InvalidAccountName.as_str().into()
    )));
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    report.row("search_value with CR LF", "400 CBC.0100", &shown(&a), 1);

    // A name with CR LF is valid text: it travels escaped inside the JSON body, never as a header.
    seed_attachments(&rig.dir.path().join("download"));
    let t = token("cust-individual-001");
    let mut form = individual_form("cust-individual-001");
    form["name"] = json!(format!("Wang{injected}"));
    let a = post_json(&rig.proxy, INDIVIDUAL, Some(&t), &form).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(a.headers.get("x-injected").is_none());
    let received = rig.sim.simulator().received();
    assert!(String::from_utf8_lossy(&received[0].body).contains(r#"Wanga\r\nX-Injected: 1"#));
    assert_eq!(forwarded_and_valid(&rig.sim), 1);
    report.row(
        "name with CR LF (valid text)",
        "200, escaped in the JSON body only",
        &shown(&a),
        1,
    );

    // A customer_id with CR LF in the query is percent-encoded again by core on the way out.
    let customer = "cust\r\nX-Injected: 1";
    let a = get(
        &rig.proxy,
        &format!("{REVIEW_RESULT}?customer_id=cust%0D%0AX-Injected%3A%201"),
        Some(&token(customer)),
    )
    .await;
    assert_eq!((a.status, a.code()), (403, Some("CBC.0151")), "{}", a.text);
    assert!(a.headers.get("x-injected").is_none());
    let received = rig.sim.simulator().received();
    assert_eq!(
        received[0].query(),
        "customer_id=cust%0D%0AX-Injected%3A%201"
    );
    assert_eq!(forwarded_and_valid(&rig.sim), 1);
    report.row(
        "customer_id with CR LF in the query",
        "403 CBC.0151 relayed, query re-encoded",
        &shown(&a),
        1,
    );

    // Headers a caller adds are never forwarded.
    let a = read(
        client()
            .post(format!("{}{INDIVIDUAL}", rig.proxy.url()))
            .bearer_auth(token("cust-individual-002"))
            .header("content-type", "application/json")
            .header("x-injected", "1")
            .header("x-auth-token", "forged")
            .header("x-sim-fault", "status=503")
            .body(individual_form("cust-individual-002").to_string())
            .send()
            .await
            .expect("answer"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(forwarded_and_valid(&rig.sim), 1);
    report.row(
        "X-Injected, X-Auth-Token, X-Sim-Fault from the caller",
        "200, none forwarded",
        &shown(&a),
        1,
    );

    // A bare CR inside a header is refused by the HTTP parser.
    let request = format!(
        "POST {CHECK_IDENTITY} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\rX-Injected: 1\r\n\
         content-length: 2\r\n\r\n{{}}"
    );
    let (status, text) =
        raw_exchange(rig.proxy.addr(), request.as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(status, Some(400), "{text}");
    assert!(!text.to_ascii_lowercase().contains("x-injected"));
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    report.row(
        "bare CR inside a request header",
        "400 (HTTP parser, empty body)",
        &raw_shown(status, &text),
        1,
    );
    still_healthy(&rig).await;
}

#[tokio::test]
async fn path_traversal_in_verified_file_url_is_refused_with_the_path_issue() {
    let rig = rig().await;
    let with_path = |path: &str| {
        let mut form = individual_form("cust-individual-001");
        form["verified_file_url"][1] = json!(path);
        form.to_string()
    };
    let case = |name: &'static str, path: &str, code: IssueCode| {
        Case::individual(name, with_path(path)).issue(r#"["verified_file_url",1]"#, code)
    };
    run(
        &rig,
        "verified_file_url",
        vec![
            case(
                "../etc/passwd.jpg",
                "../etc/passwd.jpg",
                IssueCode::PathTraversal,
            ),
            case(
                "id/../../etc/passwd.jpg",
                "id/../../etc/passwd.jpg",
                IssueCode::PathTraversal,
            ),
            case("./a.jpg", "./a.jpg", IssueCode::PathTraversal),
            case("..\\x.jpg", "..\\x.jpg", IssueCode::InvalidPathCharacter),
            case(
                "/etc/passwd.jpg",
                "/etc/passwd.jpg",
                IssueCode::AbsolutePath,
            ),
            case("C:\\x.jpg", "C:\\x.jpg", IssueCode::InvalidPathCharacter),
            case("C:/x.jpg", "C:/x.jpg", IssueCode::AbsolutePath),
            case(
                "https://evil.example/x.jpg",
                "https://evil.example/x.jpg",
                IssueCode::AbsolutePath,
            ),
            case(
                "//evil.example/x.jpg",
                "//evil.example/x.jpg",
                IssueCode::AbsolutePath,
            ),
            case(
                "NUL: a\\u0000.jpg",
                "a\u{0}.jpg",
                IssueCode::InvalidPathCharacter,
            ),
            case(
                "C1 control: a/\\u0085b.jpg",
                "a/\u{85}b.jpg",
                IssueCode::InvalidPathCharacter,
            ),
            case("a//b.jpg", "a//b.jpg", IssueCode::EmptyPathSegment),
            case(
                "passwd (no allowed extension)",
                "../../etc/passwd",
                IssueCode::PathTraversal,
            ),
        ],
    )
    .await;
}

const JPG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01";

/// A multipart body with one part per raw `Content-Disposition` file-name parameter.
fn multipart(dispositions: &[&[u8]]) -> (String, Vec<u8>) {
    let boundary = "hwc-kyc-hostile-boundary";
    let mut body = Vec::new();
    for disposition in dispositions {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; ").as_bytes(),
        );
        body.extend_from_slice(disposition);
        body.extend_from_slice(b"\r\nContent-Type: image/jpeg\r\n\r\n");
        body.extend_from_slice(JPG);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Every file under `root`, relative, with `/` separators.
fn files_under(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn is_stored_name(name: &str, customer: &str) -> bool {
    let Some(file) = name.strip_prefix(&format!("download/{customer}/")) else {
        return false;
    };
    let Some((stem, ext)) = file.split_once('.') else {
        return false;
    };
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && ext == "jpg"
}

#[tokio::test]
async fn path_traversal_in_upload_file_names_never_writes_outside_the_download_dir() {
    let rig = rig().await;
    let root = rig.dir.path();
    let escape = root.join("escaped.jpg");
    let absolute = format!("filename=\"{}\"", escape.display());
    let mut report = Report::new("upload file names");
    let customer = "cust-individual-001";
    let t = token(customer);
    // 200: stored under a random name whatever the name says. multer reads only `filename`,
    // not RFC 5987's `filename*`: that part is no file, so there is none (400 at `files`).
    let names: [(&str, &[u8], u16); 7] = [
        ("../../escaped.jpg", b"filename=\"../../escaped.jpg\"", 200),
        (
            "../../../../../../etc/passwd.jpg",
            b"filename=\"../../../../../../etc/passwd.jpg\"",
            200,
        ),
        (
            "..\\..\\escaped.jpg",
            b"filename=\"..\\\\..\\\\escaped.jpg\"",
            200,
        ),
        ("absolute path into the temp dir", absolute.as_bytes(), 200),
        (
            "C:\\Windows\\escaped.jpg",
            b"filename=\"C:\\\\Windows\\\\escaped.jpg\"",
            200,
        ),
        (
            "RFC 5987 filename* with %2F..",
            b"filename*=UTF-8''..%2F..%2Fescaped.jpg",
            400,
        ),
        ("unquoted ../escaped.jpg", b"filename=../escaped.jpg", 200),
    ];
    let existed = Path::new("/etc/passwd.jpg").exists();
    for (name, disposition, status) in names {
        let (ct, body) = multipart(&[disposition]);
        let a = post_raw(&rig.proxy, "/uploads", Some(&t), &ct, body).await;
        if status == 200 {
            assert_eq!(a.status, 200, "{name}: {}", a.text);
            let stored = a.json["files"][0]["path"].as_str().unwrap_or_default();
            assert!(
                is_stored_name(&format!("download/{stored}"), customer),
                "{name}: {}",
                a.text
            );
        } else {
            assert_error_shape(&a, 400, PARAMETER_ERROR);
            assert_eq!(
                issues_of(&a),
                [(
                    r#"["files"]"#.to_string(),
                    IssueCode::Required.as_str().to_string()
                )]
            );
        }
        let expected = if status == 200 {
            "200, stored as <customer>/<random>.jpg"
        } else {
            "400 CBC.0100, no file"
        };
        report.row(name, expected, &shown(&a), 1);
    }
    // A NUL in the part's headers breaks the multipart framing: refused, nothing stored.
    let (ct, body) = multipart(&[b"filename=\"a\x00.jpg\""]);
    let a = post_raw(&rig.proxy, "/uploads", Some(&t), &ct, body).await;
    assert_error_shape(&a, 415, PROXY_UNSUPPORTED_MEDIA_TYPE);
    report.row("NUL in the file name", "415 KYC.0415", &shown(&a), 1);
    // A caller token whose customer is a path is refused before anything is written.
    for sub in ["../../escaped", "/tmp", "..", "a\r\nb"] {
        let (ct, body) = multipart(&[b"filename=\"front.jpg\""]);
        let a = post_raw(&rig.proxy, "/uploads", Some(&token(sub)), &ct, body).await;
        assert_error_shape(&a, 400, PARAMETER_ERROR);
        assert!(issues_of(&a).contains(&(
            r#"["customer_id"]"#.into(),
            IssueCode::InvalidPathCharacter.as_str().into()
        )));
        report.row(
            &format!("caller token for customer {sub:?}"),
            "400 CBC.0100 at customer_id",
            &shown(&a),
            1,
        );
    }

    let files = files_under(root);
    assert!(!files.is_empty(), "the accepted uploads are stored");
    for f in &files {
        assert!(
            is_stored_name(f, customer),
            "written outside the customer's directory: {f}"
        );
    }
    assert!(!escape.exists());
    assert_eq!(Path::new("/etc/passwd.jpg").exists(), existed);
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    still_healthy(&rig).await;
}

/// Opens a connection and sends `head` (without the blank line that ends it), then one more
/// header byte every 50 ms: the proxy must close the connection without an answer.
async fn trickle_headers(proxy: &Running, head: &str) -> (Option<u16>, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(proxy.addr()).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut buf = [0u8; 1024];
    let mut got = Vec::new();
    // Bounded: at most 10 s of trickling.
    for _ in 0..200 {
        if stream.write_all(b"a").await.is_err() {
            break;
        }
        match tokio::time::timeout(Duration::from_millis(50), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    (status_of(&String::from_utf8_lossy(&got)), started.elapsed())
}

#[tokio::test]
async fn slow_clients_are_cut_off_after_the_configured_timeouts() {
    let rig = rig_with(|raw| {
        raw.header_read_timeout_ms = std::num::NonZero::new(SLOW_CLIENT_TIMEOUT_MS);
        raw.body_read_timeout_ms = std::num::NonZero::new(SLOW_CLIENT_TIMEOUT_MS);
    })
    .await;
    let mut report = Report::new("slow clients");
    let bound = Duration::from_secs(8);

    // Headers that never end: disconnected without an answer.
    let (status, took) = trickle_headers(
        &rig.proxy,
        &format!("POST {CHECK_IDENTITY} HTTP/1.1\r\nhost: x\r\nx-slow: "),
    )
    .await;
    assert_eq!(status, None);
    assert!(took < bound, "{took:?}");
    report.row(
        "headers trickled 1 byte / 50 ms, never finished",
        "closed, no answer",
        &raw_shown(status, ""),
        1,
    );

    // A connection that sends nothing at all.
    let (status, text) = raw_exchange(rig.proxy.addr(), b"", bound).await;
    assert_eq!((status, text.as_str()), (None, ""));
    report.row(
        "connection that sends nothing",
        "closed, no answer",
        &raw_shown(status, ""),
        1,
    );

    // A body that stalls: 408 once the body timeout passes.
    let request = format!(
        "POST {CHECK_IDENTITY} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         content-length: 100\r\n\r\n{{\"search_type\""
    );
    let (status, text) = raw_exchange(rig.proxy.addr(), request.as_bytes(), bound).await;
    assert_eq!(status, Some(408), "{text}");
    let body = body_of(&text);
    assert_eq!(body["error_code"], PROXY_REQUEST_TIMEOUT);
    assert!(body["error_msg"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(body["request_id"].as_str().map(str::len), Some(32));
    report.row(
        "JSON body stalls after 14 of 100 bytes",
        "408 KYC.0408",
        &raw_shown(status, &text),
        1,
    );

    // A body trickled one byte every 50 ms: still 408, the time counts from the headers.
    let mut stream = TcpStream::connect(rig.proxy.addr()).await.expect("connect");
    let t = token("cust-individual-001");
    let head = format!(
        "POST {INDIVIDUAL} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {t}\r\n\
         content-type: application/json\r\ncontent-length: 1000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut got = Vec::new();
    let mut buf = [0u8; 2048];
    for _ in 0..160 {
        if stream.write_all(b" ").await.is_err() {
            break;
        }
        match tokio::time::timeout(Duration::from_millis(50), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    let text = String::from_utf8_lossy(&got);
    assert_eq!(status_of(&text), Some(408), "{text}");
    report.row(
        "submission body trickled 1 byte / 50 ms",
        "408 KYC.0408",
        &raw_shown(status_of(&text), &text),
        1,
    );

    // An upload that stalls.
    let (ct, body) = multipart(&[b"filename=\"front.jpg\""]);
    let mut head = format!(
        "POST /uploads HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {t}\r\ncontent-type: {ct}\r\n\
         content-length: {}\r\n\r\n",
        body.len() + 100
    )
    .into_bytes();
    head.extend_from_slice(&body[..body.len() / 2]);
    let (status, text) = raw_exchange(rig.proxy.addr(), &head, bound).await;
    assert_eq!(status, Some(408), "{text}");
    assert_eq!(body_of(&text)["error_code"], PROXY_REQUEST_TIMEOUT);
    report.row(
        "upload stalls half-way",
        "408 KYC.0408",
        &raw_shown(status, &text),
        1,
    );

    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    assert!(files_under(rig.dir.path()).is_empty());
    still_healthy(&rig).await;
}

#[tokio::test]
async fn connections_beyond_max_connections_wait_for_a_free_one() {
    // Idle connections are not cut off during this test (header timeout of 20 s).
    // One worker, one accept queue: connections are taken in order, so the third is the one
    // that waits (with several, which one waits depends on the worker the kernel gave it).
    let rig = rig_with(|raw| {
        raw.max_connections = std::num::NonZero::new(2);
        raw.workers = std::num::NonZero::new(1);
    })
    .await;
    let proxy = &rig.proxy;
    let idle_1 = TcpStream::connect(proxy.addr()).await.expect("connect");
    let idle_2 = TcpStream::connect(proxy.addr()).await.expect("connect");
    let mut third = TcpStream::connect(proxy.addr())
        .await
        .expect("connect (backlog)");
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut buf = [0u8; 1024];
    let early = tokio::time::timeout(Duration::from_millis(300), third.read(&mut buf)).await;
    assert!(early.is_err(), "answered while both connections were taken");
    drop(idle_1);
    let n = tokio::time::timeout(Duration::from_secs(10), third.read(&mut buf))
        .await
        .expect("answered once a connection is free")
        .expect("read");
    assert_eq!(status_of(&String::from_utf8_lossy(&buf[..n])), Some(200));
    drop(idle_2);
    let mut report = Report::new("connections");
    report.row(
        "3rd connection with max_connections = 2",
        "waits, then 200",
        "waited, 200",
        1,
    );
    still_healthy(&rig).await;
}

/// What one of many concurrent callers sends, and the status it must get.
fn mixed_request(i: usize) -> (Vec<u8>, u16) {
    let (content_type, body, status): (&str, Vec<u8>, u16) = match i % 5 {
        0 => (
            "application/json",
            check_body().to_string().into_bytes(),
            200,
        ),
        1 => (
            "application/json",
            b"{\"search_type\":\"name\"".to_vec(),
            400,
        ),
        2 => ("text/plain", b"{}".to_vec(), 415),
        3 => ("application/json", padded_check(MAX_BODY + 1), 413),
        _ => ("application/json", "[".repeat(10_000).into_bytes(), 400),
    };
    let mut request = format!(
        "POST {CHECK_IDENTITY} HTTP/1.1\r\nhost: x\r\ncontent-type: {content_type}\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    (request, status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_connections_are_all_answered() {
    const CONNECTIONS: usize = 200;
    let _heavy = MEMORY_HEAVY.lock().await;
    // Fewer slots than callers: the rest wait in the backlog and are served in turn.
    let rig = rig_with(|raw| raw.max_connections = std::num::NonZero::new(64)).await;
    let addr = rig.proxy.addr();
    // Open every connection first, then send on all of them at once.
    let mut streams = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        streams.push(TcpStream::connect(addr).await.expect("connect"));
    }
    let tasks: Vec<_> = streams
        .into_iter()
        .enumerate()
        .map(|(i, mut stream)| {
            tokio::spawn(async move {
                let (request, expected) = mixed_request(i);
                let _ = stream.write_all(&request).await;
                let mut got = Vec::new();
                let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut got))
                    .await;
                (expected, status_of(&String::from_utf8_lossy(&got)))
            })
        })
        .collect();
    let mut answered = 0;
    for task in tasks {
        let (expected, got) = task.await.expect("task");
        assert_eq!(got, Some(expected));
        answered += 1;
    }
    assert_eq!(answered, CONNECTIONS);
    let valid = CONNECTIONS / 5;
    assert_eq!(
        forwarded_and_valid(&rig.sim),
        valid,
        "only the valid fifth is forwarded"
    );
    still_healthy(&rig).await;
    let mut report = Report::new("connections");
    report.row(
        "200 connections at once (max_connections 64): valid, cut JSON, text/plain, 64 KiB + 1, 10 000 [",
        "200 / 400 / 415 / 413 / 400",
        "all as expected",
        CONNECTIONS,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_bounded_under_a_hostile_barrage() {
    const IN_FLIGHT: usize = 16;
    // HWC_KYC_BARRAGE_REQUESTS sends more, to see that memory does not grow with the count
    // (RELIABILITY.md); the test command sends 500.
    let requests: usize = std::env::var("HWC_KYC_BARRAGE_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let _heavy = MEMORY_HEAVY.lock().await;
    let rig = rig().await;
    let url = format!("{}{CHECK_IDENTITY}", rig.proxy.url());
    let bodies: Vec<(Vec<u8>, u16)> = vec![
        (padded_check(MAX_BODY), 200),
        (padded_check(MAX_BODY + 1), 413),
        ("[".repeat(MAX_BODY - 1).into_bytes(), 400),
        (
            {
                // As many distinct keys as fit, then a repeat: the duplicate-key check at its
                // largest.
                let mut members: Vec<String> = (0..6_000).map(|i| format!("\"k{i}\":0")).collect();
                members.push("\"k0\":0".into());
                format!("{{{}}}", members.join(",")).into_bytes()
            },
            400,
        ),
        (
            {
                let mut b = br#"{"search_type":"name","search_value":""#.to_vec();
                b.resize(MAX_BODY - 2, 0xFF);
                b.extend_from_slice(b"\"}");
                b
            },
            400,
        ),
    ];
    let client = client();
    let mut sent_bytes = 0usize;
    // The first half warms the allocator, the connection pools and the runtime up; the second
    // half must not add to what the first settled at.
    let mut marks = Vec::new();
    let started = Instant::now();
    for (from, to) in [(0, requests / 2), (requests / 2, requests)] {
        marks.push(memory_kib());
        let mut next = from;
        while next < to {
            let batch: Vec<_> = (next..(next + IN_FLIGHT).min(to))
                .map(|i| {
                    let (body, expected) = bodies[i % bodies.len()].clone();
                    sent_bytes += body.len();
                    let call = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(body);
                    async move { (call.send().await.map(|r| r.status().as_u16()), expected) }
                })
                .collect();
            next += batch.len();
            for (status, expected) in futures_join(batch).await {
                assert_eq!(status.expect("answered"), expected);
            }
        }
    }
    marks.push(memory_kib());
    let elapsed = started.elapsed();
    let forwarded = forwarded_and_valid(&rig.sim);
    assert_eq!(forwarded, requests.div_ceil(bodies.len()));
    still_healthy(&rig).await;
    if let [Some((start, _)), Some((warm, _)), Some((end, peak))] = marks[..] {
        let second_half =
            i64::try_from(end).unwrap_or(i64::MAX) - i64::try_from(warm).unwrap_or(i64::MAX);
        println!(
            "memory: {requests} requests ({} MiB of bodies, {IN_FLIGHT} in flight) in {:.1} s; \
             VmRSS {start} KiB at the start, {warm} KiB after the first half, {end} KiB at the \
             end (second half {second_half:+} KiB), VmHWM {peak} KiB",
            sent_bytes / (1024 * 1024),
            elapsed.as_secs_f64(),
        );
        // Keeping half of each body would add 8 MiB over the 250 requests of the second half;
        // measured, it moves by a few hundred KiB either way.
        let bound = 8 * 1024;
        assert!(
            end <= warm + bound,
            "RSS grew by {second_half} KiB in the second half"
        );
    }
    let mut report = Report::new("memory");
    report.row(
        "barrage: 64 KiB valid, 64 KiB + 1, 64 KiB of [, 6 000 keys and a repeat, 64 KiB of 0xFF",
        "200 / 413 / 400 / 400 / 400; RSS of the second half <= first half + 8 MiB",
        "as expected",
        requests,
    );
}

/// Awaits every future of a batch (they run concurrently on the runtime).
async fn futures_join<F, T>(futures: Vec<F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_before_reading_a_large_body_still_reaches_the_caller() {
    let _heavy = MEMORY_HEAVY.lock().await;
    let rig = rig().await;
    let mut report = Report::new("early refusals");
    let big = vec![b' '; 8 * 1024 * 1024];
    for (name, path, token, content_type, status, code) in [
        (
            "8 MiB upload with no caller token",
            "/uploads",
            None,
            "multipart/form-data; boundary=x",
            401,
            hwc_kyc::catalog::PROXY_UNAUTHORIZED,
        ),
        (
            "8 MiB JSON body to check-identity",
            CHECK_IDENTITY,
            None,
            "application/json",
            413,
            PROXY_PAYLOAD_TOO_LARGE,
        ),
        (
            "8 MiB body as text/plain",
            CHECK_IDENTITY,
            None,
            "text/plain",
            415,
            PROXY_UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "8 MiB body to an unknown route",
            "/nowhere",
            None,
            "application/json",
            404,
            hwc_kyc::catalog::PROXY_NOT_FOUND,
        ),
    ] {
        let mut call = client()
            .post(format!("{}{path}", rig.proxy.url()))
            .header("content-type", content_type);
        if let Some(t) = token {
            call = call.bearer_auth::<&str>(t);
        }
        let a = read(
            call.body(big.clone())
                .send()
                .await
                .unwrap_or_else(|e| panic!("{name}: {e:?}")),
        )
        .await;
        assert_error_shape(&a, status, code);
        report.row(
            name,
            &format!("{status} {code}"),
            &format!("{} {}", a.status, a.code().unwrap_or("-")),
            1,
        );
    }
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    still_healthy(&rig).await;
}

#[tokio::test]
async fn thousands_of_unknown_fields_are_all_reported_in_one_answer() {
    let rig = rig().await;
    // The valid form, then as many unknown fields as fit in the body limit.
    let mut body = check_body().to_string();
    body.pop();
    let mut fields = 0;
    loop {
        let member = format!(",\"f{fields}\":0");
        if body.len() + member.len() + 1 > MAX_BODY {
            break;
        }
        body.push_str(&member);
        fields += 1;
    }
    body.push('}');
    let started = Instant::now();
    let a = post_raw(
        &rig.proxy,
        CHECK_IDENTITY,
        None,
        "application/json",
        body.clone(),
    )
    .await;
    assert_error_shape(&a, 400, PARAMETER_ERROR);
    let issues = issues_of(&a);
    assert_eq!(issues.len(), fields);
    assert!(issues
        .iter()
        .all(|(_, c)| c == IssueCode::UnknownField.as_str()));
    assert_eq!(forwarded_and_valid(&rig.sim), 0);
    println!(
        "unknown fields: a {} byte body with {fields} unknown fields is answered with {} bytes \
         in {:?}",
        body.len(),
        a.text.len(),
        started.elapsed()
    );
    let mut report = Report::new("amplification");
    report.row(
        &format!("{fields} unknown fields in a 64 KiB body"),
        "400 CBC.0100, one issue per field",
        &format!(
            "{} {}, {} issues, {} KiB answer",
            a.status,
            a.code().unwrap_or("-"),
            issues.len(),
            a.text.len() / 1024
        ),
        1,
    );
    still_healthy(&rig).await;
}

// Safe by default: a configuration that would expose the partner is refused at start, and what
// the proxy prints hides what it must.

/// A remote configuration with every production key set to a value that must never show.
fn production_raw() -> RawConfig {
    RawConfig {
        upstream: Some("https://bss-intl.myhuaweicloud.com".into()),
        access_key: Some("HOSTILE-AK-MUST-NOT-SHOW".into()),
        secret_key: Some(hwc_kyc_proxy::Secret::new("hostile-sk-must-not-show")),
        domain_id: Some("hostile-domain-id-must-not-show".into()),
        xaccount_type: Some("HOSTILE_PLATFORM_ID".into()),
        caller_token_secret: Some(hwc_kyc_proxy::Secret::new(CALLER_SECRET)),
        obs_bucket: Some("kyc-files".into()),
        obs_region: Some("ap-southeast-1".into()),
        obs_access_key: Some("HOSTILE-OBS-AK-MUST-NOT-SHOW".into()),
        obs_secret_key: Some(hwc_kyc_proxy::Secret::new("hostile-obs-sk-must-not-show")),
        ..RawConfig::default()
    }
}

#[test]
fn a_production_key_without_an_upstream_stops_the_start_naming_both() {
    let full = production_raw();
    type Set = fn(&mut RawConfig, &RawConfig);
    let keys: [(&str, Set); 8] = [
        ("access_key", |r, f| r.access_key = f.access_key.clone()),
        ("secret_key", |r, f| r.secret_key = f.secret_key.clone()),
        ("domain_id", |r, f| r.domain_id = f.domain_id.clone()),
        ("auth_token", |r, f| r.auth_token = f.secret_key.clone()),
        ("caller_token_secret", |r, f| {
            r.caller_token_secret = f.caller_token_secret.clone()
        }),
        ("obs_bucket", |r, f| r.obs_bucket = f.obs_bucket.clone()),
        ("obs_access_key", |r, f| {
            r.obs_access_key = f.obs_access_key.clone()
        }),
        ("obs_secret_key", |r, f| {
            r.obs_secret_key = f.obs_secret_key.clone()
        }),
    ];
    let mut report = Report::new("production keys without an upstream");
    for (key, set) in keys {
        // Without the fix this started the simulator in demo mode, handing out caller tokens
        // (signed with the configured secret, when it was the one set).
        let mut raw = RawConfig::default();
        set(&mut raw, &full);
        let err = hwc_kyc_proxy::Config::resolve(raw)
            .map(|c| format!("started, demo mode: {}", c.demo.is_some()))
            .unwrap_or_else(|e| e.to_string());
        assert!(
            err.contains(key) && err.contains("upstream is missing"),
            "{key}: {err}"
        );
        assert!(!err.contains("must-not-show"), "{err}");
        report.row(key, "refused, naming it and upstream", &err, 1);
    }
}

#[test]
fn demo_mode_listens_on_loopback_and_its_tokens_are_short_lived() {
    let everywhere = RawConfig {
        listen: Some(([0, 0, 0, 0], 0).into()),
        ..RawConfig::default()
    };
    let err = hwc_kyc_proxy::Config::resolve(everywhere.clone())
        .map(|_| "started".to_string())
        .unwrap_or_else(|e| e.to_string());
    assert!(
        err.starts_with("listen:") && err.contains("demo_allow_remote"),
        "{err}"
    );
    let allowed = RawConfig {
        demo_allow_remote: Some(true),
        ..everywhere
    };
    assert!(hwc_kyc_proxy::Config::resolve(allowed).is_ok());
    let long = RawConfig {
        demo_token_ttl_secs: std::num::NonZero::new(30 * 24 * 3600),
        ..RawConfig::default()
    };
    let err = hwc_kyc_proxy::Config::resolve(long)
        .map(|_| "started".to_string())
        .unwrap_or_else(|e| e.to_string());
    assert!(err.starts_with("demo_token_ttl_secs:"), "{err}");
    let demo = hwc_kyc_proxy::Config::resolve(RawConfig::default())
        .expect("the default demo")
        .demo
        .expect("demo mode");
    assert!(demo.token_ttl <= Duration::from_secs(hwc_kyc_proxy::MAX_DEMO_TOKEN_TTL_SECS));
}

#[test]
fn a_plain_http_upstream_or_store_needs_allow_insecure_http() {
    let mut raw = production_raw();
    raw.upstream = Some("http://bss-intl.myhuaweicloud.com".into());
    let err = hwc_kyc_proxy::Config::resolve(raw.clone())
        .map(|_| "started".to_string())
        .unwrap_or_else(|e| e.to_string());
    assert!(
        err.starts_with("upstream:") && err.contains("allow_insecure_http"),
        "{err}"
    );
    let mut store = production_raw();
    store.obs_endpoint = Some("http://obs.ap-southeast-1.myhuaweicloud.com".into());
    let err = hwc_kyc_proxy::Config::resolve(store)
        .map(|_| "started".to_string())
        .unwrap_or_else(|e| e.to_string());
    assert!(
        err.starts_with("obs_endpoint:") && err.contains("allow_insecure_http"),
        "{err}"
    );
    raw.allow_insecure_http = Some(true);
    assert!(hwc_kyc_proxy::Config::resolve(raw).is_ok());
}

#[test]
fn debug_prints_no_key_domain_id_or_platform_id() {
    let config = hwc_kyc_proxy::Config::resolve(production_raw()).expect("complete");
    let shown = format!("{config:?}");
    for hidden in [
        "HOSTILE-AK-MUST-NOT-SHOW",
        "hostile-sk-must-not-show",
        "hostile-domain-id-must-not-show",
        "HOSTILE_PLATFORM_ID",
        "HOSTILE-OBS-AK-MUST-NOT-SHOW",
        "hostile-obs-sk-must-not-show",
        CALLER_SECRET,
    ] {
        assert!(!shown.contains(hidden), "{hidden} in {shown}");
    }
    assert!(
        shown.contains("***") && shown.contains("kyc-files"),
        "{shown}"
    );
}

#[test]
fn mobile_numbers_keep_only_their_country_code_in_logs() {
    let body =
        hwc_kyc::json::parse(br#"{"search_type":"mobile","search_value":"0086-13812345678"}"#)
            .expect("json");
    let line = hwc_kyc_proxy::mask::masked_request(hwc_kyc::Operation::CheckIdentity, &body);
    assert!(
        line.contains(r#""search_value":"0086-***********""#),
        "{line}"
    );
    for digits in ["138", "5678", "12345"] {
        assert!(!line.contains(digits), "{digits} in {line}");
    }
}

/// The status of a check-identity call sent with `X-Forwarded-For: <chain>`.
async fn check_identity_forwarded_for(rig: &Rig, chain: &str) -> u16 {
    client()
        .post(format!("{}{CHECK_IDENTITY}", rig.proxy.url()))
        .header("content-type", "application/json")
        .header("x-forwarded-for", chain)
        .body(check_form("name", "ceshiyonghu001").to_string())
        .send()
        .await
        .expect("answer")
        .status()
        .as_u16()
}

#[tokio::test]
async fn ipv6_clients_are_limited_by_their_64_network_not_each_address() {
    // One subscriber's /64 holds 2^64 addresses: rotating through them must not reset the limit.
    let rig = rig_with(|raw| {
        raw.check_identity_per_minute = std::num::NonZero::new(2);
        raw.trust_forwarded_for = Some(true);
    })
    .await;
    let from = |address: &'static str| check_identity_forwarded_for(&rig, address);
    let mut report = Report::new("IPv6 rate-limit keys");
    assert_eq!(from("2001:db8:1:2::1").await, 200);
    assert_eq!(from("2001:db8:1:2::2").await, 200);
    let third = from("2001:db8:1:2:ffff:ffff:ffff:fffe").await;
    assert_eq!(
        third, 429,
        "a third address of the same /64 shares its budget"
    );
    report.row(
        "3rd address of one /64, limit 2",
        "429",
        &third.to_string(),
        3,
    );
    let other = from("2001:db8:1:3::1").await;
    assert_eq!(other, 200, "the next /64 is another client");
    report.row("an address of the next /64", "200", &other.to_string(), 1);
    let v4 = from("192.0.2.1").await;
    assert_eq!(v4, 200, "IPv4 addresses stay /32");
}

/// An HS256 token over `claims` as written, signed with the tests' caller secret.
fn signed(claims: serde_json::Value) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use hmac::Mac as _;
    let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let c = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(CALLER_SECRET.as_bytes()).expect("any key");
    mac.update(format!("{h}.{c}").as_bytes());
    let s = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{h}.{c}.{s}")
}

#[tokio::test]
async fn caller_tokens_of_another_issuer_audience_or_too_long_a_life_are_refused() {
    let rig = rig_with(|raw| {
        raw.caller_token_issuer = Some("https://portal.example.com".into());
        raw.caller_token_audience = Some("hwc-kyc-proxy".into());
        raw.caller_token_max_lifetime_secs = std::num::NonZero::new(900);
    })
    .await;
    let customer = "cust-verified-001";
    let query = format!("{REVIEW_RESULT}?customer_id={customer}");
    let now = now();
    let claims = |iss: &str, aud: serde_json::Value, life: i64| json!({ "sub": customer, "iss": iss, "aud": aud, "iat": now, "exp": now + life });
    let portal = "https://portal.example.com";
    let mut report = Report::new("caller token claims");
    for (case, token, status) in [
        (
            "iss, aud and a 10-minute life",
            claims(portal, json!("hwc-kyc-proxy"), 600),
            200,
        ),
        (
            "aud as a list naming the proxy",
            claims(portal, json!(["x", "hwc-kyc-proxy"]), 600),
            200,
        ),
        (
            "another issuer",
            claims("https://evil.example", json!("hwc-kyc-proxy"), 600),
            401,
        ),
        (
            "another audience",
            claims(portal, json!("another-service"), 600),
            401,
        ),
        (
            "no audience",
            json!({ "sub": customer, "iss": portal, "iat": now, "exp": now + 600 }),
            401,
        ),
        (
            "a 30-day life",
            claims(portal, json!("hwc-kyc-proxy"), 30 * 86_400),
            401,
        ),
        (
            "a 30-day life without iat",
            json!({ "sub": customer, "iss": portal, "aud": "hwc-kyc-proxy", "exp": now + 30 * 86_400 }),
            401,
        ),
    ] {
        let a = get(&rig.proxy, &query, Some(&signed(token))).await;
        assert_eq!(a.status, status, "{case}: {}", a.text);
        if status == 401 {
            assert_eq!(a.code(), Some("KYC.0401"), "{case}");
        }
        report.row(case, &status.to_string(), &shown(&a), 1);
    }
}

#[tokio::test]
async fn forwarded_for_is_believed_only_from_trusted_proxies_right_to_left() {
    // Every test request comes from 127.0.0.1; the limit of 2 a minute shows who the client is.
    let limited = |trusted: Option<Vec<&'static str>>| {
        rig_with(move |raw| {
            raw.check_identity_per_minute = std::num::NonZero::new(2);
            raw.trusted_proxies = trusted.map(|t| t.iter().map(|n| n.parse().unwrap()).collect());
        })
    };
    let from = check_identity_forwarded_for;
    let mut report = Report::new("X-Forwarded-For and trusted proxies");

    // Behind a trusted load balancer (127.0.0.1) and an internal hop (10.0.0.0/8): the client is
    // the right-most address that is not a trusted proxy.
    let rig = limited(Some(vec!["127.0.0.1/32", "10.0.0.0/8"])).await;
    assert_eq!(from(&rig, "203.0.113.5, 10.0.0.2").await, 200);
    assert_eq!(from(&rig, "203.0.113.5, 10.0.0.2").await, 200);
    // Spoofed entries left of the real client change nothing: still 203.0.113.5, over its limit.
    let spoofed = from(&rig, "198.51.100.1, 203.0.113.5, 10.0.0.2").await;
    assert_eq!(
        spoofed, 429,
        "a spoofed left-most entry is not a new client"
    );
    report.row(
        "3rd request, spoofed entry left of the client",
        "429",
        &spoofed.to_string(),
        3,
    );
    // Another client behind the same internal hop is another client (not the hop's address).
    let other = from(&rig, "203.0.113.6, 10.0.0.2").await;
    assert_eq!(other, 200, "the client, not the last (trusted) hop");
    report.row(
        "another client behind the same trusted hop",
        "200",
        &other.to_string(),
        1,
    );
    drop(rig);

    // A peer that is not a trusted proxy is the client, whatever X-Forwarded-For it writes.
    let rig = limited(Some(vec!["10.0.0.0/8"])).await;
    assert_eq!(from(&rig, "203.0.113.7").await, 200);
    assert_eq!(from(&rig, "203.0.113.8").await, 200);
    let untrusted = from(&rig, "203.0.113.9").await;
    assert_eq!(untrusted, 429, "an untrusted peer cannot pick its address");
    report.row(
        "untrusted peer rotating X-Forwarded-For",
        "429",
        &untrusted.to_string(),
        3,
    );
}

#[tokio::test]
async fn one_client_address_holds_at_most_max_connections_per_client() {
    // Idle connections are not cut off during this test (header timeout of 20 s).
    // Four workers take connections from one socket: the cap holds across all of them.
    let rig = rig_with(|raw| {
        raw.max_connections_per_client = std::num::NonZero::new(2);
        raw.workers = std::num::NonZero::new(4);
    })
    .await;
    let proxy = &rig.proxy;
    // Two connections answered once and kept alive: both are surely accepted and counted
    // (with several workers, connections are not accepted in the order they were opened).
    let kept = || async {
        let mut stream = TcpStream::connect(proxy.addr()).await.expect("connect");
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .expect("write");
        let mut buf = [0u8; 2048];
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("answered within 10 s")
            .expect("read");
        assert_eq!(status_of(&String::from_utf8_lossy(&buf[..n])), Some(200));
        stream
    };
    let idle_1 = kept().await;
    let _idle_2 = kept().await;
    let ask = |mut stream: TcpStream| async move {
        // The connection may already be closed: a write or read error is "no answer".
        let _ = stream
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .await;
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
            .await
            .expect("the connection ends within 10 s");
        match read {
            Ok(_) => status_of(&String::from_utf8_lossy(&answer)),
            Err(_) => None,
        }
    };
    let third = TcpStream::connect(proxy.addr()).await.expect("connect");
    let refused = ask(third).await;
    assert_eq!(
        refused, None,
        "a 3rd connection from one address is closed unanswered"
    );
    // Whichever workers the kernel hands them to.
    for n in 4..=12 {
        let more = TcpStream::connect(proxy.addr()).await.expect("connect");
        assert_eq!(ask(more).await, None, "connection {n} from one address");
    }
    drop(idle_1);
    // The count follows the closed connection (the server notices it shortly).
    let mut answered = None;
    for _ in 0..50 {
        answered = ask(TcpStream::connect(proxy.addr()).await.expect("connect")).await;
        if answered.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(answered, Some(200), "a freed slot serves the address again");
    let mut report = Report::new("connections per client");
    report.row(
        "3rd connection from one address, max_connections_per_client = 2",
        "closed",
        &format!("{refused:?}"),
        1,
    );

    // A trusted reverse proxy carries many clients: it is not held to the per-client cap.
    let behind = rig_with(|raw| {
        raw.max_connections_per_client = std::num::NonZero::new(2);
        raw.trusted_proxies = Some(vec!["127.0.0.1/32".parse().unwrap()]);
    })
    .await;
    let _a = TcpStream::connect(behind.proxy.addr())
        .await
        .expect("connect");
    let _b = TcpStream::connect(behind.proxy.addr())
        .await
        .expect("connect");
    let third = TcpStream::connect(behind.proxy.addr())
        .await
        .expect("connect");
    assert_eq!(ask(third).await, Some(200), "a trusted proxy is exempt");
    report.row("3rd connection from a trusted proxy", "200", "200", 1);
}

#[tokio::test]
async fn a_refusal_before_the_body_closes_the_connection_instead_of_waiting_for_the_body() {
    // body_read_timeout is 20 s here: a refused caller that never sends its body must not hold
    // its connection (and its slot) that long.
    let rig = rig_with(|raw| raw.max_connections = std::num::NonZero::new(1)).await;
    let proxy = &rig.proxy;
    let mut refused = TcpStream::connect(proxy.addr()).await.expect("connect");
    refused
        .write_all(
            b"POST /uploads HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=x\r\n\
              content-length: 1000000\r\n\r\n--x\r\n",
        )
        .await
        .expect("write");
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(8), refused.read_to_end(&mut answer)).await;
    let took = started.elapsed();
    let text = String::from_utf8_lossy(&answer).to_string();
    assert!(
        read.is_ok(),
        "the connection was still open after {took:?}: {text}"
    );
    assert_eq!(status_of(&text), Some(401), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("connection: close"),
        "{text}"
    );
    // The one connection slot is free again: another caller is served.
    let mut next = TcpStream::connect(proxy.addr()).await.expect("connect");
    next.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), next.read_to_end(&mut buf))
        .await
        .expect("served once the refused connection closed")
        .expect("read");
    assert_eq!(status_of(&String::from_utf8_lossy(&buf)), Some(200));
    let mut report = Report::new("early refusals");
    report.row(
        "401 before a 1 MB body that never comes",
        "answer, then closed within the 2 s grace",
        &format!(
            "{} after {} ms",
            status_of(&text).unwrap_or(0),
            took.as_millis()
        ),
        1,
    );
    drop(refused);
}
