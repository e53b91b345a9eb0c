//! `POST /uploads`: attachment files for `verified_file_url`, checked with core and stored under
//! the download directory as `<customer_id>/<random>.<ext>`.

use std::path::Path;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hwc_kyc::rules::attachments::{extension_of, path_problem, CONTENT_HEAD_BYTES};
use hwc_kyc::rules::limits::{ATTACHMENTS_MAX, ATTACHMENT_FILE_MAX_BYTES, CUSTOMER_ID_MAX};
use hwc_kyc::{check_attachment, Issue, IssueCode, PathSegment};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::body::{content_length, content_type_is};
use crate::context::{random_hex, RequestContext};
use crate::error::{ErrorBody, Failure, ProxyError};
use crate::idempotency::{once, IdempotencyKey, IdempotencyRefusals, Keyed, KEY_DESCRIPTION};
use crate::state::AppState;

/// `POST /uploads`'s answer: each stored file, in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Uploaded {
    files: Vec<StoredFile>,
}

/// One stored file.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StoredFile {
    /// The name the caller sent.
    file_name: String,
    /// Where it is, relative to the bucket's `download/` directory: ready for
    /// `verified_file_url`.
    path: String,
    /// Bytes.
    size: usize,
}

/// `POST /uploads`'s body: 1 to 4 files, each a part with a file name (other parts are ignored).
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct UploadForm {
    /// The attachments (extension, size and content signature checked by core).
    #[schema(value_type = Vec<String>, format = Binary)]
    files: Vec<Vec<u8>>,
}

struct Received {
    file_name: String,
    size: usize,
    data: Vec<u8>,
}

/// The directory name for a customer: its id when that is one plain path segment.
fn customer_dir(customer_id: &str) -> Option<&str> {
    let plain = !customer_id.is_empty()
        && customer_id.len() <= CUSTOMER_ID_MAX
        && customer_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plain.then_some(customer_id)
}

fn at_file(index: usize, mut issue: Issue) -> Issue {
    let mut path = vec![PathSegment::key("files"), PathSegment::Index(index)];
    path.append(&mut issue.path);
    issue.path = path;
    issue
}

fn multipart_error(ctx: &RequestContext, e: axum::extract::multipart::MultipartError) -> Failure {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ctx.fail(ProxyError::PayloadTooLarge)
    } else {
        ctx.fail(ProxyError::UnsupportedMediaType)
    }
}

/// Receives every file part (other parts are ignored), keeping at most the largest allowed size
/// plus one byte of each so an oversized file is reported, not stored.
async fn receive(ctx: &RequestContext, mut multipart: Multipart) -> Result<Vec<Received>, Failure> {
    let mut files = Vec::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(ctx, e))?
    {
        let Some(file_name) = field.file_name().map(str::to_string) else {
            continue;
        };
        let mut size = 0usize;
        let mut data = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(ctx, e))? {
            size = size.saturating_add(chunk.len());
            if data.len() <= ATTACHMENT_FILE_MAX_BYTES {
                data.extend_from_slice(&chunk);
            }
        }
        files.push(Received {
            file_name,
            size,
            data,
        });
    }
    Ok(files)
}

fn problems(ctx: &RequestContext, customer_id: &str, files: &[Received]) -> Vec<Issue> {
    let mut issues = Vec::new();
    if customer_dir(customer_id).is_none() {
        issues.push(Issue::new(
            vec![PathSegment::key("customer_id")],
            IssueCode::InvalidPathCharacter,
            Vec::new(),
            ctx.locale,
        ));
    }
    if files.is_empty() {
        issues.push(Issue::new(
            vec![PathSegment::key("files")],
            IssueCode::Required,
            Vec::new(),
            ctx.locale,
        ));
    } else if files.len() > ATTACHMENTS_MAX {
        issues.push(Issue::new(
            vec![PathSegment::key("files")],
            IssueCode::TooManyItems,
            vec![
                ("max", ATTACHMENTS_MAX.into()),
                ("actual", files.len().into()),
            ],
            ctx.locale,
        ));
    }
    for (i, f) in files.iter().enumerate() {
        let head = &f.data[..f.data.len().min(CONTENT_HEAD_BYTES)];
        for issue in check_attachment(&f.file_name, f.size, head, ctx.locale) {
            issues.push(at_file(i, issue));
        }
    }
    issues
}

