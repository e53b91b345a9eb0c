//! `validate_field` against `validate`, on every conformance vector input (in both stages and all
//! locales): the focused validation gives exactly the issues `validate` reports at or under the
//! path, and a form cut down to the field and its `field_context` gives the same issues as the
//! whole form. The second half is what lets the npm package send one field instead of the form on
//! every keystroke, so a rule that starts reading another field without saying so in
//! `field_context` fails here. Under a field without a context, a value that is not blank, alone
//! at its path of keys (in objects holding only the path's keys), gives the same issues there,
//! too.

use std::path::Path;

use hwc_kyc::json::{self, Value};
use hwc_kyc::{
    field_context, validate, validate_field, Issue, Locale, Operation, Options, PathSegment, Stage,
};

/// Every vector input with its operation, plus a few forms made to exercise the context.
fn inputs() -> Vec<(Operation, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for file in files {
        let doc = json::parse(&std::fs::read(&file).unwrap()).unwrap();
        for case in doc.get("cases").and_then(Value::as_array).unwrap() {
            let op =
                Operation::from_js_name(case.get("operation").and_then(Value::as_str).unwrap())
                    .unwrap();
            out.push((op, case.get("input").unwrap().clone()));
        }
    }
    let extra: [(Operation, &str); 8] = [
        (
            Operation::IndividualRealnameAuth,
            r#"{"verified_type":"0","verified_file_url":["a.jpg","b.jpg"],"name":""}"#,
        ),
        (
            Operation::IndividualRealnameAuth,
            r#"{"verified_type":"x","verified_file_url":["a.jpg"]}"#,
        ),
        (
            Operation::EnterpriseRealnameAuth,
            r#"{"verified_file_url":["a.jpg","b.jpg"],"enterprise_person":{"legel_name":"W"}}"#,
        ),
        (
            Operation::EnterpriseRealnameAuth,
            r#"{"verified_file_url":["a.jpg","b.jpg","c.jpg"],"enterprise_person":{"legel_name":"","legel_id_number":null}}"#,
        ),
        (
            Operation::CheckIdentity,
            r#"{"search_type":"mobile","search_value":"wang@example.com","extra":1}"#,
        ),
        (
            Operation::CheckIdentity,
            r#"{"search_type":"email","search_value":"op_x"}"#,
        ),
        (
            Operation::EnterpriseRealnameAuth,
            r#"{"enterprise_person":{"legel_name":"","legel_id_number":"3","certifier_role":"x"}}"#,
        ),
        (
            Operation::EnterpriseRealnameAuth,
            r#"{"enterprise_person":{"legel_name":"W","legel_id_number":"","certifier_role":""}}"#,
        ),
    ];
    for (op, text) in extra {
        out.push((op, json::parse(text.as_bytes()).unwrap()));
    }
    assert!(out.len() > 100, "vectors missing");
    out
}

/// Every path of keys to an object member in `value`, below `prefix`.
fn key_paths(value: &Value, prefix: &[PathSegment], out: &mut Vec<Vec<PathSegment>>) {
    for (k, v) in value.as_object().unwrap_or_default() {
        let mut path = prefix.to_vec();
        path.push(PathSegment::Key(k.clone().into()));
        key_paths(v, &path, out);
        out.push(path);
    }
}

/// The paths to try: the root, every path of keys in the input, every path an issue names and
/// every prefix of it.
fn paths(input: &Value, issues: &[Issue]) -> Vec<Vec<PathSegment>> {
    let mut out = vec![Vec::new()];
    key_paths(input, &[], &mut out);
    for issue in issues {
        for n in 1..=issue.path.len() {
            out.push(issue.path[..n].to_vec());
        }
    }
    out.dedup();
    out
}

