//! The AK/SK signer from arbitrary methods, paths, queries, headers and bodies.
//!
//! Invariants of `canonical_request`: deterministic; independent of the order and the case of
//! header names (when no name repeats) and of the method's case; idempotent on its own output
//! (the canonical URI and query encode to themselves).
//!
//! Invariants of `sign` + `verify`: a request signed with a secret verifies with that secret and
//! returns its access key; with another secret, a flipped body byte, a changed path or a date
//! 16 minutes off it is refused with the matching error.

#![no_main]

use arbitrary::Arbitrary;
use hwc_kyc::request::HttpRequest;
use hwc_kyc::signing::{
    canonical_request, format_sdk_date, sign, verify, Credentials, VerifyError,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    secret: String,
    access_key: String,
    domain_id: Option<String>,
    host: String,
    sent_method: u8,
    unix_seconds: i64,
    flip: usize,
}

/// An HTTP header name is a token (RFC 9110 `tchar`); requests never carry other names.
fn token(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(*c))
        .collect()
}

/// An HTTP field value holds no control characters but tab.
fn field_value(s: &str) -> String {
    s.chars()
        .filter(|c| *c == '\t' || !c.is_control())
        .collect()
}

/// Seconds from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z: the dates `X-Sdk-Date` can write.
const FIRST_DATE: i64 = -62_167_219_200;
const LAST_DATE: i64 = 253_402_300_799;

fn check_canonical(input: &Input) {
    let headers: Vec<(&str, &str)> = input
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let run = |method: &str, path: &str, query: &str, headers: &[(&str, &str)]| {
        canonical_request(method, path, query, headers, &input.body)
    };
    let first = run(&input.method, &input.path, &input.query, &headers);
    assert_eq!(
        first,
        run(&input.method, &input.path, &input.query, &headers)
    );
    assert_eq!(
        first,
        run(
            &input.method.to_ascii_lowercase(),
            &input.path,
            &input.query,
            &headers
        )
    );

    let mut names: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.trim().to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    if names.len() == headers.len() {
        let mut reversed = headers.clone();
        reversed.reverse();
        assert_eq!(
            first,
            run(&input.method, &input.path, &input.query, &reversed)
        );
        let upper: Vec<(String, &str)> = headers
            .iter()
            .map(|(n, v)| (n.to_ascii_uppercase(), *v))
            .collect();
        let upper: Vec<(&str, &str)> = upper.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        assert_eq!(first, run(&input.method, &input.path, &input.query, &upper));
    }

    // With a plain method, lines 2 and 3 are the canonical URI and query, which hold no raw
    // line break; fed back in, they come out unchanged.
    let (plain, _) = run("GET", &input.path, &input.query, &headers);
    let mut lines = plain.split('\n');
    let (Some("GET"), Some(uri), Some(query)) = (lines.next(), lines.next(), lines.next()) else {
        panic!("canonical request does not start with method, URI and query: {plain:?}");
    };
    assert!(uri.ends_with('/'), "{uri:?}");
    let (again, _) = run("GET", uri, query, &headers);
    assert_eq!(again, plain, "canonical URI or query not idempotent");
    let hash = plain.rsplit('\n').next().unwrap_or_default();
    assert!(
        hash.len() == 64
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "last line is not a hex SHA-256: {hash:?}"
    );
}

fn check_sign_verify(input: &Input) {
    const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    // Access keys are alphanumeric (the Authorization header separates its fields with `,`, `=`
    // and spaces).
    let access_key: String = input
        .access_key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let access_key = if access_key.is_empty() {
        "AK".to_string()
    } else {
        access_key
    };
    let mut credentials = Credentials::new(access_key.as_str(), input.secret.as_str());
    if let Some(domain) = &input.domain_id {
        credentials = credentials.with_domain_id(field_value(domain));
    }
    let host = field_value(&input.host);
    let now = FIRST_DATE + input.unix_seconds.rem_euclid(LAST_DATE - FIRST_DATE + 1);
    let sdk_date = format_sdk_date(now);

    // The headers a client sets besides the ones the signer owns; `Host` is the HTTP client's.
    let reserved = ["host", "authorization", "x-sdk-date", "x-domain-id"];
    let headers: Vec<(String, String)> = input
        .headers
        .iter()
        .map(|(n, v)| (token(n), field_value(v)))
        .filter(|(n, _)| !n.is_empty() && !reserved.iter().any(|r| n.eq_ignore_ascii_case(r)))
        .collect();
    let path = format!("/{}", input.path.replace('?', "%3F"));
    let path = if input.query.is_empty() {
        path
    } else {
        format!("{path}?{}", input.query)
    };
    let mut request = HttpRequest {
        method: METHODS[usize::from(input.sent_method) % METHODS.len()],
        path,
        headers,
        body: input.body.clone(),
    };
    sign(&mut request, &host, &credentials, &sdk_date);

    let mut received: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    received.push(("Host", host.as_str()));
    let secret = input.secret.clone();
    let lookup = |ak: &str| (ak == access_key).then(|| secret.clone());
    let verify_with =
        |path: &str, body: &[u8], now: i64, lookup: &dyn Fn(&str) -> Option<String>| {
            verify(request.method, path, &received, body, lookup, now)
        };

    assert_eq!(
        verify_with(&request.path, &request.body, now, &lookup),
        Ok(access_key.clone()),
        "a freshly signed request does not verify: {request:?}"
    );

    let wrong_secret = |_: &str| Some(format!("{secret}x"));
    assert_eq!(
        verify_with(&request.path, &request.body, now, &wrong_secret),
        Err(VerifyError::SignatureMismatch)
    );

    let mut body = request.body.clone();
    if body.is_empty() {
        body.push(0);
    } else {
        let i = input.flip % body.len();
        body[i] ^= 1;
    }
    assert_eq!(
        verify_with(&request.path, &body, now, &lookup),
        Err(VerifyError::SignatureMismatch),
        "a changed body still verifies"
    );

    let moved = match request.path.split_once('?') {
        Some((p, q)) => format!("{p}/moved?{q}"),
        None => format!("{}/moved", request.path),
    };
    assert_eq!(
        verify_with(&moved, &request.body, now, &lookup),
        Err(VerifyError::SignatureMismatch),
        "a changed path still verifies"
    );

    assert_eq!(
        verify_with(&request.path, &request.body, now + 16 * 60, &lookup),
        Err(VerifyError::DateOutOfRange)
    );
}

fuzz_target!(|input: Input| {
    check_canonical(&input);
    check_sign_verify(&input);
});
