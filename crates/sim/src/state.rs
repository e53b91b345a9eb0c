//! The simulator's memory: customers, registrations and reviews, and the business rules over them.
//! No HTTP here: the handlers turn these results into answers.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use hwc_kyc::catalog::FAIL_CHECK_ITEMS;
use hwc_kyc::model::{ReviewResult, SearchType};
use hwc_kyc::Operation;

use crate::codes;
use crate::config::{ReviewOutcome, ReviewTiming, SeedStatus, SimConfig};

/// A business refusal: an error code of the operation's page, with `fail_check_items` for
/// `CBC.99007004`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub code: &'static str,
    pub fail_check_items: Vec<String>,
}

impl Refusal {
    fn code(code: &'static str) -> Self {
        Refusal {
            code,
            fail_check_items: Vec::new(),
        }
    }
}

/// check-identity's finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Availability {
    pub used: bool,
    /// For mobile numbers: how many more accounts may use it.
    pub mobile_remaining: Option<u32>,
}

#[derive(Debug, Clone)]
enum Status {
    Fresh,
    UnderReview { since: Instant, queries: u32 },
    Approved,
    Failed { opinion: Option<String> },
}

#[derive(Debug, Clone)]
struct Customer {
    status: Status,
    attempts: u32,
    account_fail_check_items: Vec<String>,
    outcome: ReviewOutcome,
}

/// Everything the simulator remembers.
#[derive(Debug)]
pub(crate) struct State {
    customers: HashMap<String, Customer>,
    names: HashSet<String>,
    emails: HashSet<String>,
    mobiles: HashMap<String, u32>,
    mobile_max: u32,
    exhausted_numbers: HashSet<String>,
    max_attempts: u32,
    review: ReviewTiming,
}

impl State {
    pub fn new(config: &SimConfig) -> Self {
        let customers = config
            .customers
            .iter()
            .map(|c| {
                let status = match c.status {
                    SeedStatus::Fresh => Status::Fresh,
                    SeedStatus::UnderReview => Status::UnderReview {
                        since: Instant::now(),
                        queries: 0,
                    },
                    SeedStatus::Approved => Status::Approved,
                    SeedStatus::Failed => Status::Failed { opinion: None },
                };
                let customer = Customer {
                    status,
                    attempts: c.attempts,
                    account_fail_check_items: c.account_fail_check_items.clone(),
                    outcome: c.review_outcome.clone(),
                };
                (c.customer_id.clone(), customer)
            })
            .collect();
        State {
            customers,
            names: config
                .registered_names
                .iter()
                .map(|n| n.to_ascii_lowercase())
                .collect(),
            emails: config
                .registered_emails
                .iter()
                .map(|e| e.to_ascii_lowercase())
                .collect(),
            mobiles: config.registered_mobiles.iter().cloned().collect(),
            mobile_max: config.mobile_accounts_max,
            exhausted_numbers: config
                .exhausted_certificate_numbers
                .iter()
                .cloned()
                .collect(),
            max_attempts: config.max_attempts,
            review: config.review,
        }
    }

    /// Whether a name, e-mail or mobile number can still be registered.
    pub fn check_identity(&self, search_type: SearchType, value: &str) -> Availability {
        match search_type {
            SearchType::Name => Availability {
                used: self.names.contains(&value.to_ascii_lowercase()),
                mobile_remaining: None,
            },
            SearchType::Email => Availability {
                used: self.emails.contains(&value.to_ascii_lowercase()),
                mobile_remaining: None,
            },
            SearchType::Mobile => {
                let used = self.mobiles.get(value).copied().unwrap_or(0);
                let remaining = self.mobile_max.saturating_sub(used);
                Availability {
                    used: remaining == 0,
                    mobile_remaining: Some(remaining),
                }
            }
        }
    }

