//! The decisions of the npm package's `KycClient` (`js/client.js`), from `hwc-kyc-client`
//! without its I/O: [`client_request`] validates and builds what a call sends,
//! [`client_answer`] reads each answer and says whether to repeat the call. The JavaScript does
//! only the I/O (fetch, timers, abort), so the package carries no async runtime, closures or
//! web-sys bindings: the Rust fetch transport of `hwc-kyc-client` cost 18 KB (gzip) of wasm and
//! 3 KB of glue when it was compiled in (BENCHMARKS.md, npm package).
//!
//! Both return JSON text: `{"ok":true,…}`, `{"retryInMs":…}` or `{"ok":false,"error":{…}}` with
//! the error kinds of [`write_error`].

use std::time::Duration;

use hwc_kyc::json::write_string;
use hwc_kyc::request::PROXY_UPLOAD_PATH;
use hwc_kyc::Locale;

use crate::locales::Lang;
use hwc_kyc::input::Node;
use hwc_kyc::wire::Notes;
use hwc_kyc_client::engine::{decide, Answer, Decision, Incoming};
use hwc_kyc_client::{plan, Call, ClientError, UploadedFile};
use wasm_bindgen::prelude::*;

use crate::to_json;

/// The call of a `KycClient` method name.
fn call_of(method: &str) -> Option<Call> {
    Some(match method {
        "checkIdentity" => Call::CheckIdentity,
        "submitIndividual" => Call::IndividualRealnameAuth,
        "submitEnterprise" => Call::EnterpriseRealnameAuth,
        "reviewResult" => Call::ReviewResult,
        "uploadAttachment" => Call::UploadAttachment,
        _ => return None,
    })
}

const UNKNOWN_METHOD: &str = "{\"usage\":\"unknown client method\"}";

/// The client's headers from the array `[name, value, …]`; anything else is no header.
pub fn header_pairs(flat: Option<Node<'_>>) -> Vec<(String, String)> {
    let Some(Node::Array(flat)) = flat else {
        return Vec::new();
    };
    // Pairs in order (a last name without a value is dropped); pairs that are not two strings
    // are skipped.
    let mut out = Vec::new();
    let mut items = flat.iter();
    while let (Some(name), Some(value)) = (items.next(), items.next()) {
        if let (Some(name), Some(value)) = (name.as_str(), value.as_str()) {
            out.push((name.to_string(), value.to_string()));
        }
    }
    out
}

/// `{"ok":false,"error":{"kind":…,"requestId":…,…}}`, with per kind: `invalid` → `issues`;
/// `token` and `network` → `message`; `timeout` → `timeoutMs`; `aborted` → nothing more;
/// `http` → `operation`, `serverRequestId`, `retryAfterMs` and `error` (the answer as
/// `parseResponse` reports it, which the wrapper flattens).
pub fn write_error(e: &ClientError, locale: Locale) -> String {
    let lang = Lang::of(locale);
    let mut out = String::from("{\"ok\":false,\"error\":{\"kind\":\"");
    out.push_str(e.kind());
    out.push_str("\",\"requestId\":");
    write_string(&mut out, e.request_id());
    match e {
        ClientError::Invalid { issues, .. } => {
            out.push_str(",\"issues\":");
            to_json::issues(&mut out, issues, lang);
        }
        ClientError::Token { message, .. } | ClientError::Network { message, .. } => {
            out.push_str(",\"message\":");
            write_string(&mut out, message);
        }
        ClientError::Timeout { timeout, .. } => {
            out.push_str(",\"timeoutMs\":");
            push_millis(&mut out, *timeout);
        }
        ClientError::Aborted { .. } => {}
        ClientError::Http(h) => {
            out.push_str(",\"operation\":");
            write_string(&mut out, h.call.js_name());
            out.push_str(",\"serverRequestId\":");
            match &h.server_request_id {
                Some(id) => write_string(&mut out, id),
                None => out.push_str("null"),
            }
            out.push_str(",\"retryAfterMs\":");
            match h.retry_after {
                Some(wait) => push_millis(&mut out, wait),
                None => out.push_str("null"),
            }
            out.push_str(",\"error\":");
            to_json::api_error(&mut out, &h.error, lang);
        }
    }
    out.push_str("}}");
    out
}

