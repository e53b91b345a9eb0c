//! The Partner Center operations this crate knows, with their methods and paths.

/// One of the Partner Center operations of the customer-onboarding flow.
///
/// The JavaScript names (`checkIdentity`, ...) are what the npm package, the demo URLs and the
/// conformance vectors use.
///
/// ```
/// use hwc_kyc::Operation;
/// let op = Operation::from_js_name("enterpriseRealnameAuth").unwrap();
/// assert_eq!(op, Operation::EnterpriseRealnameAuth);
/// assert_eq!(op.path(), "/v2/customers/realname-auths/enterprise");
/// assert_eq!(op.method(), "POST");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Operation {
    /// `POST /v2/partners/sub-customers/users/check-identity` (CheckUserIdentity).
    CheckIdentity,
    /// `POST /v2/customers/realname-auths/individual` (CreatePersonalRealnameAuth).
    IndividualRealnameAuth,
    /// `POST /v2/customers/realname-auths/enterprise` (CreateEnterpriseRealnameAuthentication).
    EnterpriseRealnameAuth,
    /// `GET /v2/customers/realname-auths/result?customer_id=...` (the review result of a submission).
    ReviewResult,
}

impl Operation {
    /// Every operation.
    pub const ALL: [Operation; 4] = [
        Operation::CheckIdentity,
        Operation::IndividualRealnameAuth,
        Operation::EnterpriseRealnameAuth,
        Operation::ReviewResult,
    ];

    /// The name used in JavaScript, URLs and vector files (`"checkIdentity"`, ...).
    pub const fn js_name(self) -> &'static str {
        match self {
            Operation::CheckIdentity => "checkIdentity",
            Operation::IndividualRealnameAuth => "individualRealnameAuth",
            Operation::EnterpriseRealnameAuth => "enterpriseRealnameAuth",
            Operation::ReviewResult => "reviewResult",
        }
    }

    /// The operation for a JavaScript name, or `None`.
    pub fn from_js_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.js_name() == name)
    }

    /// The HTTP method.
    pub const fn method(self) -> &'static str {
        match self {
            Operation::ReviewResult => "GET",
            _ => "POST",
        }
    }

    /// The documented path, without query.
    pub const fn path(self) -> &'static str {
        match self {
            Operation::CheckIdentity => "/v2/partners/sub-customers/users/check-identity",
            Operation::IndividualRealnameAuth => "/v2/customers/realname-auths/individual",
            Operation::EnterpriseRealnameAuth => "/v2/customers/realname-auths/enterprise",
            Operation::ReviewResult => "/v2/customers/realname-auths/result",
        }
    }
}

impl core::fmt::Display for Operation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.js_name())
    }
}
