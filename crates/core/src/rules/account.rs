//! check-identity's formats: mobile number, e-mail address, account name.
//!
//! Hand-written matchers instead of the documented regexes (the `regex` crate would cost more
//! than the whole browser build); property tests prove they accept exactly what the regexes do.

use super::limits::{ACCOUNT_NAME_MAX, ACCOUNT_NAME_MIN};

/// Prefixes an account name may not start with, compared case-insensitively.
pub const RESERVED_PREFIXES: [&str; 2] = ["op_", "shadow_"];

/// The mobile format a message shows.
pub const MOBILE_FORMAT: &str = "00XX-XXXXXXXX";

/// The documented regex `^\d{4}-\d+$` (with ASCII digits): four digits, a hyphen, one or more
/// digits.
///
/// ```
/// use hwc_kyc::rules::account::matches_mobile_pattern;
/// assert!(matches_mobile_pattern("0086-13800000000"));
/// assert!(!matches_mobile_pattern("86-13800000000"));
/// ```
pub fn matches_mobile_pattern(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 6
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
}

/// A mobile number as check-identity takes it: the pattern, and the country code starts with 00.
///
/// ```
/// use hwc_kyc::rules::account::is_mobile;
/// assert!(is_mobile("0086-13800000000"));
/// assert!(!is_mobile("1086-13800000000"));
/// ```
pub fn is_mobile(s: &str) -> bool {
    matches_mobile_pattern(s) && s.starts_with("00")
}

/// An e-mail address as check-identity takes it (api-docs/README.md decision): the WHATWG "valid
/// e-mail address" grammar, the one `<input type="email">` applies, where a non-ASCII character
/// also counts as allowed in the local part and in a domain label (so internationalized addresses
/// such as `用户@例子.中国` pass), with exactly one `@` and at least one dot in the domain. White
/// space and control characters stay refused beyond ASCII too (U+00A0, U+3000, U+0085: a pasted
/// address's stray space is never part of it). The local
/// part is one or more of ASCII letters, digits, `.` and ``!#$%&'*+/=?^_`{|}~-``; each domain label
/// is 1 to 63 UTF-16 units of letters, digits and `-`, neither starting nor ending with `-`. The
/// 64-unit limit of `search_value` is a separate rule.
///
/// ```
/// use hwc_kyc::rules::account::is_email;
/// assert!(is_email("wang@example.com"));
/// assert!(is_email("用户@例子.中国"));
/// assert!(!is_email("wang@example"));
/// assert!(!is_email("wang@@example.com"));
/// assert!(!is_email("a<b>@c.com"));
/// assert!(!is_email("a@[1.2.3.4]"));
/// ```
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || (c.is_ascii() && EMAIL_LOCAL_SYMBOLS.contains(&(c as u8)))
                || is_email_non_ascii(c)
        })
        && is_dotted_domain(domain)
}

/// The symbols WHATWG's grammar allows in an e-mail address's local part besides letters and
/// digits (RFC 5322 `atext`, and `.`).
const EMAIL_LOCAL_SYMBOLS: &[u8] = b".!#$%&'*+/=?^_`{|}~-";

/// A non-ASCII character an address may hold: any but white space and control characters.
fn is_email_non_ascii(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !c.is_control()
}

/// The most UTF-16 units a domain label may have (WHATWG's `{0,61}` between two end characters).
const DOMAIN_LABEL_MAX: usize = 63;

/// Two or more labels joined by single dots, each label 1–63 UTF-16 units of letters, digits
/// (ASCII, or non-ASCII but for white space and controls) and inner hyphens.
fn is_dotted_domain(domain: &str) -> bool {
    let mut labels = 1;
    let mut units = 0; // UTF-16 units of the current label
    let mut last = '.'; // the current label's last character, '.' while it is empty
    for c in domain.chars() {
        if c == '.' {
            if units == 0 || last == '-' {
                return false;
            }
            labels += 1;
            units = 0;
        } else if c.is_ascii_alphanumeric() || is_email_non_ascii(c) || (c == '-' && units > 0) {
            units += c.len_utf16();
            if units > DOMAIN_LABEL_MAX {
                return false;
            }
        } else {
            return false;
        }
        last = c;
    }
    labels >= 2 && units > 0 && last != '-'
}

/// The documented regex `^([a-zA-Z-]([a-zA-Z0-9_-]){4,31})$`: 5 to 32 ASCII letters, digits, `_`
/// or `-`, the first a letter or `-`.
///
/// ```
/// use hwc_kyc::rules::account::matches_account_name_pattern;
/// assert!(matches_account_name_pattern("ceshiyonghu001"));
/// assert!(!matches_account_name_pattern("_abcde"));
/// assert!(!matches_account_name_pattern("abcd"));
/// ```
pub fn matches_account_name_pattern(s: &str) -> bool {
    let b = s.as_bytes();
    (ACCOUNT_NAME_MIN..=ACCOUNT_NAME_MAX).contains(&b.len())
        && (b[0].is_ascii_alphabetic() || b[0] == b'-')
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
}

