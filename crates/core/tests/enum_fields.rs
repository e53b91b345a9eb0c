//! `ENUM_FIELDS` against the rules: each listed field, given a value outside its table, gets an
//! `invalid_value` issue whose `allowed` is the table, and each of the table's values passes;
//! every `invalid_value` the conformance vectors produce is at a listed field with that list.

use std::path::Path;

use hwc_kyc::json::{self, Value};
use hwc_kyc::{
    allowed_values, parse_path, validate, validate_field, AllowedValues, IssueCode, Operation,
    Options, ParamValue, PathSegment, Stage, ENUM_FIELDS,
};

/// A form holding only `value` at the dotted `path`.
fn form_with(path: &str, value: Value) -> Value {
    let mut keys: Vec<&str> = path.split('.').collect();
    let mut node = value;
    while let Some(key) = keys.pop() {
        node = Value::Object(vec![(key.to_string(), node)]);
    }
    node
}

fn invalid_value_at(op: Operation, path: &str, value: Value) -> Option<ParamValue> {
    let segments = parse_path(path);
    let options = Options::default().stage(Stage::Form);
    validate_field(op, &segments, &form_with(path, value), &options)
        .into_iter()
        .find(|i| i.code == IssueCode::InvalidValue && i.path == segments)
        .map(|i| i.param("allowed").cloned().expect("allowed param"))
}

#[test]
fn a_value_outside_each_table_is_refused_with_the_table_and_each_value_in_it_passes() {
    for &(op, path, allowed) in ENUM_FIELDS {
        let (outside, members): (Value, Vec<Value>) = match allowed {
            AllowedValues::Ints(values) => (
                Value::from(1_000_000_000i64),
                values.iter().map(|v| Value::from(*v)).collect(),
            ),
            AllowedValues::Texts(values) => (
                Value::String("\u{0}".into()),
                values.iter().map(|v| Value::String((*v).into())).collect(),
            ),
        };
        assert_eq!(
            invalid_value_at(op, path, outside),
            Some(allowed.to_param()),
            "{op} {path}"
        );
        assert!(!members.is_empty(), "{op} {path}");
        for member in members {
            assert_eq!(
                invalid_value_at(op, path, member.clone()),
                None,
                "{op} {path} {member:?}"
            );
        }
        assert_eq!(allowed_values(op, path), Some(allowed));
        let (mut direct, mut through_param) = (String::new(), String::new());
        allowed.write_json(&mut direct);
        allowed.to_param().write_json(&mut through_param);
        assert_eq!(direct, through_param, "{op} {path}");
    }
}

#[test]
fn every_invalid_value_of_the_vectors_is_at_a_listed_field_with_its_list() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("vectors") {
        let file = entry.expect("entry").path();
        if file.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let doc = json::parse(&std::fs::read(&file).expect("read")).expect("json");
        for case in doc.get("cases").and_then(Value::as_array).expect("cases") {
            let name = case.get("operation").and_then(Value::as_str).expect("op");
            let op = Operation::from_js_name(name).expect("known op");
            let input = case.get("input").expect("input");
            for stage in [Stage::Form, Stage::Upstream] {
                let issues = validate(op, input, &Options::default().stage(stage))
                    .err()
                    .unwrap_or_default();
                for issue in issues.iter().filter(|i| i.code == IssueCode::InvalidValue) {
                    seen += 1;
                    let dotted: Vec<String> = issue
                        .path
                        .iter()
                        .map(|s| match s {
                            PathSegment::Key(k) => k.to_string(),
                            PathSegment::Index(i) => i.to_string(),
                        })
                        .collect();
                    let listed = allowed_values(op, &dotted.join("."))
                        .unwrap_or_else(|| panic!("{op} {} not in ENUM_FIELDS", dotted.join(".")));
                    assert_eq!(issue.param("allowed"), Some(&listed.to_param()));
                }
            }
        }
    }
    assert!(seen > 0, "the vectors hold invalid_value cases");
}