    /// A real-name authentication submission, checked in the order the service would: the
    /// customer, its state, its attempts, then the service checks. On success the customer is
    /// under review.
    pub fn submit(
        &mut self,
        op: Operation,
        customer_id: &str,
        verified_number: &str,
        attachments: &[String],
    ) -> Result<(), Refusal> {
        let max_attempts = self.max_attempts;
        let number_exhausted = self.exhausted_numbers.contains(verified_number);
        let customer = self
            .customers
            .get_mut(customer_id)
            .ok_or(Refusal::code(codes::NOT_A_CUSTOMER))?;
        if matches!(
            customer.status,
            Status::UnderReview { .. } | Status::Approved
        ) {
            return Err(Refusal::code(codes::already_authenticated(op)));
        }
        if customer.attempts >= max_attempts {
            return Err(Refusal::code(codes::too_many_attempts(op)));
        }
        let items = fail_check_items(op, &customer.account_fail_check_items, attachments);
        if !items.is_empty() {
            return Err(Refusal {
                code: codes::CHECK_ITEMS_FAILED,
                fail_check_items: items,
            });
        }
        if op == Operation::IndividualRealnameAuth && number_exhausted {
            return Err(Refusal::code(codes::CERTIFICATE_EXHAUSTED));
        }
        customer.attempts += 1;
        customer.status = Status::UnderReview {
            since: Instant::now(),
            queries: 0,
        };
        Ok(())
    }

    /// The review result of a customer's last submission, settling it when its time has come.
    pub fn review_result(
        &mut self,
        customer_id: &str,
    ) -> Result<(ReviewResult, Option<String>), Refusal> {
        let timing = self.review;
        let customer = self
            .customers
            .get_mut(customer_id)
            .ok_or(Refusal::code(codes::ACCESS_DENIED))?;
        if let Status::UnderReview { since, queries } = &mut customer.status {
            *queries += 1;
            let due = match timing {
                ReviewTiming::AfterDelay(d) => since.elapsed() >= d,
                ReviewTiming::AfterQueries(n) => *queries >= n,
            };
            if due {
                customer.status = match &customer.outcome {
                    ReviewOutcome::Approve => Status::Approved,
                    ReviewOutcome::Fail { opinion } => Status::Failed {
                        opinion: Some(opinion.clone()),
                    },
                };
            }
        }
        match &customer.status {
            Status::Fresh => Err(Refusal::code(codes::PARAMETER_ERROR)),
            Status::UnderReview { .. } => Ok((ReviewResult::UnderReview, None)),
            Status::Approved => Ok((ReviewResult::Approved, None)),
            Status::Failed { opinion } => Ok((ReviewResult::Failed, opinion.clone())),
        }
    }
}

