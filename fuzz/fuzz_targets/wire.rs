//! The npm package's boundary protocol (`hwc_kyc::wire`, read by `crates/wasm/src/exchange.rs`):
//! whatever bytes a page leaves in the module's memory, the decoder checks them, never panics,
//! allocates no more than the notes need, and takes time linear in the bytes.
//!
//! Invariants:
//! - arbitrary bytes as a call (`exchange::run`): an answer the wrapper reads (`answer::read`,
//!   the Rust model of its reader; a usage error for bytes that are not a call); `wire::read` of
//!   the bytes never panics, and what it accepts reads back (every string, every member)
//!   without a panic;
//! - a JSON-like value (as `JSON.parse` gives it to JavaScript: numbers are doubles) written by
//!   the Rust model of the package's encoder (`wire::encode`) in a `validate` call: the verdict
//!   equals core's `validate` of the same value through JSON (valid exactly when core says so,
//!   with the value the wrapper builds from the compact answer equal to core's normalized value;
//!   else the same paths and codes, in order), for every operation and both stages;
//!   `validateField` at the root gives the same issues.

#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use hwc_kyc::input::Node;
use hwc_kyc::json::{self, Value};
use hwc_kyc::{validate, wire, Operation, Options, Stage};
use hwc_kyc_wasm::answer;
use hwc_kyc_wasm::exchange::{run, VALIDATE, VALIDATE_FIELD};
use libfuzzer_sys::fuzz_target;

/// Keys of the forms, so generated objects reach the rules.
const KEYS: &[&str] = &[
    "search_type",
    "search_value",
    "customer_id",
    "identify_type",
    "verified_file_url",
    "name",
    "verified_number",
    "verified_type",
    "corp_name",
    "certificate_type",
    "reg_country",
    "enterprise_person",
    "legel_name",
    "legel_id_number",
    "certifier_role",
];
const TEXTS: &[&str] = &[
    "",
    "email",
    "name",
    "a@b.co",
    "ceshiyonghu001",
    "0086-13800000000",
    "123",
    "Example Ltd",
    "a.jpg",
    "CN",
    "0",
    "3",
    "legalPerson",
    "😀",
];

/// A value as JavaScript holds a parsed JSON value: numbers are doubles, read as JSON reads them.
fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let top = if depth >= 3 { 4 } else { 6 };
    Ok(match u.int_in_range(0..=top)? {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => {
            let f = match u.int_in_range(0..=2u8)? {
                0 => f64::from(u.int_in_range(-2..=12i32)?),
                1 => f64::arbitrary(u)?,
                _ => i64::arbitrary(u)? as f64,
            };
            // JSON.stringify writes a non-finite number as null.
            if f.is_finite() {
                Value::Number(wire::number(f))
            } else {
                Value::Null
            }
        }
        3 | 4 => Value::String(if bool::arbitrary(u)? {
            (*u.choose(TEXTS)?).to_string()
        } else {
            String::arbitrary(u)?
        }),
        5 => {
            let n = u.int_in_range(0..=5u8)?;
            Value::Array(
                (0..n)
                    .map(|_| value(u, depth + 1))
                    .collect::<Result<_>>()?,
            )
        }
        _ => {
            let n = u.int_in_range(0..=8u8)?;
            let mut members: Vec<(String, Value)> = Vec::new();
            for _ in 0..n {
                let key = if u.int_in_range(0..=3u8)? > 0 {
                    (*u.choose(KEYS)?).to_string()
                } else {
                    String::arbitrary(u)?
                };
                // A JavaScript object has each key once.
                if !members.iter().any(|(k, _)| *k == key) {
                    members.push((key, value(u, depth + 1)?));
                }
            }
            Value::Object(members)
        }
    })
}

#[derive(Debug)]
struct Input {
    bytes: Vec<u8>,
    form: Value,
    op: Operation,
    stage: Stage,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Input {
            form: value(u, 0)?,
            op: *u.choose(&Operation::ALL)?,
            stage: if bool::arbitrary(u)? {
                Stage::Form
            } else {
                Stage::Upstream
            },
            bytes: Vec::arbitrary(u)?,
        })
    }
}

/// Reads everything a node holds (every string, item and member).
fn walk(node: Node<'_>) -> usize {
    match node {
        Node::String(s) => s.len(),
        Node::Array(items) => items.iter().map(walk).sum(),
        Node::Object(members) => members.iter().map(|(k, v)| k.len() + walk(v)).sum(),
        _ => 1,
    }
}

/// `[path, code]` of each issue of an answer (`{"ok":false,"issues":[…]}` or a bare list), or
/// `None` for a valid answer.
fn verdict(answer: &Value) -> Option<Vec<(String, String)>> {
    if matches!(answer.get("ok"), Some(Value::Bool(true))) {
        return None;
    }
    let issues = match answer {
        Value::Array(list) => list,
        _ => answer
            .get("issues")
            .and_then(Value::as_array)
            .expect("issues"),
    };
    Some(
        issues
            .iter()
            .map(|i| {
                (
                    i.get("path").expect("path").to_json(),
                    i.get("code")
                        .and_then(Value::as_str)
                        .expect("code")
                        .to_string(),
                )
            })
            .collect(),
    )
}

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

fuzz_target!(|input: Input| {
    // Arbitrary bytes: checked or refused, never a panic; an answer in JSON.
    let mut rest = input.bytes.as_slice();
    if let Ok(read) = wire::read(&mut rest) {
        if let Some(node) = read.node {
            walk(node);
        }
    }
    answer::read(&run(&input.bytes), &input.bytes).expect("an answer the wrapper reads");

    // What the encoder writes: core's verdict through JSON.
    let stage = match input.stage {
        Stage::Form => text("form"),
        Stage::Upstream => text("upstream"),
    };
    let mut call = vec![VALIDATE];
    for arg in [&text(input.op.js_name()), &Value::Null, &stage, &input.form] {
        wire::encode(arg, &mut call);
    }
    let answer = answer::read(&run(&call), &call).expect("an answer");
    let native = validate(
        input.op,
        &input.form,
        &Options::default().stage(input.stage),
    );
    if let Ok(valid) = &native {
        let mut normalized = String::new();
        hwc_kyc_wasm::to_json::normalized(&mut normalized, valid);
        let value = answer.get("value").map(Value::to_json);
        assert_eq!(value.as_deref(), Some(normalized.as_str()), "the normalized value");
    }
    let want = native.err().map(|issues| {
        issues
            .iter()
            .map(|i| (path_json(&i.path), i.code.as_str().to_string()))
            .collect::<Vec<_>>()
    });
    assert_eq!(verdict(&answer), want, "{}", input.form.to_json());

    // validateField at the root: the same issues.
    call[0] = VALIDATE_FIELD;
    wire::encode(&text(""), &mut call);
    let field = answer::read(&run(&call), &call).expect("an answer");
    assert_eq!(
        verdict(&field).unwrap_or_default(),
        want.unwrap_or_default(),
        "validateField at the root: {}",
        input.form.to_json()
    );
});

/// An issue path as the package writes it: a JSON array of keys and indexes.
fn path_json(path: &[hwc_kyc::PathSegment]) -> String {
    let items: Vec<Value> = path
        .iter()
        .map(|seg| match seg {
            hwc_kyc::PathSegment::Key(k) => Value::String(k.to_string()),
            hwc_kyc::PathSegment::Index(i) => {
                Value::Number(json::Number::Int(i64::try_from(*i).unwrap_or(i64::MAX)))
            }
        })
        .collect();
    Value::Array(items).to_json()
}