fn under(path: &[PathSegment], prefix: &[PathSegment]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

/// The value at `path`, when every segment of it is a key, alone in objects holding only the
/// path's keys; `None` for another path, or when the input has nothing or a blank value (`null`,
/// `""`) there.
fn only_the_value_at(input: &Value, path: &[PathSegment]) -> Option<Value> {
    let mut at = input;
    for segment in path {
        let PathSegment::Key(key) = segment else {
            return None;
        };
        at = at.get(key)?;
    }
    if matches!(at, Value::Null) || at.as_str() == Some("") {
        return None;
    }
    let mut out = at.clone();
    for segment in path.iter().rev() {
        if let PathSegment::Key(key) = segment {
            out = Value::Object(vec![(key.to_string(), out)]);
        }
    }
    Some(out)
}

/// The input holding only `field` and its context (those present).
fn cut_down(op: Operation, input: &Value, field: &str) -> Value {
    let Some(members) = input.as_object() else {
        return input.clone();
    };
    let keep = field_context(op, field);
    Value::Object(
        members
            .iter()
            .filter(|(k, _)| k == field || keep.contains(&k.as_str()))
            .cloned()
            .collect(),
    )
}

#[test]
fn validate_field_is_validate_filtered_and_needs_only_the_field_context() {
    let (mut checked, mut alone_checked) = (0, 0);
    for (op, input) in inputs() {
        for stage in [Stage::Form, Stage::Upstream] {
            for locale in Locale::ALL {
                let options = Options::default().stage(stage).locale(locale);
                let all = validate(op, &input, &options).err().unwrap_or_default();
                for path in paths(&input, &all) {
                    let want: Vec<&Issue> = all.iter().filter(|i| under(&i.path, &path)).collect();
                    let got = validate_field(op, &path, &input, &options);
                    assert_eq!(
                        got.iter().collect::<Vec<_>>(),
                        want,
                        "{op:?} {stage:?} {locale:?} at {path:?} of {}",
                        input.to_json()
                    );
                    if let Some(PathSegment::Key(field)) = path.first() {
                        let small = cut_down(op, &input, field);
                        let from_small = validate_field(op, &path, &small, &options);
                        assert_eq!(
                            from_small,
                            got,
                            "{op:?} {stage:?} at {path:?}: the cut-down form {} differs from {}",
                            small.to_json(),
                            input.to_json()
                        );
                        if field_context(op, field).is_empty() {
                            if let Some(alone) = only_the_value_at(&input, &path) {
                                let from_alone = validate_field(op, &path, &alone, &options);
                                assert_eq!(
                                    from_alone,
                                    got,
                                    "{op:?} {stage:?} at {path:?}: the value alone {} differs \
                                     from {}",
                                    alone.to_json(),
                                    input.to_json()
                                );
                                alone_checked += 1;
                            }
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} checks");
    assert!(
        alone_checked > 500,
        "only {alone_checked} checks of a value alone"
    );
}

#[test]
fn the_context_is_needed_where_it_is_declared() {
    // Without its context, each declared dependency changes the answer for some form: the
    // table says no more than the rules read.
    let cases: [(Operation, &str, &str); 3] = [
        (
            Operation::CheckIdentity,
            "search_value",
            r#"{"search_type":"mobile","search_value":"wang@example.com"}"#,
        ),
        (
            Operation::IndividualRealnameAuth,
            "verified_file_url",
            r#"{"verified_type":"0","verified_file_url":["a.jpg","b.jpg"]}"#,
        ),
        (
            Operation::EnterpriseRealnameAuth,
            "verified_file_url",
            r#"{"verified_file_url":["a.jpg","b.jpg","c.jpg"],"enterprise_person":{"legel_name":"W"}}"#,
        ),
    ];
    let options = Options::default().stage(Stage::Form);
    for (op, field, text) in cases {
        let form = json::parse(text.as_bytes()).unwrap();
        let path = [PathSegment::Key(field.to_string().into())];
        let whole = validate_field(op, &path, &form, &options);
        let alone = Value::Object(
            form.as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| k == field)
                .cloned()
                .collect(),
        );
        assert_ne!(
            validate_field(op, &path, &alone, &options),
            whole,
            "{op:?}.{field} gives the same issues without its context"
        );
        assert_eq!(field_context(op, field).len(), 1);
    }
}

#[test]
fn a_blank_value_alone_is_not_its_whole_form() {
    // Why the value alone must not be blank: an enterprise_person whose fields are all blank
    // counts as not given, so an empty legel_name is an issue only beside a filled field.
    let options = Options::default().stage(Stage::Form);
    let path = [
        PathSegment::key("enterprise_person"),
        PathSegment::key("legel_name"),
    ];
    let op = Operation::EnterpriseRealnameAuth;
    let form =
        json::parse(br#"{"enterprise_person":{"legel_name":"","legel_id_number":"3"}}"#).unwrap();
    let alone = json::parse(br#"{"enterprise_person":{"legel_name":""}}"#).unwrap();
    assert_eq!(validate_field(op, &path, &form, &options).len(), 1);
    assert!(validate_field(op, &path, &alone, &options).is_empty());
}
