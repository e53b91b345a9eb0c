//! Answers as the service writes them: JSON bodies, error codes with the catalog's status and text.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hwc_kyc::catalog::lookup_error;
use hwc_kyc::{Locale, Operation, JSON_CONTENT_TYPE};
use serde_json::{json, Value};

/// A JSON answer with its status.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    pub fn ok(body: Value) -> Self {
        Answer {
            status: StatusCode::OK,
            body,
        }
    }

    /// A business error: `{"error_code", "error_msg"}` with the catalog's status and English text
    /// for `op` (`fail_check_items` added when given).
    pub fn error(code: &str, op: Option<Operation>, fail_check_items: &[String]) -> Self {
        let (status, text) = status_and_text(code, op);
        let mut body = json!({ "error_code": code, "error_msg": text });
        if !fail_check_items.is_empty() {
            body["fail_check_items"] = json!(fail_check_items);
        }
        Answer { status, body }
    }

    /// A gateway error: `{"error_code", "error_msg", "request_id"}`.
    pub fn gateway_error(code: &str) -> Self {
        let (status, text) = status_and_text(code, None);
        Answer {
            status,
            body: json!({ "error_code": code, "error_msg": text, "request_id": request_id() }),
        }
    }

    /// This answer with a detail appended to `error_msg` (for the simulator's own refusals, such
    /// as a malformed `X-Sim-Fault`).
    pub fn with_detail(mut self, detail: &str) -> Self {
        if let Some(Value::String(msg)) = self.body.get_mut("error_msg") {
            msg.push_str(" (");
            msg.push_str(detail);
            msg.push(')');
        }
        self
    }

    /// The body bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_string().into_bytes()
    }
}

fn status_and_text(code: &str, op: Option<Operation>) -> (StatusCode, &'static str) {
    match lookup_error(code, op) {
        Some(entry) => (
            StatusCode::from_u16(entry.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            entry.description(Locale::En),
        ),
        // Every code the simulator uses is in the catalog (tested); never reached.
        None => (StatusCode::INTERNAL_SERVER_ERROR, ""),
    }
}

/// A random request id, 32 lower-case hex digits, as the gateway writes them.
pub(crate) fn request_id() -> String {
    let mut bytes = [0u8; 16];
    // Without OS randomness the id only loses uniqueness, which no client relies on.
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.bytes()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(JSON_CONTENT_TYPE),
        );
        response
    }
}
