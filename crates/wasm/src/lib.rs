//! # hwc-kyc-wasm
//!
//! The WebAssembly bindings of [`hwc_kyc`] that make up the npm package `hwc-kyc`. Bindings only:
//! each function reads its JavaScript arguments ([`from_js`]), calls core, and writes the result
//! as JSON text ([`to_json`]) that the package's hand-written ES module (`js/api.js`) parses and
//! returns. No rule, message, limit or code lives here or in the JavaScript.
//!
//! Every function takes its arguments as `JsValue` and never throws: wrong-typed arguments read
//! as absent or empty (an unknown locale is English, an unknown stage is `"form"`), and an unknown
//! operation name comes back as `{"usage":"…"}`, which the wrapper turns into a `TypeError`. The
//! exceptions are the exports of the [`exchange`] area, which take and return numbers: the texts
//! of `validate`'s and `validateField`'s calls cross there, as plain JSON-safe values do.
//!
//! ```text
//! // From JavaScript, through the package:
//! import { validate } from "hwc-kyc";
//! validate("checkIdentity", { search_type: "email", search_value: "a@b.co" }, { locale: "es" });
//! ```

#[cfg(all(feature = "arena", target_arch = "wasm32"))]
pub mod arena;
#[cfg(feature = "client")]
pub mod client;
pub mod exchange;
pub mod from_js;
pub mod to_json;

/// The package's allocator (see [`arena`]).
#[cfg(all(feature = "arena", target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

use hwc_kyc::json::write_string;
use hwc_kyc::json::Value;
use hwc_kyc::lean_std::concat;
use hwc_kyc::{Locale, Operation, Options, PathSegment, Stage};
use wasm_bindgen::prelude::*;

/// Installs the panic hook of debug builds (feature `debug`); release builds abort on a panic,
/// and no input reaches one.
#[cfg(feature = "debug")]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The operation named `name`, or the usage error to return (`{"usage":"…"}`).
fn operation_named(name: Option<&str>) -> Result<Operation, String> {
    if let Some(op) = name.and_then(Operation::from_js_name) {
        return Ok(op);
    }
    // No `{:?}` here: Debug formatting of strings would cost the wasm a few KB.
    let mut message = match name {
        Some(name) => concat(&["unknown operation \"", name, "\"; expected one of "]),
        None => String::from("the operation must be a string, one of "),
    };
    for (n, op) in Operation::ALL.iter().enumerate() {
        if n > 0 {
            message.push_str(", ");
        }
        message.push_str(op.js_name());
    }
    let mut out = String::from("{\"usage\":");
    write_string(&mut out, &message);
    out.push('}');
    Err(out)
}

fn operation(op: &JsValue) -> Result<Operation, String> {
    operation_named(op.as_string().as_deref())
}

/// The locale for a BCP 47 tag (anything else is English).
fn locale(tag: &JsValue) -> Locale {
    tag.as_string()
        .map_or(Locale::default(), |t| Locale::parse(&t))
}

/// `"upstream"` is [`Stage::Upstream`]; anything else is [`Stage::Form`], the browser's default.
fn options_from(locale: Option<&str>, stage: Option<&str>) -> Options {
    let stage = match stage {
        Some("upstream") => Stage::Upstream,
        _ => Stage::Form,
    };
    Options::default()
        .locale(locale.map_or(Locale::default(), Locale::parse))
        .stage(stage)
}

fn options(locale: &JsValue, stage: &JsValue) -> Options {
    options_from(locale.as_string().as_deref(), stage.as_string().as_deref())
}

