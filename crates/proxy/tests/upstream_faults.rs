//! Upstream failures, injected by the simulator: timeout (504), 5xx (relayed), HTML or garbage
//! answers, a truncated body or truncated JSON, a dropped or reset connection (502), a wrong
//! content type (relayed when the JSON is readable). Every operation, each answer a typed error
//! the caller can read with core, and the proxy healthy afterwards.
//!
//! Each fault prints a Markdown table row
//! (`cargo test -p hwc-kyc-proxy --test upstream_faults -- --nocapture`); RELIABILITY.md records
//! them.

mod common;

use std::time::{Duration, Instant};

use common::*;
use hwc_kyc::catalog::{PROXY_BAD_GATEWAY, PROXY_GATEWAY_TIMEOUT};
use hwc_kyc::{parse_response, ErrorKind, Operation};
use hwc_kyc_proxy::Running;
use hwc_kyc_sim::{Fault, SimConfig, SimHandle};

/// The simulator's code for an injected 5xx ("Other errors.").
const OTHER_ERROR: &str = "CBC.0999";

/// A proxy whose upstream (a simulator) always injects `fault`, with a 300 ms upstream timeout.
async fn faulty(fault: &str) -> (SimHandle, Running) {
    let sim = simulator(SimConfig {
        fault: Some(fault.parse::<Fault>().unwrap()),
        ..sim_config()
    })
    .await;
    let mut raw = raw_config(&sim);
    raw.upstream_timeout_ms = std::num::NonZero::new(300);
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

/// A valid call of `op` through the proxy, for a customer whose request the simulator accepts.
async fn call(proxy: &Running, op: Operation) -> Answer {
    match op {
        Operation::CheckIdentity => probe(proxy).await,
        Operation::IndividualRealnameAuth => {
            let t = token("cust-individual-001");
            post_json(
                proxy,
                INDIVIDUAL,
                Some(&t),
                &individual_form("cust-individual-001"),
            )
            .await
        }
        Operation::EnterpriseRealnameAuth => {
            let t = token("cust-enterprise-001");
            post_json(
                proxy,
                ENTERPRISE,
                Some(&t),
                &enterprise_form("cust-enterprise-001"),
            )
            .await
        }
        Operation::ReviewResult => {
            let t = token("cust-verified-001");
            get(
                proxy,
                &format!("{REVIEW_RESULT}?customer_id=cust-verified-001"),
                Some(&t),
            )
            .await
        }
    }
}

/// What a fault must give the caller, on every operation.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The proxy's own refusal: status, code, and a word its `detail` contains (502 only).
    Proxy(u16, &'static str, Option<&'static str>),
    /// The upstream's error answer, relayed with its status.
    Relayed(u16, &'static str),
    /// The upstream's readable answer, relayed.
    Success,
}

impl Expect {
    fn text(self) -> String {
        match self {
            Expect::Proxy(s, c, _) => format!("{s} {c}"),
            Expect::Relayed(s, c) => format!("{s} {c} (relayed)"),
            Expect::Success => "200 (relayed)".into(),
        }
    }
}

/// Checks one answer: status, body shape, the request id, and what core makes of it.
fn check(op: Operation, fault: &str, a: &Answer, expect: Expect) {
    let context = format!("{fault} on {op}: {}", a.text);
    let parsed = parse_response(op, a.status, a.text.as_bytes());
    match expect {
        Expect::Proxy(status, code, detail) => {
            assert_error_shape(a, status, code);
            if let Some(word) = detail {
                let d = a.json["detail"].as_str().unwrap_or_default();
                assert!(d.contains(word), "{context}");
            }
            let err = parsed.expect_err(&context);
            assert_eq!(err.kind, ErrorKind::Server, "{context}");
            assert_eq!(err.code.as_deref(), Some(code), "{context}");
        }
        Expect::Relayed(status, code) => {
            assert_eq!((a.status, a.code()), (status, Some(code)), "{context}");
            assert_eq!(a.json["request_id"].as_str(), a.header("x-request-id"));
            let err = parsed.expect_err(&context);
            assert_eq!(err.kind, ErrorKind::Server, "{context}");
        }
        Expect::Success => {
            assert_eq!(a.status, 200, "{context}");
            assert!(parsed.is_ok(), "{context}");
        }
    }
    // Whatever the upstream sent, the caller gets JSON labelled as JSON.
    assert_eq!(
        a.header("content-type"),
        Some(hwc_kyc::JSON_CONTENT_TYPE),
        "{context}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_on_every_operation_is_a_typed_error_and_the_proxy_recovers() {
    let faults: [(&str, Expect); 11] = [
        (
            "latency=3000",
            Expect::Proxy(504, PROXY_GATEWAY_TIMEOUT, None),
        ),
        ("status=500", Expect::Relayed(500, OTHER_ERROR)),
        ("status=503", Expect::Relayed(503, OTHER_ERROR)),
        (
            "garbage",
            Expect::Proxy(502, PROXY_BAD_GATEWAY, Some("not JSON")),
        ),
        (
            "status=502,garbage,content-type",
            Expect::Proxy(502, PROXY_BAD_GATEWAY, Some("502")),
        ),
        ("truncate", Expect::Proxy(502, PROXY_BAD_GATEWAY, None)),
        (
            "truncate-json",
            Expect::Proxy(502, PROXY_BAD_GATEWAY, Some("could not be read")),
        ),
        ("drop", Expect::Proxy(502, PROXY_BAD_GATEWAY, None)),
        ("reset", Expect::Proxy(502, PROXY_BAD_GATEWAY, None)),
        (
            "truncate,reset",
            Expect::Proxy(502, PROXY_BAD_GATEWAY, None),
        ),
        ("content-type", Expect::Success),
    ];
    let mut rows = Vec::new();
    for (fault, expect) in faults {
        let sim = simulator(SimConfig {
            fault: Some(fault.parse::<Fault>().unwrap()),
            ..sim_config()
        })
        .await;
        let mut raw = raw_config(&sim);
        raw.upstream_timeout_ms = std::num::NonZero::new(1_000);
        let proxy = proxy(raw).await;
        // The four operations at once: a hanging upstream costs one timeout, not four.
        let (a, b, c, d) = tokio::join!(
            call(&proxy, Operation::CheckIdentity),
            call(&proxy, Operation::IndividualRealnameAuth),
            call(&proxy, Operation::EnterpriseRealnameAuth),
            call(&proxy, Operation::ReviewResult),
        );
        let ops = [
            Operation::CheckIdentity,
            Operation::IndividualRealnameAuth,
            Operation::EnterpriseRealnameAuth,
            Operation::ReviewResult,
        ];
        let mut actual = Vec::new();
        for (op, answer) in ops.into_iter().zip([&a, &b, &c, &d]) {
            check(op, fault, answer, expect);
            actual.push(format!(
                "{} {}",
                answer.status,
                answer.code().unwrap_or("-")
            ));
        }
        // Healthy afterwards: the health check answers, and with the fault gone the same proxy
        // (and its pool of upstream connections) forwards again.
        assert_eq!(get(&proxy, "/healthz", None).await.status, 200);
        sim.simulator().set_fault(None);
        let after = probe(&proxy).await;
        assert_eq!(after.status, 200, "after {fault}: {}", after.text);
        // Every request the upstream received (faulted or not) was one core accepts.
        let forwarded = forwarded_and_valid(&sim);
        assert_eq!(forwarded, 5, "{fault}");
        actual.dedup();
        rows.push(format!(
            "| `{fault}` | {} | {} | 4 + 1 after |",
            expect.text(),
            actual.join(", ")
        ));
    }
    println!("{}", rows.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_upstream_does_not_stop_the_proxy_from_answering() {
    const HUNG: usize = 20;
    let sim = simulator(SimConfig {
        fault: Some("latency=5000".parse::<Fault>().unwrap()),
        ..sim_config()
    })
    .await;
    let mut raw = raw_config(&sim);
    raw.upstream_timeout_ms = std::num::NonZero::new(1_500);
    raw.check_identity_per_minute = std::num::NonZero::new(1_000);
    let proxy = std::sync::Arc::new(proxy(raw).await);
    let hung: Vec<_> = (0..HUNG)
        .map(|_| {
            let proxy = proxy.clone();
            tokio::spawn(async move { probe(&proxy).await })
        })
        .collect();
    // While every upstream call hangs, the proxy still answers what needs no upstream.
    let healthz = get(&proxy, "/healthz", None).await;
    assert_eq!(healthz.status, 200);
    let refused = post_raw(&proxy, CHECK_IDENTITY, None, "text/plain", "x").await;
    assert_eq!(refused.status, 415);
    assert!(
        hung.iter().any(|h| !h.is_finished()),
        "answered while upstream calls were pending"
    );
    for h in hung {
        let a = h.await.expect("task");
        assert_error_shape(&a, 504, PROXY_GATEWAY_TIMEOUT);
    }
    println!(
        "| `latency=5000`, {HUNG} calls at once | 504 KYC.0504 each; /healthz 200 and 415 meanwhile | as expected | {} |",
        HUNG + 2
    );
}

#[tokio::test]
async fn a_slow_upstream_is_504_after_the_timeout() {
    let (_sim, proxy) = faulty("latency=1500").await;
    let started = Instant::now();
    let a = probe(&proxy).await;
    assert_eq!((a.status, a.code()), (504, Some("KYC.0504")));
    // Answered at the timeout, not after the upstream's 1.5 s.
    assert!(started.elapsed() < Duration::from_millis(1400));
    let err = parse_response(Operation::CheckIdentity, a.status, a.text.as_bytes()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
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
async fn latency_under_the_timeout_is_fine() {
    let (_sim, proxy) = faulty("latency=50").await;
    assert_eq!(probe(&proxy).await.status, 200);
}
