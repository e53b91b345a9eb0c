//! Runs the shared conformance vectors (`tests/vectors/*.json`) natively. The wasm bindings run
//! the same files through the JavaScript boundary and must give the same paths and codes.

use std::path::{Path, PathBuf};

use hwc_kyc::json::{self, Value};
use hwc_kyc::{validate, Operation, Options, PathSegment, Stage};

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn path_to_value(path: &[PathSegment]) -> Value {
    Value::Array(
        path.iter()
            .map(|s| match s {
                PathSegment::Key(k) => Value::String(k.to_string()),
                PathSegment::Index(i) => Value::from(*i as i64),
            })
            .collect(),
    )
}

#[test]
fn every_vector_gives_exactly_its_expected_issues() {
    let files = vector_files();
    assert!(files.len() >= 4, "vector files missing: {files:?}");
    let mut total = 0;
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read(&file).unwrap();
        let doc = json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for case in doc.get("cases").and_then(Value::as_array).unwrap() {
            total += 1;
            let name = case.get("name").and_then(Value::as_str).unwrap();
            let op =
                Operation::from_js_name(case.get("operation").and_then(Value::as_str).unwrap())
                    .unwrap_or_else(|| panic!("{name}: unknown operation"));
            let stage = match case.get("stage").and_then(Value::as_str) {
                Some("form") => Stage::Form,
                Some("upstream") | None => Stage::Upstream,
                Some(other) => panic!("{name}: unknown stage {other}"),
            };
            let input = case.get("input").unwrap();
            let expected: Vec<(Value, String)> = case
                .get("issues")
                .and_then(Value::as_array)
                .unwrap()
                .iter()
                .map(|i| {
                    (
                        i.get("path").unwrap().clone(),
                        i.get("code").and_then(Value::as_str).unwrap().to_string(),
                    )
                })
                .collect();
            // The same value through the npm package's boundary bytes (read borrowed) gives the
            // very same verdict as through JSON.
            let options = Options::default().stage(stage);
            let mut bytes = Vec::new();
            hwc_kyc::wire::encode(input, &mut bytes);
            let read = hwc_kyc::wire::read(&mut bytes.as_slice()).expect("the encoder's bytes");
            let through_wire =
                read.notes
                    .verdict(hwc_kyc::validate_node(op, read.node.unwrap(), &options));
            assert_eq!(
                through_wire,
                validate(op, input, &options),
                "{name}: through the boundary bytes"
            );
            let got: Vec<(Value, String)> =
                match validate(op, input, &Options::default().stage(stage)) {
                    Ok(_) => Vec::new(),
                    Err(issues) => issues
                        .iter()
                        .map(|i| (path_to_value(&i.path), i.code.as_str().to_string()))
                        .collect(),
                };
            if got != expected {
                let show = |v: &[(Value, String)]| {
                    v.iter()
                        .map(|(p, c)| format!("{} {c}", p.to_json()))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                failures.push(format!(
                    "{}: {name}\n  expected: [{}]\n  got:      [{}]",
                    file.file_name().unwrap().to_string_lossy(),
                    show(&expected),
                    show(&got)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 100);
}
