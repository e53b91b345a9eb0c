//! Native figures of core: validate + build of each operation (valid and invalid input), field
//! validation, response parsing and signing. Run: `cargo bench -p hwc-kyc --bench validate`.

use criterion::{criterion_group, criterion_main, Criterion};
use hwc_kyc::json::{parse, Value};
use hwc_kyc::{parse_path, parse_response, validate, validate_field, Operation, Options, Stage};
use std::hint::black_box;

const ENTERPRISE: &[u8] = include_bytes!("../tests/fixtures/enterprise-request-corrected.json");
const INDIVIDUAL: &[u8] = include_bytes!("../tests/fixtures/individual-request.json");
const ENTERPRISE_INVALID: &[u8] =
    br#"{"customer_id":"","identify_type":0,"verified_file_url":["/a.jpg","b.txt"],
  "corp_name":"123","verified_number":"123456789012345678901234567890123","xaccount_type":"x",
  "reg_country":"cn","enterprise_person":{"legel_name":"","legel_id_number":"1"}}"#;
const CHECK_IDENTITY: &[u8] = br#"{"search_type":"email","search_value":"wang@example.com"}"#;
const CHECK_IDENTITY_INVALID: &[u8] = br#"{"search_type":"name","search_value":"op_12"}"#;

fn doc(bytes: &[u8]) -> Value {
    parse(bytes).expect("bench fixture is JSON")
}

fn bench_validate(c: &mut Criterion) {
    let options = Options::default();
    let cases = [
        (
            "enterprise/valid",
            Operation::EnterpriseRealnameAuth,
            doc(ENTERPRISE),
        ),
        (
            "enterprise/invalid",
            Operation::EnterpriseRealnameAuth,
            doc(ENTERPRISE_INVALID),
        ),
        (
            "individual/valid",
            Operation::IndividualRealnameAuth,
            doc(INDIVIDUAL),
        ),
        (
            "check_identity/valid",
            Operation::CheckIdentity,
            doc(CHECK_IDENTITY),
        ),
        (
            "check_identity/invalid",
            Operation::CheckIdentity,
            doc(CHECK_IDENTITY_INVALID),
        ),
    ];
    let mut g = c.benchmark_group("validate");
    for (name, op, value) in &cases {
        g.bench_function(*name, |b| {
            b.iter(|| validate(*op, black_box(value), &options))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("validate+build");
    for (name, op, value) in cases.iter().filter(|(n, ..)| n.ends_with("/valid")) {
        g.bench_function(*name, |b| {
            b.iter(|| validate(*op, black_box(value), &options).map(|v| v.build()))
        });
    }
    g.finish();

    let form = doc(ENTERPRISE);
    let path = parse_path("enterprise_person.legel_name");
    let form_options = Options::default().stage(Stage::Form);
    c.bench_function("validate_field/enterprise_person.legel_name", |b| {
        b.iter(|| {
            validate_field(
                Operation::EnterpriseRealnameAuth,
                &path,
                black_box(&form),
                &form_options,
            )
        })
    });
    c.bench_function("json_parse+validate/enterprise", |b| {
        b.iter(|| {
            hwc_kyc::validate_json(
                Operation::EnterpriseRealnameAuth,
                black_box(ENTERPRISE),
                &options,
            )
        })
    });
}

fn bench_parse(c: &mut Criterion) {
    let ok = br#"{"is_review":"1"}"#;
    let err = br#"{"error_code":"CBC.99007004","error_msg":"check failed","fail_check_items":["IS_DEBT","IS_ORG_ACCOUNT"]}"#;
    c.bench_function("parse_response/success", |b| {
        b.iter(|| parse_response(Operation::EnterpriseRealnameAuth, 200, black_box(ok)))
    });
    c.bench_function("parse_response/business_error", |b| {
        b.iter(|| parse_response(Operation::EnterpriseRealnameAuth, 400, black_box(err)))
    });
}

fn bench_sign(c: &mut Criterion) {
    use hwc_kyc::signing::{sign, Credentials};
    let valid = validate(
        Operation::EnterpriseRealnameAuth,
        &doc(ENTERPRISE),
        &Options::default(),
    )
    .expect("fixture is valid");
    let request = valid.build();
    let creds = Credentials::new("HWCKYCBENCHAK", "bench-secret-key").with_domain_id("domain-1");
    c.bench_function("sign/enterprise", |b| {
        b.iter(|| {
            let mut r = request.clone();
            sign(
                &mut r,
                "bss-intl.myhuaweicloud.com",
                &creds,
                "20261122T120000Z",
            );
            r
        })
    });
}

/// Hostile input: one object with 50 000 distinct keys (~540 KB). The repeated-key check must stay
/// near-linear (it was quadratic: ~10 s for this body before the fix noted in RELIABILITY.md).
fn bench_hostile(c: &mut Criterion) {
    let members: Vec<String> = (0..50_000).map(|i| format!("\"k{i}\":0")).collect();
    let body = format!("{{{}}}", members.join(","));
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    g.bench_function("json_parse/object_50000_keys", |b| {
        b.iter(|| parse(black_box(body.as_bytes())))
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_validate,
    bench_parse,
    bench_sign,
    bench_hostile
);
criterion_main!(benches);
