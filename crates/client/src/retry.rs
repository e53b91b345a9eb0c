//! When a call is sent again: at most [`MAX_RETRIES`] times, after the wait the answer's
//! `Retry-After` asks for (or a short backoff when it names none), and only when that wait ends
//! before the call's deadline; a read (check-identity, review result) on 429 and 503, a
//! submission or upload — which carries an `Idempotency-Key`, the same on every attempt, so the
//! proxy forwards it once — on a network error ([`NO_ANSWER`]), 409 (the first attempt is still
//! in flight), 502, 503 and 504.

use std::time::Duration;

use crate::Call;

/// Repeats of a call after its first attempt.
pub const MAX_RETRIES: u32 = 2;

/// The status an attempt that got no answer (a network error) is decided with.
pub const NO_ANSWER: u16 = 0;

/// The wait before repeat `n` (0-based) when the answer has no usable `Retry-After`:
/// 500 ms, then 1 s.
pub fn backoff(retry: u32) -> Duration {
    Duration::from_millis(500u64 << retry.min(4))
}

/// The statuses a read is repeated after: the proxy's rate limit (429) and an unavailable
/// upstream (503).
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 503)
}

/// Whether `call` is repeated after an attempt answered `status` ([`NO_ANSWER`]: none): a read
/// as [`retryable_status`] says; a submission or upload, sent with its idempotency key, after no
/// answer, 409, 502, 503 or 504.
///
/// ```
/// use hwc_kyc_client::{retry::{retryable, NO_ANSWER}, Call};
/// assert!(retryable(Call::IndividualRealnameAuth, 502));
/// assert!(retryable(Call::UploadAttachment, NO_ANSWER));
/// assert!(!retryable(Call::IndividualRealnameAuth, 429));
/// assert!(!retryable(Call::CheckIdentity, NO_ANSWER));
/// ```
pub fn retryable(call: Call, status: u16) -> bool {
    if call.sends_idempotency_key() {
        matches!(status, NO_ANSWER | 409 | 502 | 503 | 504)
    } else {
        retryable_status(status)
    }
}

/// The wait a `Retry-After` value asks for: delay-seconds (`"120"`), or an HTTP-date read by
/// `http_date_ms` (milliseconds since the epoch) and counted from `now_ms`; a date in the past
/// is no wait. `None` when the value is neither.
///
/// ```
/// use std::time::Duration;
/// use hwc_kyc_client::retry::retry_after;
/// assert_eq!(retry_after("2", 0.0, |_| None), Some(Duration::from_secs(2)));
/// assert_eq!(retry_after("soon", 0.0, |_| None), None);
/// assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:01 GMT", 1_445_412_480_000.0, |_| Some(1_445_412_481_000.0)),
///            Some(Duration::from_secs(1)));
/// ```
pub fn retry_after(
    value: &str,
    now_ms: f64,
    http_date_ms: impl Fn(&str) -> Option<f64>,
) -> Option<Duration> {
    let value = value.trim_ascii();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        // Larger than any deadline: saturate (what `parse().unwrap_or(u64::MAX)` gives, without
        // the generic parser in the wasm).
        let secs = value.bytes().fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        });
        return Some(Duration::from_secs(secs));
    }
    let at = http_date_ms(value).filter(|t| t.is_finite())?;
    let wait = (at - now_ms).max(0.0);
    Some(Duration::from_millis(wait.min(u64::MAX as f64) as u64))
}

