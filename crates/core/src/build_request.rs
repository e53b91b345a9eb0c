//! Building the HTTP request of an operation (method, path with query, headers, body) from a
//! validated value.

use crate::operation::Operation;
use crate::request::{percent_encode, HttpRequest};

/// The `Content-Type` of every request body.
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// Builds the request of `op` from an already validated body and query parameter.
pub(crate) fn build(op: Operation, body: Vec<u8>, query: Option<(&str, &str)>) -> HttpRequest {
    let mut path = String::from(op.path());
    if let Some((key, value)) = query {
        path.push('?');
        path.push_str(&percent_encode(key));
        path.push('=');
        path.push_str(&percent_encode(value));
    }
    let mut headers = Vec::with_capacity(3);
    if op.method() == "POST" {
        headers.push(("Content-Type".to_string(), JSON_CONTENT_TYPE.to_string()));
    }
    HttpRequest {
        method: op.method(),
        path,
        headers,
        body,
    }
}
