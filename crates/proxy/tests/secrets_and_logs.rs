//! No secret in any answer or log line, and personal data masked in logs. This binary installs a
//! global log subscriber that records everything (debug level, every crate) in memory.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use common::*;
use hwc_kyc_proxy::{Running, Secret};
use hwc_kyc_sim::{
    Fault, TEST_ACCESS_KEY, TEST_AUTH_TOKEN, TEST_DOMAIN_ID, TEST_SECRET_KEY, TEST_XACCOUNT_TYPE,
};
use serde_json::json;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "debug,hwc_kyc_proxy=trace,hwc_kyc_sim=trace",
            ))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        captured
    })
}

fn log_text() -> String {
    String::from_utf8_lossy(&logs().0.lock().unwrap()).into_owned()
}

const ID_NUMBER: &str = "371812199001018888";
const PERSON: &str = "Wang Xiaoming";
const LEGAL_PERSON: &str = "wangmoumou";

/// The secrets that must never leave the proxy.
fn secrets() -> Vec<&'static str> {
    vec![
        TEST_SECRET_KEY,
        CALLER_SECRET,
        TEST_AUTH_TOKEN,
        TEST_DOMAIN_ID,
        TEST_XACCOUNT_TYPE,
    ]
}

fn whole(a: &Answer) -> String {
    let headers: String = a
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {}\n", v.to_str().unwrap_or("")))
        .collect();
    format!("{headers}\n{}", a.text)
}

/// Every kind of answer the proxy gives, collected.
async fn battery(proxy: &Running, sim: &hwc_kyc_sim::SimHandle) -> Vec<Answer> {
    let mut out = Vec::new();
    let t = token("cust-enterprise-001");
    out.push(
        post_json(
            proxy,
            CHECK_IDENTITY,
            None,
            &check_form("name", "existing-user"),
        )
        .await,
    );
    out.push(post_json(proxy, CHECK_IDENTITY, None, &check_form("email", "x")).await);
    out.push(
        post_json(
            proxy,
            ENTERPRISE,
            Some(&t),
            &enterprise_form("cust-enterprise-001"),
        )
        .await,
    );
    out.push(
        post_json(
            proxy,
            ENTERPRISE,
            Some(&t),
            &enterprise_form("cust-enterprise-001"),
        )
        .await,
    );
    let mut mismatch = enterprise_form("cust-enterprise-001");
    mismatch["xaccount_type"] = json!("OTHER");
    out.push(post_json(proxy, ENTERPRISE, Some(&t), &mismatch).await);
    out.push(
        post_json(
            proxy,
            INDIVIDUAL,
            None,
            &individual_form("cust-individual-001"),
        )
        .await,
    );
    out.push(
        post_json(
            proxy,
            INDIVIDUAL,
            Some(&t),
            &individual_form("cust-individual-001"),
        )
        .await,
    );
    out.push(
        get(
            proxy,
            &format!("{REVIEW_RESULT}?customer_id=cust-enterprise-001"),
            Some(&t),
        )
        .await,
    );
    out.push(get(proxy, "/healthz", None).await);
    out.push(get(proxy, "/nowhere", None).await);
    out.push(post_raw(proxy, CHECK_IDENTITY, None, "text/plain", "x").await);
    for fault in ["garbage", "status=500", "drop"] {
        sim.simulator()
            .set_fault(Some(fault.parse::<Fault>().unwrap()));
        out.push(
            post_json(
                proxy,
                CHECK_IDENTITY,
                None,
                &check_form("name", "ceshiyonghu001"),
            )
            .await,
        );
    }
    sim.simulator().set_fault(None);
    out
}

#[tokio::test]
async fn no_secret_appears_in_any_answer_with_ak_sk_or_token() {
    logs();
    let (sim, signing) = pair().await;
    let mut answers = battery(&signing, &sim).await;

    let sim2 = simulator(sim_config()).await;
    let mut raw = raw_config(&sim2);
    raw.access_key = None;
    raw.secret_key = None;
    raw.auth_token = Some(Secret::new(TEST_AUTH_TOKEN));
    let token_proxy = proxy(raw).await;
    answers.extend(battery(&token_proxy, &sim2).await);

    // A proxy with wrong credentials relays the gateway's refusal, still without secrets.
    let sim3 = simulator(sim_config()).await;
    let mut raw = raw_config(&sim3);
    raw.secret_key = Some(Secret::new("a-wrong-secret-key-that-must-not-leak"));
    let wrong = proxy(raw).await;
    answers.push(
        post_json(
            &wrong,
            CHECK_IDENTITY,
            None,
            &check_form("name", "ceshiyonghu001"),
        )
        .await,
    );

    assert!(answers.len() > 20);
    for a in &answers {
        let text = whole(a);
        for secret in secrets()
            .into_iter()
            .chain(["a-wrong-secret-key-that-must-not-leak"])
        {
            assert!(
                !text.contains(secret),
                "secret {secret:?} in answer:\n{text}"
            );
        }
    }
    let logged = log_text();
    for secret in secrets()
        .into_iter()
        .chain(["a-wrong-secret-key-that-must-not-leak"])
    {
        assert!(!logged.contains(secret), "secret {secret:?} in logs");
    }
    // The access key is not a secret, but the proxy has no reason to log it either.
    assert!(!logged.contains(TEST_ACCESS_KEY));
}

#[tokio::test]
async fn identity_numbers_and_names_are_masked_in_logs() {
    logs();
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
    let t = token("cust-individual-001");
    let a = post_json(
        &proxy,
        INDIVIDUAL,
        Some(&t),
        &individual_form("cust-individual-001"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let mut bad = individual_form("cust-individual-001");
    bad["verified_number"] = json!(format!("{ID_NUMBER}{}", "9".repeat(20)));
    post_json(&proxy, INDIVIDUAL, Some(&t), &bad).await;
    let a = post_json(
        &proxy,
        CHECK_IDENTITY,
        None,
        &check_form("email", "jane.doe@example.com"),
    )
    .await;
    assert_eq!(a.status, 200);

    let logged = log_text();
    assert!(
        logged.contains("371812********8888"),
        "masked number logged"
    );
    assert!(logged.contains("w*********"), "masked legal person logged");
    assert!(
        logged.contains("j*******@example.com"),
        "masked e-mail logged"
    );
    for personal in [ID_NUMBER, PERSON, LEGAL_PERSON, "jane.doe@example.com"] {
        assert!(!logged.contains(personal), "{personal:?} in logs");
    }
}
