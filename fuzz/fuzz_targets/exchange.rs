//! The readers of the npm package's exchange area (`crates/wasm/src/exchange.rs` and
//! `call_json`): whatever bytes a page leaves in the module's memory, they answer, never panic,
//! and allocate no more than the answer needs.
//!
//! Invariants, on arbitrary bytes and lengths:
//! - `call_json` answers `{"fallback":true}`, a usage error, or JSON text that core's parser
//!   reads; for a call text the wrapper writes (`["validate", op, locale, stage, value]` as JSON),
//!   its verdict equals core's `validate` of the same value read through JSON: valid exactly
//!   when core says so, and the same paths and codes, in order;
//! - `string_field_text` answers `{"fallback":true}` or JSON text (a usage error or a list of
//!   issues);
//! - `description_text` answers `null` or a JSON string.

#![no_main]

use arbitrary::Arbitrary;
use hwc_kyc::json::{self, Value};
use hwc_kyc::{validate, Operation, Options, Stage};
use hwc_kyc_wasm::exchange::{description_text, string_field_text};
use hwc_kyc_wasm::{call_json, FALLBACK};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    /// The area's bytes.
    bytes: Vec<u8>,
    /// The lengths the wrapper would pass beside them.
    lens: [u16; 4],
    kind: u8,
    /// Whether to wrap `bytes` (as a value's text) in a `validate` call the wrapper writes.
    wrap: Option<(u8, bool)>,
}

/// `[path, code]` of each issue of a `{"ok":false,"issues":[…]}` answer, or `None` for a valid
/// answer.
fn verdict(answer: &Value) -> Option<Vec<(String, String)>> {
    if matches!(answer.get("ok"), Some(Value::Bool(true))) {
        return None;
    }
    let issues = answer
        .get("issues")
        .and_then(Value::as_array)
        .expect("issues");
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

fuzz_target!(|input: Input| {
    let lens = input.lens.map(usize::from);

    let answer = call_json(&input.bytes);
    if answer != FALLBACK {
        json::parse(answer.as_bytes()).expect("call_json answers JSON");
    }
    let answer = string_field_text(&input.bytes, lens);
    if answer != FALLBACK {
        json::parse(answer.as_bytes()).expect("string_field_text answers JSON");
    }
    let answer = description_text(
        usize::from(input.kind % 3),
        &input.bytes,
        [lens[0], lens[1]],
    );
    match json::parse(answer.as_bytes()).expect("description_text answers JSON") {
        Value::Null | Value::String(_) => {}
        other => panic!("a description is a string or null, not {}", other.to_json()),
    }

    // A call the wrapper writes: the value's text is `bytes`, when they are one JSON value.
    let Some((op, upstream)) = input.wrap else {
        return;
    };
    let Ok(value) = json::parse(&input.bytes) else {
        return;
    };
    // As the wrapper's JSON.stringify writes it (a number too large for a float is `null`).
    let text = value.to_json();
    let value = json::parse(text.as_bytes()).expect("core reads what it writes");
    let op = Operation::ALL[usize::from(op) % Operation::ALL.len()];
    let stage = if upstream {
        Stage::Upstream
    } else {
        Stage::Form
    };
    let call = [
        "[\"validate\",\"",
        op.js_name(),
        "\",null,",
        if upstream { "\"upstream\"" } else { "null" },
        ",",
        &text,
        "]",
    ]
    .concat();
    let answer = json::parse(call_json(call.as_bytes()).as_bytes()).expect("an answer");
    let native = validate(op, &value, &Options::default().stage(stage));
    let want = native.err().map(|issues| {
        issues
            .iter()
            .map(|i| {
                let path = path_json(&i.path);
                (path, i.code.as_str().to_string())
            })
            .collect::<Vec<_>>()
    });
    assert_eq!(verdict(&answer), want, "{call}");
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
