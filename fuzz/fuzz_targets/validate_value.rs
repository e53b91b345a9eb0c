//! Structured forms: a small JSON tree generator biased to the real field names and to values
//! near the documented rules, so most inputs get past the type checks into the rules themselves.
//!
//! Invariants:
//! * every issue is well formed (see `assert_issue_well_formed`);
//! * live validation agrees with whole-form validation: `validate_field` at an issue's path
//!   returns that issue, only issues under that path, and at the root every issue;
//! * `parse_path(issue.path_string())` gives the path back (when no key holds `.` or is all digits);
//! * the locale changes messages only: issues in another locale are `issue.localized(locale)`;
//! * validating the value's JSON text gives the same result as validating the value;
//! * an accepted value builds and validates again to the same value.

#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use hwc_kyc::json::{Number, Value};
use hwc_kyc::{
    parse_path, validate, validate_field, validate_json, Locale, Operation, Options, PathSegment,
    Stage,
};
use hwc_kyc_fuzz::{assert_issue_well_formed, assert_valid_round_trip, has_non_finite};
use libfuzzer_sys::fuzz_target;

const CHECK_IDENTITY: &[&str] = &["search_type", "search_value"];
const INDIVIDUAL: &[&str] = &[
    "customer_id",
    "identify_type",
    "verified_file_url",
    "name",
    "verified_number",
    "xaccount_type",
    "verified_type",
    "change_type",
];
const ENTERPRISE: &[&str] = &[
    "customer_id",
    "identify_type",
    "verified_file_url",
    "corp_name",
    "verified_number",
    "xaccount_type",
    "certificate_type",
    "reg_country",
    "reg_address",
    "enterprise_person",
];
const PERSON: &[&str] = &["legel_name", "legel_id_number", "certifier_role"];
const REVIEW: &[&str] = &["customer_id"];

/// Texts near the rules: valid values, near misses, and the shapes the rules single out.
const TEXTS: &[&str] = &[
    "",
    " ",
    "a",
    "123",
    "Example Ltd",
    "4505ce7c6de8263e33b57e76abc",
    "ceshiyonghu001",
    "op_user01",
    "SHADOW_abc",
    "12345678",
    "ab",
    "wang@example.com",
    "a@b..c",
    "a @b.c",
    "0086-13800000000",
    "1086-138",
    "0086-",
    "name",
    "email",
    "mobile",
    "legalPerson",
    "CN",
    "cn",
    "CHN",
    "0",
    "1",
    "-1",
    "3",
    "99",
    "证件号码",
    "😀",
    "a.b",
    "7",
];

const PATHS: &[&str] = &[
    "a.jpg",
    "test/abc023.jpg",
    "x.JpEg",
    "证件/正面.png",
    "a..b.gif",
    "a/b/C.PDF",
    "a/../b.png",
    "./a.bmp",
    "/download/a.jpg",
    "https://bucket.example.com/a.jpg",
    "C:a.jpg",
    "a//b.jpg",
    "a\\b.jpg",
    "a\nb.jpg",
    "a.txt",
    ".png",
    "a.jpg.exe",
    "",
];

fn text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=5 => (*u.choose(TEXTS)?).to_string(),
        6 | 7 => String::arbitrary(u)?,
        // Long runs reach the length limits, counted in UTF-16 units (an astral char is 2).
        _ => {
            let unit = *u.choose(&["a", "中", "😀", "1", " "])?;
            unit.repeat(usize::from(u.int_in_range(1..=300u16)?))
        }
    })
}

fn int_like(u: &mut Unstructured, values: &[i64]) -> Result<Value> {
    let i = *u.choose(values)?;
    Ok(match u.int_in_range(0..=3u8)? {
        0 | 1 => Value::from(i),
        2 => Value::String(i.to_string()),
        _ => Value::Number(Number::Float(i as f64)),
    })
}

fn generic(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let top = if depth == 0 { 4 } else { 6 };
    Ok(match u.int_in_range(0..=top)? {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => Value::from(i64::arbitrary(u)?),
        3 => Value::Number(Number::Float(f64::arbitrary(u)?)),
        4 => Value::String(text(u)?),
        5 => {
            let n = u.int_in_range(0..=4u8)?;
            Value::Array(
                (0..n)
                    .map(|_| generic(u, depth - 1))
                    .collect::<Result<_>>()?,
            )
        }
        _ => object(u, &[], depth - 1)?,
    })
}

