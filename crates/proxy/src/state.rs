//! What every handler shares: the configuration, the upstream client, the partner's platform ID,
//! the caller-token secret, the rate limiters and the demo customers.

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
    pub upstream: UpstreamClient,
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

/// The axum state: a cheap handle on [`Shared`].
#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

impl AppState {
    pub(crate) fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
    pub(crate) fn config(&self) -> &Config {
        &self.0.config
    }
    pub(crate) fn upstream(&self) -> &UpstreamClient {
        &self.0.upstream
    }
    pub(crate) fn xaccount_type(&self) -> &str {
        &self.0.xaccount_type
    }
    pub(crate) fn token_secret(&self) -> &[u8] {
        self.0.token_secret.expose().as_bytes()
    }
    pub(crate) fn general_limit(&self) -> &RateLimiter {
        &self.0.general
    }
    pub(crate) fn check_identity_limit(&self) -> &RateLimiter {
        &self.0.check_identity
    }
    pub(crate) fn demo_customers(&self) -> &[(String, String)] {
        &self.0.demo_customers
    }
    pub(crate) fn shared(&self) -> &SharedState {
        &self.0.shared
    }
    pub(crate) fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }
    pub(crate) fn attachments(&self) -> &Attachments {
        &self.0.attachments
    }
    pub(crate) fn openapi_json(&self) -> Bytes {
        self.0.openapi.get().cloned().unwrap_or_default()
    }
    /// Keeps the first document given (one router per state).
    pub(crate) fn set_openapi_json(&self, json: Bytes) {
        let _ = self.0.openapi.set(json);
    }
}
