//! Arbitrary (operation, HTTP status, body bytes) into `parse_response`.
//!
//! Invariants: no panic; a success only with a 2xx status, a JSON object body without a failure
//! `error_code`, and the variant of the operation; the verdict does not depend on which 2xx status;
//! an error names the operation and status, keeps the body's `error_code`, says why when it is
//! malformed, and displays as `HTTP <status> ...`.

#![no_main]

use hwc_kyc::json::{self, Value};
use hwc_kyc::{parse_response, ApiResponse, ErrorKind, Locale, Operation, SUCCESS_CODE};
use libfuzzer_sys::fuzz_target;

/// The status, biased so the 2xx and the documented error statuses come up often.
fn status(selector: u8, raw: u16) -> u16 {
    const ERRORS: [u16; 8] = [400, 401, 403, 404, 429, 500, 502, 503];
    match selector % 4 {
        0 => 200,
        1 => 200 + raw % 100,
        2 => ERRORS[usize::from(raw) % ERRORS.len()],
        _ => raw,
    }
}

fuzz_target!(|input: (u8, u8, u16, &[u8])| {
    let (op, selector, raw, body) = input;
    let op = Operation::ALL[usize::from(op) % Operation::ALL.len()];
    let status = status(selector, raw);
    let parsed = json::parse(body).ok();
    let error_code = parsed
        .as_ref()
        .and_then(|v| v.get("error_code"))
        .and_then(Value::as_str);
    let result = parse_response(op, status, body);
    match &result {
        Ok(answer) => {
            assert!((200..300).contains(&status), "success with HTTP {status}");
            assert!(parsed.as_ref().is_some_and(|v| v.as_object().is_some()));
            assert!(
                error_code.is_none_or(|c| c == SUCCESS_CODE),
                "{error_code:?}"
            );
            let variant_fits = matches!(
                (op, answer),
                (Operation::CheckIdentity, ApiResponse::CheckIdentity(_))
                    | (
                        Operation::IndividualRealnameAuth,
                        ApiResponse::RealnameAuth(_)
                    )
                    | (
                        Operation::EnterpriseRealnameAuth,
                        ApiResponse::RealnameAuth(_)
                    )
                    | (Operation::ReviewResult, ApiResponse::ReviewResult(_))
            );
            assert!(variant_fits, "{op} answered with {answer:?}");
        }
        Err(err) => {
            assert_eq!((err.operation, err.status), (op, status));
            let shown = err.to_string();
            assert!(shown.starts_with(&format!("HTTP {status}")), "{shown:?}");
            assert!(shown.len() > format!("HTTP {status}").len(), "{shown:?}");
            if err.kind == ErrorKind::Malformed {
                assert!(err.detail.is_some(), "malformed without a reason: {err:?}");
            }
            let body_is_object = parsed.as_ref().is_some_and(|v| v.as_object().is_some());
            let is_2xx = (200..300).contains(&status);
            let failure_code = error_code.is_some_and(|c| c != SUCCESS_CODE);
            if body_is_object && (!is_2xx || failure_code) {
                // An error answer: its code is the body's.
                assert_eq!(err.code.as_deref(), error_code, "{err:?}");
            }
            if is_2xx && failure_code {
                assert_ne!(err.kind, ErrorKind::Malformed, "{err:?}");
            }
            if is_2xx && !failure_code {
                // A success answer that cannot be read.
                assert_eq!(err.kind, ErrorKind::Malformed, "{err:?}");
            }
            for issue in &err.issues {
                let names: Vec<&str> = issue.params.iter().map(|(n, _)| *n).collect();
                let declared = issue.code.params();
                assert!(
                    names.iter().all(|n| declared.contains(n)),
                    "undeclared param: {issue:?}"
                );
            }
            for locale in Locale::ALL {
                let _ = err.description(locale);
                let items = err.fail_check_descriptions(locale);
                assert_eq!(items.len(), err.fail_check_items.len());
            }
        }
    }
    // Which 2xx status carries the answer does not change it.
    if (200..300).contains(&status) && status != 200 {
        let at_200 = parse_response(op, 200, body);
        match (&result, &at_200) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!((a.kind, &a.code), (b.kind, &b.code)),
            _ => panic!("HTTP {status} and HTTP 200 disagree: {result:?} / {at_200:?}"),
        }
    }
});
