//! Hostile and wrong-typed JavaScript input at the boundary: every call returns issues or a typed
//! error, never throws, and leaves the module working for the next call. Each call goes the one
//! way the package's calls go: the package's encoder (`js/encode.js`) writes the JavaScript
//! values, the bindings read the bytes ([`hwc_kyc_wasm::exchange::run`]). Runs in Node and in
//! headless Chromium.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use hwc_kyc::json::Value;
use hwc_kyc_wasm::exchange::{self, run};
use hwc_kyc_wasm::{answer, register_locale};

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/encode.js")]
extern "C" {
    /// The bytes of a call: its code, then each argument as the package's encoder writes it
    /// (a `Uint8Array` as bytes).
    #[wasm_bindgen(js_name = encodeCall)]
    fn encode_call(code: u8, args: &Array) -> Vec<u8>;
}

/// A call of the bindings with these JavaScript values as its arguments: its answer as JSON
/// text, in the shape the package returns (read as `js/api.js` reads it, by the Rust model of
/// its reader, `answer::read`).
fn call(code: u8, args: &[&JsValue]) -> String {
    let list = Array::new();
    for a in args {
        list.push(a);
    }
    let bytes = encode_call(code, &list);
    let out = run(&bytes);
    let value = answer::read(&out, &bytes).expect("an answer");
    let usage = value.get("usage").is_some();
    let shaped = match (code, out.first().copied()) {
        (exchange::VALIDATE | exchange::BUILD_REQUEST, Some(answer::ISSUES)) => {
            Value::Object(vec![
                ("ok".into(), Value::Bool(false)),
                ("issues".into(), value),
            ])
        }
        (exchange::BUILD_REQUEST, Some(answer::JSON)) if !usage => Value::Object(vec![
            ("ok".into(), Value::Bool(true)),
            ("request".into(), value),
        ]),
        _ => value,
    };
    shaped.to_json()
}

fn validate(op: &JsValue, value: &JsValue, locale: &JsValue, stage: &JsValue) -> String {
    call(exchange::VALIDATE, &[op, locale, stage, value])
}

fn validate_field(
    op: &JsValue,
    path: &JsValue,
    value: &JsValue,
    locale: &JsValue,
    stage: &JsValue,
) -> String {
    call(exchange::VALIDATE_FIELD, &[op, locale, stage, value, path])
}

fn build_request(op: &JsValue, value: &JsValue, locale: &JsValue, stage: &JsValue) -> String {
    call(exchange::BUILD_REQUEST, &[op, locale, stage, value])
}

fn parse_response(op: &JsValue, status: &JsValue, body: &JsValue, locale: &JsValue) -> String {
    call(exchange::PARSE_RESPONSE, &[op, locale, status, body])
}

fn check_attachment(name: &JsValue, head: &[u8], size: f64, locale: &JsValue) -> String {
    let head = js_sys::Uint8Array::from(head);
    call(
        exchange::CHECK_ATTACHMENT,
        &[name, locale, &head, &JsValue::from(size)],
    )
}

/// A JavaScript expression's value (test inputs that Rust cannot write directly).
fn js(expr: &str) -> JsValue {
    js_sys::eval(expr).unwrap_or_else(|e| panic!("{expr}: {e:?}"))
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn s(text: &str) -> JsValue {
    JsValue::from(text)
}

const U: JsValue = JsValue::UNDEFINED;

fn parse(out: &str) -> JsValue {
    JSON::parse(out).unwrap_or_else(|e| panic!("not JSON: {e:?}: {out}"))
}

/// `validate` at the form stage, parsed.
fn check(op: &str, value: &JsValue) -> JsValue {
    parse(&validate(&s(op), value, &U, &U))
}

/// `"path code"` of each issue of a failed validation.
fn issues(result: &JsValue) -> Vec<String> {
    assert_eq!(get(result, "ok"), JsValue::FALSE, "expected issues");
    let list: Array = get(result, "issues").dyn_into().expect("issues array");
    list.iter()
        .map(|i| {
            let path: Array = get(&i, "path").dyn_into().expect("path array");
            let path: Vec<String> = path
                .iter()
                .map(|p| {
                    p.as_string()
                        .unwrap_or_else(|| format!("{}", p.as_f64().unwrap_or(-1.0)))
                })
                .collect();
            format!(
                "{} {}",
                path.join("."),
                get(&i, "code").as_string().unwrap_or_default()
            )
        })
        .collect()
}

fn param(result: &JsValue, index: u32, name: &str) -> JsValue {
    let list: Array = get(result, "issues").dyn_into().expect("issues array");
    get(&get(&list.get(index), "params"), name)
}

const VALID_ENTERPRISE: &str = r#"({
    customer_id: "4505ce7c6de8263e33b57e76abc",
    verified_file_url: ["license/front.jpg", "license/back.jpg"],
    corp_name: "Example Ltd",
    verified_number: "91110000600037",
    certificate_type: "0",
    reg_country: "CN"
})"#;

