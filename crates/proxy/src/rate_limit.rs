//! Per-address rate limits in this process: GCRA ([`crate::shared`]'s rule, the same as the
//! Redis script's) with a theoretical arrival time per client address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::shared::gcra::{gcra, interval_us};

/// Addresses remembered before idle ones are forgotten (bounds memory under address spraying).
const MAX_TRACKED: usize = 10_000;

/// GCRA per address: `per_minute` requests in a burst, then one every `60 s / per_minute`.
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
    interval_us: u64,
    epoch: Instant,
    /// Theoretical arrival time per address, microseconds since `epoch`.
    tats: Mutex<HashMap<IpAddr, u64>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests a minute per address (at least 1).
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: per_minute.max(1),
            interval_us: interval_us(per_minute),
            epoch: Instant::now(),
            tats: Mutex::new(HashMap::new()),
        }
    }

    /// Requests a minute per address.
    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Counts one request from `ip`.
    ///
    /// # Errors
    /// The time until the next request from `ip` will be accepted.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let now = u64::try_from(now.duration_since(self.epoch).as_micros()).unwrap_or(u64::MAX);
        let mut tats = self.tats.lock().unwrap_or_else(PoisonError::into_inner);
        if tats.len() >= MAX_TRACKED && !tats.contains_key(&ip) {
            // A TAT in the past is the same as none: forget those first.
            tats.retain(|_, tat| *tat > now);
            if tats.len() >= MAX_TRACKED {
                // Every tracked address is active: forget the one whose TAT is earliest.
                let oldest = tats.iter().min_by_key(|(_, tat)| **tat).map(|(ip, _)| *ip);
                if let Some(oldest) = oldest {
                    tats.remove(&oldest);
                }
            }
        }
        match gcra(
            tats.get(&ip).copied(),
            now,
            self.interval_us,
            self.per_minute,
        ) {
            Ok(tat) => {
                tats.insert(ip, tat);
                Ok(())
            }
            Err(wait) => Err(Duration::from_micros(wait)),
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
        assert_eq!(limiter.tats.lock().unwrap().len(), MAX_TRACKED);
        let later = t0 + Duration::from_secs(120);
        limiter
            .check_at("203.0.113.1".parse().unwrap(), later)
            .unwrap();
        let tracked = limiter.tats.lock().unwrap().len();
        assert!(tracked <= MAX_TRACKED, "{tracked}");
    }
}