/// The path of `validateField`: a dotted string (`"enterprise_person.legel_name"`) or an array
/// of keys and indexes (`["verified_file_url", 2]`); anything else is the root.
fn field_path(path: &Value) -> Vec<PathSegment> {
    match path {
        Value::String(s) => hwc_kyc::parse_path(s),
        Value::Array(segments) => segments
            .iter()
            .map(|seg| match seg {
                Value::String(key) => PathSegment::Key(key.clone().into()),
                Value::Number(n) => match n.as_i64().and_then(|i| usize::try_from(i).ok()) {
                    Some(i) => PathSegment::Index(i),
                    None => PathSegment::Key("\u{0}".into()),
                },
                // A segment no issue path can hold: matches nothing.
                _ => PathSegment::Key("\u{0}".into()),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn run_validate(op: Operation, input: &Value, options: &Options) -> String {
    match hwc_kyc::validate(op, input, options) {
        Ok(valid) => {
            let mut out = String::with_capacity(512);
            out.push_str("{\"ok\":true,\"value\":");
            to_json::normalized(&mut out, &valid);
            out.push('}');
            out
        }
        Err(issues) => to_json::failure(&issues),
    }
}

fn run_validate_field(
    op: Operation,
    path: &[PathSegment],
    input: &Value,
    options: &Options,
) -> String {
    let found = hwc_kyc::validate_field(op, path, input, options);
    let mut out = String::with_capacity(2 + 160 * found.len());
    to_json::issues(&mut out, &found);
    out
}

fn run_build_request(op: Operation, input: &Value, options: &Options) -> String {
    match hwc_kyc::validate(op, input, options) {
        Ok(valid) => {
            let mut out = String::from("{\"ok\":true,\"request\":");
            to_json::request(&mut out, &valid.build());
            out.push('}');
            out
        }
        Err(issues) => to_json::failure(&issues),
    }
}

/// `validate(op, value, locale, stage)` → `{"ok":true,"value":…}` with the normalized value
/// (wire names, documented order) or `{"ok":false,"issues":[…]}`. Reads `value` with the
/// [`from_js`] walker.
#[wasm_bindgen]
pub fn validate(op: &JsValue, value: &JsValue, locale: &JsValue, stage: &JsValue) -> String {
    match operation(op) {
        Ok(op) => run_validate(op, &from_js::to_value(value), &options(locale, stage)),
        Err(usage) => usage,
    }
}

/// `validateField(op, path, value, locale, stage)` → `[issue, …]`: the issues at or under `path`
/// of the whole form (which gives the field its context).
#[wasm_bindgen(js_name = validateField)]
pub fn validate_field(
    op: &JsValue,
    path: &JsValue,
    value: &JsValue,
    locale: &JsValue,
    stage: &JsValue,
) -> String {
    match operation(op) {
        Ok(op) => run_validate_field(
            op,
            &field_path(&from_js::to_value(path)),
            &from_js::to_value(value),
            &options(locale, stage),
        ),
        Err(usage) => usage,
    }
}

/// `buildRequest(op, value, locale, stage)` → `{"ok":true,"request":{method,path,headers,body}}`
/// for a value that passes validation, else `{"ok":false,"issues":[…]}`.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(op: &JsValue, value: &JsValue, locale: &JsValue, stage: &JsValue) -> String {
    match operation(op) {
        Ok(op) => run_build_request(op, &from_js::to_value(value), &options(locale, stage)),
        Err(usage) => usage,
    }
}

/// What [`call_json`] returns when its text is not a call it can read: the wrapper then uses
/// the walker entry points.
pub const FALLBACK: &str = "{\"fallback\":true}";

/// The fast path of `validate`, `validateField` and `buildRequest` for plain JSON-safe form
/// values (what forms hold), which the wrapper sends as one JSON text instead of having the
/// walker read them value by value across the boundary:
/// `["validate" | "validateField" | "buildRequest", op, locale, stage, value, path]` (locale and
/// stage strings or `null`; `path` only for `validateField`). Core's parser reads it; the result
/// is the same as the walker entry point's for the same value. Anything else returns
/// [`FALLBACK`].
///
/// The text arrives as UTF-8 bytes in the exchange area (`callJsonAt`, see [`exchange`]), which
/// the wrapper encodes it into with `TextEncoder`. A text too long for the area goes to the
/// walker entry points instead.
pub fn call_json(text: &[u8]) -> String {
    let Ok(text) = std::str::from_utf8(text) else {
        return FALLBACK.to_string();
    };
    let Ok(Value::Array(args)) = hwc_kyc::json::parse_str(text) else {
        return FALLBACK.to_string();
    };
    let [function, op, locale, stage, value, rest @ ..] = args.as_slice() else {
        return FALLBACK.to_string();
    };
    let op = match operation_named(op.as_str()) {
        Ok(op) => op,
        Err(usage) => return usage,
    };
    let options = options_from(locale.as_str(), stage.as_str());
    match (function.as_str(), rest) {
        (Some("validate"), []) => run_validate(op, value, &options),
        (Some("buildRequest"), []) => run_build_request(op, value, &options),
        (Some("validateField"), [path]) => {
            run_validate_field(op, &field_path(path), value, &options)
        }
        _ => FALLBACK.to_string(),
    }
}

/// `validateStringField`, the fastest path of `validateField`, for what live validation checks
/// most: a field that holds a string, at a path of keys (`corp_name`,
/// `enterprise_person.legel_name`) under a top-level field whose issues depend on no other field
/// (core's [`FIELD_CONTEXT`](hwc_kyc::FIELD_CONTEXT) lists none for it). The strings cross as they are, with no JSON text on either side:
/// `validateStringField(op, path, value, locale, stage)` gives the same `[issue, …]` as
/// `validateField(op, path, {a: {b: value}}, …)` for the path `a.b`, which for such a field is
/// what the whole form gives at the path ([`field_context`](hwc_kyc::field_context); `locale` and
/// `stage` as in [`options_from`], `""` meaning the default). A field with a context, a path
/// that is not its keys joined by single dots (an index, an empty segment), or an empty value at
/// a nested path (whose issues can depend on its neighbours: core's `field_context` says when)
/// gives [`FALLBACK`], and the wrapper takes the general path. The wrapper calls it through the
/// exchange area ([`exchange::string_field_text`]).
pub fn validate_string_field(
    op: &str,
    path: &str,
    value: &str,
    locale: &str,
    stage: &str,
) -> String {
    let op = match operation_named(Some(op)) {
        Ok(op) => op,
        Err(usage) => return usage,
    };
    let segments = hwc_kyc::parse_path(path);
    let mut input = Value::String(value.to_string());
    let mut joined = 0;
    for segment in segments.iter().rev() {
        let PathSegment::Key(key) = segment else {
            return FALLBACK.to_string();
        };
        joined += key.len() + 1;
        input = Value::Object(vec![(key.to_string(), input)]);
    }
    // The keys joined by single dots are the whole path (no empty segment), so the wrapper,
    // which splits it at each dot, read the value at the same place.
    let top = match segments.first() {
        Some(PathSegment::Key(top)) if joined == path.len() + 1 => top,
        _ => return FALLBACK.to_string(),
    };
    if !hwc_kyc::field_context(op, top).is_empty() || (segments.len() > 1 && value.is_empty()) {
        return FALLBACK.to_string();
    }
    run_validate_field(
        op,
        &segments,
        &input,
        &options_from(Some(locale), Some(stage)),
    )
}

/// `parseResponse(op, status, bodyText, locale)` → `{"ok":true,"value":…}` or
/// `{"ok":false,"error":…}`. A status that is not an integer in 0..=65535 reads as 0, a body that
/// is not a string as empty; both then come back as a malformed-answer error.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(op: &JsValue, status: &JsValue, body: &JsValue, locale: &JsValue) -> String {
    let op = match operation(op) {
        Ok(op) => op,
        Err(usage) => return usage,
    };
    let status = status
        .as_f64()
        .filter(|s| s.fract() == 0.0 && (0.0..=65535.0).contains(s))
        .map_or(0, |s| s as u16);
    let body = body.as_string().unwrap_or_default();
    let locale = self::locale(locale);
    let mut out = String::with_capacity(128 + body.len());
    match hwc_kyc::parse_response(op, status, body.as_bytes()) {
        Ok(r) => {
            out.push_str("{\"ok\":true,\"value\":");
            to_json::response(&mut out, &r);
        }
        Err(e) => {
            out.push_str("{\"ok\":false,\"error\":");
            to_json::api_error(&mut out, &e, locale);
        }
    }
    out.push('}');
    out
}

/// `checkAttachment(fileName, head, size, locale)` → `[issue, …]` about the file's extension,
/// size and content signature. `head` is the file's first bytes (at least core's
/// `CONTENT_HEAD_BYTES`, or the whole file when it is shorter) and `size` the whole file's size:
/// the wrapper reads them from whatever byte view the caller has.
#[wasm_bindgen(js_name = checkAttachment)]
pub fn check_attachment(file_name: &JsValue, head: &[u8], size: f64, locale: &JsValue) -> String {
    let name = file_name.as_string().unwrap_or_default();
    let head = head
        .get(..hwc_kyc::rules::attachments::CONTENT_HEAD_BYTES)
        .unwrap_or(head);
    let found = hwc_kyc::check_attachment(&name, size as usize, head, self::locale(locale));
    let mut out = String::new();
    to_json::issues(&mut out, &found);
    out
}

/// `describeError(code, locale, op)` → the catalog's description as a JSON string, or `null` for
/// an unknown code. `op` (`""` for none) picks the meaning of a code that differs per operation.
/// The wrapper calls it through the exchange area ([`exchange::description_text`]).
pub fn describe_error(code: &str, locale: &str, op: &str) -> String {
    let mut out = String::new();
    match hwc_kyc::describe_error(code, Operation::from_js_name(op), Locale::parse(locale)) {
        Some(text) => write_string(&mut out, text),
        None => out.push_str("null"),
    }
    out
}

/// `describeFailCheckItem(item, locale)` → the description of a `fail_check_items` value as a
/// JSON string, or `null`. Through the exchange area, as [`describe_error`].
pub fn describe_fail_check_item(item: &str, locale: &str) -> String {
    let mut out = String::new();
    match hwc_kyc::describe_fail_check_item(item, Locale::parse(locale)) {
        Some(text) => write_string(&mut out, text),
        None => out.push_str("null"),
    }
    out
}

/// The tables the package exports as constants, as one JSON object:
/// `{"issueCodes":[{"code","params"}…],"locales":[…],"operations":[…],"fieldContext":{…},
/// "allowedValues":{…},"exchange":[address,bytes]}` (`fieldContext`: per operation, the fields
/// whose issues depend on other fields, and those; `allowedValues`: per operation, the values of
/// each closed field by dotted path; `exchange`: where the [`exchange`] area is).
/// Not the codes' descriptions (`IssueCode::doc`): they are JSDoc comments in `index.d.ts`, so
/// the wasm does not carry them.
#[wasm_bindgen]
pub fn tables() -> String {
    let mut out = String::from("{\"issueCodes\":[");
    for (n, code) in hwc_kyc::IssueCode::ALL.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"code\":\"");
        out.push_str(code.as_str());
        out.push_str("\",\"params\":");
        string_array(&mut out, code.params().iter().copied());
        out.push('}');
    }
    out.push_str("],\"locales\":");
    string_array(&mut out, Locale::ALL.iter().map(|l| l.tag()));
    out.push_str(",\"operations\":");
    string_array(&mut out, Operation::ALL.iter().map(|op| op.js_name()));
    // {"<op>":{"<field>":["<context>",…]}}: what validateField sends besides the field.
    out.push_str(",\"fieldContext\":{");
    for (n, op) in Operation::ALL.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_string(&mut out, op.js_name());
        out.push_str(":{");
        let fields = hwc_kyc::FIELD_CONTEXT.iter().filter(|(o, _, _)| o == op);
        for (k, (_, field, context)) in fields.enumerate() {
            if k > 0 {
                out.push(',');
            }
            write_string(&mut out, field);
            out.push(':');
            string_array(&mut out, context.iter().copied());
        }
        out.push('}');
    }
    // {"<op>":{"<path>":[values]}}: what each closed field accepts (core's ENUM_FIELDS).
    out.push_str("},\"allowedValues\":{");
    for (n, op) in Operation::ALL.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_string(&mut out, op.js_name());
        out.push_str(":{");
        let fields = hwc_kyc::ENUM_FIELDS.iter().filter(|(o, _, _)| o == op);
        for (k, (_, path, values)) in fields.enumerate() {
            if k > 0 {
                out.push(',');
            }
            write_string(&mut out, path);
            out.push(':');
            values.write_json(&mut out);
        }
        out.push('}');
    }
    // [address, bytes] of the exchange area (see `exchange`).
    let [address, bytes] = exchange::location();
    out.push_str("},\"exchange\":[");
    hwc_kyc::json::write_u64(&mut out, address as u64);
    out.push(',');
    hwc_kyc::json::write_u64(&mut out, bytes as u64);
    out.push_str("]}");
    out
}

