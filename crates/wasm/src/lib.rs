//! # hwc-kyc-wasm
//!
//! The WebAssembly bindings of [`hwc_kyc`] that make up the npm package `hwc-kyc`. Bindings only:
//! every call crosses one way ([`exchange`]): the package's generic encoder (`js/encode.js`)
//! writes its arguments into the module's memory in core's boundary protocol
//! ([`hwc_kyc::wire`]), core reads them borrowed and validates, and the result goes back as
//! JSON text ([`to_json`]) that the package's hand-written ES module (`js/api.js`) parses and
//! returns. No rule, message, limit or code lives here or in the JavaScript.
//!
//! No call throws: wrong-typed arguments read as absent or empty (an unknown locale is English,
//! an unknown stage is `"form"`), and an unknown operation name comes back as `{"usage":"…"}`,
//! which the wrapper turns into a `TypeError`.
//!
//! ```text
//! // From JavaScript, through the package:
//! import { validate } from "hwc-kyc";
//! validate("checkIdentity", { search_type: "email", search_value: "a@b.co" }, { locale: "es" });
//! ```

pub mod answer;
#[cfg(all(feature = "arena", target_arch = "wasm32"))]
pub mod arena;
#[cfg(feature = "client")]
pub mod client;
pub mod exchange;
pub mod locales;
pub mod to_json;

/// The package's allocator (see [`arena`]).
#[cfg(all(feature = "arena", target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

use hwc_kyc::input::Node;
use hwc_kyc::json::write_string;
use hwc_kyc::lean_std::concat;
use hwc_kyc::wire::Notes;
use hwc_kyc::{Locale, Operation, Options, PathSegment, Stage};
use locales::Lang;
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
    Err(usage(&message))
}

/// What a call asks core for, and the language of its answer. Core renders in English; the
/// answer's texts are rendered again in `lang` ([`locales`]).
struct Call {
    options: Options,
    lang: Lang,
}

/// `"upstream"` is [`Stage::Upstream`]; anything else is [`Stage::Form`], the browser's default.
fn options_from(locale: Option<&str>, stage: Option<&str>) -> Call {
    let stage = match stage {
        Some("upstream") => Stage::Upstream,
        _ => Stage::Form,
    };
    Call {
        options: Options::default().locale(Locale::En).stage(stage),
        lang: locale.map_or(Lang::ENGLISH, Lang::parse),
    }
}

