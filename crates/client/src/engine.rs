//! One call's exchange with the proxy: send, read the answer with core, and repeat a read on
//! 429/503 when the retry policy allows. [`decide`] is the decision after each answer, without
//! I/O; [`exchange`] drives it over a [`Transport`] (fetch through gloo-net in `KycClient`; the
//! tests below use a scripted one). The npm package's JavaScript drives the same [`decide`]
//! with its own fetch.

use std::time::Duration;

use hwc_kyc::{parse_response, ApiError, ApiResponse};

use crate::call::Call;
use crate::error::{ClientError, HttpError};
use crate::retry;
use crate::upload::{read_upload, UploadedFile};

/// A request, ready to send.
#[derive(Debug, Clone)]
pub struct Outgoing<B> {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The whole URL.
    pub url: String,
    /// Every header, in order.
    pub headers: Vec<(String, String)>,
    /// The body, `None` for a GET.
    pub body: Option<B>,
}

/// An answer, read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// HTTP status.
    pub status: u16,
    /// The body bytes.
    pub body: Vec<u8>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The `X-Request-Id` header.
    pub request_id: Option<String>,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interrupted {
    /// fetch failed: what it said.
    Network(String),
    /// The call's deadline passed.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

/// How a call reaches the proxy and measures time. One value per call: it owns the call's
/// deadline and abort signal.
#[allow(async_fn_in_trait)] // crate-private; used with concrete types only
pub trait Transport {
    /// What a body is (a JS string or `FormData` for fetch).
    type Body;
    /// Sends `request` and reads the whole answer.
    async fn send(&self, request: &Outgoing<Self::Body>) -> Result<Incoming, Interrupted>;
    /// Waits `delay`, unless the call is interrupted first.
    async fn sleep(&self, delay: Duration) -> Result<(), Interrupted>;
    /// Time left before the call's deadline.
    fn remaining(&self) -> Duration;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// An HTTP-date as milliseconds since the Unix epoch, `None` when it is not one.
    fn http_date_ms(&self, text: &str) -> Option<f64>;
}

/// What the exchange needs to know about its call.
#[derive(Debug, Clone, Copy)]
pub struct Exchange<'a> {
    /// The client method.
    pub call: Call,
    /// The id sent as `X-Request-Id`.
    pub request_id: &'a str,
    /// The time the whole call has (reported by timeouts).
    pub timeout: Duration,
}

/// The [`ClientError`] for an interruption.
pub fn interrupted(why: Interrupted, x: Exchange<'_>) -> ClientError {
    let request_id = x.request_id.to_string();
    match why {
        Interrupted::Network(message) => ClientError::Network {
            message,
            request_id,
        },
        Interrupted::Timeout => ClientError::Timeout {
            request_id,
            timeout: x.timeout,
        },
        Interrupted::Aborted => ClientError::Aborted { request_id },
    }
}

/// A successful answer of any call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// One of core's operations.
    Api(ApiResponse),
    /// An upload.
    Upload(UploadedFile),
}

/// Reads an answer to `call` with core's parser (one function, so the wasm build has one
/// exchange, not one per operation).
pub fn read(call: Call, status: u16, body: &[u8]) -> Result<Answer, ApiError> {
    match call.operation() {
        Some(op) => parse_response(op, status, body).map(Answer::Api),
        None => read_upload(status, body).map(Answer::Upload),
    }
}

/// What to do after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The call succeeded.
    Done(Answer),
    /// Send the same request again after this wait.
    Retry(Duration),
    /// The call failed with this answer.
    Fail(Box<HttpError>),
}

