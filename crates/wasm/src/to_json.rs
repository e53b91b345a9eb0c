//! Results out: core's issues, requests, answers and errors as JSON text, which the package's
//! JavaScript wrapper reads with one `JSON.parse`: one boundary crossing per result, where building
//! the objects through `js_sys` would cross once per property and key (the input side showed such
//! crossings to dominate; the two were not built side by side). `JSON.parse` of a validated
//! enterprise form costs 0.6× a `JSON.stringify` of it (BENCHMARKS.md). The shapes are the
//! TypeScript interfaces of `js/index.d.ts`; the field names of form values and answers are the
//! wire names.

use hwc_kyc::json::write_string;
use hwc_kyc::lean_std::utf8_lossy;
#[cfg(feature = "responses")]
use hwc_kyc::{json::write_int, ApiError, ApiResponse};
use hwc_kyc::{HttpRequest, Issue, ValidRequest};

use crate::locales::Lang;

/// Appends a JSON string or `null`.
#[cfg(feature = "responses")]
fn opt_string(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => write_string(out, s),
        None => out.push_str("null"),
    }
}

/// `[issue, …]`, with core's writer of the issue shape, the messages in `lang` (core rendered
/// them in English).
pub fn issues(out: &mut String, list: &[Issue], lang: Lang) {
    if lang.is_english() {
        hwc_kyc::issue::write_issues_json(out, list);
    } else {
        let localized: Vec<Issue> = list.iter().map(|i| lang.localized(i)).collect();
        hwc_kyc::issue::write_issues_json(out, &localized);
    }
}

/// The normalized value of a valid request: the body core builds (wire names, documented order,
/// absent optional fields left out, enums as their wire values), or `{"customer_id":…}` for the
/// review-result query, whose request has no body. Core's own writer, unlike
/// `Value::to_json`, never formats a float, which keeps float formatting out of the wasm.
pub fn normalized(out: &mut String, valid: &ValidRequest) {
    let body = match valid {
        ValidRequest::CheckIdentity(v) => v.body(),
        ValidRequest::IndividualRealnameAuth(v) => v.body(),
        ValidRequest::EnterpriseRealnameAuth(v) => v.body(),
        ValidRequest::ReviewResult(v) => {
            out.push_str("{\"customer_id\":");
            write_string(out, &v.customer_id);
            out.push('}');
            return;
        }
    };
    // Core writes bodies as UTF-8 text; the lossy branch is never taken.
    out.push_str(&utf8_lossy(&body));
}

/// `{"ok":false,"issues":[…]}`.
pub fn failure(list: &[Issue], lang: Lang) -> String {
    let mut out = String::with_capacity(64 + 160 * list.len());
    out.push_str("{\"ok\":false,\"issues\":");
    issues(&mut out, list, lang);
    out.push('}');
    out
}

/// `{"method":"POST","path":"…","headers":{"Content-Type":"…"},"body":"…"}`; the body is
/// `null` for a GET, which `fetch` requires.
pub fn request(out: &mut String, req: &HttpRequest) {
    out.push_str("{\"method\":");
    write_string(out, req.method);
    out.push_str(",\"path\":");
    write_string(out, &req.path);
    out.push_str(",\"headers\":{");
    for (n, (name, value)) in req.headers.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_string(out, name);
        out.push(':');
        write_string(out, value);
    }
    out.push_str("},\"body\":");
    if req.method == "GET" {
        out.push_str("null");
    } else {
        write_string(out, &utf8_lossy(&req.body));
    }
    out.push('}');
}