/// The path of `validateField`: a dotted string (`"enterprise_person.legel_name"`) or an array
/// of keys and indexes (`["verified_file_url", 2]`); anything else is the root.
fn field_path(path: Option<Node<'_>>) -> Vec<PathSegment> {
    match path {
        Some(Node::String(s)) => hwc_kyc::parse_path(s),
        Some(Node::Array(segments)) => segments
            .iter()
            .map(|seg| match seg {
                Node::String(key) => PathSegment::Key(key.to_string().into()),
                Node::Number(n) => match n.as_i64().and_then(|i| usize::try_from(i).ok()) {
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

/// `validate`: the normalized value of a valid form (its strings referring to those of the
/// call, `call`), else the issues ([`answer`]).
fn run_validate(
    op: Operation,
    input: Node<'_>,
    notes: &Notes,
    call: &Call,
    bytes: &[u8],
) -> Vec<u8> {
    match notes.verdict(hwc_kyc::validate_node_ref(op, input, &call.options)) {
        Ok(valid) => answer::valid(&valid, bytes),
        Err(issues) => answer::issues(&issues, call.lang),
    }
}

fn run_validate_field(
    op: Operation,
    path: &[PathSegment],
    input: Node<'_>,
    notes: &Notes,
    call: &Call,
) -> Vec<u8> {
    let mut found = hwc_kyc::validate_field_node(op, path, input, &call.options);
    notes.apply(&mut found, path);
    answer::issues(&found, call.lang)
}

/// `buildRequest`: `{"method","path","headers","body"}` as JSON text (which JavaScript does not
/// hold), else the issues.
fn run_build_request(op: Operation, input: Node<'_>, notes: &Notes, call: &Call) -> Vec<u8> {
    match notes.verdict(hwc_kyc::validate_node(op, input, &call.options)) {
        Ok(valid) => {
            let mut out = String::with_capacity(256);
            to_json::request(&mut out, &valid.build());
            answer::json(out)
        }
        Err(issues) => answer::issues(&issues, call.lang),
    }
}

/// `parseResponse(op, status, body, locale)` → `{"ok":true,"value":…}` or
/// `{"ok":false,"error":…}`. A status that is not an integer in 0..=65535 reads as 0, a body that
/// is not a string as empty; both then come back as a malformed-answer error.
#[cfg(feature = "responses")]
pub fn parse_response(op: Operation, status: Option<Node<'_>>, body: &str, lang: Lang) -> String {
    let status = match status {
        Some(Node::Number(n)) => n.as_i64().and_then(|s| u16::try_from(s).ok()),
        _ => None,
    }
    .unwrap_or(0);
    let mut out = String::with_capacity(128 + body.len());
    match hwc_kyc::parse_response(op, status, body.as_bytes()) {
        Ok(r) => {
            out.push_str("{\"ok\":true,\"value\":");
            to_json::response(&mut out, &r);
        }
        Err(e) => {
            out.push_str("{\"ok\":false,\"error\":");
            to_json::api_error(&mut out, &e, lang);
        }
    }
    out.push('}');
    out
}

/// `checkAttachment(fileName, head, size, locale)` → `[issue, …]` about the file's extension,
/// size and content signature. `head` is the file's first bytes (at least core's
/// `CONTENT_HEAD_BYTES`, or the whole file when it is shorter) and `size` the whole file's size:
/// the wrapper reads them from whatever byte view the caller has.
pub fn check_attachment(name: &str, head: &[u8], size: usize, lang: Lang) -> Vec<u8> {
    let head = head
        .get(..hwc_kyc::rules::attachments::CONTENT_HEAD_BYTES)
        .unwrap_or(head);
    answer::issues(
        &hwc_kyc::check_attachment(name, size, head, Locale::En),
        lang,
    )
}

/// `describeError(code, locale, op)` → the catalog's description as a JSON string, or `null` for
/// an unknown code. `op` (`""` for none) picks the meaning of a code that differs per operation.
#[cfg(feature = "responses")]
pub fn describe_error(code: &str, locale: &str, op: &str) -> String {
    let mut out = String::new();
    match Lang::parse(locale).error_description(code, Operation::from_js_name(op)) {
        Some(text) => write_string(&mut out, text),
        None => out.push_str("null"),
    }
    out
}

/// `describeFailCheckItem(item, locale)` → the description of a `fail_check_items` value as a
/// JSON string, or `null`.
#[cfg(feature = "responses")]
pub fn describe_fail_check_item(item: &str, locale: &str) -> String {
    let mut out = String::new();
    match Lang::parse(locale).item_description(item) {
        Some(text) => write_string(&mut out, text),
        None => out.push_str("null"),
    }
    out
}

/// `registerLocale(tag, text)`: registers the locale pack `text` (`hwc-kyc/locales/<tag>`'s) for
/// `tag` ([`locales::register`]): `""`, or `{"usage":"…"}` when it is not such a pack, which the
/// wrapper turns into a `TypeError`.
#[wasm_bindgen(js_name = registerLocale)]
pub fn register_locale(tag: &JsValue, text: &JsValue) -> String {
    let (Some(tag), Some(text)) = (tag.as_string(), text.as_string()) else {
        return usage("a locale pack is an object { locale, texts } of strings");
    };
    match locales::register(&tag, text) {
        Ok(()) => String::new(),
        Err(e) => usage(e),
    }
}

/// `{"usage":"…"}`.
fn usage(message: &str) -> String {
    let mut out = String::from("{\"usage\":");
    write_string(&mut out, message);
    out.push('}');
    out
}

/// The tables the package exports as constants, as one JSON object:
/// `{"issueCodes":[{"code","params"}…],"locales":[…],"operations":[…],"fieldContext":{…},
/// "allowedValues":{…},"exchange":[address,bytes],"names":[…],"wire":[depth,fieldValues,maxValues]}` (`fieldContext`: per operation, the fields
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
    // The texts the boundary names by index, both ways (`wire::NAMES`).
    out.push_str("],\"names\":");
    string_array(&mut out, hwc_kyc::wire::NAMES.iter().copied());
    // The limits the encoder applies (`wire`): [depth, values per field, values in all].
    out.push_str(",\"wire\":[");
    for (n, limit) in [
        hwc_kyc::json::MAX_DEPTH,
        hwc_kyc::wire::FIELD_VALUES,
        hwc_kyc::wire::MAX_VALUES,
    ]
    .into_iter()
    .enumerate()
    {
        if n > 0 {
            out.push(',');
        }
        hwc_kyc::json::write_u64(&mut out, limit as u64);
    }
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