fn push_millis(out: &mut String, d: Duration) {
    hwc_kyc::json::write_u64(out, d.as_millis().min(u64::MAX.into()) as u64);
}

/// `{"file_name":…,"path":…,"size":…}`: the proxy's wire names.
fn uploaded(out: &mut String, file: &UploadedFile) {
    out.push_str("{\"file_name\":");
    write_string(out, &file.file_name);
    out.push_str(",\"path\":");
    write_string(out, &file.path);
    out.push_str(",\"size\":");
    hwc_kyc::json::write_u64(out, file.size);
    out.push('}');
}

/// What `method` sends: core validates `value` at the form stage and builds the request; the
/// client's headers, `Accept-Language`, the bearer `token` and the request id are added as
/// `hwc-kyc-client` adds them. `{"ok":true,"request":{"method","url","headers":[[name,value],…],
/// "body"}}` (`body` `null` for a GET and for `"uploadAttachment"`, whose multipart body the
/// caller makes) or the `invalid` error with every issue in `locale`.
#[allow(clippy::too_many_arguments)] // the call's parts, as client_request passes them
pub fn request_json(
    method: &str,
    input: Node<'_>,
    notes: &Notes,
    locale: Locale,
    base_url: &str,
    headers: &[(String, String)],
    token: Option<&str>,
    request_id: &str,
) -> String {
    let Some(call) = call_of(method) else {
        return UNKNOWN_METHOD.into();
    };
    let (method, path, core_headers, body) = match call.operation() {
        // Core renders in English; the issues are written in `locale` from its pack.
        Some(op) => match notes.verdict(form_request(op, input)) {
            Ok(r) => {
                let body = (r.method == "POST")
                    .then(|| hwc_kyc::lean_std::utf8_lossy(&r.body).into_owned());
                (r.method, r.path, r.headers, body)
            }
            Err(issues) => {
                let e = ClientError::Invalid {
                    issues,
                    request_id: request_id.into(),
                };
                return write_error(&e, locale);
            }
        },
        None => ("POST", PROXY_UPLOAD_PATH.to_string(), Vec::new(), None),
    };
    let mut out = String::from("{\"ok\":true,\"request\":{\"method\":");
    write_string(&mut out, method);
    out.push_str(",\"url\":");
    write_string(&mut out, &plan::url(base_url, &path));
    out.push_str(",\"headers\":[");
    let all = plan::headers(headers, &core_headers, locale, token, request_id);
    for (n, (name, value)) in all.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('[');
        write_string(&mut out, name);
        out.push(',');
        write_string(&mut out, value);
        out.push(']');
    }
    out.push_str("],\"body\":");
    match &body {
        Some(body) => write_string(&mut out, body),
        None => out.push_str("null"),
    }
    out.push_str("}}");
    out
}

/// What core validates and builds for `op` at the form stage (as `plan::form_request`, over
/// borrowed input): issues in English, rendered again in the caller's locale.
fn form_request(
    op: hwc_kyc::Operation,
    input: Node<'_>,
) -> Result<hwc_kyc::HttpRequest, Vec<hwc_kyc::Issue>> {
    let options = hwc_kyc::Options::default()
        .stage(hwc_kyc::Stage::Form)
        .locale(Locale::En);
    hwc_kyc::validate_node(op, input, &options).map(|valid| valid.build())
}

/// A decision about an answer as the JavaScript reads it: `{"ok":true,"requestId","value"}`,
/// `{"retryInMs":N}` (send the same request again after N ms) or the `http` error.
pub fn decision_json(decision: Decision, request_id: &str, locale: Locale) -> String {
    match decision {
        Decision::Done(answer) => {
            let mut out = String::from("{\"ok\":true,\"requestId\":");
            write_string(&mut out, request_id);
            out.push_str(",\"value\":");
            match &answer {
                Answer::Api(r) => to_json::response(&mut out, r),
                Answer::Upload(f) => uploaded(&mut out, f),
            }
            out.push('}');
            out
        }
        Decision::Retry(wait) => {
            let mut out = String::from("{\"retryInMs\":");
            push_millis(&mut out, wait);
            out.push('}');
            out
        }
        Decision::Fail(h) => write_error(&ClientError::Http(h), locale),
    }
}

