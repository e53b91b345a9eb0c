//! The shared conformance vectors (`tests/vectors/*.json`) through the JavaScript boundary: each
//! case's input is parsed by JavaScript's `JSON.parse`, written by the package's encoder
//! (`js/encode.js`) and read by the same binding the npm package calls; the issues' paths and
//! codes must equal the expected ones exactly, in order, as in the native run
//! (crates/core/tests/vectors.rs). Runs in Node and in headless Chromium.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

include!(concat!(env!("OUT_DIR"), "/vectors.rs"));

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/encode.js")]
extern "C" {
    /// The bytes of a call, as the package's encoder writes them.
    #[wasm_bindgen(js_name = encodeCall)]
    fn encode_call(code: u8, args: &Array) -> Vec<u8>;
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `[[path, code], …]` as JSON text, for an exact comparison.
fn paths_and_codes(issues: &JsValue) -> String {
    let pairs = Array::new();
    if let Some(list) = issues.dyn_ref::<Array>() {
        for issue in list.iter() {
            let pair = Array::of2(&get(&issue, "path"), &get(&issue, "code"));
            pairs.push(&pair);
        }
    }
    JSON::stringify(&pairs)
        .map(String::from)
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn every_vector_gives_exactly_its_expected_issues_through_js() {
    assert!(VECTOR_FILES.len() >= 4, "vector files missing");
    let mut total = 0;
    let mut failures = Vec::new();
    for (file, text) in VECTOR_FILES {
        let doc = JSON::parse(text).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let cases: Array = get(&doc, "cases").dyn_into().expect("cases is an array");
        for case in cases.iter() {
            total += 1;
            let name = get(&case, "name").as_string().unwrap_or_default();
            // As the native runner: a case without a stage is an upstream case.
            let stage = match get(&case, "stage").as_string() {
                Some(s) => JsValue::from(s),
                None => JsValue::from("upstream"),
            };
            let args = Array::of4(
                &get(&case, "operation"),
                &JsValue::NULL,
                &stage,
                &get(&case, "input"),
            );
            let call = encode_call(hwc_kyc_wasm::exchange::VALIDATE, &args);
            let answer = hwc_kyc_wasm::exchange::run(&call);
            // Read as the package reads it (`answer::read` is the Rust model of its reader).
            let read = hwc_kyc_wasm::answer::read(&answer, &call).expect("an answer");
            let out = match read {
                hwc_kyc::json::Value::Array(_) => {
                    format!("{{\"ok\":false,\"issues\":{}}}", read.to_json())
                }
                other => other.to_json(),
            };
            let result = JSON::parse(&out).unwrap_or_else(|e| panic!("{name}: {e:?} in {out}"));
            let got = if get(&result, "ok") == JsValue::TRUE {
                "[]".to_string()
            } else {
                paths_and_codes(&get(&result, "issues"))
            };
            let expected = paths_and_codes(&get(&case, "issues"));
            if got != expected {
                failures.push(format!(
                    "{file}: {name}\n  expected: {expected}\n  got:      {got}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 100, "only {total} vectors");
}
