//! `GET /openapi.json`: an OpenAPI 3.1 document that parses, describes every route the router
//! serves (and no other), each operation's body and answer, and the error body with core's issue
//! list.

mod common;

use common::*;
use hwc_kyc::{IssueCode, Operation};
use hwc_kyc_proxy::{RawConfig, Running};
use serde_json::Value;

async fn document(proxy: &Running) -> Value {
    let a = get(proxy, "/openapi.json", None).await;
    assert_eq!(a.status, 200);
    assert!(
        a.headers
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap_or("").starts_with("application/json")),
        "{:?}",
        a.headers
    );
    a.json
}

/// `(method, path)` of every operation the document describes.
fn described(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            out.push((method.clone(), path.clone()));
        }
    }
    out.sort();
    out
}

/// Whether the router serves `method path` (anything but the proxy's 404 and 405).
async fn served(proxy: &Running, method: &str, path: &str) -> bool {
    let url = format!("{}{path}", proxy.url());
    let request = match method {
        "get" => client().get(&url),
        "post" => client().post(&url).header("content-type", "text/plain"),
        "put" => client().put(&url),
        "delete" => client().delete(&url),
        other => panic!("unexpected method {other}"),
    };
    let status = request.send().await.expect("answer").status().as_u16();
    !matches!(status, 404 | 405)
}

#[tokio::test]
async fn the_document_names_every_route_the_router_serves_and_no_other() {
    for demo in [false, true] {
        let (_sim, proxy) = pair().await;
        let proxy = if demo {
            drop(proxy);
            let dir = tempfile::tempdir().unwrap();
            let raw = RawConfig {
                listen: Some(([127, 0, 0, 1], 0).into()),
                www_dir: Some(dir.path().join("www")),
                pkg_dir: Some(dir.path().join("pkg")),
                ..RawConfig::default()
            };
            common::proxy(raw).await
        } else {
            proxy
        };
        let doc = document(&proxy).await;
        assert!(
            doc["openapi"].as_str().unwrap_or("").starts_with("3.1"),
            "{}",
            doc["openapi"]
        );
        let routes = described(&doc);
        let mut expected: Vec<(String, String)> = Operation::ALL
            .iter()
            .map(|op| (op.method().to_ascii_lowercase(), op.path().to_string()))
            .chain(
                [
                    ("post", "/uploads"),
                    ("get", "/healthz"),
                    ("get", "/openapi.json"),
                ]
                .map(|(m, p)| (m.to_string(), p.to_string())),
            )
            .collect();
        if demo {
            expected.push(("post".into(), "/demo/token".into()));
            expected.push(("get".into(), "/demo/customers".into()));
        }
        expected.sort();
        assert_eq!(routes, expected, "demo mode: {demo}");
        // Each described route is served; no other method is, on any path (405), and the demo
        // routes are not served outside demo mode (404).
        let mut candidates: Vec<String> = routes.iter().map(|(_, p)| p.clone()).collect();
        candidates.extend(["/demo/token".to_string(), "/demo/customers".to_string()]);
        candidates.dedup();
        for path in &candidates {
            for method in ["get", "post", "put", "delete"] {
                let documented = routes.iter().any(|(m, p)| m == method && p == path);
                assert_eq!(
                    served(&proxy, method, path).await,
                    documented,
                    "{method} {path}, demo mode: {demo}"
                );
            }
        }
    }
}

#[tokio::test]
async fn bodies_answers_and_errors_come_from_the_handlers_types() {
    let (_sim, proxy) = pair().await;
    let doc = document(&proxy).await;
    let schemas = &doc["components"]["schemas"];
    let op = |path: &str, method: &str| doc["paths"][path][method].clone();
    let json_schema = |v: &Value| v["content"]["application/json"]["schema"]["$ref"].clone();

    let individual = op(Operation::IndividualRealnameAuth.path(), "post");
    assert_eq!(
        json_schema(&individual["requestBody"]),
        "#/components/schemas/IndividualRealnameAuth"
    );
    assert_eq!(
        json_schema(&individual["responses"]["200"]),
        "#/components/schemas/RealnameAuthResult"
    );
    for status in [
        "400", "401", "403", "408", "413", "415", "429", "500", "502", "504",
    ] {
        let schema = &individual["responses"][status]["content"]["application/json"]["schema"];
        let schema = match schema["$ref"].as_str() {
            Some(r) => &schemas[r.trim_start_matches("#/components/schemas/")],
            None => schema,
        };
        assert_eq!(
            schema["properties"], schemas["ErrorBody"]["properties"],
            "{status}"
        );
    }
    assert_eq!(
        individual["security"][0]["caller_token"],
        serde_json::json!([])
    );
    let check = op(Operation::CheckIdentity.path(), "post");
    assert!(
        check["responses"]["401"].is_null(),
        "check-identity takes no caller token"
    );
    assert_eq!(
        json_schema(&check["responses"]["200"]),
        "#/components/schemas/CheckIdentityResult"
    );
    let review = op(Operation::ReviewResult.path(), "get");
    assert_eq!(review["parameters"][0]["name"], "customer_id");
    assert_eq!(review["parameters"][0]["in"], "query");

    // The form's fields, with core's value tables.
    let form = &schemas["IndividualRealnameAuth"]["properties"];
    for field in [
        "customer_id",
        "verified_file_url",
        "name",
        "verified_number",
        "verified_type",
    ] {
        assert!(!form[field].is_null(), "{field}");
    }
    assert_eq!(
        schemas["VerifiedType"]["enum"],
        serde_json::json!(hwc_kyc::model::VerifiedType::WIRE_VALUES)
    );
    assert_eq!(
        schemas["SearchType"]["enum"],
        serde_json::json!(hwc_kyc::model::SearchType::WIRE_VALUES)
    );

    // The error body carries core's issue list; the issue codes are core's table.
    let error = &schemas["ErrorBody"];
    assert_eq!(
        error["properties"]["issues"]["type"],
        serde_json::json!(["array", "null"])
    );
    assert_eq!(
        error["properties"]["issues"]["items"]["$ref"],
        "#/components/schemas/Issue"
    );
    let codes: Vec<&str> = IssueCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        schemas["Issue"]["properties"]["code"]["enum"],
        serde_json::json!(codes)
    );
    for field in ["path", "code", "params", "message"] {
        assert!(
            schemas["Issue"]["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|f| f == field)),
            "{field}"
        );
    }
    assert!(!schemas["Uploaded"].is_null());
    assert_eq!(
        doc["components"]["securitySchemes"]["caller_token"]["scheme"],
        "bearer"
    );
}
