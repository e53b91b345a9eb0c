//! What every handler shares: the configuration, the partner's platform ID, the caller-token
//! secret, the rate limiters, the demo customers; and its worker's upstream client.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;

use crate::config::{Config, Secret};
use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;
use crate::shared::SharedState;
use crate::store::Attachments;
use crate::upstream::UpstreamClient;

/// The shared parts, built once at start.
pub(crate) struct Shared {
    pub config: Config,
    /// The platform ID filled into submissions.
    pub xaccount_type: String,
    pub token_secret: Secret,
    /// Every API route, per client address.
    pub general: RateLimiter,
    /// check-identity, per client address.
    pub check_identity: RateLimiter,
    /// `(customer_id, description)` of the simulator's seeded customers, in demo mode.
    pub demo_customers: Vec<(String, String)>,
    /// Rate limits and idempotency records shared by instances (Redis), or this process's.
    pub shared: SharedState,
    /// This instance's metrics.
    pub metrics: Metrics,
    /// The attachment store and its upload limits.
    pub attachments: Attachments,
    /// `/openapi.json`, set once the router (which it describes) is built.
    pub openapi: OnceLock<Bytes>,
}

/// The axum state: a cheap handle on [`Shared`], and the worker's own upstream client.
#[derive(Clone)]
pub(crate) struct AppState {
    shared: Arc<Shared>,
    /// This worker's: its pooled connections are driven by the worker's own runtime, so a
    /// request never waits on another thread (see `app::start`). Behind an `Arc`: the state is
    /// cloned several times per request (each layer and extractor takes it).
    upstream: Arc<UpstreamClient>,
}

impl AppState {
    pub(crate) fn new(shared: Shared, upstream: UpstreamClient) -> Self {
        AppState {
            shared: Arc::new(shared),
            upstream: Arc::new(upstream),
        }
    }

    /// The same shared state with an upstream client (and connection pool) of its own.
    pub(crate) fn for_worker(&self) -> Result<Self, crate::upstream::ClientError> {
        Ok(AppState {
            shared: self.shared.clone(),
            upstream: Arc::new(self.upstream.with_own_connections()?),
        })
    }
    pub(crate) fn config(&self) -> &Config {
        &self.shared.config
    }
    pub(crate) fn upstream(&self) -> &UpstreamClient {
        &self.upstream
    }
    pub(crate) fn xaccount_type(&self) -> &str {
        &self.shared.xaccount_type
    }
    pub(crate) fn token_secret(&self) -> &[u8] {
        self.shared.token_secret.expose().as_bytes()
    }
    pub(crate) fn general_limit(&self) -> &RateLimiter {
        &self.shared.general
    }
    pub(crate) fn check_identity_limit(&self) -> &RateLimiter {
        &self.shared.check_identity
    }
    pub(crate) fn demo_customers(&self) -> &[(String, String)] {
        &self.shared.demo_customers
    }
    pub(crate) fn shared(&self) -> &SharedState {
        &self.shared.shared
    }
    pub(crate) fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }
    pub(crate) fn attachments(&self) -> &Attachments {
        &self.shared.attachments
    }
    pub(crate) fn openapi_json(&self) -> Bytes {
        self.shared.openapi.get().cloned().unwrap_or_default()
    }
    /// Keeps the first document given (one router per state).
    pub(crate) fn set_openapi_json(&self, json: Bytes) {
        let _ = self.shared.openapi.set(json);
    }
}
