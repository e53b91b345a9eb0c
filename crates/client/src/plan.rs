//! What a call sends, decided before anything is sent: core validates the value and builds the
//! request; the client adds the URL, its headers, the bearer token and the request id.

use hwc_kyc::json::Value;
use hwc_kyc::request::HttpRequest;
use hwc_kyc::{validate, Issue, Locale, Operation, Options, Stage};

use crate::Call;

/// Header carrying the call's id.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";
/// Header carrying a submission's or upload's idempotency key.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The request core builds for a form value, validated at [`Stage::Form`] (what a browser
/// holds: no `xaccount_type`, `identify_type` implied), or every issue in `locale`.
///
/// ```
/// use hwc_kyc::{json, Locale, Operation};
/// use hwc_kyc_client::plan::form_request;
/// let form = json::parse(br#"{"search_type":"email","search_value":"a@example.com"}"#).unwrap();
/// let request = form_request(Operation::CheckIdentity, &form, Locale::En).unwrap();
/// assert_eq!(request.path, "/v2/partners/sub-customers/users/check-identity");
/// ```
pub fn form_request(
    op: Operation,
    input: &Value,
    locale: Locale,
) -> Result<HttpRequest, Vec<Issue>> {
    let options = Options::default().stage(Stage::Form).locale(locale);
    validate(op, input, &options).map(|valid| valid.build())
}

/// `base_url` followed by `path`, with one `/` between them whatever `base_url` ends with.
///
/// ```
/// use hwc_kyc_client::plan::url;
/// assert_eq!(url("https://kyc.example.com/api/", "/uploads"), "https://kyc.example.com/api/uploads");
/// assert_eq!(url("/kyc", "/uploads"), "/kyc/uploads");
/// ```
pub fn url(base_url: &str, path: &str) -> String {
    let mut out = String::with_capacity(base_url.len() + path.len());
    out.push_str(base_url.trim_end_matches('/'));
    out.push_str(path);
    out
}

/// Sets `name` to `value` in `headers`, replacing any header of that name (ASCII case ignored).
fn set(headers: &mut Vec<(String, String)>, name: &str, value: impl Into<String>) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_string(), value.into()));
}

/// The headers of a call, in the order they win: the client's own headers, then core's
/// (`Content-Type` of bodies), `Accept-Language` (so the proxy's messages are in the call's
/// locale), `Authorization: Bearer` when there is a token, and `X-Request-Id`.
///
/// ```
/// use hwc_kyc::Locale;
/// use hwc_kyc_client::plan::headers;
/// let h = headers(&[("X-Portal".into(), "1".into())], &[], Locale::Es, Some("t0k"), "ab12");
/// assert_eq!(h, vec![
///     ("X-Portal".to_string(), "1".to_string()),
///     ("Accept-Language".into(), "es".into()),
///     ("Authorization".into(), "Bearer t0k".into()),
///     ("X-Request-Id".into(), "ab12".into()),
/// ]);
/// ```
pub fn headers(
    client: &[(String, String)],
    core: &[(String, String)],
    locale: Locale,
    token: Option<&str>,
    request_id: &str,
) -> Vec<(String, String)> {
    let mut out = client.to_vec();
    for (name, value) in core {
        set(&mut out, name, value.as_str());
    }
    set(&mut out, "Accept-Language", locale.tag());
    if let Some(token) = token {
        set(
            &mut out,
            "Authorization",
            hwc_kyc::lean_std::concat(&["Bearer ", token]),
        );
    }
    set(&mut out, REQUEST_ID_HEADER, request_id);
    out
}

/// Adds `key` as the `Idempotency-Key` (a Structured Field string, as the IETF draft writes it)
/// when `call` sends one ([`Call::sends_idempotency_key`]: submissions and uploads). One fresh key
/// per call, the same on each of its attempts, lets the proxy forward it once.
///
/// ```
/// use hwc_kyc_client::{plan::idempotency_key, Call};
/// let mut h = Vec::new();
/// idempotency_key(Call::IndividualRealnameAuth, &mut h, "k1");
/// idempotency_key(Call::CheckIdentity, &mut h, "k2");
/// assert_eq!(h, vec![("Idempotency-Key".to_string(), "\"k1\"".to_string())]);
/// ```
pub fn idempotency_key(call: Call, headers: &mut Vec<(String, String)>, key: &str) {
    if call.sends_idempotency_key() {
        set(
            headers,
            IDEMPOTENCY_KEY_HEADER,
            hwc_kyc::lean_std::concat(&["\"", key, "\""]),
        );
    }
}

