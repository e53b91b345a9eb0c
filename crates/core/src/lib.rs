//! # hwc-kyc
//!
//! The rules of Huawei Cloud's Partner Center customer-onboarding APIs, written once: check that an
//! account name, e-mail or mobile can be registered (`checkIdentity`), and submit an individual's
//! (`individualRealnameAuth`) or an enterprise's (`enterpriseRealnameAuth`) real-name
//! authentication. The same code runs in the browser (the `hwc-kyc` npm package, WebAssembly) and
//! in a partner's backend, so a form shows exactly what the backend will say.
//!
//! Plain Rust: no I/O, no async, no wasm-bindgen; compiles for `wasm32-unknown-unknown`.
//!
//! ```
//! use hwc_kyc::{json, validate, Locale, Operation, Options, Stage};
//!
//! // A form as the browser holds it: enums as strings, no partner-side fields.
//! let form = json::parse(br#"{
//!     "customer_id": "4505ce7c6de8263e33b57e76abc",
//!     "verified_file_url": ["license/front.jpg", "license/back.jpg"],
//!     "corp_name": "Example Ltd",
//!     "verified_number": "91110000600037",
//!     "certificate_type": "0",
//!     "reg_country": "cn"
//! }"#).unwrap();
//! let options = Options::default().stage(Stage::Form).locale(Locale::ZhCn);
//! let issues = validate(Operation::EnterpriseRealnameAuth, &form, &options).unwrap_err();
//! assert_eq!(issues.len(), 1);
//! assert_eq!(issues[0].path_string(), "reg_country");
//! assert_eq!(issues[0].code.as_str(), "invalid_country");
//! assert_eq!(issues[0].message, "请填写两位大写的国家或地区代码，例如 CN。");
//! ```
//!
//! Then, in the backend: fill the partner-side fields, validate for [`Stage::Upstream`], build the
//! request with [`Valid::build`], sign it (feature `signing`), send it, and read the answer with
//! [`parse_response`].
#![deny(missing_docs)]

mod build_request;
pub mod catalog;
pub mod input;
pub mod issue;
pub mod json;
pub mod lean_std;
mod locale;
pub mod messages;
pub mod model;
mod operation;
pub mod pack;
pub mod request;
mod response;
pub mod rules;
#[cfg(feature = "signing")]
pub mod signing;
mod validate;
pub mod wire;

pub use build_request::JSON_CONTENT_TYPE;
pub use catalog::{describe_error, describe_fail_check_item, ErrorKind};
pub use issue::{Issue, IssueCode, ParamValue, PathSegment};
pub use locale::Locale;
pub use operation::Operation;
pub use request::HttpRequest;
pub use response::{
    parse_response, ApiError, ApiResponse, CheckIdentityResult, RealnameAuthResult,
    ReviewResultInfo, SUCCESS_CODE,
};
pub use validate::{
    allowed_values, check_attachment, field_context, parse_path, validate, validate_as,
    validate_field, validate_field_node, validate_json, validate_node, validate_node_as,
    validate_node_ref, AllowedValues, Form, Options, Stage, Valid, ValidRef, ValidRequest,
    ENUM_FIELDS, FIELD_CONTEXT,
};
