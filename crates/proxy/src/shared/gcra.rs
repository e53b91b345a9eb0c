//! GCRA (the generic cell rate algorithm), the one rate-limit rule of the proxy: in memory
//! (the `RateLimiter` of `rate_limit.rs`) and in Redis ([`super::redis::GCRA_SCRIPT`], the same
//! arithmetic in Lua). A client address has a *theoretical arrival time* (TAT): a request at
//! `now` is allowed when `max(TAT, now) + interval - limit × interval <= now`, and moves the TAT
//! to `max(TAT, now) + interval`. With `interval = 60 s / per_minute` that lets a burst of
//! `per_minute` requests through, then one every `interval`; a refused request does not move the
//! TAT. Times are whole microseconds.

/// Microseconds between two requests at the steady rate of `per_minute` a minute (at least 1, so
/// a limit above 60 million a minute is one a microsecond).
pub(crate) fn interval_us(per_minute: u32) -> u64 {
    (60_000_000 / u64::from(per_minute.max(1))).max(1)
}

/// The decision for a request at `now` with the address's stored TAT (`None`: never seen or
/// forgotten, the same as a TAT in the past): `Ok(new TAT)` to store, or `Err(wait)`, the
/// microseconds until a request would be allowed.
/// (Two a minute: two requests at once pass, the third waits 30 s; the tests below.)
pub(crate) fn gcra(tat: Option<u64>, now: u64, interval: u64, limit: u32) -> Result<u64, u64> {
    let tat = tat.map_or(now, |t| t.max(now));
    let new_tat = tat.saturating_add(interval);
    let allow_at = new_tat.saturating_sub(interval.saturating_mul(u64::from(limit.max(1))));
    if allow_at > now {
        Err(allow_at - now)
    } else {
        Ok(new_tat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_limit_then_one_per_interval() {
        let i = interval_us(60);
        assert_eq!(i, 1_000_000);
        let mut tat = None;
        for _ in 0..60 {
            tat = Some(gcra(tat, 0, i, 60).unwrap());
        }
        assert_eq!(gcra(tat, 0, i, 60), Err(1_000_000));
        assert_eq!(gcra(tat, 400_000, i, 60), Err(600_000));
        let after = gcra(tat, 1_000_000, i, 60).unwrap();
        assert_eq!(gcra(Some(after), 1_000_000, i, 60), Err(1_000_000));
    }

    #[test]
    fn the_interval_is_never_zero() {
        assert_eq!(interval_us(u32::MAX), 1);
        assert_eq!(interval_us(0), 60_000_000);
    }

    #[test]
    fn a_refusal_does_not_move_the_tat_and_an_old_tat_counts_as_none() {
        let i = interval_us(2);
        let t = gcra(gcra(None, 0, i, 2).ok(), 0, i, 2).unwrap();
        assert_eq!(gcra(Some(t), 0, i, 2), Err(30_000_000));
        assert_eq!(gcra(Some(t), 0, i, 2), Err(30_000_000));
        assert_eq!(gcra(Some(5), 10 * i, i, 2), gcra(None, 10 * i, i, 2));
    }
}