/// The documented checks that fail: the customer's account checks (enterprise page, Table 2),
/// or, for an individual, the picture checks (Table 1) whose item name, in lower case, appears in
/// an attachment path (`id/invalid_front_idcard.jpg` → `INVALID_FRONT_IDCARD`).
fn fail_check_items(
    op: Operation,
    account_items: &[String],
    attachments: &[String],
) -> Vec<String> {
    match op {
        Operation::EnterpriseRealnameAuth => account_items.to_vec(),
        Operation::IndividualRealnameAuth => FAIL_CHECK_ITEMS
            .iter()
            .filter(|item| item.operations.contains(&op))
            .filter(|item| {
                let marker = item.code.to_ascii_lowercase();
                attachments
                    .iter()
                    .any(|a| a.to_ascii_lowercase().contains(&marker))
            })
            .map(|item| item.code.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(review: ReviewTiming) -> State {
        State::new(&SimConfig {
            review,
            ..SimConfig::default()
        })
    }

    fn files() -> Vec<String> {
        vec![
            "a/front.jpg".into(),
            "a/back.jpg".into(),
            "a/hold.jpg".into(),
        ]
    }

    const IND: Operation = Operation::IndividualRealnameAuth;
    const ENT: Operation = Operation::EnterpriseRealnameAuth;

    #[test]
    fn registered_values_are_used_ignoring_case_and_others_available() {
        let s = state(ReviewTiming::AfterQueries(1));
        assert!(s.check_identity(SearchType::Name, "Existing-User").used);
        assert!(!s.check_identity(SearchType::Name, "ceshiyonghu001").used);
        assert!(
            s.check_identity(SearchType::Email, "TAKEN@example.com")
                .used
        );
        assert!(!s.check_identity(SearchType::Email, "new@example.com").used);
    }

    #[test]
    fn mobiles_count_remaining_accounts() {
        let s = state(ReviewTiming::AfterQueries(1));
        let full = s.check_identity(SearchType::Mobile, "0086-13800000000");
        assert_eq!((full.used, full.mobile_remaining), (true, Some(0)));
        let some = s.check_identity(SearchType::Mobile, "0086-13900000000");
        assert_eq!((some.used, some.mobile_remaining), (false, Some(3)));
        let new = s.check_identity(SearchType::Mobile, "0044-7700900000");
        assert_eq!((new.used, new.mobile_remaining), (false, Some(5)));
    }

    #[test]
    fn unknown_customer_is_not_a_customer_of_the_partner() {
        let mut s = state(ReviewTiming::AfterQueries(1));
        let err = s.submit(IND, "nobody", "123", &files()).unwrap_err();
        assert_eq!(err.code, "CBC.99000035");
    }

    #[test]
    fn a_second_submission_is_refused_while_under_review_then_approved() {
        let mut s = state(ReviewTiming::AfterQueries(2));
        s.submit(ENT, "cust-enterprise-001", "9111", &files()[..2])
            .unwrap();
        let again = s.submit(ENT, "cust-enterprise-001", "9111", &files()[..2]);
        assert_eq!(again.unwrap_err().code, "CBC.99007188");
        assert_eq!(
            s.review_result("cust-enterprise-001").unwrap().0,
            ReviewResult::UnderReview
        );
        assert_eq!(
            s.review_result("cust-enterprise-001").unwrap().0,
            ReviewResult::Approved
        );
        let after = s.submit(IND, "cust-enterprise-001", "9111", &files());
        assert_eq!(after.unwrap_err().code, "CBC.99000027");
    }

    #[test]
    fn a_failed_review_allows_a_new_attempt_until_attempts_run_out() {
        let mut s = state(ReviewTiming::AfterQueries(1));
        for _ in 0..3 {
            s.submit(IND, "cust-individual-002", "110", &files())
                .unwrap();
            let (result, opinion) = s.review_result("cust-individual-002").unwrap();
            assert_eq!(result, ReviewResult::Failed);
            assert!(opinion.is_some_and(|o| !o.is_empty()));
        }
        let err = s.submit(IND, "cust-individual-002", "110", &files());
        assert_eq!(err.unwrap_err().code, "CBC.99000026");
        let err = s.submit(ENT, "cust-exhausted-001", "110", &files());
        assert_eq!(err.unwrap_err().code, "CBC.99007191");
    }

    #[test]
    fn account_checks_fail_enterprise_submissions_with_their_items() {
        let mut s = state(ReviewTiming::AfterQueries(1));
        let err = s
            .submit(ENT, "cust-org-member-001", "9111", &files()[..2])
            .unwrap_err();
        assert_eq!(err.code, "CBC.99007004");
        assert_eq!(err.fail_check_items, ["IS_ORG_ACCOUNT", "MEM_OF_ORG"]);
    }

    #[test]
    fn picture_checks_named_in_attachment_paths_fail_individual_submissions() {
        let mut s = state(ReviewTiming::AfterQueries(1));
        let paths = vec![
            "id/Invalid_Front_IdCard.jpg".to_string(),
            "id/back.jpg".to_string(),
            "id/pic_size_err.png".to_string(),
        ];
        let err = s
            .submit(IND, "cust-individual-001", "110", &paths)
            .unwrap_err();
        assert_eq!(err.code, "CBC.99007004");
        assert_eq!(
            err.fail_check_items,
            ["PIC_SIZE_ERR", "INVALID_FRONT_IDCARD"]
        );
    }

    #[test]
    fn an_exhausted_certificate_number_is_refused_for_individuals() {
        let mut s = state(ReviewTiming::AfterQueries(1));
        let err = s
            .submit(IND, "cust-individual-001", "110101199003077777", &files())
            .unwrap_err();
        assert_eq!(err.code, "CBC.99007189");
    }

    #[test]
    fn review_result_of_unknown_or_never_submitted_customers_is_refused() {
        let mut s = state(ReviewTiming::AfterQueries(1));
        assert_eq!(s.review_result("nobody").unwrap_err().code, "CBC.0151");
        assert_eq!(
            s.review_result("cust-individual-001").unwrap_err().code,
            "CBC.0100"
        );
        assert_eq!(
            s.review_result("cust-verified-001").unwrap().0,
            ReviewResult::Approved
        );
    }
}