/// The decision after `answer`, the answer to repeat `retry` (0-based) of `call`, with
/// `remaining` time before the deadline: core reads it ([`read`]); an error answer is repeated as
/// [`retry::next_attempt`] allows (a read on 429/503; a submission or upload, which carries an
/// idempotency key, on 409/502/503/504, and after no answer: `status` [`retry::NO_ANSWER`] with
/// an empty body, which a driver decides after a network error). `now_ms` and
/// `http_date_ms` read a `Retry-After` date. Every driver of the client (the fetch transport of
/// [`exchange`], the npm package's JavaScript) decides with this one function.
///
/// ```
/// use std::time::Duration;
/// use hwc_kyc_client::Call;
/// use hwc_kyc_client::engine::{decide, Decision, Incoming};
/// let busy = Incoming { status: 429, body: br#"{"error_code":"KYC.0429"}"#.to_vec(),
///                       retry_after: Some("1".into()), request_id: None };
/// let d = decide(Call::CheckIdentity, "rid", busy, 0, Duration::from_secs(10), 0.0, |_| None);
/// assert_eq!(d, Decision::Retry(Duration::from_secs(1)));
/// ```
pub fn decide(
    call: Call,
    request_id: &str,
    answer: Incoming,
    retry: u32,
    remaining: Duration,
    now_ms: f64,
    http_date_ms: impl Fn(&str) -> Option<f64>,
) -> Decision {
    let error = match read(call, answer.status, &answer.body) {
        Ok(value) => return Decision::Done(value),
        Err(error) => error,
    };
    let retry_after = answer
        .retry_after
        .as_deref()
        .and_then(|v| retry::retry_after(v, now_ms, http_date_ms));
    if let Some(wait) = retry::next_attempt(call, answer.status, retry_after, retry, remaining) {
        return Decision::Retry(wait);
    }
    let server_request_id = error
        .request_id
        .as_deref()
        .map(str::to_string)
        .or(answer.request_id);
    Decision::Fail(Box::new(HttpError {
        call,
        error,
        request_id: request_id.to_string(),
        server_request_id,
        retry_after,
    }))
}

