//! The JSON parser from arbitrary bytes, against its own writer and against serde_json.
//!
//! Invariants: a parsed value is written as JSON that parses back to the same value (non-finite
//! floats, which JSON cannot hold, are written as `null`), and writing is a fixed point; only
//! UTF-8 parses; an error has a position inside the input and a message. Against serde_json:
//! what we accept (with finite numbers) serde_json accepts as the same document, and what
//! serde_json accepts we refuse only for a duplicate key or nesting deeper than `MAX_DEPTH`.

#![no_main]

use hwc_kyc::json::{parse, JsonErrorReason, Number, Value};
use hwc_kyc_fuzz::{finite_or_null, has_non_finite};
use libfuzzer_sys::fuzz_target;

/// Our value as serde_json's, for comparing documents.
fn to_serde(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(Number::Int(i)) => serde_json::Value::from(*i),
        Value::Number(Number::Float(f)) => serde_json::Value::from(*f),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        Value::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), to_serde(v)))
                .collect(),
        ),
    }
}

/// serde_json reads `1.0` as a float and `-0` as an integer; compare numbers by value.
fn same_document(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_document(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_document(v, w)))
        }
        _ => a == b,
    }
}

fuzz_target!(|data: &[u8]| {
    let ours = parse(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match &ours {
        Ok(v) => {
            assert!(
                std::str::from_utf8(data).is_ok(),
                "parsed bytes that are not UTF-8"
            );
            let text = v.to_json();
            let again = parse(text.as_bytes())
                .unwrap_or_else(|e| panic!("own output {text:?} does not parse: {e}"));
            assert_eq!(again, finite_or_null(v), "round trip through {text:?}");
            assert_eq!(again.to_json(), text, "writing is not a fixed point");
            if !has_non_finite(v) {
                let theirs = theirs
                    .as_ref()
                    .unwrap_or_else(|e| panic!("serde_json refuses what we accept: {e}"));
                assert!(same_document(&to_serde(v), theirs), "{v:?} vs {theirs:?}");
            }
        }
        Err(e) => {
            assert!(e.offset <= data.len(), "{e:?}");
            assert!(e.line >= 1 && e.column >= 1, "{e:?}");
            assert!(!e.to_string().is_empty());
            if theirs.is_ok() {
                assert!(
                    matches!(
                        e.reason,
                        JsonErrorReason::DuplicateKey(_) | JsonErrorReason::TooDeep
                    ),
                    "we refuse what serde_json accepts: {e}"
                );
            }
        }
    }
});
