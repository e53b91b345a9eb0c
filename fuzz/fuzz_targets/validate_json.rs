//! Arbitrary bytes as the JSON body of every operation, at both stages.
//!
//! Invariants: an accepted body builds and its built request validates again to the same value;
//! a refused one has at least one issue, each well formed (non-blank message, exactly the
//! declared params, a path into the input, or one `invalid_json` at the root for non-JSON).

#![no_main]

use hwc_kyc::{json, validate_json, Locale, Operation, Options};
use hwc_kyc_fuzz::{assert_issue_well_formed, assert_valid_round_trip, STAGES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = json::parse(data).ok();
    // The locale only changes messages; vary it with the input instead of tripling the work.
    let locale = Locale::ALL[data.len() % Locale::ALL.len()];
    for op in Operation::ALL {
        for stage in STAGES {
            let options = Options::default().stage(stage).locale(locale);
            match validate_json(op, data, &options) {
                Ok(valid) => {
                    assert!(parsed.is_some(), "accepted a body that does not parse");
                    assert_valid_round_trip(op, &valid, &options);
                }
                Err(issues) => {
                    assert!(!issues.is_empty(), "refused without an issue");
                    if parsed.is_none() {
                        assert_eq!(issues.len(), 1, "non-JSON gives one issue: {issues:?}");
                    }
                    for issue in &issues {
                        assert_issue_well_formed(issue, parsed.as_ref());
                    }
                }
            }
        }
    }
});
