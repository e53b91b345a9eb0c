//! ISSUE_CODES.md at the repository root is the documented table of every issue code; it is
//! generated from `IssueCode` and this test keeps the two equal. Regenerate with
//! `UPDATE_ISSUE_CODES=1 cargo test -p hwc-kyc --test issue_codes_doc`.

use hwc_kyc::messages::template;
use hwc_kyc::{IssueCode, Locale};

fn generate() -> String {
    let mut out = String::from(
        "# Issue codes\n\n\
         Every issue that validation reports has one of these codes (stable, snake_case) and the \
         params listed, which its message interpolates. Generated from `IssueCode` in \
         crates/core/src/issue.rs and the templates in crates/core/src/messages.rs; \
         `cargo test -p hwc-kyc --test issue_codes_doc` fails when this file is stale.\n\n\
         | code | params | meaning | message (en) |\n|---|---|---|---|\n",
    );
    for &code in IssueCode::ALL {
        let params = code
            .params()
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            code.as_str(),
            if params.is_empty() {
                "—".to_string()
            } else {
                params
            },
            code.doc().replace('|', "\\|"),
            template(code, Locale::En).replace('|', "\\|"),
        ));
    }
    out
}

#[test]
fn issue_codes_doc_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ISSUE_CODES.md");
    let want = generate();
    if std::env::var_os("UPDATE_ISSUE_CODES").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "ISSUE_CODES.md is stale: run UPDATE_ISSUE_CODES=1 cargo test -p hwc-kyc --test issue_codes_doc"
    );
}

#[test]
fn codes_are_unique_snake_case_and_parse_back() {
    let mut seen = std::collections::HashSet::new();
    for &code in IssueCode::ALL {
        let s = code.as_str();
        assert!(seen.insert(s), "{s} twice");
        assert!(
            s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{s}"
        );
        assert_eq!(IssueCode::parse(s), Some(code));
    }
    for other in [
        "",
        "Required",
        "required ",
        "too-long",
        "unknown",
        "requiredx",
    ] {
        assert_eq!(IssueCode::parse(other), None, "{other:?}");
    }
}
