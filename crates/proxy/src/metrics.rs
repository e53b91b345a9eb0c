//! Metrics in Prometheus text format (`metrics` + `metrics-exporter-prometheus`), one recorder per
//! proxy instance (not the process-global one: a process may run several proxies, as the tests
//! do), served at `GET /metrics` off the CORS surface, on `listen` or on `metrics_listen`.
//!
//! | metric | labels | what |
//! |---|---|---|
//! | `hwc_kyc_requests_total` | `route`, `status` | answers, by route (one of the proxy's, else `other`) |
//! | `hwc_kyc_upstream_seconds` | `operation` | upstream exchanges' duration (histogram) |
//! | `hwc_kyc_rate_limited_total` | `limit` | 429 refusals (`general`, `check_identity`) |
//! | `hwc_kyc_idempotent_replays_total` | `route` | stored answers replayed for a repeated key |
//! | `hwc_kyc_redis_errors_total` | `use` | Redis operations that failed or timed out (`rate_limit`: decided in memory instead; `idempotency`: refused 503; `idempotency_record`: an answer's record retried) |
//! | `hwc_kyc_store_errors_total` | `what` | uploads that could not be stored |

use std::sync::Arc;
use std::time::Duration;

use hwc_kyc::Operation;
use metrics::{Key, Label, Level, Metadata, Recorder, Unit};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

/// Where the proxy serves its metrics.
pub const METRICS_PATH: &str = "/metrics";

const REQUESTS: &str = "hwc_kyc_requests_total";
const UPSTREAM_SECONDS: &str = "hwc_kyc_upstream_seconds";
const RATE_LIMITED: &str = "hwc_kyc_rate_limited_total";
const REPLAYS: &str = "hwc_kyc_idempotent_replays_total";
const REDIS_ERRORS: &str = "hwc_kyc_redis_errors_total";
const STORE_ERRORS: &str = "hwc_kyc_store_errors_total";

/// Upstream latency buckets, seconds (the upstream timeout is 10 s by default).
const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static METADATA: Metadata<'static> =
    Metadata::new("hwc_kyc_proxy", Level::INFO, Some(module_path!()));

/// One instance's metrics.
#[derive(Clone)]
pub(crate) struct Metrics {
    recorder: Arc<PrometheusRecorder>,
    handle: PrometheusHandle,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let builder = PrometheusBuilder::new();
        // Buckets for the one histogram; a name always matches, so this cannot fail.
        let builder = builder
            .set_buckets_for_metric(Matcher::Full(UPSTREAM_SECONDS.into()), &LATENCY_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        let described = [
            (REQUESTS, "Answers by route and status.", None),
            (
                UPSTREAM_SECONDS,
                "Duration of upstream exchanges.",
                Some(Unit::Seconds),
            ),
            (RATE_LIMITED, "Requests refused 429 by a rate limit.", None),
            (
                REPLAYS,
                "Stored answers replayed for a repeated Idempotency-Key.",
                None,
            ),
            (
                REDIS_ERRORS,
                "Redis operations that failed or timed out, by use.",
                None,
            ),
            (STORE_ERRORS, "Uploads that could not be stored.", None),
        ];
        for (name, help, unit) in described {
            if name == UPSTREAM_SECONDS {
                recorder.describe_histogram(name.into(), unit, help.into());
            } else {
                recorder.describe_counter(name.into(), unit, help.into());
            }
        }
        Metrics {
            recorder: Arc::new(recorder),
            handle,
        }
    }
}

impl Metrics {
    fn count(&self, name: &'static str, labels: Vec<Label>) {
        self.recorder
            .register_counter(&Key::from_parts(name, labels), &METADATA)
            .increment(1);
    }

    /// One answer.
    pub(crate) fn request(&self, route: &'static str, status: u16) {
        self.count(
            REQUESTS,
            vec![
                Label::new("route", route),
                Label::new("status", status.to_string()),
            ],
        );
    }

    /// One upstream exchange of `seconds`.
    pub(crate) fn upstream(&self, op: Operation, seconds: f64) {
        let key = Key::from_parts(
            UPSTREAM_SECONDS,
            vec![Label::new("operation", op.js_name())],
        );
        self.recorder
            .register_histogram(&key, &METADATA)
            .record(seconds);
    }

    /// One 429.
    pub(crate) fn rate_limited(&self, limit: &'static str) {
        self.count(RATE_LIMITED, vec![Label::new("limit", limit)]);
    }

    /// One replayed answer.
    pub(crate) fn replay(&self, route: &'static str) {
        self.count(REPLAYS, vec![Label::new("route", route)]);
    }

    /// One failed Redis operation.
    pub(crate) fn redis_error(&self, used_for: &'static str) {
        self.count(REDIS_ERRORS, vec![Label::new("use", used_for)]);
    }

    /// One upload that could not be stored.
    pub(crate) fn store_error(&self, what: &'static str) {
        self.count(STORE_ERRORS, vec![Label::new("what", what)]);
    }

    /// The text exposition.
    pub(crate) fn render(&self) -> String {
        self.handle.render()
    }

    /// Folds the histogram's recorded samples into its buckets every [`UPKEEP_EVERY`]: the
    /// exporter keeps each sample until then, so without this an instance nobody scrapes would
    /// grow by every upstream exchange it made. (`PrometheusBuilder::install` spawns the same
    /// task; a per-instance recorder has to run it itself.) Stops when the returned handle is
    /// aborted.
    pub(crate) fn spawn_upkeep(&self) -> tokio::task::JoinHandle<()> {
        let handle = self.handle.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(UPKEEP_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        })
    }
}

/// How often [`Metrics::spawn_upkeep`] drains the histogram (the exporter's own default).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The route label of a path: one of the proxy's routes, else `other` (bounded, whatever
/// callers send).
pub(crate) fn route_label(path: &str) -> &'static str {
    const OTHERS: [&str; 5] = [
        "/uploads",
        "/healthz",
        "/demo/token",
        "/demo/customers",
        METRICS_PATH,
    ];
    Operation::ALL
        .into_iter()
        .map(Operation::path)
        .chain(OTHERS)
        .find(|r| *r == path)
        .unwrap_or("other")
}