/// A successful answer with the wire's field names; absent optional fields are left out.
#[cfg(feature = "responses")]
pub fn response(out: &mut String, r: &ApiResponse) {
    match r {
        ApiResponse::CheckIdentity(c) => {
            out.push_str("{\"check_result\":");
            write_string(out, c.check_result.wire());
            if let Some(n) = c.mobile_remain_available_num {
                out.push_str(",\"mobile_remain_available_num\":");
                write_int(out, n);
            }
            out.push('}');
        }
        ApiResponse::RealnameAuth(a) => {
            out.push_str(if a.is_review {
                "{\"is_review\":true}"
            } else {
                "{\"is_review\":false}"
            });
        }
        ApiResponse::ReviewResult(info) => {
            out.push_str("{\"review_result\":");
            write_int(out, info.review_result.wire());
            if let Some(o) = &info.opinion {
                out.push_str(",\"opinion\":");
                write_string(out, o);
            }
            out.push('}');
        }
    }
}

/// A failed call, with the catalog's descriptions in `lang` and the proxy's issues rendered
/// again in `lang`.
#[cfg(feature = "responses")]
pub fn api_error(out: &mut String, e: &ApiError, lang: Lang) {
    out.push_str("{\"operation\":");
    write_string(out, e.operation.js_name());
    out.push_str(",\"status\":");
    write_int(out, i64::from(e.status));
    out.push_str(",\"kind\":");
    write_string(out, e.kind.as_str());
    out.push_str(",\"code\":");
    opt_string(out, e.code.as_deref());
    out.push_str(",\"message\":");
    opt_string(out, e.message.as_deref());
    out.push_str(",\"description\":");
    opt_string(
        out,
        e.code
            .as_deref()
            .and_then(|c| lang.error_description(c, Some(e.operation))),
    );
    out.push_str(",\"failCheckItems\":[");
    for (n, item) in e.fail_check_items.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"code\":");
        write_string(out, item);
        out.push_str(",\"description\":");
        opt_string(out, lang.item_description(item));
        out.push('}');
    }
    out.push_str("],\"requestId\":");
    opt_string(out, e.request_id.as_deref());
    out.push_str(",\"issues\":");
    let localized: Vec<Issue> = e.issues.iter().map(|i| lang.localized(i)).collect();
    issues(out, &localized, Lang::ENGLISH);
    out.push_str(",\"detail\":");
    opt_string(out, e.detail.as_deref());
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::{parse_response, IssueCode, Locale, Operation, PathSegment};

    #[test]
    fn writes_an_issue_with_path_code_params_and_message() {
        let i = Issue::new(
            vec![PathSegment::key("verified_file_url"), PathSegment::Index(2)],
            IssueCode::TooLong,
            vec![("max", 64usize.into()), ("actual", 65usize.into())],
            Locale::En,
        );
        let mut out = String::new();
        issues(&mut out, &[i], Lang::ENGLISH);
        assert_eq!(
            out,
            r#"[{"path":["verified_file_url",2],"code":"too_long","params":{"max":64,"actual":65},"message":"Must be at most 64 characters (currently 65)."}]"#
        );
    }

    #[test]
    fn writes_an_error_with_localized_descriptions_and_nulls_for_absent_fields() {
        let e = parse_response(
            Operation::IndividualRealnameAuth,
            400,
            br#"{"error_code":"CBC.99007004","error_msg":"x","fail_check_items":["IS_DEBT","NEW"]}"#,
        )
        .unwrap_err();
        let mut out = String::new();
        crate::locales::register("zh-CN", hwc_kyc::pack::text(Locale::ZhCn)).expect("zh-CN");
        api_error(&mut out, &e, Lang::parse("zh-CN"));
        assert!(out.contains(r#""failCheckItems":[{"code":"IS_DEBT","description":"客户账户存在欠费。"},{"code":"NEW","description":null}]"#), "{out}");
        assert!(out.contains(r#""requestId":null"#), "{out}");
        assert!(out.contains(r#""kind":"business""#), "{out}");
    }

    #[test]
    fn a_get_request_has_a_null_body() {
        let req = HttpRequest {
            method: "GET",
            path: "/v2/customers/realname-auths/result?customer_id=c".into(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let mut out = String::new();
        request(&mut out, &req);
        assert_eq!(
            out,
            r#"{"method":"GET","path":"/v2/customers/realname-auths/result?customer_id=c","headers":{},"body":null}"#
        );
    }
}
