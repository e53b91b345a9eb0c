//! Shared set-up of the proxy's HTTP tests: a simulator on 127.0.0.1:0 as the upstream, a proxy
//! in front of it, caller tokens, and a client.
#![allow(dead_code)]

pub mod s3;

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hwc_kyc::{json, validate, Operation, Options, Stage};
use hwc_kyc_proxy::caller_token;
use hwc_kyc_proxy::{Config, RawConfig, Running, Secret};
use hwc_kyc_sim::{
    ReviewTiming, SimConfig, SimHandle, Simulator, TEST_ACCESS_KEY, TEST_DOMAIN_ID,
    TEST_SECRET_KEY, TEST_XACCOUNT_TYPE,
};
use serde_json::{json, Value};

/// The caller-token secret of the tests.
pub const CALLER_SECRET: &str = "proxy-tests-caller-token-secret-0123456789";

pub const CHECK_IDENTITY: &str = "/v2/partners/sub-customers/users/check-identity";
pub const INDIVIDUAL: &str = "/v2/customers/realname-auths/individual";
pub const ENTERPRISE: &str = "/v2/customers/realname-auths/enterprise";
pub const REVIEW_RESULT: &str = "/v2/customers/realname-auths/result";

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A simulator whose reviews settle on the second query and that keeps the requests it receives
/// (see [`forwarded_and_valid`]).
pub async fn simulator(config: SimConfig) -> SimHandle {
    Simulator::new(config)
        .spawn("127.0.0.1:0".parse().unwrap())
        .await
        .expect("simulator binds 127.0.0.1:0")
}

pub fn sim_config() -> SimConfig {
    SimConfig {
        review: ReviewTiming::AfterQueries(2),
        record_requests: 4096,
        ..SimConfig::default()
    }
}

/// A proxy configuration pointing at `sim`, signing with the seeded partner's AK/SK.
pub fn raw_config(sim: &SimHandle) -> RawConfig {
    let download_dir = std::env::temp_dir().join("hwc-kyc-proxy-tests");
    seed_attachments(&download_dir);
    RawConfig {
        listen: Some(([127, 0, 0, 1], 0).into()),
        upstream: Some(sim.url()),
        access_key: Some(TEST_ACCESS_KEY.into()),
        secret_key: Some(Secret::new(TEST_SECRET_KEY)),
        domain_id: Some(TEST_DOMAIN_ID.into()),
        xaccount_type: Some(TEST_XACCOUNT_TYPE.into()),
        caller_token_secret: Some(Secret::new(CALLER_SECRET)),
        upstream_timeout_ms: std::num::NonZero::new(5_000),
        download_dir: Some(download_dir),
        // The simulator speaks plain HTTP on 127.0.0.1.
        allow_insecure_http: Some(true),
        ..RawConfig::default()
    }
}

/// The customers whose forms the tests submit ([`individual_form`], [`enterprise_form`]).
pub const FORM_CUSTOMERS: [&str; 5] = [
    "cust-individual-001",
    "cust-individual-002",
    "cust-enterprise-001",
    "cust-arrears-001",
    "nobody-here",
];

/// The attachment files of [`individual_form`] and [`enterprise_form`].
pub const FORM_FILES: [&str; 5] = [
    "front.jpg",
    "back.jpg",
    "hold.jpg",
    "id-front.jpg",
    "license.jpg",
];

/// Puts the forms' attachments of every customer in [`FORM_CUSTOMERS`] into a local download
/// directory, as uploads would have (the proxy checks they exist before forwarding). The shared
/// directory of [`raw_config`] has them; a test with its own directory seeds it when it submits
/// forms.
pub fn seed_attachments(dir: &std::path::Path) {
    for customer in FORM_CUSTOMERS {
        std::fs::create_dir_all(dir.join(customer)).expect("customer directory");
        for file in FORM_FILES {
            std::fs::write(dir.join(customer).join(file), b"\xFF\xD8\xFF\xE0 jpeg")
                .expect("attachment");
        }
    }
}

