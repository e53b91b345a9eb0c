//! What the simulator knows before the first request: the partner's credentials, the seeded
//! customers and registrations, the review timing and the default fault.
//!
//! Every secret here is a **test-only** value, published in this crate's README: never use it
//! against the real service.

use std::time::Duration;

use crate::fault::Fault;

/// Access key (AK) of the seeded partner. Test-only.
pub const TEST_ACCESS_KEY: &str = "HWCKYCSIMULATORAK0001";
/// Secret key (SK) of the seeded partner. Test-only, published.
pub const TEST_SECRET_KEY: &str = "hwc-kyc-sim-test-only-secret-key-0001";
/// Domain (account) id of the seeded partner, expected in `X-Domain-Id` with AK/SK calls.
pub const TEST_DOMAIN_ID: &str = "hwckycsimulatordomain00000000001";
/// IAM token of the seeded partner, accepted in `X-Auth-Token`. Test-only, published.
pub const TEST_AUTH_TOKEN: &str = "hwc-kyc-sim-test-only-iam-token-0001";
/// Platform ID (`xaccount_type`) Huawei assigned to the seeded partner.
pub const TEST_XACCOUNT_TYPE: &str = "HWC_KYC_IDP";

/// The partner calling the simulator: its credentials and platform ID.
///
/// ```
/// let partner = hwc_kyc_sim::Partner::default();
/// assert_eq!(partner.access_key, hwc_kyc_sim::TEST_ACCESS_KEY);
/// assert_eq!(partner.xaccount_type, "HWC_KYC_IDP");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Partner {
    /// The access key an AK/SK signature must name.
    pub access_key: String,
    /// The secret key signatures are checked with.
    pub secret_key: String,
    /// The `X-Domain-Id` an AK/SK call must carry (`None`: not checked).
    pub domain_id: Option<String>,
    /// The token accepted in `X-Auth-Token` (`None`: token calls refused).
    pub auth_token: Option<String>,
    /// The only `xaccount_type` the partner may send.
    pub xaccount_type: String,
}

impl Default for Partner {
    fn default() -> Self {
        Partner {
            access_key: TEST_ACCESS_KEY.into(),
            secret_key: TEST_SECRET_KEY.into(),
            domain_id: Some(TEST_DOMAIN_ID.into()),
            auth_token: Some(TEST_AUTH_TOKEN.into()),
            xaccount_type: TEST_XACCOUNT_TYPE.into(),
        }
    }
}

impl std::fmt::Debug for Partner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Partner")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("domain_id", &self.domain_id)
            .field("auth_token", &self.auth_token.as_ref().map(|_| "***"))
            .field("xaccount_type", &self.xaccount_type)
            .finish()
    }
}

/// Where a seeded customer stands in real-name authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedStatus {
    /// Never authenticated: may submit.
    Fresh,
    /// Submitted; the review settles as [`SimConfig::review`] says.
    UnderReview,
    /// Authenticated: submissions are refused.
    Approved,
    /// The last review failed: may submit again while attempts remain.
    Failed,
}

/// How a review of this customer ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// `review_result` 2.
    Approve,
    /// `review_result` 1, with the reviewer's opinion.
    Fail {
        /// The `opinion` the review-result query returns.
        opinion: String,
    },
}

/// A customer of the partner, as seeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedCustomer {
    /// The customer account ID.
    pub customer_id: String,
    /// What this customer demonstrates (shown by the proxy's demo).
    pub description: String,
    /// Where it stands.
    pub status: SeedStatus,
    /// Real-name authentication attempts already used.
    pub attempts: u32,
    /// Account checks that fail for an enterprise submission (`CBC.99007004`), e.g. `IS_DEBT`.
    pub account_fail_check_items: Vec<String>,
    /// How its next review ends.
    pub review_outcome: ReviewOutcome,
}

impl SeedCustomer {
    /// A fresh customer whose review will be approved.
    ///
    /// ```
    /// use hwc_kyc_sim::{SeedCustomer, SeedStatus};
    /// let c = SeedCustomer::fresh("cust-1", "a new customer");
    /// assert_eq!((c.status, c.attempts), (SeedStatus::Fresh, 0));
    /// ```
    pub fn fresh(customer_id: &str, description: &str) -> Self {
        SeedCustomer {
            customer_id: customer_id.into(),
            description: description.into(),
            status: SeedStatus::Fresh,
            attempts: 0,
            account_fail_check_items: Vec::new(),
            review_outcome: ReviewOutcome::Approve,
        }
    }
}

/// When a submission under review gets its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewTiming {
    /// Settled this long after the submission (checked when the result is queried).
    AfterDelay(Duration),
    /// Settled at the n-th review-result query after the submission (deterministic tests):
    /// the first `n - 1` queries answer "under review".
    AfterQueries(u32),
}

