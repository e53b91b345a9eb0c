//! # hwc-kyc-client
//!
//! The thin fetch client of hwc-kyc: a browser (or Node ≥ 20) front end calls one method per
//! operation on its partner proxy (`hwc-kyc-proxy` or one like it) and gets a typed answer or a
//! typed [`ClientError`]. Each call
//!
//! 1. validates the value with core ([`hwc_kyc::validate`] at [`hwc_kyc::Stage::Form`], or
//!    [`hwc_kyc::check_attachment`] for an upload): an invalid value sends nothing and returns
//!    [`ClientError::Invalid`] with every issue;
//! 2. builds the request with core's builder and sends it to `{base_url}{path}` with gloo-net
//!    (the global `fetch`, so browsers, workers and Node ≥ 20 alike), with an `X-Request-Id`
//!    that results and errors report, the bearer token of the token provider, the client's
//!    headers and `Accept-Language`;
//! 3. stops at the call's deadline ([`ClientError::Timeout`]) or when the caller's `AbortSignal`
//!    fires ([`ClientError::Aborted`]);
//! 4. reads the answer with core's parser ([`hwc_kyc::parse_response`]); reads (check-identity,
//!    review result) answered 429 or 503 are sent again at most twice, after the wait
//!    `Retry-After` asks for when it ends before the deadline ([`retry`]). Submissions and
//!    uploads carry a fresh `Idempotency-Key` per call and are sent again with it, at most
//!    twice, after a network error or a 409/502/503/504: the proxy forwards a key's request
//!    once and answers repeats with the first answer.
//!
//! `KycClient` exists on `wasm32` only (its transport is fetch). On other targets this crate
//! builds only its target-independent parts ([`ClientError`], [`retry`], [`plan`],
//! [`engine::decide`], [`upload`]), which the workspace's native tests cover.
//!
//! The npm package's `KycClient` makes the same decisions with the same code: it calls
//! [`plan::form_request`] and [`plan::headers`] for what to send and [`engine::decide`] for each
//! answer (through `hwc-kyc-wasm`), and does only the fetch, timers and abort in JavaScript.
//!
//! ```ignore
//! // In a Leptos or Yew component (wasm32):
//! use hwc_kyc::{json, Locale};
//! use hwc_kyc_client::{CallOptions, ClientError, KycClient};
//!
//! let client = KycClient::new("https://kyc.example.com")
//!     .with_locale(Locale::Es)
//!     .with_token(|| async { Ok(Some(session_token())) });
//! let form = json::parse(br#"{"search_type":"email","search_value":"wang@example.com"}"#).unwrap();
//! match client.check_identity(&form, &CallOptions::default()).await {
//!     Ok(sent) => show(sent.value.check_result),
//!     Err(ClientError::Invalid { issues, .. }) => show_issues(issues),
//!     Err(e) => show_error(e.kind(), e.request_id()),
//! }
//! ```
#![deny(missing_docs)]

mod call;
pub mod engine;
mod error;
pub mod plan;
pub mod retry;
pub mod upload;

#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod fetch;

pub use call::{Call, Sent};
pub use error::{ClientError, HttpError};
pub use upload::UploadedFile;

#[cfg(target_arch = "wasm32")]
pub use client::{CallOptions, KycClient, TokenFuture, DEFAULT_TIMEOUT};