/// The module still answers a valid form correctly.
fn assert_still_works() {
    let r = check("enterpriseRealnameAuth", &js(VALID_ENTERPRISE));
    assert_eq!(get(&r, "ok"), JsValue::TRUE, "{:?}", JSON::stringify(&r));
    assert_eq!(
        get(&get(&r, "value"), "certificate_type").as_f64(),
        Some(0.0)
    );
}

#[wasm_bindgen_test]
fn a_valid_form_comes_back_normalized() {
    let r = check("enterpriseRealnameAuth", &js(VALID_ENTERPRISE));
    let value = get(&r, "value");
    // Implied at the form stage, and the numeric string became a number.
    assert_eq!(get(&value, "identify_type").as_f64(), Some(1.0));
    assert_eq!(get(&value, "certificate_type").as_f64(), Some(0.0));
    assert!(get(&value, "xaccount_type").is_undefined());
}

#[wasm_bindgen_test]
fn non_object_roots_are_a_type_issue_at_the_root() {
    for (expr, received) in [
        ("null", "null"),
        ("undefined", "null"),
        ("42", "number"),
        ("'form'", "string"),
        ("true", "boolean"),
        ("[1, 2]", "array"),
    ] {
        let r = check("checkIdentity", &js(expr));
        assert_eq!(issues(&r), vec![" invalid_type"], "{expr}");
        assert_eq!(
            param(&r, 0, "received").as_string().as_deref(),
            Some(received),
            "{expr}"
        );
    }
    assert_still_works();
}

#[wasm_bindgen_test]
fn symbols_functions_and_bigints_are_wrong_types_not_exceptions() {
    let r = check(
        "checkIdentity",
        &js("({ search_type: Symbol('x'), search_value: () => 1 })"),
    );
    assert_eq!(
        issues(&r),
        vec!["search_type invalid_type", "search_value invalid_type"]
    );
    let r = check(
        "checkIdentity",
        &js("({ search_type: 'name', search_value: 10n })"),
    );
    assert_eq!(issues(&r), vec!["search_value invalid_type"]);
    // Each is named by its typeof, not as the object it was once read as.
    assert_eq!(
        param(&r, 0, "received").as_string().as_deref(),
        Some("bigint")
    );
    let r = check(
        "checkIdentity",
        &js("({ search_type: Symbol('x'), search_value: () => 1 })"),
    );
    assert_eq!(
        param(&r, 0, "received").as_string().as_deref(),
        Some("symbol")
    );
    assert_eq!(
        param(&r, 1, "received").as_string().as_deref(),
        Some("function")
    );
    let r = check("checkIdentity", &js("Symbol('root')"));
    assert_eq!(issues(&r), vec![" invalid_type"]);
    assert_eq!(
        param(&r, 0, "received").as_string().as_deref(),
        Some("symbol")
    );
    // In an object-typed field too: not an empty object with its fields required.
    let r = check(
        "enterpriseRealnameAuth",
        &js("({ customer_id: 'c', verified_file_url: ['a.jpg'], corp_name: 'Acme', verified_number: '1', enterprise_person: 5n })"),
    );
    let found = issues(&r);
    let at = found
        .iter()
        .position(|i| i == "enterprise_person invalid_type")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        !found.iter().any(|i| i.starts_with("enterprise_person.")),
        "{found:?}"
    );
    assert_eq!(
        param(&r, at as u32, "received").as_string().as_deref(),
        Some("bigint")
    );
    assert_still_works();
}

