//! Idempotency records in this process (one instance, no Redis): the same rules as the Redis
//! scripts, bounded in size.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Begin, Stored};

/// Records kept at most; past it, expired ones go first, then the ones closest to expiry.
const MAX_RECORDS: usize = 50_000;

#[derive(Debug)]
struct Record {
    fp: String,
    /// `None` while in flight.
    answer: Option<Stored>,
    until: Instant,
}

/// Idempotency records by key.
#[derive(Debug, Default)]
pub(crate) struct MemoryRecords {
    records: Mutex<HashMap<String, Record>>,
}

impl MemoryRecords {
    pub(crate) fn begin(&self, key: &str, fp: &str, lease: Duration) -> Begin {
        let now = Instant::now();
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(r) = records.get(key).filter(|r| r.until > now) {
            return match (&r.answer, r.fp == fp) {
                (_, false) => Begin::Mismatch,
                (Some(answer), true) => Begin::Replay(answer.clone()),
                (None, true) => Begin::InFlight {
                    retry_after: r.until - now,
                },
            };
        }
        if records.len() >= MAX_RECORDS {
            records.retain(|_, r| r.until > now);
            while records.len() >= MAX_RECORDS {
                let first = records
                    .iter()
                    .filter(|(_, r)| r.answer.is_some())
                    .min_by_key(|(_, r)| r.until)
                    .map(|(k, _)| k.clone());
                match first {
                    Some(k) => records.remove(&k),
                    None => break,
                };
            }
        }
        records.insert(
            key.to_string(),
            Record {
                fp: fp.to_string(),
                answer: None,
                until: now + lease,
            },
        );
        Begin::Fresh
    }

    pub(crate) fn complete(&self, key: &str, fp: &str, answer: &Stored, ttl: Duration) {
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        if records.get(key).is_some_and(|r| r.fp != fp) {
            return;
        }
        records.insert(
            key.to_string(),
            Record {
                fp: fp.to_string(),
                answer: Some(answer.clone()),
                until: Instant::now() + ttl,
            },
        );
    }

    pub(crate) fn release(&self, key: &str, fp: &str) {
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        if records
            .get(key)
            .is_some_and(|r| r.fp == fp && r.answer.is_none())
        {
            records.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer() -> Stored {
        Stored {
            status: 200,
            content_type: "application/json".into(),
            body: bytes::Bytes::from_static(br#"{"is_review":1}"#),
        }
    }

    #[test]
    fn fresh_then_in_flight_then_replayed_and_another_body_is_a_mismatch() {
        let m = MemoryRecords::default();
        let lease = Duration::from_secs(30);
        assert_eq!(m.begin("k", "fp1", lease), Begin::Fresh);
        assert!(
            matches!(m.begin("k", "fp1", lease), Begin::InFlight { retry_after } if retry_after <= lease)
        );
        assert_eq!(m.begin("k", "fp2", lease), Begin::Mismatch);
        m.complete("k", "fp1", &answer(), Duration::from_secs(60));
        assert_eq!(m.begin("k", "fp1", lease), Begin::Replay(answer()));
        assert_eq!(m.begin("k", "fp2", lease), Begin::Mismatch);
        assert_eq!(m.begin("other", "fp1", lease), Begin::Fresh);
    }

    #[test]
    fn a_released_or_expired_key_is_fresh_again() {
        let m = MemoryRecords::default();
        assert_eq!(m.begin("k", "fp", Duration::from_secs(30)), Begin::Fresh);
        m.release("k", "other-fp");
        assert!(matches!(
            m.begin("k", "fp", Duration::from_secs(30)),
            Begin::InFlight { .. }
        ));
        m.release("k", "fp");
        assert_eq!(m.begin("k", "fp", Duration::ZERO), Begin::Fresh);
        assert_eq!(m.begin("k", "fp", Duration::from_secs(30)), Begin::Fresh);
    }
}
