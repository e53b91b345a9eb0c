//! Per-address rate limits: a token bucket per client address, refilled continuously.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Addresses remembered before idle ones are forgotten (bounds memory under address spraying).
const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A token bucket per address: `per_minute` requests in a burst, refilled at `per_minute` a
/// minute.
///
/// ```
/// use hwc_kyc_proxy::rate_limit::RateLimiter;
/// let limiter = RateLimiter::new(2);
/// let ip = "192.0.2.1".parse().unwrap();
/// assert!(limiter.check(ip).is_ok());
/// assert!(limiter.check(ip).is_ok());
/// assert!(limiter.check(ip).is_err());
/// assert!(limiter.check("192.0.2.2".parse().unwrap()).is_ok());
/// ```
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests a minute per address (at least 1).
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn capacity(&self) -> f64 {
        f64::from(self.per_minute)
    }

    fn per_second(&self) -> f64 {
        self.capacity() / 60.0
    }

    /// Takes one request from `ip`'s bucket.
    ///
    /// # Errors
    /// The time until the next request from `ip` will be accepted.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_TRACKED && !buckets.contains_key(&ip) {
            let (capacity, rate) = (self.capacity(), self.per_second());
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * rate < capacity
            });
            if buckets.len() >= MAX_TRACKED {
                // Every tracked address is active: forget the one idle the longest.
                let oldest = buckets
                    .iter()
                    .min_by_key(|(_, b)| b.updated)
                    .map(|(ip, _)| *ip);
                if let Some(oldest) = oldest {
                    buckets.remove(&oldest);
                }
            }
        }
        let capacity = self.capacity();
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let refill = now.duration_since(bucket.updated).as_secs_f64() * self.per_second();
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.per_second();
            Err(Duration::from_secs_f64(wait))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_limit_passes_and_the_next_waits_for_a_refill() {
        let limiter = RateLimiter::new(60);
        let ip: IpAddr = "198.51.100.7".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..60 {
            assert!(limiter.check_at(ip, t0).is_ok());
        }
        let wait = limiter.check_at(ip, t0).unwrap_err();
        assert!(wait <= Duration::from_secs(1) && wait > Duration::ZERO);
        assert!(limiter.check_at(ip, t0 + Duration::from_secs(1)).is_ok());
        assert!(limiter.check_at(ip, t0 + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn memory_stays_bounded_when_many_addresses_call_once() {
        let limiter = RateLimiter::new(10);
        let t0 = Instant::now();
        for i in 0..(MAX_TRACKED as u32 + 50) {
            let ip = IpAddr::from(i.to_be_bytes());
            assert!(limiter.check_at(ip, t0).is_ok());
        }
        assert_eq!(limiter.buckets.lock().unwrap().len(), MAX_TRACKED);
        let later = t0 + Duration::from_secs(120);
        limiter
            .check_at("203.0.113.1".parse().unwrap(), later)
            .unwrap();
        let tracked = limiter.buckets.lock().unwrap().len();
        assert!(tracked <= MAX_TRACKED, "{tracked}");
    }
}
