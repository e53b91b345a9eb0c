//! `workers`: the proxy serves from that many threads, each a single-threaded runtime taking
//! connections from the one listening socket, and stops them all. Its own test binary: it counts
//! this process's threads, which other tests' proxies would add to.

mod common;

use common::*;
use serde_json::json;

/// Threads of this process named by the proxy's worker threads (`hwc-kyc-worker-<n>`, which
/// the kernel keeps as its first 15 bytes).
fn worker_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.starts_with("hwc-kyc-worker"))
        })
        .count()
}

#[tokio::test]
async fn workers_serve_from_their_own_threads_and_stop_with_the_proxy() {
    let sim = simulator(sim_config()).await;
    let mut raw = raw_config(&sim);
    raw.workers = std::num::NonZero::new(3);
    raw.rate_limit_per_minute = std::num::NonZero::new(1_000_000);
    raw.check_identity_per_minute = std::num::NonZero::new(1_000_000);
    let before = worker_threads();
    let proxy = proxy(raw).await;
    // The first worker runs on this runtime, the other two on threads of their own.
    assert_eq!(worker_threads(), before + 2);

    // Many connections at once, each taken by whichever worker accepts it: every one answered,
    // upstream exchange included.
    let url = format!("{}{CHECK_IDENTITY}", proxy.url());
    let calls = (0..24).map(|n| {
        let url = url.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .expect("client");
            let body = json!({"search_type": "email", "search_value": format!("w{n}@example.com")});
            let answer = client
                .post(&url)
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await;
            read(answer.expect("proxy answers")).await.status
        })
    });
    for call in calls {
        assert_eq!(call.await.expect("call"), 200);
    }

    proxy.shutdown().await;
    // Each thread answers just before it ends.
    let mut left = worker_threads();
    for _ in 0..50 {
        if left == before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        left = worker_threads();
    }
    assert_eq!(left, before, "the worker threads end with the proxy");
}