#[wasm_bindgen_test]
fn numbers_for_strings_are_type_issues_naming_the_number() {
    let r = check(
        "checkIdentity",
        &js("({ search_type: 'email', search_value: 12345 })"),
    );
    assert_eq!(issues(&r), vec!["search_value invalid_type"]);
    assert_eq!(
        param(&r, 0, "received").as_string().as_deref(),
        Some("number")
    );
    for nan in ["NaN", "Infinity", "1.5"] {
        let form = format!("({{ customer_id: 'c', verified_file_url: ['a.jpg'], name: 'N', verified_number: '1', verified_type: {nan} }})");
        let r = check("individualRealnameAuth", &js(&form));
        assert!(
            issues(&r).contains(&"verified_type invalid_type".to_string()),
            "{nan}"
        );
    }
    assert_still_works();
}

#[wasm_bindgen_test]
fn undefined_members_are_absent() {
    let r = check(
        "checkIdentity",
        &js("({ search_type: 'name', search_value: undefined })"),
    );
    assert_eq!(issues(&r), vec!["search_value required"]);
}

#[wasm_bindgen_test]
fn a_cyclic_object_gives_issues_and_the_module_keeps_working() {
    let cyclic = js("(() => { const o = { search_type: 'name', search_value: 'ceshiyonghu001' }; o.self = o; return o; })()");
    let r = check("checkIdentity", &cyclic);
    assert_eq!(issues(&r), vec!["self unknown_field"]);
    let r = check(
        "checkIdentity",
        &js("(() => { const o = {}; o.search_value = o; o.search_type = [o, o]; return o; })()"),
    );
    assert_eq!(
        issues(&r),
        vec!["search_type invalid_type", "search_value invalid_type"]
    );
    assert_still_works();
}

#[wasm_bindgen_test]
fn a_shared_structure_of_a_billion_nodes_is_cut_off_quickly() {
    // 2^30 paths through 30 shared arrays: bounded by the field's budget, not walked in full,
    // and said so; the other fields are read in full.
    let wide = js("(() => { let a = []; for (let i = 0; i < 30; i++) a = [a, a]; return { verified_file_url: a, corp_name: 'Acme' }; })()");
    let r = check("enterpriseRealnameAuth", &wide);
    let found = issues(&r);
    assert!(
        found.contains(&"verified_file_url too_large".to_string()),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|i| i.starts_with("corp_name")),
        "{found:?}"
    );
    assert!(
        found.contains(&"customer_id required".to_string()),
        "{found:?}"
    );
    assert_still_works();
}

#[wasm_bindgen_test]
fn nesting_a_hundred_thousand_deep_does_not_overflow() {
    let deep = js("(() => { let a = 'x'; for (let i = 0; i < 100000; i++) a = [a]; return { search_type: 'name', search_value: a }; })()");
    let r = check("checkIdentity", &deep);
    assert_eq!(issues(&r), vec!["search_value invalid_type"]);
    assert_still_works();
}

#[wasm_bindgen_test]
fn a_one_megabyte_string_is_too_long_with_its_length() {
    let r = check(
        "checkIdentity",
        &js("({ search_type: 'name', search_value: 'a'.repeat(1 << 20) })"),
    );
    assert_eq!(issues(&r), vec!["search_value too_long"]);
    assert_eq!(param(&r, 0, "actual").as_f64(), Some(1_048_576.0));
    assert_still_works();
}

#[wasm_bindgen_test]
fn a_ten_thousand_entry_list_is_too_many_items() {
    let form = js("({ customer_id: 'c', name: 'N', verified_number: '1', verified_file_url: Array.from({ length: 10000 }, (_, i) => `f${i}.jpg`) })");
    let r = check("individualRealnameAuth", &form);
    assert_eq!(issues(&r), vec!["verified_file_url too_many_items"]);
    assert_eq!(param(&r, 0, "actual").as_f64(), Some(10_000.0));
    let form = js("({ customer_id: 'c', name: 'N', verified_number: '1', verified_file_url: new Array(10000).fill(7) })");
    let r = check("individualRealnameAuth", &form);
    assert_eq!(issues(&r).len(), 10_001);
    assert_still_works();
}

