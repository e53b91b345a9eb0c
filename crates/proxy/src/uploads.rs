//! `POST /uploads`: attachment files for `verified_file_url`, checked with core and streamed to
//! the store as `<customer_id>/<random>.<ext>` (in the bucket: under `download/`).
//!
//! Memory stays bounded: a file goes to the store as it arrives (one `PUT` up to
//! [`PART_BYTES`], a multipart upload of such parts above, at most one part in flight), its content
//! signature is checked from its first bytes before anything is stored, and uploads in progress
//! are limited per customer and overall. A request with any problem leaves nothing behind: a file
//! over the size limit has its multipart upload aborted, and files already stored by the request
//! are deleted. The work runs in its own task, so a caller that goes away mid-upload does not
//! cancel the clean-up.
//!
//! An `Idempotency-Key` (see [`crate::idempotency`]) is taken once the files are stored, with a
//! fingerprint of each file's name and SHA-256 (computed as it streams): the same key and files
//! again get the first answer's paths, and the files the retry stored are deleted.

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use hwc_kyc::rules::attachments::{extension_of, path_problem, CONTENT_HEAD_BYTES};
use hwc_kyc::rules::limits::{ATTACHMENTS_MAX, ATTACHMENT_FILE_MAX_BYTES, CUSTOMER_ID_MAX};
use hwc_kyc::{check_attachment, Issue, IssueCode, PathSegment};
use object_store::buffered::BufWriter;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::body::{content_length, content_type_is};
use crate::context::{random_hex, RequestContext};
use crate::error::{ErrorBody, Failure, ProxyError};
use crate::idempotency::{once, IdempotencyKey, IdempotencyRefusals, Keyed, KEY_DESCRIPTION};
use crate::state::AppState;
use crate::store::{Attachments, StoreError, UploadSlot, PART_BYTES};

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

/// A stored file's SHA-256, for the request's idempotency fingerprint.
type FileDigest = [u8; 32];