/// `clientAnswer(method, status, body, retryAfter, serverRequestId, retry, remainingMs,
/// requestId, locale)`: what one answer means for the call ([`decide`], written by
/// [`decision_json`]). `retryAfter` and `serverRequestId` are the
/// answer's `Retry-After` and `X-Request-Id` headers (strings or `null`); `retry` counts the
/// repeats so far; a `Retry-After` date is read with `Date.parse`.
#[wasm_bindgen(js_name = clientAnswer)]
#[allow(clippy::too_many_arguments)] // positional arguments keep the glue small
pub fn client_answer(
    method: &str,
    status: u16,
    body: &str,
    retry_after: &JsValue,
    server_request_id: &JsValue,
    retry: u32,
    remaining_ms: f64,
    request_id: &str,
    locale: &str,
) -> String {
    let answer = Incoming {
        status,
        body: body.as_bytes().to_vec(),
        retry_after: retry_after.as_string(),
        request_id: server_request_id.as_string(),
    };
    let Some(call) = call_of(method) else {
        return UNKNOWN_METHOD.into();
    };
    let remaining = Duration::from_millis(remaining_ms.max(0.0).min(u64::MAX as f64) as u64);
    let decision = decide(
        call,
        request_id,
        answer,
        retry,
        remaining,
        js_sys::Date::now(),
        |date| Some(js_sys::Date::parse(date)).filter(|ms| ms.is_finite()),
    );
    decision_json(decision, request_id, Locale::parse(locale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::json::Value;

    fn form(text: &str) -> Value {
        hwc_kyc::json::parse(text.as_bytes()).unwrap()
    }

    fn answer(status: u16, body: &str, retry_after: Option<&str>) -> Incoming {
        Incoming {
            status,
            body: body.as_bytes().to_vec(),
            retry_after: retry_after.map(str::to_string),
            request_id: Some("srv".into()),
        }
    }

    fn no_date(_: &str) -> Option<f64> {
        None
    }

    #[test]
    fn a_valid_form_gives_the_url_headers_and_body_to_send() {
        let out = request_json(
            "checkIdentity",
            Node::from(&form(
                r#"{"search_type":"email","search_value":"a@example.com"}"#,
            )),
            &Notes::default(),
            Locale::Es,
            "http://127.0.0.1:9/",
            &[("X-Portal".into(), "eu".into())],
            Some("tok"),
            "rid",
        );
        assert_eq!(
            out,
            r#"{"ok":true,"request":{"method":"POST","url":"http://127.0.0.1:9/v2/partners/sub-customers/users/check-identity","headers":[["X-Portal","eu"],["Content-Type","application/json;charset=UTF-8"],["Accept-Language","es"],["Authorization","Bearer tok"],["X-Request-Id","rid"]],"body":"{\"search_type\":\"email\",\"search_value\":\"a@example.com\"}"}}"#
        );
    }

    #[test]
    fn an_invalid_form_is_the_invalid_error_with_localized_issues() {
        let out = request_json(
            "submitEnterprise",
            Node::from(&form(
                r#"{"customer_id":"c","verified_file_url":["a.jpg"],"corp_name":"123","verified_number":"9"}"#,
            )),
            &Notes::default(),
            Locale::ZhCn,
            "/kyc",
            &[],
            None,
            "rid",
        );
        assert!(out.starts_with(r#"{"ok":false,"error":{"kind":"invalid","requestId":"rid","issues":[{"path":["corp_name"],"code":"no_letter""#), "{out}");
    }

    #[test]
    fn an_upload_goes_to_the_proxys_upload_route_without_a_body() {
        let out = request_json(
            "uploadAttachment",
            Node::Null,
            &Notes::default(),
            Locale::En,
            "/kyc",
            &[],
            Some("t"),
            "rid",
        );
        assert!(
            out.contains(r#""method":"POST","url":"/kyc/uploads""#),
            "{out}"
        );
        assert!(out.contains(r#"["Authorization","Bearer t"]"#), "{out}");
        assert!(
            !out.contains("Content-Type"),
            "the browser sets the multipart boundary: {out}"
        );
        assert!(out.ends_with(r#""body":null}}"#), "{out}");
    }

    #[test]
    fn the_review_result_is_a_get_with_a_null_body() {
        let out = request_json(
            "reviewResult",
            Node::from(&form(r#"{"customer_id":"c 1"}"#)),
            &Notes::default(),
            Locale::En,
            "http://x",
            &[],
            None,
            "r",
        );
        assert!(out.contains(r#""method":"GET","url":"http://x/v2/customers/realname-auths/result?customer_id=c%201""#), "{out}");
        assert!(out.ends_with(r#""body":null}}"#), "{out}");
    }

    #[test]
    fn an_unknown_method_is_a_usage_error() {
        let out = request_json(
            "deleteEverything",
            Node::Null,
            &Notes::default(),
            Locale::En,
            "/",
            &[],
            None,
            "r",
        );
        assert_eq!(out, UNKNOWN_METHOD);
    }

    #[test]
    fn headers_json_that_is_not_a_flat_string_list_is_ignored_pairwise() {
        assert_eq!(
            header_pairs(Some(Node::from(&form(r#"["a","1","b",2,"c"]"#)))),
            vec![("a".to_string(), "1".to_string())]
        );
        assert!(header_pairs(Some(Node::from(&form("{}")))).is_empty());
    }

    fn decided(call: Call, answer: Incoming, locale: Locale) -> String {
        let ten = Duration::from_secs(10);
        decision_json(
            decide(call, "rid", answer, 0, ten, 0.0, no_date),
            "rid",
            locale,
        )
    }

    #[test]
    fn answers_become_values_retries_or_http_errors() {
        let ok = decided(
            Call::CheckIdentity,
            answer(200, r#"{"check_result":"available"}"#, None),
            Locale::En,
        );
        assert_eq!(
            ok,
            r#"{"ok":true,"requestId":"rid","value":{"check_result":"available"}}"#
        );
        let busy = r#"{"error_code":"KYC.0429","error_msg":"Too many requests."}"#;
        let retry = decided(
            Call::CheckIdentity,
            answer(429, busy, Some("2")),
            Locale::En,
        );
        assert_eq!(retry, r#"{"retryInMs":2000}"#);
        let no_retry = decided(
            Call::IndividualRealnameAuth,
            answer(429, busy, Some("2")),
            Locale::Es,
        );
        assert!(no_retry.starts_with(r#"{"ok":false,"error":{"kind":"http","requestId":"rid","operation":"individualRealnameAuth","serverRequestId":"srv","retryAfterMs":2000,"error":{"operation":"individualRealnameAuth","status":429,"kind":"auth","code":"KYC.0429""#), "{no_retry}");
    }

    #[test]
    fn an_upload_answer_is_the_stored_file() {
        let body = r#"{"files":[{"file_name":"a.png","path":"c1/x.png","size":9}]}"#;
        let out = decided(Call::UploadAttachment, answer(200, body, None), Locale::En);
        assert_eq!(
            out,
            r#"{"ok":true,"requestId":"rid","value":{"file_name":"a.png","path":"c1/x.png","size":9}}"#
        );
    }

    #[test]
    fn every_error_kind_has_its_fields() {
        let id = || "rid".to_string();
        let cases = [
            (
                ClientError::Token {
                    message: "m".into(),
                    request_id: id(),
                },
                r#"{"kind":"token","requestId":"rid","message":"m"}"#,
            ),
            (
                ClientError::Network {
                    message: "m".into(),
                    request_id: id(),
                },
                r#"{"kind":"network","requestId":"rid","message":"m"}"#,
            ),
            (
                ClientError::Timeout {
                    timeout: Duration::from_millis(250),
                    request_id: id(),
                },
                r#"{"kind":"timeout","requestId":"rid","timeoutMs":250}"#,
            ),
            (
                ClientError::Aborted { request_id: id() },
                r#"{"kind":"aborted","requestId":"rid"}"#,
            ),
        ];
        for (e, inner) in cases {
            assert_eq!(
                write_error(&e, Locale::En),
                format!(r#"{{"ok":false,"error":{inner}}}"#)
            );
        }
    }
}
