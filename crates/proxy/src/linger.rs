//! Draining a request body the proxy answered without reading (a refusal: 401, 413, 415, 429, a
//! 404 with a body...), so the caller receives the answer instead of a connection reset.
//!
//! When a server closes a connection while unread request bytes sit in its socket, the kernel
//! sends a TCP reset, and the caller's kernel may discard the answer it had already received: a
//! browser whose upload is refused with 401 then reports a network error, not the 401. hyper only
//! drains what has already arrived. Here the body stays readable after the handler has answered:
//! the answer is sent at once, and a task reads and discards the rest of the body (at most
//! [`Linger::max_bytes`], for at most [`Linger::timeout`], a short grace) before the connection
//! closes: the answer says `Connection: close`, and the connection is never kept for another
//! request, so a caller refused before its body was read holds its connection slot for the grace
//! at most, not for the body read timeout. A body announced longer than `max_bytes` is not
//! drained at all.

use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body as HttpBody, Frame, SizeHint};

/// How much of an unread body is drained after answering.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Linger {
    /// Bytes read and discarded at most; a longer body is cut off (and the caller may then see a
    /// reset, as it would anyway).
    pub max_bytes: usize,
    /// Time spent draining at most.
    pub timeout: Duration,
}

/// The longest a refused caller's connection is kept to drain its body.
pub(crate) const DRAIN_GRACE: Duration = Duration::from_secs(2);

type Slot = Arc<Mutex<Option<Body>>>;

fn take(slot: &Slot) -> Option<Body> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// The request body as the handler sees it: reads go to the body in the shared slot, which the
/// middleware takes back once the handler has answered.
struct Shared(Slot);

impl HttpBody for Shared {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match slot.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        let slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref().map_or(true, HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        let slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref().map(HttpBody::size_hint).unwrap_or_default()
    }
}

/// Reads and discards what is left of `body`, within `linger`.
async fn drain(mut body: Body, linger: Linger) {
    let mut drained = 0usize;
    let read = async {
        while let Some(Ok(frame)) = body.frame().await {
            if let Some(data) = frame.data_ref() {
                drained = drained.saturating_add(data.len());
                if drained > linger.max_bytes {
                    break;
                }
            }
        }
    };
    let _ = tokio::time::timeout(linger.timeout, read).await;
}

/// Middleware (outermost): answers as the handler does, then drains the body it left unread.
pub(crate) async fn drain_unread_body(
    State(linger): State<Linger>,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    if body.is_end_stream() {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let slot: Slot = Arc::new(Mutex::new(Some(body)));
    let req = Request::from_parts(parts, Body::new(Shared(slot.clone())));
    let mut response = next.run(req).await;
    if let Some(rest) = take(&slot).filter(|b| !b.is_end_stream()) {
        // The rest of the body is not wanted: the connection ends after the drain.
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        // A body announced longer than the drain limit would be cut off anyway: close at once.
        if HttpBody::size_hint(&rest).lower() <= linger.max_bytes as u64 {
            tokio::spawn(drain(rest, linger));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_shared_body_reads_through_and_can_be_taken_back() {
        let slot: Slot = Arc::new(Mutex::new(Some(Body::from("hello"))));
        let shared = Body::new(Shared(slot.clone()));
        assert_eq!(
            HttpBody::size_hint(&shared).exact(),
            Some(5),
            "the size is known through the wrapper"
        );
        let read = shared.collect().await.map(|c| c.to_bytes());
        assert_eq!(read.ok().as_deref(), Some(&b"hello"[..]));
        let rest = take(&slot).expect("still in the slot");
        assert!(rest.is_end_stream());
        assert!(take(&slot).is_none());
    }

    /// A body that never ends: 1 KiB frames forever.
    struct Endless;

    impl HttpBody for Endless {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
            Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![0u8; 1024])))))
        }
    }

    #[tokio::test]
    async fn draining_an_endless_body_stops_at_the_byte_limit() {
        let linger = Linger {
            max_bytes: 64 * 1024,
            timeout: Duration::from_secs(3600),
        };
        tokio::time::timeout(Duration::from_secs(10), drain(Body::new(Endless), linger))
            .await
            .expect("stopped by the byte limit, not the hour");
    }
}
