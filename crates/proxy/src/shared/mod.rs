//! State the proxy's instances share: per-address rate limits and idempotency records. Without
//! `redis_url` both live in this process (one instance: the embedded default); with it, in Redis,
//! so every instance behind a load balancer counts one budget per client address and sees every
//! idempotency key.
//!
//! When Redis fails (each operation has [`REDIS_TIMEOUT`]; the connection manager reconnects by
//! itself once Redis answers again):
//! - **rate limits fail open** to this instance's own in-memory limiter (the same GCRA), so a
//!   Redis outage neither blocks every caller nor lifts every limit; each such decision is
//!   counted (`hwc_kyc_redis_errors_total{use="rate_limit"}`);
//! - **idempotency fails closed**: a submission or upload with an `Idempotency-Key` is refused
//!   503 `KYC.0503` with `Retry-After` before anything is forwarded, because answering it without
//!   the record could forward it a second time. Recording the answer after forwarding is retried
//!   in the background until Redis takes it (within the in-flight lease).

pub(crate) mod gcra;
mod memory;
mod redis;

use std::net::IpAddr;
use std::time::Duration;

use bytes::Bytes;

pub(crate) use self::redis::RedisStore;
use memory::MemoryRecords;

/// The longest a Redis operation may take before it counts as failed.
pub(crate) const REDIS_TIMEOUT: Duration = Duration::from_millis(500);

/// A Redis operation that failed or timed out (the text names no secret: no URL).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub(crate) struct StoreError(pub String);

/// An answer kept for an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub status: u16,
    pub content_type: String,
    pub body: Bytes,
}

/// What an idempotency key's record says when a request with it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Begin {
    /// No record: this request now holds the key (in flight) and is forwarded.
    Fresh,
    /// The first request's answer, for the same body.
    Replay(Stored),
    /// The first request with this key and body is still being answered.
    InFlight {
        /// Until its lease ends at the latest.
        retry_after: Duration,
    },
    /// The key was used with another body (or on another route).
    Mismatch,
}

/// The shared state: Redis when configured, else this process's memory.
#[derive(Debug)]
pub(crate) enum SharedState {
    /// One instance: everything in memory.
    Memory(MemoryRecords),
    /// Several instances: Redis.
    Redis(RedisStore),
}

impl SharedState {
    /// In memory, or connected to the Redis at `url`.
    ///
    /// # Errors
    /// When `url` is malformed or Redis cannot be reached at start.
    pub(crate) async fn connect(url: Option<&str>) -> Result<Self, StoreError> {
        Ok(match url {
            None => SharedState::Memory(MemoryRecords::default()),
            Some(url) => SharedState::Redis(RedisStore::connect(url).await?),
        })
    }

    /// Counts one request of `ip` against the limit named `name` of `per_minute` a minute;
    /// `Err(wait)` when over it. In memory (and when Redis fails, reported through
    /// `on_redis_error`) `in_memory` decides: this instance's own limiter of the same rate.
    pub(crate) async fn rate_limit(
        &self,
        name: &str,
        per_minute: u32,
        ip: IpAddr,
        in_memory: impl FnOnce() -> Result<(), Duration>,
        on_redis_error: impl FnOnce(&StoreError),
    ) -> Result<(), Duration> {
        if let SharedState::Redis(redis) = self {
            match redis.gcra(name, ip, per_minute).await {
                Ok(decision) => return decision,
                Err(e) => on_redis_error(&e),
            }
        }
        in_memory()
    }

    /// Takes `key` for a request whose body has fingerprint `fp`, or says why not.
    pub(crate) async fn begin(
        &self,
        key: &str,
        fp: &str,
        lease: Duration,
    ) -> Result<Begin, StoreError> {
        match self {
            SharedState::Memory(m) => Ok(m.begin(key, fp, lease)),
            SharedState::Redis(r) => r.begin(key, fp, lease).await,
        }
    }

    /// Keeps `answer` for `key` for `ttl`.
    pub(crate) async fn complete(
        &self,
        key: &str,
        fp: &str,
        answer: &Stored,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        match self {
            SharedState::Memory(m) => {
                m.complete(key, fp, answer, ttl);
                Ok(())
            }
            SharedState::Redis(r) => r.complete(key, fp, answer, ttl).await,
        }
    }

    /// Frees `key` when its request got no answer worth keeping (nothing reached the upstream,
    /// or it gave no readable answer), so a retry is forwarded.
    pub(crate) async fn release(&self, key: &str, fp: &str) -> Result<(), StoreError> {
        match self {
            SharedState::Memory(m) => {
                m.release(key, fp);
                Ok(())
            }
            SharedState::Redis(r) => r.release(key, fp).await,
        }
    }
}