#[wasm_bindgen_test]
fn throwing_getters_and_proxy_traps_are_unreadable_values() {
    let r = check(
        "checkIdentity",
        &js("({ search_type: 'name', get search_value() { throw new Error('boom'); } })"),
    );
    assert_eq!(issues(&r), vec!["search_value unreadable"]);
    let r = check(
        "checkIdentity",
        &js("new Proxy({}, { ownKeys() { throw new Error('boom'); } })"),
    );
    assert_eq!(issues(&r), vec![" unreadable"]);
    let r = check(
        "checkIdentity",
        &js("({ search_type: 'name', search_value: new Proxy([], { get() { throw new Error('boom'); } }) })"),
    );
    assert_eq!(issues(&r), vec!["search_value unreadable"]);
    // A revoked proxy, which even Array.isArray throws on.
    let r = check(
        "checkIdentity",
        &js("(() => { const p = Proxy.revocable({}, {}); p.revoke(); return { search_type: 'name', search_value: p.proxy }; })()"),
    );
    assert_eq!(issues(&r), vec!["search_value unreadable"]);
    assert_still_works();
}

#[wasm_bindgen_test]
fn an_unknown_operation_is_a_usage_error_not_an_exception() {
    for op in [s("nope"), U, JsValue::from(3), js("Symbol('op')")] {
        let r = parse(&validate(&op, &js("({})"), &U, &U));
        assert!(get(&r, "usage")
            .as_string()
            .is_some_and(|m| m.contains("checkIdentity")));
    }
    assert_still_works();
}

/// The message of the first issue of `validate("checkIdentity", {}, locale, stage)`.
fn first_message(locale: &JsValue, stage: &JsValue) -> Option<String> {
    let r = parse(&validate(&s("checkIdentity"), &js("({})"), locale, stage));
    let list: Array = get(&r, "issues").dyn_into().expect("issues");
    get(&list.get(0), "message").as_string()
}

#[wasm_bindgen_test]
fn wrong_typed_locale_and_stage_fall_back_to_english_and_form() {
    let required = Some(String::from("This field is required."));
    assert_eq!(first_message(&JsValue::from(5), &js("({})")), required);
    // No pack registered yet (this is the only test that registers one): English.
    assert_eq!(first_message(&s("zh-Hans-CN"), &U), required);
    let pack = hwc_kyc::pack::text(hwc_kyc::Locale::ZhCn);
    assert_eq!(register_locale(&s("zh-CN"), &s(&pack)), "");
    assert_eq!(
        first_message(&s("zh-Hans-CN"), &U).as_deref(),
        Some("此项为必填项。")
    );
    // A locale without a registered pack reads English.
    assert_eq!(first_message(&s("es"), &U), required);
}

#[wasm_bindgen_test]
fn validate_field_takes_dotted_and_array_paths_and_ignores_junk() {
    let form = js("({ verified_type: 3, verified_file_url: ['a.jpg', 'b.txt'] })");
    let op = s("individualRealnameAuth");
    let by_string = parse(&validate_field(
        &op,
        &s("verified_file_url.1"),
        &form,
        &U,
        &U,
    ));
    let by_array = parse(&validate_field(
        &op,
        &js("['verified_file_url', 1]"),
        &form,
        &U,
        &U,
    ));
    assert_eq!(
        JSON::stringify(&by_string).ok(),
        JSON::stringify(&by_array).ok()
    );
    assert_eq!(Array::from(&by_string).length(), 1);
    for junk in ["({})", "[Symbol('x')]", "[-1]", "null"] {
        let r = parse(&validate_field(&op, &js(junk), &form, &U, &U));
        assert!(Array::is_array(&r), "{junk}");
    }
}

#[wasm_bindgen_test]
fn build_request_refuses_invalid_values_and_builds_valid_ones() {
    let r = parse(&build_request(
        &s("checkIdentity"),
        &js("({ search_type: 'x' })"),
        &U,
        &U,
    ));
    assert_eq!(get(&r, "ok"), JsValue::FALSE);
    let r = parse(&build_request(
        &s("reviewResult"),
        &js("({ customer_id: 'a b' })"),
        &U,
        &U,
    ));
    let req = get(&r, "request");
    assert_eq!(get(&req, "method").as_string().as_deref(), Some("GET"));
    assert_eq!(
        get(&req, "path").as_string().as_deref(),
        Some("/v2/customers/realname-auths/result?customer_id=a%20b")
    );
    assert!(get(&req, "body").is_null());
}