async fn store(dir: &Path, customer: &str, files: &[Received]) -> Result<Vec<String>, String> {
    let customer_path = dir.join(customer);
    tokio::fs::create_dir_all(&customer_path)
        .await
        .map_err(|e| format!("creating the customer's upload directory: {e}"))?;
    let mut stored = Vec::with_capacity(files.len());
    for f in files {
        let ext = extension_of(&f.file_name).ok_or("extension vanished after checking")?;
        let name = format!("{}.{ext}", random_hex());
        let relative = format!("{customer}/{name}");
        // The path we hand out must be one core accepts in verified_file_url.
        if path_problem(&relative).is_some() {
            return Err("generated path refused by core".into());
        }
        tokio::fs::write(customer_path.join(&name), &f.data)
            .await
            .map_err(|e| format!("writing an upload: {e}"))?;
        stored.push(relative);
    }
    Ok(stored)
}

/// `POST /uploads` (multipart, caller token required; `Idempotency-Key` honoured): answers
/// `{"files":[{"file_name","path","size"}]}`, each `path` ready for `verified_file_url`.
#[utoipa::path(
    post,
    path = "/uploads",
    tag = "uploads",
    security(("caller_token" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = KEY_DESCRIPTION)),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Stored", body = Uploaded),
        (status = 400, description = "A file or the customer id is refused (`issues`)", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 408, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 500, body = ErrorBody),
        IdempotencyRefusals,
    )
)]
pub(crate) async fn upload(
    State(app): State<AppState>,
    ctx: RequestContext,
    Caller(claims): Caller,
    IdempotencyKey(key): IdempotencyKey,
    req: Request,
) -> Result<Response, Failure> {
    if !content_type_is(req.headers(), "multipart/form-data") {
        return Err(ctx.fail(ProxyError::UnsupportedMediaType));
    }
    let max = app.config().limits.max_upload_bytes;
    if content_length(req.headers()).is_some_and(|n| n > max as u64) {
        return Err(ctx.fail(ProxyError::PayloadTooLarge));
    }
    let multipart = Multipart::from_request(req, &())
        .await
        .map_err(|_| ctx.fail(ProxyError::UnsupportedMediaType))?;
    let timeout = app.config().limits.body_read_timeout;
    let Ok(files) = tokio::time::timeout(timeout, receive(&ctx, multipart)).await else {
        return Err(ctx.fail(ProxyError::RequestTimeout));
    };
    let files = files?;
    let issues = problems(&ctx, &claims.sub, &files);
    if !issues.is_empty() {
        return Err(ctx.fail(ProxyError::Invalid(issues)));
    }
    let kept = std::sync::Arc::new(files);
    // The fingerprint: each file's name and content (not the multipart framing, whose boundary
    // a retry may change).
    let body: Vec<&[u8]> = kept
        .iter()
        .flat_map(|f| [f.file_name.as_bytes(), f.data.as_slice()])
        .collect();
    let keyed = Keyed {
        caller: &claims.sub,
        route: "/uploads",
        body: &body,
    };
    let (task_app, task_ctx, customer, task_files) =
        (app.clone(), ctx.clone(), claims.sub.clone(), kept.clone());
    let work = async move { keep(&task_app, &task_ctx, &customer, &task_files).await };
    once(&app, &ctx, key, keyed, work).await
}

/// Stores checked files and answers their paths.
async fn keep(
    app: &AppState,
    ctx: &RequestContext,
    customer: &str,
    files: &[Received],
) -> Result<Response, Failure> {
    let stored = store(&app.config().download_dir, customer, files)
        .await
        .map_err(|reason| {
            app.metrics().store_error("upload");
            ctx.fail(ProxyError::Internal(reason))
        })?;
    tracing::info!(files = stored.len(), "stored uploads");
    let files = files
        .iter()
        .zip(stored)
        .map(|(f, path)| StoredFile {
            file_name: f.file_name.clone(),
            path,
            size: f.size,
        })
        .collect();
    Ok((StatusCode::OK, Json(Uploaded { files })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_dirs_are_single_plain_segments() {
        assert_eq!(
            customer_dir("cust-individual-001"),
            Some("cust-individual-001")
        );
        assert_eq!(
            customer_dir("068a6d288536b6ba57d1ffae"),
            Some("068a6d288536b6ba57d1ffae")
        );
        for bad in ["", "..", "a/b", "a\\b", "a.b", "ä", &"x".repeat(65)] {
            assert_eq!(customer_dir(bad), None, "{bad}");
        }
    }
}