/// A request id: 16 bytes as 32 lower-case hex digits (the proxy's format).
///
/// ```
/// assert_eq!(hwc_kyc_client::plan::request_id([0xab; 16]), "ab".repeat(16));
/// ```
pub fn request_id(bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::json::parse;
    use hwc_kyc::IssueCode;

    #[test]
    fn a_form_without_partner_fields_builds_the_documented_request() {
        let form = parse(
            br#"{"customer_id":"cust-individual-001","verified_type":"3",
                 "verified_file_url":["a/front.jpg","a/back.jpg"],
                 "name":"Wang Wei","verified_number":"E12345678"}"#,
        )
        .unwrap();
        let r = form_request(Operation::IndividualRealnameAuth, &form, Locale::En).unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/v2/customers/realname-auths/individual");
        assert_eq!(r.header("content-type"), Some(hwc_kyc::JSON_CONTENT_TYPE));
        let body = std::str::from_utf8(&r.body).unwrap();
        assert!(body.contains(r#""verified_type":3"#), "{body}");
    }

    #[test]
    fn an_invalid_form_gives_every_issue_in_the_locale() {
        let form = parse(br#"{"search_type":"email","search_value":"nobody"}"#).unwrap();
        let issues = form_request(Operation::CheckIdentity, &form, Locale::ZhCn).unwrap_err();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code, IssueCode::InvalidEmail);
        assert_ne!(
            issues[0].message,
            issues[0].localized(Locale::En).message,
            "the message is not English"
        );
    }

    #[test]
    fn the_review_result_query_is_a_get_with_the_customer_in_the_query() {
        let form = parse(br#"{"customer_id":"a b"}"#).unwrap();
        let r = form_request(Operation::ReviewResult, &form, Locale::En).unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(
            r.path,
            "/v2/customers/realname-auths/result?customer_id=a%20b"
        );
        assert!(r.body.is_empty());
    }

    #[test]
    fn urls_join_with_exactly_one_slash() {
        assert_eq!(
            url("http://127.0.0.1:8080", "/x"),
            "http://127.0.0.1:8080/x"
        );
        assert_eq!(
            url("http://127.0.0.1:8080///", "/x"),
            "http://127.0.0.1:8080/x"
        );
        assert_eq!(url("", "/x"), "/x");
    }

    #[test]
    fn the_clients_headers_never_replace_the_request_id_token_or_content_type() {
        let client = vec![
            ("x-request-id".to_string(), "mine".to_string()),
            ("authorization".to_string(), "Basic abc".to_string()),
            ("content-type".to_string(), "text/plain".to_string()),
            ("X-Tenant".to_string(), "t1".to_string()),
        ];
        let core = vec![(
            "Content-Type".to_string(),
            hwc_kyc::JSON_CONTENT_TYPE.to_string(),
        )];
        let h = headers(&client, &core, Locale::ZhCn, Some("tok"), "id1");
        let get = |name: &str| {
            let found: Vec<&str> = h
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
                .collect();
            found
        };
        assert_eq!(get("x-request-id"), ["id1"]);
        assert_eq!(get("authorization"), ["Bearer tok"]);
        assert_eq!(get("content-type"), [hwc_kyc::JSON_CONTENT_TYPE]);
        assert_eq!(get("accept-language"), ["zh-CN"]);
        assert_eq!(get("x-tenant"), ["t1"]);
    }

    #[test]
    fn without_a_token_the_clients_authorization_header_is_kept() {
        let client = vec![("Authorization".to_string(), "Bearer fixed".to_string())];
        let h = headers(&client, &[], Locale::En, None, "id1");
        assert!(h.contains(&("Authorization".into(), "Bearer fixed".into())));
    }

    #[test]
    fn request_ids_are_32_lower_case_hex_digits() {
        let id = request_id([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]);
        assert_eq!(id, "000102030405060708090a0b0c0d0eff");
    }
}
