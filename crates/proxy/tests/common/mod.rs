//! Shared set-up of the proxy's HTTP tests: a simulator on 127.0.0.1:0 as the upstream, a proxy
//! in front of it, caller tokens, and a client.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

/// A simulator whose reviews settle on the second query.
pub async fn simulator(config: SimConfig) -> SimHandle {
    Simulator::new(config)
        .spawn("127.0.0.1:0".parse().unwrap())
        .await
        .expect("simulator binds 127.0.0.1:0")
}

pub fn sim_config() -> SimConfig {
    SimConfig {
        review: ReviewTiming::AfterQueries(2),
        ..SimConfig::default()
    }
}

/// A proxy configuration pointing at `sim`, signing with the seeded partner's AK/SK.
pub fn raw_config(sim: &SimHandle) -> RawConfig {
    RawConfig {
        listen: Some("127.0.0.1:0".into()),
        upstream: Some(sim.url()),
        access_key: Some(TEST_ACCESS_KEY.into()),
        secret_key: Some(Secret::new(TEST_SECRET_KEY)),
        domain_id: Some(TEST_DOMAIN_ID.into()),
        xaccount_type: Some(TEST_XACCOUNT_TYPE.into()),
        caller_token_secret: Some(Secret::new(CALLER_SECRET)),
        upstream_timeout_ms: Some(5_000),
        download_dir: Some(std::env::temp_dir().join("hwc-kyc-proxy-tests")),
        ..RawConfig::default()
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

pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
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
        "verified_file_url": ["id/front.jpg", "id/back.jpg", "id/hold.jpg"],
        "name": "Wang Xiaoming",
        "verified_number": "371812199001018888",
        "verified_type": 0
    })
}

/// A valid enterprise form with a legal person.
pub fn enterprise_form(customer: &str) -> Value {
    json!({
        "customer_id": customer,
        "verified_file_url": ["corp/front.jpg", "corp/back.jpg", "corp/id-front.jpg"],
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
