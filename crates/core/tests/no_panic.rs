//! Property tests: no input makes validation, field validation, JSON parsing, response parsing or
//! attachment checks panic.

use hwc_kyc::json::{parse, Number, Value};
use hwc_kyc::model::FIELD_NAMES;
use hwc_kyc::{
    check_attachment, parse_path, parse_response, validate, validate_field, Locale, Operation,
    Options, Stage,
};
use proptest::prelude::*;

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| Value::Number(Number::Int(i))),
        any::<f64>().prop_map(|f| Value::Number(Number::Float(f))),
        "\\PC{0,40}".prop_map(Value::String),
        "[a-z0-9/._\\\\-]{0,20}\\.(jpg|png|pdf|exe)".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(FIELD_NAMES.to_vec()).prop_map(String::from),
                    inner
                ),
                0..12
            )
            .prop_map(|members| {
                let mut seen = std::collections::HashSet::new();
                Value::Object(
                    members
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn validate_never_panics(v in arb_value(), op in prop::sample::select(Operation::ALL.to_vec()),
                             form in any::<bool>(), path in "[a-z_.0-9]{0,30}") {
        let options = Options::default().stage(if form { Stage::Form } else { Stage::Upstream });
        match validate(op, &v, &options) {
            Ok(valid) => {
                // A valid value builds, and its body validates again.
                let req = valid.build();
                if !req.body.is_empty() {
                    prop_assert!(hwc_kyc::validate_json(op, &req.body, &options).is_ok());
                }
            }
            Err(issues) => prop_assert!(!issues.is_empty()),
        }
        let _ = validate_field(op, &parse_path(&path), &v, &options);
    }

    #[test]
    fn json_parse_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn json_round_trips(v in arb_value()) {
        let text = v.to_json();
        let back = parse(text.as_bytes()).unwrap();
        // Non-finite floats are written as null; everything else reads back equal.
        if !text.contains("null") {
            prop_assert_eq!(back.to_json(), text);
        }
    }

    #[test]
    fn parse_response_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200),
                                   status in 0u16..1000,
                                   op in prop::sample::select(Operation::ALL.to_vec())) {
        let _ = parse_response(op, status, &bytes);
    }

    #[test]
    fn parse_response_never_panics_on_json(v in arb_value(), status in 100u16..600,
                                           op in prop::sample::select(Operation::ALL.to_vec())) {
        if let Err(e) = parse_response(op, status, v.to_json().as_bytes()) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn check_attachment_never_panics(name in "\\PC{0,30}", size in any::<usize>(),
                                     head in prop::collection::vec(any::<u8>(), 0..16)) {
        for locale in Locale::ALL {
            let _ = check_attachment(&name, size, &head, locale);
        }
    }
}