/// Sends `request` until [`decide`] is done with it, waiting between attempts.
pub async fn exchange<T: Transport>(
    transport: &T,
    request: &Outgoing<T::Body>,
    x: Exchange<'_>,
) -> Result<Answer, ClientError> {
    let mut retry = 0;
    loop {
        let answer = match transport.send(request).await {
            Ok(answer) => answer,
            // A submission or upload is sent again with its idempotency key: the proxy forwards
            // it once whichever attempt reached it.
            Err(Interrupted::Network(message)) => {
                let again = retry::next_attempt(
                    x.call,
                    retry::NO_ANSWER,
                    None,
                    retry,
                    transport.remaining(),
                );
                let Some(wait) = again else {
                    return Err(interrupted(Interrupted::Network(message), x));
                };
                transport
                    .sleep(wait)
                    .await
                    .map_err(|why| interrupted(why, x))?;
                retry += 1;
                continue;
            }
            Err(why) => return Err(interrupted(why, x)),
        };
        let decision = decide(
            x.call,
            x.request_id,
            answer,
            retry,
            transport.remaining(),
            transport.now_ms(),
            |d| transport.http_date_ms(d),
        );
        match decision {
            Decision::Done(answer) => return Ok(answer),
            Decision::Fail(error) => return Err(ClientError::Http(error)),
            Decision::Retry(wait) => {
                transport
                    .sleep(wait)
                    .await
                    .map_err(|why| interrupted(why, x))?;
                retry += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::{ApiResponse, ErrorKind};
    use std::cell::{Cell, RefCell};
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

    /// Polls a future that never waits (the scripted transport answers at once).
    fn run<F: Future>(f: F) -> F::Output {
        fn noop_raw() -> RawWaker {
            fn clone(_: *const ()) -> RawWaker {
                noop_raw()
            }
            fn noop(_: *const ()) {}
            static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
            RawWaker::new(std::ptr::null(), &VTABLE)
        }
        // SAFETY: the vtable's functions do nothing and never touch the data pointer.
        let waker = unsafe { Waker::from_raw(noop_raw()) };
        let mut cx = Context::from_waker(&waker);
        match pin!(f).poll(&mut cx) {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("the scripted transport never waits"),
        }
    }

    /// Answers from a script, records what was sent and slept, and keeps a virtual clock.
    struct Script {
        answers: RefCell<Vec<Result<Incoming, Interrupted>>>,
        sent: Cell<u32>,
        slept: RefCell<Vec<Duration>>,
        now_ms: Cell<f64>,
        deadline_ms: f64,
        interrupt_sleep: Option<Interrupted>,
    }

    impl Script {
        fn new(answers: Vec<Result<Incoming, Interrupted>>) -> Self {
            Script {
                answers: RefCell::new(answers.into_iter().rev().collect()),
                sent: Cell::new(0),
                slept: RefCell::new(Vec::new()),
                now_ms: Cell::new(1_000_000.0),
                deadline_ms: 1_010_000.0,
                interrupt_sleep: None,
            }
        }
    }

    impl Transport for Script {
        type Body = String;
        async fn send(&self, _: &Outgoing<String>) -> Result<Incoming, Interrupted> {
            self.sent.set(self.sent.get() + 1);
            self.answers
                .borrow_mut()
                .pop()
                .unwrap_or(Err(Interrupted::Network("script ran out".into())))
        }
        async fn sleep(&self, delay: Duration) -> Result<(), Interrupted> {
            if let Some(why) = &self.interrupt_sleep {
                return Err(why.clone());
            }
            self.slept.borrow_mut().push(delay);
            self.now_ms
                .set(self.now_ms.get() + delay.as_millis() as f64);
            Ok(())
        }
        fn remaining(&self) -> Duration {
            Duration::from_millis((self.deadline_ms - self.now_ms.get()).max(0.0) as u64)
        }
        fn now_ms(&self) -> f64 {
            self.now_ms.get()
        }
        fn http_date_ms(&self, text: &str) -> Option<f64> {
            (text == "Tue, 14 Nov 2023 22:13:22 GMT").then_some(self.now_ms.get() + 2_000.0)
        }
    }

    fn answer(status: u16, body: &str, retry_after: Option<&str>) -> Result<Incoming, Interrupted> {
        Ok(Incoming {
            status,
            body: body.as_bytes().to_vec(),
            retry_after: retry_after.map(str::to_string),
            request_id: Some("proxy-id".into()),
        })
    }

    const BUSY: &str =
        r#"{"error_code":"KYC.0429","error_msg":"Too many requests.","request_id":"p429"}"#;
    const DOWN: &str = r#"{"error_code":"CBC.0999","error_msg":"Other errors."}"#;
    const AVAILABLE: &str = r#"{"check_result":"available"}"#;
    const REVIEW: &str = r#"{"is_review":1}"#;

    fn request() -> Outgoing<String> {
        Outgoing {
            method: "POST",
            url: "http://127.0.0.1:1/x".into(),
            headers: Vec::new(),
            body: Some("{}".into()),
        }
    }

    fn x(call: Call) -> Exchange<'static> {
        Exchange {
            call,
            request_id: "rid",
            timeout: Duration::from_secs(10),
        }
    }

    #[test]
    fn check_identity_is_repeated_after_429_honouring_retry_after() {
        let t = Script::new(vec![
            answer(429, BUSY, Some("1")),
            answer(200, AVAILABLE, None),
        ]);
        let out = run(exchange(&t, &request(), x(Call::CheckIdentity)));
        assert!(
            matches!(out, Ok(Answer::Api(ApiResponse::CheckIdentity(_)))),
            "{out:?}"
        );
        assert_eq!(t.sent.get(), 2);
        assert_eq!(*t.slept.borrow(), [Duration::from_secs(1)]);
    }

    #[test]
    fn a_read_is_sent_at_most_three_times_and_the_last_answer_is_the_error() {
        let t = Script::new(vec![
            answer(503, DOWN, None),
            answer(503, DOWN, Some("Tue, 14 Nov 2023 22:13:22 GMT")),
            answer(503, DOWN, Some("1")),
            answer(200, r#"{"review_result":2}"#, None),
        ]);
        let out = run(exchange(&t, &request(), x(Call::ReviewResult)));
        let Err(ClientError::Http(e)) = out else {
            panic!("{out:?}")
        };
        assert_eq!(t.sent.get(), 3);
        assert_eq!(
            *t.slept.borrow(),
            [Duration::from_millis(500), Duration::from_secs(2)]
        );
        assert_eq!(e.error.status, 503);
        assert_eq!(e.error.kind, ErrorKind::Server);
        assert_eq!(e.retry_after, Some(Duration::from_secs(1)));
        assert_eq!(e.request_id, "rid");
        assert_eq!(e.server_request_id.as_deref(), Some("proxy-id"));
    }

    #[test]
    fn submissions_and_uploads_are_repeated_only_where_their_key_makes_it_safe() {
        let gateway = r#"{"error_code":"KYC.0502","error_msg":"bad gateway"}"#;
        for call in [
            Call::IndividualRealnameAuth,
            Call::EnterpriseRealnameAuth,
            Call::UploadAttachment,
        ] {
            // 429: refused before anything was forwarded, but the caller decides when to retry.
            let t = Script::new(vec![
                answer(429, BUSY, Some("0")),
                answer(200, REVIEW, None),
            ]);
            let out = run(exchange(&t, &request(), x(call)));
            assert!(matches!(out, Err(ClientError::Http(_))), "{call}");
            assert_eq!(t.sent.get(), 1, "{call}");
            // A lost connection, then 502, then the answer: three attempts of one request.
            let ok = if call == Call::UploadAttachment {
                r#"{"files":[{"file_name":"a.png","path":"c1/x.png","size":9}]}"#
            } else {
                REVIEW
            };
            let t = Script::new(vec![
                Err(Interrupted::Network("reset".into())),
                answer(502, gateway, None),
                answer(200, ok, None),
            ]);
            let out = run(exchange(&t, &request(), x(call)));
            assert!(out.is_ok(), "{call}: {out:?}");
            assert_eq!(t.sent.get(), 3, "{call}");
            assert_eq!(
                *t.slept.borrow(),
                [Duration::from_millis(500), Duration::from_secs(1)]
            );
            // At most twice: the third network error is the call's.
            let t = Script::new(vec![
                Err(Interrupted::Network("reset".into())),
                answer(503, DOWN, Some("1")),
                Err(Interrupted::Network("reset".into())),
                answer(200, ok, None),
            ]);
            let out = run(exchange(&t, &request(), x(call)));
            assert!(
                matches!(out, Err(ClientError::Network { .. })),
                "{call}: {out:?}"
            );
            assert_eq!(t.sent.get(), 3, "{call}");
            // A timeout is the end of the call's time: not repeated.
            let t = Script::new(vec![Err(Interrupted::Timeout), answer(200, ok, None)]);
            let out = run(exchange(&t, &request(), x(call)));
            assert!(matches!(out, Err(ClientError::Timeout { .. })), "{call}");
            assert_eq!(t.sent.get(), 1);
        }
    }

    #[test]
    fn reads_are_not_repeated_after_a_network_error() {
        let t = Script::new(vec![
            Err(Interrupted::Network("reset".into())),
            answer(200, AVAILABLE, None),
        ]);
        let out = run(exchange(&t, &request(), x(Call::CheckIdentity)));
        assert!(matches!(out, Err(ClientError::Network { .. })), "{out:?}");
        assert_eq!(t.sent.get(), 1);
    }

    #[test]
    fn a_retry_after_beyond_the_deadline_returns_the_429_at_once() {
        let t = Script::new(vec![
            answer(429, BUSY, Some("60")),
            answer(200, AVAILABLE, None),
        ]);
        let out = run(exchange(&t, &request(), x(Call::CheckIdentity)));
        let Err(ClientError::Http(e)) = out else {
            panic!("{out:?}")
        };
        assert_eq!(t.sent.get(), 1);
        assert_eq!(e.error.code.as_deref(), Some("KYC.0429"));
        assert_eq!(e.retry_after, Some(Duration::from_secs(60)));
        assert_eq!(
            e.server_request_id.as_deref(),
            Some("p429"),
            "the body's id wins over the header's"
        );
    }

    #[test]
    fn other_errors_are_not_repeated() {
        let t = Script::new(vec![
            answer(
                502,
                r#"{"error_code":"KYC.0502","error_msg":"bad gateway"}"#,
                Some("1"),
            ),
            answer(200, AVAILABLE, None),
        ]);
        let out = run(exchange(&t, &request(), x(Call::CheckIdentity)));
        assert!(matches!(out, Err(ClientError::Http(e)) if e.error.status == 502));
        assert_eq!(t.sent.get(), 1);
    }

    #[test]
    fn interruptions_become_network_timeout_and_aborted_errors() {
        for (why, kind) in [
            (Interrupted::Network("refused".into()), "network"),
            (Interrupted::Timeout, "timeout"),
            (Interrupted::Aborted, "aborted"),
        ] {
            let t = Script::new(vec![Err(why)]);
            let out = run(exchange(&t, &request(), x(Call::CheckIdentity)));
            let e = out.unwrap_err();
            assert_eq!(e.kind(), kind);
            assert_eq!(e.request_id(), "rid");
        }
    }

    #[test]
    fn an_abort_while_waiting_to_repeat_is_aborted() {
        let mut t = Script::new(vec![answer(503, DOWN, None), answer(200, AVAILABLE, None)]);
        t.interrupt_sleep = Some(Interrupted::Aborted);
        let out = run(exchange(&t, &request(), x(Call::CheckIdentity)));
        assert!(matches!(out, Err(ClientError::Aborted { .. })), "{out:?}");
        assert_eq!(t.sent.get(), 1);
    }
}