pub async fn proxy(raw: RawConfig) -> Running {
    let config = Config::resolve(raw).expect("test configuration is valid");
    hwc_kyc_proxy::start(config).await.expect("proxy starts")
}

/// A simulator and a proxy in front of it.
pub async fn pair() -> (SimHandle, Running) {
    let sim = simulator(sim_config()).await;
    let proxy = proxy(raw_config(&sim)).await;
    (sim, proxy)
}

pub fn token(customer_id: &str) -> String {
    caller_token::issue(CALLER_SECRET.as_bytes(), customer_id, 600, now())
}

/// An HTTP client for the test's thread. Building one loads the platform's certificates, which
/// takes about 100 ms in a debug build, so each thread (each test, and each worker of a
/// multi-threaded test runtime, which lives as long as its runtime) builds one and shares it.
pub fn client() -> reqwest::Client {
    thread_local! {
        static CLIENT: reqwest::Client = {
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .expect("client")
        };
    }
    CLIENT.with(reqwest::Client::clone)
}

/// What came back: status, headers and body (JSON when it parses).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Answer {
    pub fn code(&self) -> Option<&str> {
        self.json["error_code"].as_str()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn read(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        text,
        json,
    }
}

pub async fn post_json(proxy: &Running, path: &str, token: Option<&str>, body: &Value) -> Answer {
    post_raw(proxy, path, token, "application/json", body.to_string()).await
}

pub async fn post_raw(
    proxy: &Running,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> Answer {
    let mut call = client()
        .post(format!("{}{path}", proxy.url()))
        .header("content-type", content_type);
    if let Some(t) = token {
        call = call.bearer_auth(t);
    }
    read(call.body(body).send().await.expect("proxy answers")).await
}

pub async fn get(proxy: &Running, path_and_query: &str, token: Option<&str>) -> Answer {
    let mut call = client().get(format!("{}{path_and_query}", proxy.url()));
    if let Some(t) = token {
        call = call.bearer_auth(t);
    }
    read(call.send().await.expect("proxy answers")).await
}

/// A valid individual form as a browser sends it (no xaccount_type, no identify_type).
pub fn individual_form(customer: &str) -> Value {
    json!({
        "customer_id": customer,
        "verified_file_url": [
            format!("{customer}/front.jpg"),
            format!("{customer}/back.jpg"),
            format!("{customer}/hold.jpg"),
        ],
        "name": "Wang Xiaoming",
        "verified_number": "371812199001018888",
        "verified_type": 0
    })
}

/// A valid enterprise form with a legal person.
pub fn enterprise_form(customer: &str) -> Value {
    json!({
        "customer_id": customer,
        "verified_file_url": [
            format!("{customer}/front.jpg"),
            format!("{customer}/back.jpg"),
            format!("{customer}/id-front.jpg"),
        ],
        "corp_name": "Example Ltd",
        "verified_number": "91110000600037",
        "certificate_type": "0",
        "reg_country": "CN",
        "enterprise_person": {
            "legel_name": "wangmoumou",
            "legel_id_number": "371812199001018888",
            "certifier_role": "legalPerson"
        }
    })
}

pub fn check_form(kind: &str, value: &str) -> Value {
    json!({ "search_type": kind, "search_value": value })
}

/// Headers a caller may try to smuggle to the upstream; none may ever reach it.
pub const SMUGGLED_HEADERS: [&str; 3] = ["x-injected", "x-sim-fault", "x-auth-token"];

/// Takes what the simulator received since the last call and checks each request is one core
/// accepts at `Stage::Upstream` (body, or query for the review result), on a documented
/// operation, with no header carrying CR or LF and no header a caller tried to smuggle (the proxy
/// authenticates with AK/SK in these tests, so `X-Auth-Token` would be smuggled too). Returns how
/// many there were.
pub fn forwarded_and_valid(sim: &SimHandle) -> usize {
    let received = sim.simulator().take_received();
    for r in &received {
        let op = r.operation().unwrap_or_else(|| {
            panic!(
                "forwarded to no operation: {} {}",
                r.method, r.path_and_query
            )
        });
        let input = if op == Operation::ReviewResult {
            let pairs: Vec<(String, String)> = form_urlencoded_pairs(r.query());
            json::Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, json::Value::String(v)))
                    .collect(),
            )
        } else {
            json::parse(&r.body).unwrap_or_else(|e| {
                panic!(
                    "forwarded a body core cannot parse ({e}): {:?}",
                    String::from_utf8_lossy(&r.body)
                )
            })
        };
        if let Err(issues) = validate(op, &input, &Options::default().stage(Stage::Upstream)) {
            panic!("forwarded a request core refuses upstream: {issues:?}");
        }
        for (name, value) in &r.headers {
            assert!(
                !value.iter().any(|b| *b == b'\r' || *b == b'\n'),
                "header {name} carries CR/LF"
            );
            assert!(
                !SMUGGLED_HEADERS.contains(&name.as_str()),
                "smuggled header {name} reached the upstream"
            );
        }
    }
    received.len()
}

