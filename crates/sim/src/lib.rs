//! # hwc-kyc-sim
//!
//! A local simulator of Huawei Cloud's BSS-intl customer-onboarding APIs, so that the partner
//! proxy, the browser client and the demo run and are tested offline:
//!
//! - `POST /v2/partners/sub-customers/users/check-identity`
//! - `POST /v2/customers/realname-auths/individual`
//! - `POST /v2/customers/realname-auths/enterprise`
//! - `GET /v2/customers/realname-auths/result?customer_id=...`
//!
//! Each request is authenticated like the API gateway does (an AK/SK signature checked with
//! `hwc_kyc::signing::verify`, `X-Sdk-Date` within 15 minutes, the partner's `X-Domain-Id`; or an
//! IAM token in `X-Auth-Token`; otherwise 401 `APIGW.0301`), validated with core at
//! `Stage::Upstream` (400 `CBC.0100`), and answered from in-memory state with the pages' error
//! codes, statuses and texts, all read from `hwc_kyc::catalog`. Faults (latency, 5xx, malformed
//! or truncated bodies, wrong content type, dropped or reset connections) can be injected per
//! request or by configuration: see [`Fault`]. Every request is counted, and the latest are kept
//! for inspection when [`SimConfig::record_requests`] asks ([`Simulator::received`]).
//!
//! ```
//! use hwc_kyc::model::{CheckIdentity, SearchType};
//! use hwc_kyc::signing::{sign_now, Credentials};
//! use hwc_kyc::{parse_response, ApiResponse, Options, Valid};
//! use hwc_kyc_sim::{SimConfig, Simulator, TEST_ACCESS_KEY, TEST_DOMAIN_ID, TEST_SECRET_KEY};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let _ = rustls::crypto::ring::default_provider().install_default();
//! let sim = Simulator::new(SimConfig::default()).spawn("127.0.0.1:0".parse()?).await?;
//!
//! let form = CheckIdentity { search_type: SearchType::Name, search_value: "existing-user".into() };
//! let mut request = Valid::new(form, &Options::default()).map_err(|_| "invalid")?.build();
//! let credentials = Credentials::new(TEST_ACCESS_KEY, TEST_SECRET_KEY).with_domain_id(TEST_DOMAIN_ID);
//! let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
//! sign_now(&mut request, &sim.addr().to_string(), &credentials, now);
//!
//! let mut call = reqwest::Client::new().post(format!("{}{}", sim.url(), request.path));
//! for (name, value) in &request.headers {
//!     call = call.header(name, value);
//! }
//! let answer = call.body(request.body.clone()).send().await?;
//! let status = answer.status().as_u16();
//! let parsed = parse_response(hwc_kyc::Operation::CheckIdentity, status, &answer.bytes().await?);
//! assert!(matches!(parsed, Ok(ApiResponse::CheckIdentity(r))
//!     if r.check_result == hwc_kyc::model::CheckResult::UsedByUser));
//! # Ok(()) }
//! ```
//!
//! The seeded partner, customers and registrations are listed in the crate's README.
#![deny(missing_docs)]

mod answer;
mod auth;
mod codes;
mod config;
mod fault;
mod handlers;
mod record;
mod server;
mod state;

pub use config::{
    Partner, ReviewOutcome, ReviewTiming, SeedCustomer, SeedStatus, SimConfig, TEST_ACCESS_KEY,
    TEST_AUTH_TOKEN, TEST_DOMAIN_ID, TEST_SECRET_KEY, TEST_XACCOUNT_TYPE,
};
pub use fault::{Fault, FaultParseError, FAULT_HEADER};
pub use record::ReceivedRequest;
pub use server::{SimHandle, Simulator};