/// A value for a known field: usually one near its rule, sometimes anything.
fn field(u: &mut Unstructured, name: &str, depth: u32) -> Result<Value> {
    if u.ratio(1, 5)? {
        return generic(u, depth);
    }
    Ok(match name {
        "search_type" | "certifier_role" | "reg_country" | "search_value" | "customer_id"
        | "name" | "verified_number" | "xaccount_type" | "corp_name" | "reg_address"
        | "legel_name" | "legel_id_number" => Value::String(text(u)?),
        "identify_type" => int_like(u, &[0, 1, 2])?,
        "verified_type" => int_like(u, &[0, 1, 3, 5, 6, 7, 9, 10])?,
        "change_type" => int_like(u, &[-1, 0])?,
        "certificate_type" => int_like(u, &[0, 1, 2, 3, 4, 5, 99])?,
        "verified_file_url" => {
            let n = u.int_in_range(0..=6u8)?;
            Value::Array(
                (0..n)
                    .map(|_| -> Result<Value> {
                        Ok(if u.ratio(1, 8)? {
                            generic(u, 0)?
                        } else {
                            Value::from(*u.choose(PATHS)?)
                        })
                    })
                    .collect::<Result<_>>()?,
            )
        }
        "enterprise_person" => object(u, PERSON, depth.saturating_sub(1))?,
        _ => generic(u, depth)?,
    })
}

/// An object whose keys are mostly from `known` (each at most once), sometimes any other key.
fn object(u: &mut Unstructured, known: &[&str], depth: u32) -> Result<Value> {
    let n = u.int_in_range(0..=known.len() + 2)?;
    let mut members: Vec<(String, Value)> = Vec::with_capacity(n);
    for _ in 0..n {
        let key = if !known.is_empty() && !u.ratio(1, 10)? {
            (*u.choose(known)?).to_string()
        } else {
            String::arbitrary(u)?
        };
        if members.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let value = field(u, &key, depth)?;
        members.push((key, value));
    }
    Ok(Value::Object(members))
}

struct Case {
    op: Operation,
    options: Options,
    input: Value,
}

impl<'a> Arbitrary<'a> for Case {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let op = *u.choose(&Operation::ALL)?;
        let stage = if bool::arbitrary(u)? {
            Stage::Form
        } else {
            Stage::Upstream
        };
        let locale = *u.choose(&Locale::ALL)?;
        let known = match op {
            Operation::CheckIdentity => CHECK_IDENTITY,
            Operation::IndividualRealnameAuth => INDIVIDUAL,
            Operation::EnterpriseRealnameAuth => ENTERPRISE,
            Operation::ReviewResult => REVIEW,
        };
        let input = if u.ratio(1, 20)? {
            generic(u, 3)?
        } else {
            object(u, known, 3)?
        };
        Ok(Case {
            op,
            options: Options::default().stage(stage).locale(locale),
            input,
        })
    }
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {:?} {} {}",
            self.op,
            self.options.stage,
            self.options.locale,
            self.input.to_json()
        )
    }
}

/// True when `parse_path` can give this path back from its dotted form.
fn dotted_form_is_exact(path: &[PathSegment]) -> bool {
    path.iter().all(|seg| match seg {
        PathSegment::Index(_) => true,
        PathSegment::Key(k) => {
            !k.is_empty() && !k.contains('.') && !k.bytes().all(|b| b.is_ascii_digit())
        }
    })
}

fn under(path: &[PathSegment], prefix: &[PathSegment]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

fuzz_target!(|case: Case| {
    let Case { op, options, input } = case;
    let result = validate(op, &input, &options);
    match &result {
        Ok(valid) => {
            assert_valid_round_trip(op, valid, &options);
            assert!(validate_field(op, &[], &input, &options).is_empty());
        }
        Err(issues) => {
            assert!(!issues.is_empty(), "refused without an issue");
            assert_eq!(&validate_field(op, &[], &input, &options), issues);
            for issue in issues {
                assert_issue_well_formed(issue, Some(&input));
                let live = validate_field(op, &issue.path, &input, &options);
                assert!(
                    live.contains(issue),
                    "validate_field lost {issue:?}: {live:?}"
                );
                assert!(live.iter().all(|i| under(&i.path, &issue.path)));
                if dotted_form_is_exact(&issue.path) {
                    assert_eq!(parse_path(&issue.path_string()), issue.path);
                }
            }
            let other = Locale::ALL[(options.locale as usize + 1) % Locale::ALL.len()];
            let translated = validate(op, &input, &options.locale(other))
                .expect_err("the locale changed the verdict");
            let expected: Vec<_> = issues.iter().map(|i| i.localized(other)).collect();
            assert_eq!(
                translated, expected,
                "the locale changed more than messages"
            );
        }
    }
    if !has_non_finite(&input) {
        let text = input.to_json();
        let from_text = validate_json(op, text.as_bytes(), &options);
        assert_eq!(from_text, result, "validating {text} as text differs");
    }
});
