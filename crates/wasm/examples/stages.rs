//! The wasm side of a `validate` call, stage by stage, natively (the proportions, not the
//! figures, carry over to the module): checking the boundary bytes (`wire::read`), core's rules
//! over the borrowed input (giving a value that borrows it), and rendering the answer; and the whole `exchange::run`.
//!
//!   cargo run --release -p hwc-kyc-wasm --example stages
use std::hint::black_box;
use std::time::Instant;

use hwc_kyc::json::{parse, Value};
use hwc_kyc::{wire, Operation, Options, Stage};
use hwc_kyc_wasm::exchange::{run, VALIDATE};

/// The fastest of 15 samples, ns per call of `f` (the machine is shared: the least disturbed).
fn time(mut f: impl FnMut()) -> f64 {
    let mut samples = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        for _ in 0..20_000 {
            f();
        }
        samples.push(t.elapsed().as_nanos() as f64 / 20_000.0);
    }
    samples.sort_by(f64::total_cmp);
    samples[0]
}

fn main() {
    let forms = [
        (
            "checkIdentity valid",
            Operation::CheckIdentity,
            r#"{"search_type":"email","search_value":"wang@example.com"}"#,
        ),
        (
            "checkIdentity invalid",
            Operation::CheckIdentity,
            r#"{"search_type":"name","search_value":"op_12"}"#,
        ),
        (
            "enterprise valid",
            Operation::EnterpriseRealnameAuth,
            r#"{"customer_id":"4505ce7c6de8263e33b57e76abc","verified_file_url":["license/front.jpg","license/back.jpg","legal-person/portrait.png","legal-person/emblem.png"],"corp_name":"Example Trading Co., Ltd.","verified_number":"91110000600037","certificate_type":"0","reg_country":"CN","reg_address":"1 Example Road, Beijing","enterprise_person":{"legel_name":"Wang Xiaoming","legel_id_number":"110101199003070000","certifier_role":"legalPerson"}}"#,
        ),
        (
            "enterprise invalid",
            Operation::EnterpriseRealnameAuth,
            r#"{"customer_id":"","identify_type":0,"verified_file_url":["/a.jpg","b.txt"],"corp_name":"123","verified_number":"123456789012345678901234567890123","xaccount_type":"x","reg_country":"cn","enterprise_person":{"legel_name":"","legel_id_number":"1"}}"#,
        ),
    ];
    let options = Options::default().stage(Stage::Form);
    for (name, op, form) in forms {
        let value = parse(form.as_bytes()).unwrap();
        let mut form_bytes = Vec::new();
        wire::encode(&value, &mut form_bytes);
        let mut call = vec![VALIDATE];
        for arg in [
            &Value::from(op.js_name()),
            &Value::Null,
            &Value::from("form"),
            &value,
        ] {
            wire::encode(arg, &mut call);
        }
        let read = time(|| {
            black_box(wire::read(&mut black_box(form_bytes.as_slice())).is_ok());
        });
        let node = wire::read(&mut form_bytes.as_slice())
            .unwrap()
            .node
            .unwrap();
        let rules = time(|| {
            black_box(hwc_kyc::validate_node_ref(op, black_box(node), &options).is_ok());
        });
        let json = time(|| {
            black_box(hwc_kyc::validate(op, black_box(&value), &options).is_ok());
        });
        let whole = time(|| {
            black_box(run(black_box(&call)));
        });
        println!(
            "{name:24} check bytes {read:6.0} ns, rules {rules:6.0} ns (over a parsed JSON value: {json:6.0} ns), whole run {whole:6.0} ns (rendering and the rest: {:6.0} ns)",
            whole - read - rules
        );
    }
}