/// Everything the simulator is configured with.
///
/// ```
/// let config = hwc_kyc_sim::SimConfig::default();
/// assert!(config.customers.iter().any(|c| c.customer_id == "cust-individual-001"));
/// assert_eq!(config.max_attempts, 3);
/// ```
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The partner and its credentials.
    pub partner: Partner,
    /// The partner's customers.
    pub customers: Vec<SeedCustomer>,
    /// Account names already registered (compared ignoring ASCII case).
    pub registered_names: Vec<String>,
    /// E-mail addresses already registered (compared ignoring ASCII case).
    pub registered_emails: Vec<String>,
    /// Mobile numbers and how many accounts already use each.
    pub registered_mobiles: Vec<(String, u32)>,
    /// How many accounts one mobile number may register.
    pub mobile_accounts_max: u32,
    /// Certificate numbers already used by the maximum number of users (`CBC.99007189`).
    pub exhausted_certificate_numbers: Vec<String>,
    /// Real-name authentication attempts a customer has.
    pub max_attempts: u32,
    /// When reviews settle.
    pub review: ReviewTiming,
    /// Send `is_review` as the string `"1"`, as the pages' example responses do, instead of the
    /// integer the SDKs declare.
    pub is_review_as_string: bool,
    /// A fault applied to every request without an `X-Sim-Fault` header.
    pub fault: Option<Fault>,
    /// How many of the latest requests to keep for [`Simulator::received`] (0: none; the count
    /// of [`Simulator::received_count`] is kept anyway). Each kept request holds its body, so
    /// keep this small outside tests.
    ///
    /// [`Simulator::received`]: crate::Simulator::received
    /// [`Simulator::received_count`]: crate::Simulator::received_count
    pub record_requests: usize,
}

fn seeded_customers() -> Vec<SeedCustomer> {
    let fail_face = hwc_kyc::describe_fail_check_item("INVALID_IDCARD_FACE", hwc_kyc::Locale::En)
        .unwrap_or_default()
        .to_string();
    vec![
        SeedCustomer::fresh(
            "cust-individual-001",
            "Individual, never authenticated; the review approves.",
        ),
        SeedCustomer {
            review_outcome: ReviewOutcome::Fail { opinion: fail_face },
            ..SeedCustomer::fresh(
                "cust-individual-002",
                "Individual, never authenticated; the review fails (blurred handheld photo).",
            )
        },
        SeedCustomer::fresh(
            "cust-enterprise-001",
            "Enterprise, never authenticated; the review approves.",
        ),
        SeedCustomer {
            status: SeedStatus::Approved,
            attempts: 1,
            ..SeedCustomer::fresh(
                "cust-verified-001",
                "Already authenticated: submissions are refused.",
            )
        },
        SeedCustomer {
            status: SeedStatus::UnderReview,
            attempts: 1,
            ..SeedCustomer::fresh(
                "cust-review-001",
                "Submission under review: submissions are refused; the review approves.",
            )
        },
        SeedCustomer {
            account_fail_check_items: vec!["IS_DEBT".into()],
            ..SeedCustomer::fresh(
                "cust-arrears-001",
                "Account in arrears: enterprise submissions fail the IS_DEBT check.",
            )
        },
        SeedCustomer {
            account_fail_check_items: vec!["IS_ORG_ACCOUNT".into(), "MEM_OF_ORG".into()],
            ..SeedCustomer::fresh(
                "cust-org-member-001",
                "Member of an organization: enterprise submissions fail two account checks.",
            )
        },
        SeedCustomer {
            status: SeedStatus::Failed,
            attempts: 3,
            ..SeedCustomer::fresh(
                "cust-exhausted-001",
                "Every real-name authentication attempt used.",
            )
        },
    ]
}

impl Default for SimConfig {
    /// The seeded partner, customers and registrations documented in the README; reviews settle
    /// 5 seconds after submission; no fault.
    fn default() -> Self {
        SimConfig {
            partner: Partner::default(),
            customers: seeded_customers(),
            registered_names: vec![
                "existing-user".into(),
                "hwc-kyc-demo".into(),
                "ceshiyonghu002".into(),
            ],
            registered_emails: vec!["taken@example.com".into(), "admin@example.org".into()],
            registered_mobiles: vec![
                ("0086-13800000000".into(), 5),
                ("0086-13900000000".into(), 2),
            ],
            mobile_accounts_max: 5,
            exhausted_certificate_numbers: vec!["110101199003077777".into()],
            max_attempts: 3,
            review: ReviewTiming::AfterDelay(Duration::from_secs(5)),
            is_review_as_string: false,
            fault: None,
            record_requests: 0,
        }
    }
}