#[wasm_bindgen_test]
fn parse_response_turns_junk_into_typed_errors() {
    for (status, body) in [
        (JsValue::from(200), JsValue::NULL),
        (JsValue::from(200), js("Symbol('body')")),
        (JsValue::from(200), s("{\"is_review\":")),
        (JsValue::from(200), js("'x'.repeat(1 << 20)")),
        // Not a status at all: read as 0, which is no success either.
        (s("200"), s("")),
        (JsValue::from(f64::NAN), s("")),
    ] {
        let r = parse(&parse_response(
            &s("individualRealnameAuth"),
            &status,
            &body,
            &U,
        ));
        assert_eq!(get(&r, "ok"), JsValue::FALSE);
        assert_eq!(
            get(&get(&r, "error"), "kind").as_string().as_deref(),
            Some("malformed")
        );
    }
    let r = parse(&parse_response(
        &s("individualRealnameAuth"),
        &JsValue::from(200),
        &s("{\"is_review\":\"1\"}"),
        &U,
    ));
    assert_eq!(get(&get(&r, "value"), "is_review"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn check_attachment_reads_the_head_it_is_given_and_the_size() {
    let png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0];
    let r = parse(&check_attachment(&s("front.png"), &png, 10.0, &U));
    assert_eq!(Array::from(&r).length(), 0);
    // More bytes than core reads: the rest is not looked at.
    let mut long = png.to_vec();
    long.resize(64, 0xff);
    let r = parse(&check_attachment(&s("front.png"), &long, 5_000.0, &U));
    assert_eq!(Array::from(&r).length(), 0);
    // A head with the whole file's size: too large.
    let r = parse(&check_attachment(&s("front.png"), &png, 20_000_000.0, &U));
    assert_eq!(
        get(&Array::from(&r).get(0), "code").as_string().as_deref(),
        Some("file_too_large")
    );
    // No name, no bytes, a size that is no size: issues, no panic.
    for size in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let r = parse(&check_attachment(&JsValue::from(7), &[], size, &U));
        assert!(Array::from(&r).length() >= 1);
    }
}

#[wasm_bindgen_test]
fn bytes_that_are_not_a_call_are_a_usage_answer() {
    for junk in [
        &[][..],
        &[exchange::VALIDATE],
        &[99, 1],
        &[exchange::VALIDATE, 5, 9, 0, 0, 0],
        // A string that is not UTF-8.
        &[exchange::DESCRIBE_ITEM, 5, 1, 0, 0, 0, 0xff, 1],
    ] {
        let out = parse(&answer::read(&run(junk), junk).expect("an answer").to_json());
        assert!(get(&out, "usage").as_string().is_some(), "{junk:?}");
    }
    assert_still_works();
}

/// The wasm build keeps a parsed float only as far as `as_i64` reads it (no float parser in the
/// module): whole numbers written as floats read as natively, the rest as no integer. The
/// expected values are those of the native `f64` parser.
#[wasm_bindgen_test]
fn numbers_written_as_floats_read_as_the_same_integers_as_natively() {
    let cases = [
        ("2.0", Some(2)),
        ("2.5", None),
        ("1e2", Some(100)),
        ("-3.0e0", Some(-3)),
        ("9007199254740993.0", Some(9_007_199_254_740_992)),
        ("9007199254740995.0", None),
        ("1e400", None),
        ("0.99999999999999995", Some(1)),
        ("0.99999999999999994", None),
        ("1e-400", Some(0)),
        ("123456789012345678901234567890", None),
        ("4503599627370496.5", Some(4_503_599_627_370_496)),
        ("4503599627370497.5", Some(4_503_599_627_370_498)),
    ];
    for (text, expected) in cases {
        let n = match hwc_kyc::json::parse(text.as_bytes()) {
            Ok(hwc_kyc::json::Value::Number(n)) => n,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(n.as_i64(), expected, "{text}");
    }
    // Through a binding: an answer's `is_review` written as a float.
    let out = parse(&parse_response(
        &s("individualRealnameAuth"),
        &JsValue::from(200),
        &s(r#"{"is_review":1.0}"#),
        &U,
    ));
    assert_eq!(get(&out, "ok"), JsValue::TRUE, "{out:?}");
    assert_eq!(get(&get(&out, "value"), "is_review"), JsValue::TRUE);
}