/// Why reading and storing stopped.
enum Stop {
    /// The body: too large, malformed, cut short.
    Body(MultipartError),
    /// Not all there by the deadline.
    Timeout,
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

impl From<object_store::Error> for Stop {
    fn from(e: object_store::Error) -> Self {
        Stop::Store(e.into())
    }
}

/// One step of reading the body, within the request's deadline.
async fn by<T>(
    deadline: Instant,
    step: impl std::future::Future<Output = Result<T, MultipartError>>,
) -> Result<T, Stop> {
    match tokio::time::timeout_at(deadline, step).await {
        Ok(read) => read.map_err(Stop::Body),
        Err(_) => Err(Stop::Timeout),
    }
}

/// Where a file being received goes: the store, or nowhere (a refused file, or any file after a
/// problem, is read to its end for its size and discarded).
struct Sink {
    writer: Option<BufWriter>,
}

impl Sink {
    async fn put(&mut self, chunk: Bytes) -> Result<(), Stop> {
        if let Some(writer) = &mut self.writer {
            if let Err(e) = writer.put(chunk).await {
                self.abort().await;
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Aborts a started multipart upload (a single `PUT` has not been sent yet: nothing to do).
    async fn abort(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            if let Err(e) = writer.abort().await {
                tracing::warn!(error = %e, "aborting a multipart upload failed");
            }
        }
    }
}

/// Receives one file part: its first bytes are checked before anything is stored, then it
/// streams to `key` when `store_it` (else it is read and discarded). Answers its issues, and the
/// stored file when it has none.
async fn receive_file(
    store: &Attachments,
    field: &mut Field<'_>,
    file_name: &str,
    relative: Option<String>,
    locale: hwc_kyc::Locale,
    deadline: Instant,
) -> Result<(Vec<Issue>, Option<(StoredFile, FileDigest)>), Stop> {
    // The first CONTENT_HEAD_BYTES (or the whole file, when shorter), with the chunks they came in.
    let mut head = Vec::with_capacity(CONTENT_HEAD_BYTES);
    let mut pending = Vec::new();
    while head.len() < CONTENT_HEAD_BYTES {
        let Some(chunk) = by(deadline, field.chunk()).await? else {
            break;
        };
        let take = chunk.len().min(CONTENT_HEAD_BYTES - head.len());
        head.extend_from_slice(&chunk[..take]);
        pending.push(chunk);
    }
    let refused_early = !check_attachment(file_name, head.len(), &head, locale).is_empty();
    let target = relative.filter(|_| !refused_early);
    let mut sink = Sink {
        writer: match &target {
            Some(path) => {
                let key = store.key(path).ok_or_else(|| {
                    Stop::Store(StoreError::new("generated key refused by the store"))
                })?;
                Some(
                    BufWriter::with_capacity(store.store(), key, PART_BYTES)
                        .with_max_concurrency(1),
                )
            }
            None => None,
        },
    };
    let mut size = 0usize;
    let mut hash = Sha256::new();
    let mut next = pending.into_iter();
    loop {
        let chunk = match next.next() {
            Some(chunk) => chunk,
            None => match by(deadline, field.chunk()).await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(stop) => {
                    sink.abort().await;
                    return Err(stop);
                }
            },
        };
        size = size.saturating_add(chunk.len());
        hash.update(&chunk);
        if size > ATTACHMENT_FILE_MAX_BYTES {
            // Too large: whatever went to the store goes; the rest is only counted.
            sink.abort().await;
        }
        sink.put(chunk).await?;
    }
    let issues = check_attachment(file_name, size, &head, locale);
    let (Some(path), Some(mut writer), true) = (target, sink.writer.take(), issues.is_empty())
    else {
        sink.abort().await;
        return Ok((issues, None));
    };
    // A failed single PUT stores nothing; a multipart upload whose completion fails keeps its
    // parts, unlisted, until the bucket's lifecycle rule for incomplete uploads removes them
    // (object_store cannot abort it after a failed completion).
    if let Err(e) = writer.shutdown().await {
        return Err(Stop::Store(StoreError::new(e.to_string())));
    }
    let stored = StoredFile {
        file_name: file_name.to_string(),
        path,
        size,
    };
    Ok((issues, Some((stored, hash.finalize().into()))))
}

/// Reads every part of the request (parts without a file name are ignored) and stores its files
/// while none has a problem. Answers the files stored and every issue found; on an issue or a
/// stop, the caller deletes what was stored.
async fn receive(
    store: &Attachments,
    multipart: &mut Multipart,
    customer: &str,
    locale: hwc_kyc::Locale,
    deadline: Instant,
    (stored, digests): (&mut Vec<StoredFile>, &mut Vec<FileDigest>),
) -> Result<Vec<Issue>, Stop> {
    let mut issues = Vec::new();
    let mut count = 0usize;
    while let Some(mut field) = by(deadline, multipart.next_field()).await? {
        let Some(file_name) = field.file_name().map(str::to_string) else {
            continue;
        };
        let index = count;
        count += 1;
        let relative = if issues.is_empty() && index < ATTACHMENTS_MAX {
            let ext = extension_of(&file_name).unwrap_or("bin");
            let relative = format!("{customer}/{}.{ext}", random_hex());
            // The path handed out must be one core accepts in verified_file_url.
            (path_problem(&relative).is_none()).then_some(relative)
        } else {
            None
        };
        let (found, file) =
            receive_file(store, &mut field, &file_name, relative, locale, deadline).await?;
        issues.extend(found.into_iter().map(|issue| at_file(index, issue)));
        if let Some((file, digest)) = file {
            stored.push(file);
            digests.push(digest);
        }
    }
    if count == 0 {
        issues.push(Issue::new(
            vec![PathSegment::key("files")],
            IssueCode::Required,
            Vec::new(),
            locale,
        ));
    } else if count > ATTACHMENTS_MAX {
        issues.push(Issue::new(
            vec![PathSegment::key("files")],
            IssueCode::TooManyItems,
            vec![("max", ATTACHMENTS_MAX.into()), ("actual", count.into())],
            locale,
        ));
    }
    Ok(issues)
}

/// The whole upload, in its own task: reads and stores, and on any problem deletes what the
/// request stored.
async fn upload_files(
    app: AppState,
    ctx: RequestContext,
    customer: String,
    mut multipart: Multipart,
    deadline: Instant,
    slot: UploadSlot,
) -> Result<(Vec<StoredFile>, Vec<FileDigest>), Failure> {
    // Held until the request's files are stored or cleaned up, even when the caller is gone.
    let _slot = slot;
    let store = app.attachments();
    let mut stored = Vec::new();
    let mut digests = Vec::new();
    let outcome = receive(
        store,
        &mut multipart,
        &customer,
        ctx.locale,
        deadline,
        (&mut stored, &mut digests),
    )
    .await;
    let failure = match outcome {
        Ok(issues) if issues.is_empty() => return Ok((stored, digests)),
        Ok(issues) => ctx.fail(ProxyError::Invalid(issues)),
        Err(Stop::Timeout) => ctx.fail(ProxyError::RequestTimeout),
        Err(Stop::Body(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ctx.fail(ProxyError::PayloadTooLarge)
        }
        Err(Stop::Body(_)) => ctx.fail(ProxyError::UnsupportedMediaType),
        Err(Stop::Store(e)) => {
            app.metrics().store_error("upload");
            ctx.fail(ProxyError::BadGateway(e.to_string()))
        }
    };
    for file in &stored {
        if let Err(e) = store.delete(&file.path).await {
            tracing::warn!(error = %e, "deleting an upload of a refused request failed");
        }
    }
    Err(failure)
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
        (status = 502, description = "The attachment store refused or failed", body = ErrorBody),
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
    let Some(customer) = customer_dir(&claims.sub).map(str::to_string) else {
        return Err(ctx.fail(ProxyError::Invalid(vec![Issue::new(
            vec![PathSegment::key("customer_id")],
            IssueCode::InvalidPathCharacter,
            Vec::new(),
            ctx.locale,
        )])));
    };
    let Some(mut slot) = app.attachments().slot(&customer) else {
        return Err(ctx.fail(ProxyError::TooManyRequests { retry_after: 1 }));
    };
    let multipart = Multipart::from_request(req, &())
        .await
        .map_err(|_| ctx.fail(ProxyError::UnsupportedMediaType))?;
    let deadline = Instant::now() + app.config().limits.body_read_timeout;
    if tokio::time::timeout_at(deadline, slot.ready())
        .await
        .is_err()
    {
        return Err(ctx.fail(ProxyError::TooManyRequests { retry_after: 1 }));
    }
    let task = tokio::spawn(upload_files(
        app.clone(),
        ctx.clone(),
        customer,
        multipart,
        deadline,
        slot,
    ));
    let (stored, digests) = task
        .await
        .map_err(|e| ctx.fail(ProxyError::Internal(format!("upload task: {e}"))))??;
    tracing::info!(files = stored.len(), "stored uploads");
    // The fingerprint: each file's name and content digest (not the multipart framing, whose
    // boundary a retry may change). The files are already stored (they stream to the store), so
    // a request that does not get to answer with them (a replay, a key in flight or reused, the
    // shared state unavailable) deletes them again.
    let names: Vec<String> = stored.iter().map(|f| f.file_name.clone()).collect();
    let body: Vec<&[u8]> = names
        .iter()
        .zip(&digests)
        .flat_map(|(name, d)| [name.as_bytes(), d.as_slice()])
        .collect();
    let keyed = Keyed {
        caller: &claims.sub,
        route: "/uploads",
        body: &body,
    };
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let paths: Vec<String> = stored.iter().map(|f| f.path.clone()).collect();
    let flag = answered.clone();
    let work = async move {
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok((StatusCode::OK, Json(Uploaded { files: stored })).into_response())
    };
    let response = once(&app, &ctx, key, keyed, work).await;
    if !answered.load(std::sync::atomic::Ordering::SeqCst) {
        let store = app.attachments();
        for path in &paths {
            if let Err(e) = store.delete(path).await {
                tracing::warn!(error = %e, "deleting an upload not answered failed");
            }
        }
    }
    response
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