/// The reserved prefix `s` starts with, whatever its case.
///
/// ```
/// use hwc_kyc::rules::account::reserved_prefix;
/// assert_eq!(reserved_prefix("OP_admin"), Some("op_"));
/// assert_eq!(reserved_prefix("operator"), None);
/// ```
pub fn reserved_prefix(s: &str) -> Option<&'static str> {
    RESERVED_PREFIXES
        .into_iter()
        .find(|p| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

/// True when `s` is non-empty and only ASCII digits ("cannot contain only digits").
pub fn is_all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    fn mobile_re() -> Regex {
        // `\d` in the page means ASCII digits (as Java reads it); `(?-u)` makes the regex crate agree.
        Regex::new(r"(?-u)^\d{4}-\d+$").unwrap()
    }

    /// WHATWG's "valid e-mail address" with non-ASCII characters but white space and controls
    /// (all BMP in the generators, so counting characters is counting UTF-16 units) allowed in
    /// the local part and in labels, and at least one dot in the domain.
    fn email_re() -> &'static Regex {
        static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(build_email_re);
        &RE
    }

    fn build_email_re() -> Regex {
        let non_ascii = r"\x{80}-\x{10FFFF}&&[^\p{White_Space}\p{Cc}]";
        let end = format!(r"[a-zA-Z0-9[{non_ascii}]]");
        let label = format!(r"{end}(?:[a-zA-Z0-9\-[{non_ascii}]]{{0,61}}{end})?");
        Regex::new(&format!(
            r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{{|}}~\-[{non_ascii}]]+@{label}(?:\.{label})+$"
        ))
        .unwrap()
    }

    fn name_re() -> Regex {
        Regex::new(r"^([a-zA-Z-]([a-zA-Z0-9_-]){4,31})$").unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn email_matcher_equals_the_whatwg_grammar(
            s in "[aZ9.@!~`|<>,\\[\\]\\- \t用é\u{a0}\u{85}\u{3000}\u{feff}]{0,16}"
        ) {
            prop_assert_eq!(is_email(&s), email_re().is_match(&s));
        }

        #[test]
        fn email_matcher_equals_the_grammar_on_address_shapes(
            local in "[a.+_\\-é<]{0,4}",
            labels in proptest::collection::vec("[a9\\-中_]{0,4}", 0..4),
        ) {
            let s = format!("{local}@{}", labels.join("."));
            prop_assert_eq!(is_email(&s), email_re().is_match(&s));
        }

        #[test]
        fn email_matcher_equals_the_grammar_on_any_text(s in "\\PC{0,12}") {
            prop_assert_eq!(is_email(&s), email_re().is_match(&s));
        }

        #[test]
        fn mobile_matcher_equals_documented_regex(s in "[0-9\\-a٣ ]{0,12}") {
            prop_assert_eq!(matches_mobile_pattern(&s), mobile_re().is_match(&s));
        }

        #[test]
        fn mobile_matcher_equals_regex_on_any_text(s in "\\PC{0,10}") {
            prop_assert_eq!(matches_mobile_pattern(&s), mobile_re().is_match(&s));
        }

        #[test]
        fn account_name_matcher_equals_documented_regex(s in "[a-zA-Z0-9_\\-é ]{0,36}") {
            prop_assert_eq!(matches_account_name_pattern(&s), name_re().is_match(&s));
        }

        #[test]
        fn account_name_matcher_equals_regex_on_any_text(s in "\\PC{0,34}") {
            prop_assert_eq!(matches_account_name_pattern(&s), name_re().is_match(&s));
        }
    }

    #[test]
    fn account_name_length_bounds_are_5_and_32() {
        assert!(!matches_account_name_pattern("abcd"));
        assert!(matches_account_name_pattern("abcde"));
        assert!(matches_account_name_pattern(&"a".repeat(32)));
        assert!(!matches_account_name_pattern(&"a".repeat(33)));
    }

    #[test]
    fn mobile_needs_the_00_prefix_and_ascii_digits() {
        assert!(is_mobile("0044-7700900123"));
        assert!(!is_mobile("0144-7700900123"));
        assert!(!is_mobile("0044-"));
        assert!(!is_mobile("00٤٤-1234"));
    }

    #[test]
    fn email_follows_the_whatwg_grammar_with_non_ascii() {
        for good in [
            "a@b.c",
            "first.last+tag@sub.example.org",
            "用户@例子.中国",
            "o'brien!#$%&*/=?^_`{|}~-@x-y.example",
            ".dots..anywhere.@b.co",
            "a@b-c.d",
            "a@1.2.3.4",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "@b.c",
            "a@b",
            "a@@b.c",
            "a@b@c.d",
            "a b@c.d",
            "a@b.c\t",
            "a@.c",
            "a@b..c",
            "a@b.",
            "a<b>@c.com",
            "a@b,com.cn",
            "a@[1.2.3.4]",
            "a@-b.c",
            "a@b-.c",
            "a@b.-c",
            "\"a\"@b.c",
            "a(b)@c.d",
            "a@b_c.d",
            "a@b.c:25",
            "a\u{a0}b@c.d",
            "a@b\u{3000}.cn",
            "a\u{85}@b.c",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn email_domain_labels_hold_at_most_63_units() {
        let label = |n| "a".repeat(n);
        assert!(is_email(&format!("x@{}.com", label(63))));
        assert!(!is_email(&format!("x@{}.com", label(64))));
        // A non-ASCII character outside the BMP is two UTF-16 units.
        assert!(is_email(&format!("x@{}𝔸.com", label(61))));
        assert!(!is_email(&format!("x@{}𝔸.com", label(62))));
    }

    #[test]
    fn reserved_prefixes_ignore_case() {
        assert_eq!(reserved_prefix("Shadow_user"), Some("shadow_"));
        assert_eq!(reserved_prefix("oP_user"), Some("op_"));
        assert_eq!(reserved_prefix("op-user"), None);
        assert_eq!(reserved_prefix("o"), None);
    }
}
