//! The error codes the simulator answers with, by situation. Only the codes live here: statuses
//! and texts are read from core's catalog (`hwc_kyc::catalog::lookup_error`), per operation.

use hwc_kyc::Operation;

/// Parameter error: the body failed core's validation at `Stage::Upstream`.
pub const PARAMETER_ERROR: &str = "CBC.0100";
/// Access denied: another partner's platform ID, or a customer of another partner queried.
pub const ACCESS_DENIED: &str = "CBC.0151";
/// Other errors: what an injected `status=5XX` fault carries.
pub const OTHER_ERROR: &str = "CBC.0999";
/// The customer is not the partner's.
pub const NOT_A_CUSTOMER: &str = "CBC.99000035";
/// A service check failed; the answer lists `fail_check_items`.
pub const CHECK_ITEMS_FAILED: &str = "CBC.99007004";
/// The certificate number has been used by too many users (individual page).
pub const CERTIFICATE_EXHAUSTED: &str = "CBC.99007189";
/// Gateway: AK/SK signature or token refused.
pub const AUTH_FAILED: &str = "APIGW.0301";
/// Gateway: no such API.
pub const NO_SUCH_API: &str = "APIGW.0101";

/// "Already authenticated or under review": each page gives this situation its own code.
pub fn already_authenticated(op: Operation) -> &'static str {
    match op {
        Operation::IndividualRealnameAuth => "CBC.99000027",
        _ => "CBC.99007188",
    }
}

/// "Too many real-name authentication attempts": each page gives it its own code.
pub fn too_many_attempts(op: Operation) -> &'static str {
    match op {
        Operation::IndividualRealnameAuth => "CBC.99000026",
        _ => "CBC.99007191",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::catalog::lookup_error;

    #[test]
    fn every_code_is_in_the_catalog_for_the_operations_that_use_it() {
        let all = [
            PARAMETER_ERROR,
            ACCESS_DENIED,
            OTHER_ERROR,
            AUTH_FAILED,
            NO_SUCH_API,
        ];
        for op in Operation::ALL {
            for code in all {
                assert!(lookup_error(code, Some(op)).is_some_and(|e| e.applies_to(op)));
            }
        }
        for op in [
            Operation::IndividualRealnameAuth,
            Operation::EnterpriseRealnameAuth,
        ] {
            for code in [
                NOT_A_CUSTOMER,
                CHECK_ITEMS_FAILED,
                already_authenticated(op),
                too_many_attempts(op),
            ] {
                let entry = lookup_error(code, Some(op)).expect("in catalog");
                assert!(entry.applies_to(op), "{code} for {op}");
            }
        }
        let individual = Operation::IndividualRealnameAuth;
        assert!(lookup_error(CERTIFICATE_EXHAUSTED, Some(individual))
            .is_some_and(|e| e.applies_to(individual)));
    }

    #[test]
    fn already_authenticated_reads_as_such_on_both_pages() {
        for op in [
            Operation::IndividualRealnameAuth,
            Operation::EnterpriseRealnameAuth,
        ] {
            let text =
                hwc_kyc::describe_error(already_authenticated(op), Some(op), hwc_kyc::Locale::En);
            assert!(text.is_some_and(|t| t.contains("under review")), "{op}");
        }
    }
}
