//! # hwc-kyc-proxy
//!
//! The reference partner backend for hwc-kyc, as a library and a binary. A browser form (using
//! the `hwc-kyc` npm package) calls it at the upstream's own paths; for each request it
//! authenticates the caller (an HS256 caller token whose `sub` is the customer_id, except for
//! check-identity, which is rate-limited instead), validates the form with core, fills the
//! partner-side fields the browser never sees (`xaccount_type`), builds the upstream request with
//! core, signs it with the partner's AK/SK (or uses its IAM token), forwards it with a timeout,
//! reads the answer with core and relays it with the upstream's status and a request id.
//!
//! With no configuration it listens on `127.0.0.1:8080` and forwards to an embedded
//! [`hwc_kyc_sim`] simulator, in demo mode. Configuration keys, routes and error codes are
//! documented in the crate's README.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use hwc_kyc_proxy::{start, Config, RawConfig};
//! let raw = RawConfig::load(&std::env::args().collect::<Vec<_>>())?;
//! let running = start(Config::resolve(raw)?).await?;
//! running.wait().await?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod api;
mod app;
mod attachment_check;
mod auth;
mod body;
pub mod caller_token;
pub mod client_key;
mod config;
mod context;
mod demo;
mod error;
mod idempotency;
mod linger;
pub mod mask;
mod metrics;
mod openapi;
pub mod rate_limit;
mod security;
mod serve;
mod shared;
mod state;
pub mod store;
mod uploads;
mod upstream;

pub use app::{start, start_with_simulator, Running, StartError};
pub use config::{
    Config, ConfigError, Demo, Limits, PlatformId, RawConfig, Secret, Upstream, UpstreamAuth,
    CONFIG_FILE_ENV, DEFAULT_LISTEN, ENV_PREFIX, MAX_DEMO_TOKEN_TTL_SECS, MIN_CALLER_TOKEN_SECRET,
};
pub use context::{caller_request_id, RequestContext, MAX_CALLER_REQUEST_ID, REQUEST_ID_HEADER};
pub use error::{Failure, ProxyError};
pub use idempotency::{ANSWER_TTL, IDEMPOTENCY_KEY_HEADER, MAX_KEY_LEN};
pub use metrics::METRICS_PATH;
pub use upstream::UpstreamError;