/// The wait before repeat `retry` (0-based) of `call` answered `status`, or `None` when it is
/// not repeated: not [`retryable`], no repeats left, or a wait that would end after `remaining`.
///
/// ```
/// use std::time::Duration;
/// use hwc_kyc_client::{retry::next_attempt, Call};
/// let (read, ten) = (Call::CheckIdentity, Duration::from_secs(10));
/// assert_eq!(next_attempt(read, 503, None, 0, ten), Some(Duration::from_millis(500)));
/// assert_eq!(next_attempt(read, 429, Some(Duration::from_secs(1)), 1, ten), Some(Duration::from_secs(1)));
/// assert_eq!(next_attempt(read, 429, Some(Duration::from_secs(60)), 0, ten), None);
/// assert_eq!(next_attempt(read, 503, None, 2, ten), None);
/// assert_eq!(next_attempt(read, 500, None, 0, ten), None);
/// assert_eq!(next_attempt(Call::EnterpriseRealnameAuth, 504, None, 1, ten), Some(Duration::from_secs(1)));
/// ```
pub fn next_attempt(
    call: Call,
    status: u16,
    retry_after: Option<Duration>,
    retry: u32,
    remaining: Duration,
) -> Option<Duration> {
    if !retryable(call, status) || retry >= MAX_RETRIES {
        return None;
    }
    let wait = retry_after.unwrap_or_else(|| backoff(retry));
    (wait < remaining).then_some(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_700_000_000_000.0;

    fn no_date(_: &str) -> Option<f64> {
        None
    }

    #[test]
    fn delay_seconds_are_read_and_huge_values_saturate() {
        assert_eq!(
            retry_after(" 3 ", NOW, no_date),
            Some(Duration::from_secs(3))
        );
        assert_eq!(retry_after("0", NOW, no_date), Some(Duration::ZERO));
        // HTTP's optional white space is spaces and tabs; other white space is not read past.
        assert_eq!(
            retry_after("\t2\t", NOW, no_date),
            Some(Duration::from_secs(2))
        );
        assert_eq!(retry_after("\u{a0}2", NOW, no_date), None);
        assert_eq!(
            retry_after("99999999999999999999999", NOW, no_date),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn seconds_are_what_parse_gives_saturated() {
        for secs in [
            "0",
            "007",
            "18446744073709551615",
            "18446744073709551616",
            "18446744073709551620",
            "99999999999999999999999",
            "1844674407370955161",
        ] {
            let expected = Duration::from_secs(secs.parse().unwrap_or(u64::MAX));
            assert_eq!(retry_after(secs, NOW, no_date), Some(expected), "{secs}");
        }
    }

    #[test]
    fn negative_fractional_or_empty_values_are_no_retry_after() {
        for v in ["-1", "1.5", "", "  ", "1e3"] {
            assert_eq!(retry_after(v, NOW, no_date), None, "{v:?}");
        }
    }

    #[test]
    fn an_http_date_counts_from_now_and_a_past_date_is_no_wait() {
        let date = |_: &str| Some(NOW + 2_500.0);
        assert_eq!(
            retry_after("Tue, 14 Nov 2023 22:13:22 GMT", NOW, date),
            Some(Duration::from_millis(2_500))
        );
        let past = |_: &str| Some(NOW - 60_000.0);
        assert_eq!(
            retry_after("Tue, 14 Nov 2023 22:12:20 GMT", NOW, past),
            Some(Duration::ZERO)
        );
        let nan = |_: &str| Some(f64::NAN);
        assert_eq!(retry_after("garbage date", NOW, nan), None);
    }

    #[test]
    fn only_429_and_503_are_repeated() {
        let ten = Duration::from_secs(10);
        for status in [400, 401, 403, 404, 408, 413, 500, 502, 504] {
            assert_eq!(
                next_attempt(Call::CheckIdentity, status, None, 0, ten),
                None,
                "{status}"
            );
        }
        assert!(next_attempt(Call::CheckIdentity, 429, None, 0, ten).is_some());
        assert!(next_attempt(Call::CheckIdentity, 503, None, 0, ten).is_some());
    }

    #[test]
    fn submissions_and_uploads_are_repeated_after_no_answer_409_and_5xx_gateways_only() {
        let ten = Duration::from_secs(10);
        for call in [
            Call::IndividualRealnameAuth,
            Call::EnterpriseRealnameAuth,
            Call::UploadAttachment,
        ] {
            for status in [NO_ANSWER, 409, 502, 503, 504] {
                assert!(
                    next_attempt(call, status, None, 0, ten).is_some(),
                    "{call} {status}"
                );
                assert_eq!(
                    next_attempt(call, status, None, 2, ten),
                    None,
                    "{call} {status}"
                );
            }
            for status in [200, 400, 401, 403, 408, 413, 422, 429, 500] {
                assert_eq!(
                    next_attempt(call, status, None, 0, ten),
                    None,
                    "{call} {status}"
                );
            }
            assert_eq!(
                next_attempt(call, 409, Some(Duration::from_secs(3)), 1, ten),
                Some(Duration::from_secs(3))
            );
        }
        for read in [Call::CheckIdentity, Call::ReviewResult] {
            for status in [NO_ANSWER, 409, 502, 504] {
                assert_eq!(
                    next_attempt(read, status, None, 0, ten),
                    None,
                    "{read} {status}"
                );
            }
        }
    }

    #[test]
    fn at_most_two_repeats_with_growing_backoff() {
        let ten = Duration::from_secs(10);
        assert_eq!(
            next_attempt(Call::CheckIdentity, 503, None, 0, ten),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            next_attempt(Call::CheckIdentity, 503, None, 1, ten),
            Some(Duration::from_millis(1000))
        );
        assert_eq!(next_attempt(Call::CheckIdentity, 503, None, 2, ten), None);
    }

    #[test]
    fn retry_after_wins_over_backoff_but_never_past_the_deadline() {
        let remaining = Duration::from_secs(3);
        assert_eq!(
            next_attempt(
                Call::CheckIdentity,
                429,
                Some(Duration::from_secs(2)),
                0,
                remaining
            ),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            next_attempt(
                Call::CheckIdentity,
                429,
                Some(Duration::from_secs(3)),
                0,
                remaining
            ),
            None
        );
        assert_eq!(
            next_attempt(Call::CheckIdentity, 429, Some(Duration::ZERO), 0, remaining),
            Some(Duration::ZERO)
        );
        assert_eq!(
            next_attempt(
                Call::CheckIdentity,
                503,
                None,
                0,
                Duration::from_millis(400)
            ),
            None
        );
    }
}
