//! Reading the partner proxy's answer to an upload (`POST /uploads`).

use hwc_kyc::json::{self, Value};
use hwc_kyc::rules::attachments::path_problem;
use hwc_kyc::{parse_response, ApiError, Operation};

/// A stored attachment: put `path` in `verified_file_url`, in the order the operation documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The file name the browser sent.
    pub file_name: String,
    /// The path relative to the bucket's `download/` directory, as `verified_file_url` holds it.
    pub path: String,
    /// The size in bytes the proxy received.
    pub size: u64,
}

/// The operation whose catalog meanings an upload's error codes are read with: uploads have no
/// operation of their own, and the codes the proxy answers for them (`CBC.0100`, `KYC.*`) mean
/// the same for every operation that needs a caller token.
pub const UPLOAD_ERRORS_AS: Operation = Operation::IndividualRealnameAuth;

fn malformed(status: u16, detail: &str) -> ApiError {
    ApiError::malformed(UPLOAD_ERRORS_AS, status, detail)
}

/// Reads the answer to a one-file upload: a 2xx `{"files":[{"file_name","path","size"}]}` whose
/// path core accepts in `verified_file_url`, or the error core's parser reads from the answer.
///
/// ```
/// use hwc_kyc_client::upload::read_upload;
/// let ok = read_upload(200, br#"{"files":[{"file_name":"a.png","path":"c1/9f.png","size":48}]}"#).unwrap();
/// assert_eq!((ok.path.as_str(), ok.size), ("c1/9f.png", 48));
/// let err = read_upload(401, br#"{"error_code":"KYC.0401","error_msg":"no token"}"#).unwrap_err();
/// assert_eq!(err.code.as_deref(), Some("KYC.0401"));
/// ```
pub fn read_upload(status: u16, body: &[u8]) -> Result<UploadedFile, ApiError> {
    if !(200..300).contains(&status) {
        return match parse_response(UPLOAD_ERRORS_AS, status, body) {
            Err(e) => Err(e),
            // A non-2xx status is always an error for core; never reached.
            Ok(_) => Err(malformed(status, "error status with a success body")),
        };
    }
    let value = json::parse(body).map_err(|_| malformed(status, "body is not JSON"))?;
    let first = value
        .get("files")
        .and_then(Value::as_array)
        .and_then(<[Value]>::first)
        .ok_or_else(|| malformed(status, "`files` missing or empty"))?;
    let text = |key: &str| first.get(key).and_then(Value::as_str).map(str::to_string);
    let path = text("path")
        .filter(|p| path_problem(p).is_none())
        .ok_or_else(|| malformed(status, "`path` missing or not an attachment path"))?;
    let size = match first.get("size") {
        Some(Value::Number(n)) => n.as_i64().and_then(|n| u64::try_from(n).ok()),
        _ => None,
    }
    .ok_or_else(|| malformed(status, "`size` missing or not a non-negative integer"))?;
    Ok(UploadedFile {
        file_name: text("file_name").unwrap_or_default(),
        path,
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::ErrorKind;

    #[test]
    fn reads_the_first_stored_file() {
        let f = read_upload(
            200,
            br#"{"files":[{"file_name":"front.png","path":"cust-1/ab.png","size":7}]}"#,
        )
        .unwrap();
        assert_eq!(
            f,
            UploadedFile {
                file_name: "front.png".into(),
                path: "cust-1/ab.png".into(),
                size: 7
            }
        );
    }

    #[test]
    fn a_success_without_a_usable_file_is_malformed() {
        for body in [
            &br#"{"files":[]}"#[..],
            br#"{"files":[{"file_name":"a.png","size":1}]}"#,
            br#"{"files":[{"path":"../x.png","size":1}]}"#,
            br#"{"files":[{"path":"c/x.exe","size":1}]}"#,
            br#"{"files":[{"path":"c/x.png","size":-1}]}"#,
            br#"{"files":[{"path":"c/x.png","size":"1"}]}"#,
            b"<html>",
            b"",
        ] {
            let e = read_upload(200, body).unwrap_err();
            assert_eq!(
                e.kind,
                ErrorKind::Malformed,
                "{}",
                String::from_utf8_lossy(body)
            );
            assert!(e.detail.is_some());
        }
    }

    #[test]
    fn a_refused_upload_carries_the_proxys_issues() {
        let body = br#"{"error_code":"CBC.0100","error_msg":"Parameter error.","request_id":"r1",
            "issues":[{"path":["files",0,"content"],"code":"content_mismatch","params":{"extension":"png"},"message":"m"}]}"#;
        let e = read_upload(400, body).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        assert_eq!(e.issues.len(), 1);
        assert_eq!(e.issues[0].code.as_str(), "content_mismatch");
    }
}