/// Appends the strings as a JSON array.
fn string_array<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (n, item) in items.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_string(out, item);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `validateField` through the JSON path, as the wrapper sends it.
    fn through_json(op: &str, path: &str, form: &str) -> String {
        let call = [
            "[\"validateField\",\"",
            op,
            "\",\"es\",null,",
            form,
            ",\"",
            path,
            "\"]",
        ]
        .concat();
        call_json(call.as_bytes())
    }

    #[test]
    fn a_string_field_gives_what_the_json_path_gives() {
        let long = "9".repeat(40);
        let form = [
            r#"{"customer_id":"","corp_name":"123","verified_number":""#,
            &long,
            r#"","enterprise_person":{"legel_name":"","legel_id_number":""#,
            &long,
            r#"","certifier_role":"boss"}}"#,
        ]
        .concat();
        for (field, value) in [
            ("customer_id", ""),
            ("corp_name", "123"),
            ("verified_number", long.as_str()),
            ("enterprise_person.legel_id_number", long.as_str()),
            ("enterprise_person.certifier_role", "boss"),
        ] {
            let quick = validate_string_field("enterpriseRealnameAuth", field, value, "es", "");
            assert_ne!(quick, "[]", "{field} has issues");
            assert_eq!(
                quick,
                through_json("enterpriseRealnameAuth", field, &form),
                "{field}"
            );
        }
        assert_eq!(
            validate_string_field("checkIdentity", "search_type", "email", "", ""),
            "[]"
        );
    }

    #[test]
    fn a_field_with_a_context_or_a_path_not_of_dotted_keys_falls_back() {
        // search_value's rules read search_type, which the fast path does not send.
        assert_eq!(
            validate_string_field("checkIdentity", "search_value", "wang_01", "", ""),
            FALLBACK
        );
        // verified_file_url's count follows enterprise_person: so does anything under it.
        assert_eq!(
            validate_string_field("enterpriseRealnameAuth", "verified_file_url.x", "a", "", ""),
            FALLBACK
        );
        // An empty legel_name is an issue only beside a filled field of the legal person.
        assert_eq!(
            validate_string_field(
                "enterpriseRealnameAuth",
                "enterprise_person.legel_name",
                "",
                "",
                ""
            ),
            FALLBACK
        );
        for key in [
            "2",
            "",
            ".",
            "corp_name.",
            ".corp_name",
            "enterprise_person..legel_name",
            "enterprise_person.0",
            "0.corp_name",
        ] {
            assert_eq!(
                validate_string_field("enterpriseRealnameAuth", key, "x", "", ""),
                FALLBACK,
                "{key:?}"
            );
        }
    }

    #[test]
    fn an_unknown_operation_is_a_usage_error() {
        assert!(validate_string_field("nope", "corp_name", "x", "", "").starts_with("{\"usage\":"));
    }
}
