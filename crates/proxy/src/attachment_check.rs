//! Before a submission is signed: each `verified_file_url` entry must be in the caller's own
//! `<customer_id>/` directory (unless `allow_foreign_attachment_paths`), and must exist in the
//! store — checked with a `HEAD` per entry, all at once, within `attachment_check_timeout_ms`. A
//! problem is an issue on its entry (400), so the caller hears of a missing file before Huawei
//! Cloud refuses the submission.

use futures_util::future::join_all;
use hwc_kyc::{Issue, IssueCode, ParamValue, PathSegment};

use crate::context::RequestContext;
use crate::error::{Failure, ProxyError};
use crate::state::AppState;

fn at_entry(
    index: usize,
    code: IssueCode,
    params: Vec<(&'static str, ParamValue)>,
    ctx: &RequestContext,
) -> Issue {
    Issue::new(
        vec![
            PathSegment::key("verified_file_url"),
            PathSegment::Index(index),
        ],
        code,
        params,
        ctx.locale,
    )
}

/// The entries outside `customer`'s directory, as issues.
fn foreign(ctx: &RequestContext, customer: &str, paths: &[String]) -> Vec<Issue> {
    let directory = format!("{customer}/");
    paths
        .iter()
        .enumerate()
        .filter(|(_, path)| !path.starts_with(&directory))
        .map(|(i, _)| {
            at_entry(
                i,
                IssueCode::AttachmentNotOwned,
                vec![("directory", ParamValue::from(directory.clone()))],
                ctx,
            )
        })
        .collect()
}

/// Refuses a submission whose attachments are not the caller's or are not in the store: 400 with
/// an issue per entry; 504 when the store does not answer in time; 502 when it fails.
pub(crate) async fn attachments(
    app: &AppState,
    ctx: &RequestContext,
    customer: &str,
    paths: &[String],
) -> Result<(), Failure> {
    let store = app.attachments();
    let config = store.config();
    if !config.allow_foreign_paths {
        let issues = foreign(ctx, customer, paths);
        if !issues.is_empty() {
            return Err(ctx.fail(ProxyError::Invalid(issues)));
        }
    }
    let heads = join_all(paths.iter().map(|path| store.exists(path)));
    let Ok(found) = tokio::time::timeout(config.check_timeout, heads).await else {
        return Err(ctx.fail(ProxyError::GatewayTimeout));
    };
    let mut issues = Vec::new();
    for (i, exists) in found.into_iter().enumerate() {
        match exists {
            Ok(true) => {}
            Ok(false) => issues.push(at_entry(i, IssueCode::AttachmentNotFound, Vec::new(), ctx)),
            Err(e) => return Err(ctx.fail(ProxyError::BadGateway(e.to_string()))),
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ctx.fail(ProxyError::Invalid(issues)))
    }
}
