//! Several proxy instances sharing a real Redis (Debian's `redis-server`, started here on a
//! loopback port; `cargo xtask test` installs it) in front of one simulator: one rate-limit
//! budget per client address across instances, an idempotent submission forwarded once whichever
//! instance gets it, and Redis killed and restarted mid-run. Also the idempotency rules of one
//! instance without Redis (in memory), and `/metrics`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use hwc_kyc_proxy::{RawConfig, Running, Secret};
use hwc_kyc_sim::{Fault, SimConfig, SimHandle};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const REDIS_SERVER: &str = "/usr/bin/redis-server";
const JPG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01";

/// A `redis-server` on 127.0.0.1:`port`, persisting every write to an append-only file in `dir`
/// (so a restart keeps what was written, as a production Redis configured for it does). Killed
/// when dropped.
struct Redis {
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl Redis {
    async fn start(dir: &Path) -> Redis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        let mut redis = Redis {
            port,
            dir: dir.to_path_buf(),
            child: None,
        };
        redis.restart().await;
        redis
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    async fn restart(&mut self) {
        assert!(
            Path::new(REDIS_SERVER).exists(),
            "{REDIS_SERVER} is missing: `cargo xtask test` installs Debian's redis-server \
             (apt-get install redis-server)"
        );
        let child = Command::new(REDIS_SERVER)
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        for _ in 0..100 {
            if self.ping().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server did not answer PING on port {}", self.port);
    }

    async fn ping(&self) -> bool {
        let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await else {
            return false;
        };
        let mut got = [0u8; 7];
        s.write_all(b"PING\r\n").await.is_ok()
            && s.read_exact(&mut got).await.is_ok()
            && &got == b"+PONG\r\n"
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.kill();
    }
}

fn with_redis(sim: &SimHandle, redis: &Redis) -> RawConfig {
    RawConfig {
        redis_url: Some(Secret::new(redis.url())),
        ..raw_config(sim)
    }
}

async fn post_keyed(proxy: &Running, path: &str, key: Option<&str>, body: &Value) -> Answer {
    let t = token(
        body["customer_id"]
            .as_str()
            .unwrap_or("cust-individual-001"),
    );
    let mut call = client()
        .post(format!("{}{path}", proxy.url()))
        .header("content-type", "application/json")
        .bearer_auth(t);
    if let Some(key) = key {
        call = call.header("idempotency-key", format!("\"{key}\""));
    }
    read(
        call.body(body.to_string())
            .send()
            .await
            .expect("proxy answers"),
    )
    .await
}

async fn metrics(proxy: &Running) -> String {
    let url = format!("http://{}/metrics", proxy.metrics_addr());
    let a = read(client().get(url).send().await.expect("metrics answer")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.text
}

/// The value of the sample `name{labels}` in a Prometheus text exposition (0 when absent).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
        .unwrap_or(0.0)
}

#[tokio::test]
async fn the_rate_limit_is_one_budget_across_instances() {
    let dir = tempfile::tempdir().unwrap();
    let redis = Redis::start(dir.path()).await;
    let sim = simulator(sim_config()).await;
    let mut raw = with_redis(&sim, &redis);
    raw.check_identity_per_minute = std::num::NonZero::new(4);
    let a = proxy(raw.clone()).await;
    let b = proxy(raw).await;
    let form = check_form("name", "nobody-registered");
    let mut statuses = Vec::new();
    for proxy in [&a, &b, &a, &b, &a, &b] {
        let answer = post_json(proxy, CHECK_IDENTITY, None, &form).await;
        statuses.push(answer.status);
        if answer.status == 429 {
            assert_error_shape(&answer, 429, "KYC.0429");
            let wait: u64 = answer.header("retry-after").unwrap().parse().unwrap();
            assert!((1..=16).contains(&wait), "{wait}");
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 429, 429]);
    assert_eq!(forwarded_and_valid(&sim), 4);
    for proxy in [&a, &b] {
        let text = metrics(proxy).await;
        assert_eq!(
            sample(&text, "hwc_kyc_redis_errors_total{use=\"rate_limit\"}"),
            0.0,
            "{text}"
        );
        assert_eq!(
            sample(
                &text,
                "hwc_kyc_rate_limited_total{limit=\"check_identity\"}"
            ),
            1.0,
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_limit_too_high_to_reach_is_still_decided_in_redis() {
    // 100 million a minute (the load bench's setting): an interval under a microsecond, which
    // GCRA rounds up to one; the script must not fail on it (a failure falls back to memory and
    // counts a Redis error).
    let dir = tempfile::tempdir().unwrap();
    let redis = Redis::start(dir.path()).await;
    let sim = simulator(sim_config()).await;
    let mut raw = with_redis(&sim, &redis);
    raw.rate_limit_per_minute = std::num::NonZero::new(100_000_000);
    raw.check_identity_per_minute = std::num::NonZero::new(100_000_000);
    let a = proxy(raw).await;
    for _ in 0..5 {
        let answer = post_json(
            &a,
            CHECK_IDENTITY,
            None,
            &check_form("name", "nobody-registered"),
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
    let text = metrics(&a).await;
    assert_eq!(
        sample(&text, "hwc_kyc_redis_errors_total{use=\"rate_limit\"}"),
        0.0,
        "{text}"
    );
}

#[tokio::test]
async fn one_keyed_submission_reaches_the_simulator_once_through_two_instances() {
    let dir = tempfile::tempdir().unwrap();
    let redis = Redis::start(dir.path()).await;
    let sim = simulator(sim_config()).await;
    let a = proxy(with_redis(&sim, &redis)).await;
    let b = proxy(with_redis(&sim, &redis)).await;
    let form = individual_form("cust-individual-001");
    let first = post_keyed(&a, INDIVIDUAL, Some("key-1"), &form).await;
    assert_eq!(
        (first.status, &first.json),
        (200, &json!({ "is_review": 1 }))
    );
    let again = post_keyed(&b, INDIVIDUAL, Some("key-1"), &form).await;
    assert_eq!((again.status, &again.text), (first.status, &first.text));
    assert_eq!(forwarded_and_valid(&sim), 1, "the simulator got it once");
    // The same key with another body: 422, nothing forwarded.
    let mut other = form.clone();
    other["name"] = json!("Li Lei");
    let reused = post_keyed(&b, INDIVIDUAL, Some("key-1"), &other).await;
    assert_error_shape(&reused, 422, "KYC.0422");
    // The same key on the other submission route is another request too.
    let elsewhere = post_keyed(
        &a,
        ENTERPRISE,
        Some("key-1"),
        &enterprise_form("cust-individual-001"),
    )
    .await;
    assert_ne!(elsewhere.status, 200, "{}", elsewhere.text);
    assert_eq!(forwarded_and_valid(&sim), 0);
    // Without a key: forwarded as before (the simulator refuses a second review).
    let unkeyed = post_keyed(&b, INDIVIDUAL, None, &form).await;
    assert_eq!(
        (unkeyed.status, unkeyed.code()),
        (400, Some("CBC.99000027"))
    );
    assert_eq!(forwarded_and_valid(&sim), 1);
    let text = metrics(&b).await;
    assert_eq!(
        sample(
            &text,
            "hwc_kyc_idempotent_replays_total{route=\"/v2/customers/realname-auths/individual\"}"
        ),
        1.0,
        "{text}"
    );
    assert!(text.contains("hwc_kyc_upstream_seconds_bucket"), "{text}");
    assert!(
        sample(
            &text,
            "hwc_kyc_requests_total{route=\"/v2/customers/realname-auths/individual\",status=\"422\"}"
        ) == 1.0,
        "{text}"
    );
}

#[tokio::test]
async fn a_repeat_while_the_first_is_in_flight_is_409_then_gets_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let redis = Redis::start(dir.path()).await;
    let sim = simulator(SimConfig {
        fault: Some("latency=1500".parse::<Fault>().unwrap()),
        ..sim_config()
    })
    .await;
    let a = proxy(with_redis(&sim, &redis)).await;
    let b = proxy(with_redis(&sim, &redis)).await;
    let form = individual_form("cust-individual-001");
    let slow = post_keyed(&a, INDIVIDUAL, Some("key-in-flight"), &form);
    let repeat = async {
        tokio::time::sleep(Duration::from_millis(400)).await;
        post_keyed(&b, INDIVIDUAL, Some("key-in-flight"), &form).await
    };
    let (first, repeated) = tokio::join!(slow, repeat);
    assert_eq!(first.status, 200, "{}", first.text);
    assert_error_shape(&repeated, 409, "KYC.0409");
    let wait: u64 = repeated.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let later = post_keyed(&b, INDIVIDUAL, Some("key-in-flight"), &form).await;
    assert_eq!((later.status, &later.text), (200, &first.text));
    assert_eq!(forwarded_and_valid(&sim), 1);
}

#[tokio::test]
async fn redis_killed_and_restarted_mid_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut redis = Redis::start(dir.path()).await;
    let sim = simulator(sim_config()).await;
    let mut raw = with_redis(&sim, &redis);
    raw.check_identity_per_minute = std::num::NonZero::new(3);
    let a = proxy(raw.clone()).await;
    let b = proxy(raw).await;
    let individual = individual_form("cust-individual-001");
    let done = post_keyed(&a, INDIVIDUAL, Some("before"), &individual).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(forwarded_and_valid(&sim), 1);

    redis.kill();
    // Rate limits fail open to each instance's own limit, and count it.
    let check = check_form("name", "nobody-registered");
    for proxy in [&a, &a, &a] {
        let answer = post_json(proxy, CHECK_IDENTITY, None, &check).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
    let over = post_json(&a, CHECK_IDENTITY, None, &check).await;
    assert_error_shape(&over, 429, "KYC.0429");
    assert!(
        sample(
            &metrics(&a).await,
            "hwc_kyc_redis_errors_total{use=\"rate_limit\"}"
        ) >= 4.0
    );
    // Idempotency fails closed: 503 with Retry-After, nothing forwarded.
    let enterprise = enterprise_form("cust-enterprise-001");
    let refused = post_keyed(&b, ENTERPRISE, Some("during"), &enterprise).await;
    assert_error_shape(&refused, 503, "KYC.0503");
    assert_eq!(refused.header("retry-after"), Some("1"));
    let replay_refused = post_keyed(&b, INDIVIDUAL, Some("before"), &individual).await;
    assert_error_shape(&replay_refused, 503, "KYC.0503");
    assert_eq!(
        forwarded_and_valid(&sim),
        3,
        "only the three check-identity calls"
    );
    assert!(
        sample(
            &metrics(&b).await,
            "hwc_kyc_redis_errors_total{use=\"idempotency\"}"
        ) >= 2.0
    );

    redis.restart().await;
    // The proxies reconnect by themselves: within a few seconds the refused submission goes
    // through, once, and the earlier one is replayed from what Redis kept.
    let restarted = std::time::Instant::now();
    let mut after = None;
    let mut refused_meanwhile = 0;
    for _ in 0..40 {
        let answer = post_keyed(&b, ENTERPRISE, Some("during"), &enterprise).await;
        if answer.status != 503 {
            after = Some(answer);
            break;
        }
        refused_meanwhile += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let after = after.expect("the proxy recovered once Redis was back");
    // For RELIABILITY.md: how long after Redis answered PING again the first keyed request went
    // through (503s meanwhile, each one nothing forwarded).
    eprintln!(
        "| Redis restarted (append-only file kept) | keyed submission answered 200 after {} ms ({refused_meanwhile} × 503 meanwhile) |",
        restarted.elapsed().as_millis()
    );
    assert_eq!(
        (after.status, &after.json),
        (200, &json!({ "is_review": 1 }))
    );
    let again = post_keyed(&a, ENTERPRISE, Some("during"), &enterprise).await;
    assert_eq!((again.status, &again.text), (200, &after.text));
    let replay = post_keyed(&a, INDIVIDUAL, Some("before"), &individual).await;
    assert_eq!((replay.status, &replay.text), (200, &done.text));
    assert_eq!(
        forwarded_and_valid(&sim),
        1,
        "only the enterprise submission, once"
    );
}

#[tokio::test]
async fn one_instance_keeps_keys_in_memory_with_the_same_rules() {
    let sim = simulator(sim_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut raw = raw_config(&sim);
    raw.download_dir = Some(dir.path().to_path_buf());
    // The forms' attachments, as uploads would have stored them (checked before forwarding).
    seed_attachments(dir.path());
    let proxy = proxy(raw).await;
    let form = individual_form("cust-individual-001");
    let first = post_keyed(&proxy, INDIVIDUAL, Some("m-1"), &form).await;
    let again = post_keyed(&proxy, INDIVIDUAL, Some("m-1"), &form).await;
    assert_eq!((first.status, &first.text), (200, &again.text));
    assert_eq!(again.status, 200);
    let mut other = form.clone();
    other["name"] = json!("Li Lei");
    assert_error_shape(
        &post_keyed(&proxy, INDIVIDUAL, Some("m-1"), &other).await,
        422,
        "KYC.0422",
    );
    assert_eq!(forwarded_and_valid(&sim), 1);
    // A malformed key is refused before anything else.
    for bad in ["", "\"open", &"k".repeat(256)] {
        let a = read(
            client()
                .post(format!("{}{INDIVIDUAL}", proxy.url()))
                .header("content-type", "application/json")
                .header("idempotency-key", bad)
                .bearer_auth(token("cust-individual-001"))
                .body(form.to_string())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_error_shape(&a, 400, "KYC.0400");
    }
    // An invalid form with a key is answered as without one and not kept.
    let mut invalid = form.clone();
    invalid["name"] = json!("");
    let refused = post_keyed(&proxy, INDIVIDUAL, Some("m-2"), &invalid).await;
    assert_error_shape(&refused, 400, "CBC.0100");
    let now_valid = post_keyed(&proxy, INDIVIDUAL, Some("m-2"), &form).await;
    assert_eq!(
        (now_valid.status, now_valid.code()),
        (400, Some("CBC.99000027"))
    );
    assert_eq!(forwarded_and_valid(&sim), 1);

    // Uploads: the same files with one key are stored once, whatever multipart boundary a retry
    // uses, and answered the same paths (the retry's files, streamed to the store before its key
    // was looked up, are deleted again).
    let upload = |boundary: &'static str| {
        let body = [
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
                 filename=\"front.jpg\"\r\n\r\n"
            )
            .into_bytes(),
            JPG.to_vec(),
            format!("\r\n--{boundary}--\r\n").into_bytes(),
        ]
        .concat();
        let url = format!("{}/uploads", proxy.url());
        async move {
            read(
                client()
                    .post(url)
                    .header(
                        "content-type",
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .header("idempotency-key", "upload-1")
                    .bearer_auth(token("cust-individual-001"))
                    .body(body)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let u1 = upload("boundary-one").await;
    let u2 = upload("boundary-two").await;
    assert_eq!(u1.status, 200, "{}", u1.text);
    assert_eq!((u2.status, &u2.text), (200, &u1.text));
    let stored = std::fs::read_dir(dir.path().join("cust-individual-001"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| !FORM_FILES.iter().any(|f| e.file_name() == *f))
        .count();
    assert_eq!(stored, 1, "one upload besides the seeded files");
}

#[tokio::test]
async fn metrics_are_off_the_cors_surface_and_may_have_their_own_address() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.cors_origins = Some(vec!["https://portal.example.com".into()]);
    let on_listen = proxy(raw.clone()).await;
    let api = post_json(
        &on_listen,
        CHECK_IDENTITY,
        None,
        &check_form("name", "nobody-registered"),
    )
    .await;
    assert_eq!(api.status, 200);
    let a = read(
        client()
            .get(format!("{}/metrics", on_listen.url()))
            .header("origin", "https://portal.example.com")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(a.header("access-control-allow-origin").is_none());
    assert!(
        a.text.contains("# TYPE hwc_kyc_requests_total counter"),
        "{}",
        a.text
    );
    assert_eq!(
        sample(
            &a.text,
            "hwc_kyc_requests_total{route=\"/v2/partners/sub-customers/users/check-identity\",status=\"200\"}"
        ),
        1.0,
        "{}",
        a.text
    );

    raw.metrics_listen = Some(([127, 0, 0, 1], 0).into());
    let separate = proxy(raw).await;
    assert_ne!(separate.metrics_addr(), separate.addr());
    assert_eq!(get(&separate, "/metrics", None).await.status, 404);
    let text = metrics(&separate).await;
    assert!(text.contains("hwc_kyc_requests_total"), "{text}");
    assert_eq!(
        sample(
            &text,
            "hwc_kyc_requests_total{route=\"/metrics\",status=\"404\"}"
        ),
        1.0,
        "{text}"
    );
}