/// Decodes `a=b&c=d%20e` (no `+` for space: core's encoder never writes one).
fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match (
                bytes[i],
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (b'%', Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                (b, _, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The proxy's error-body shape: `error_code` as expected, a non-empty `error_msg`, and the
/// `request_id` that `X-Request-Id` carries; for `CBC.0100`, a non-empty `issues` list of
/// `{path, code, params, message}`.
pub fn assert_error_shape(a: &Answer, status: u16, code: &str) {
    assert_eq!((a.status, a.code()), (status, Some(code)), "{}", a.text);
    assert!(
        a.json["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
        "error_msg: {}",
        a.text
    );
    let id = a.json["request_id"].as_str().expect("request_id");
    assert_eq!(Some(id), a.header("x-request-id"));
    assert_eq!(id.len(), 32);
    if code == "CBC.0100" {
        let issues = a.json["issues"].as_array().expect("issues");
        assert!(!issues.is_empty());
        for i in issues {
            assert!(i["path"].is_array() && i["code"].is_string() && i["message"].is_string());
            assert!(i["params"].is_object(), "{i}");
        }
    } else {
        assert!(a.json.get("issues").is_none(), "{}", a.text);
    }
}

/// The `(path, code)` of every issue of a `CBC.0100` answer, the path as JSON text.
pub fn issues_of(a: &Answer) -> Vec<(String, String)> {
    a.json["issues"]
        .as_array()
        .map(|issues| {
            issues
                .iter()
                .map(|i| {
                    (
                        i["path"].to_string(),
                        i["code"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Writes `request` on a new connection to `addr` and reads until the proxy closes it (at most
/// `within`): the status code of the answer (`None`: closed without one) and the whole text.
pub async fn raw_exchange(
    addr: SocketAddr,
    request: &[u8],
    within: Duration,
) -> (Option<u16>, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let _ = stream.write_all(request).await;
    let mut got = Vec::new();
    let _ = tokio::time::timeout(within, stream.read_to_end(&mut got)).await;
    let text = String::from_utf8_lossy(&got).into_owned();
    (status_of(&text), text)
}

/// The status code of an HTTP/1.1 answer's status line.
pub fn status_of(text: &str) -> Option<u16> {
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

/// The JSON body of a raw answer (after the blank line), or `Null`.
pub fn body_of(text: &str) -> Value {
    text.split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str(body).ok())
        .unwrap_or(Value::Null)
}

/// This process's resident set size now and at its peak, in KiB (`VmRSS`, `VmHWM` of
/// `/proc/self/status`; `None` where there is no procfs). The proxy runs in the test process.
pub fn memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// A multipart body with one part per (field, file name, content).
pub fn multipart(files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "hwc-kyc-test-boundary-7d93";
    let mut body = Vec::new();
    for (field, name, content) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; \
                 filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
