//! The client's calls, and what a successful one returns.

use hwc_kyc::Operation;

/// One method of the client: the four operations of core, and the partner proxy's upload.
///
/// ```
/// use hwc_kyc_client::Call;
/// assert_eq!(Call::CheckIdentity.js_name(), "checkIdentity");
/// assert!(Call::CheckIdentity.retries_reads());
/// assert!(!Call::IndividualRealnameAuth.retries_reads());
/// assert!(Call::IndividualRealnameAuth.sends_idempotency_key());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    /// `checkIdentity` / [`Operation::CheckIdentity`].
    CheckIdentity,
    /// `submitIndividual` / [`Operation::IndividualRealnameAuth`].
    IndividualRealnameAuth,
    /// `submitEnterprise` / [`Operation::EnterpriseRealnameAuth`].
    EnterpriseRealnameAuth,
    /// `reviewResult` / [`Operation::ReviewResult`].
    ReviewResult,
    /// `uploadAttachment`: `POST /uploads` of the partner proxy (no Huawei Cloud operation).
    UploadAttachment,
}

impl Call {
    /// The core operation, `None` for the upload.
    pub const fn operation(self) -> Option<Operation> {
        match self {
            Call::CheckIdentity => Some(Operation::CheckIdentity),
            Call::IndividualRealnameAuth => Some(Operation::IndividualRealnameAuth),
            Call::EnterpriseRealnameAuth => Some(Operation::EnterpriseRealnameAuth),
            Call::ReviewResult => Some(Operation::ReviewResult),
            Call::UploadAttachment => None,
        }
    }

    /// The name in JavaScript: the operation's (`"checkIdentity"`, …) or `"uploadAttachment"`.
    pub const fn js_name(self) -> &'static str {
        match self.operation() {
            Some(op) => op.js_name(),
            None => "uploadAttachment",
        }
    }

    /// Whether the call is a read that may be sent again on 429 or 503: check-identity and the
    /// review result.
    pub const fn retries_reads(self) -> bool {
        matches!(self, Call::CheckIdentity | Call::ReviewResult)
    }

    /// Whether the call sends an `Idempotency-Key` (a fresh one per call, the same on each of its
    /// attempts): the submissions and the upload, which are repeated with it after a network
    /// error or a 409/502/503/504 (see [`crate::retry`]); the proxy forwards them once per key.
    pub const fn sends_idempotency_key(self) -> bool {
        !self.retries_reads()
    }
}

impl From<Operation> for Call {
    fn from(op: Operation) -> Call {
        match op {
            Operation::CheckIdentity => Call::CheckIdentity,
            Operation::IndividualRealnameAuth => Call::IndividualRealnameAuth,
            Operation::EnterpriseRealnameAuth => Call::EnterpriseRealnameAuth,
            Operation::ReviewResult => Call::ReviewResult,
        }
    }
}

impl core::fmt::Display for Call {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.js_name())
    }
}

/// A successful call: the typed answer and the request id the call sent in `X-Request-Id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent<T> {
    /// The answer.
    pub value: T,
    /// The id sent as `X-Request-Id` (the same on every attempt of the call).
    pub request_id: String,
}
