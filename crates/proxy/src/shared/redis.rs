//! The shared state in Redis: one multiplexed connection that reconnects by itself (the `redis`
//! crate's `ConnectionManager`), and server-side Lua scripts so each decision is one atomic
//! step whichever instance takes it, timed by the Redis server's clock.

use std::net::IpAddr;
use std::time::Duration;

use bytes::Bytes;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;

use super::gcra::interval_us;
use super::{Begin, StoreError, Stored, REDIS_TIMEOUT};

/// Prefix of every key the proxy writes.
pub(crate) const KEY_PREFIX: &str = "hwc-kyc:";

/// GCRA (see [`super::gcra`]) on the TAT in `KEYS[1]`, in microseconds of the server's clock:
/// `ARGV` = interval (µs), limit. Answers -1 when allowed, else the wait in µs. The key expires
/// when its TAT is reached (it then means nothing).
pub(crate) const GCRA_SCRIPT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - interval * limit
if allow_at > now then return allow_at - now end
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.max(1, math.ceil((new_tat - now) / 1000)))
return -1
";

/// Takes an idempotency key: `ARGV` = fingerprint, lease (ms). Answers `{'fresh'}`,
/// `{'mismatch'}`, `{'flight', pttl}` or `{'done', status, content type, body}`.
const BEGIN_SCRIPT: &str = r"
local fp = redis.call('HGET', KEYS[1], 'fp')
if not fp then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'flight')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'fresh'}
end
if fp ~= ARGV[1] then return {'mismatch'} end
local r = redis.call('HMGET', KEYS[1], 'state', 'status', 'ctype', 'body')
if r[1] == 'flight' then return {'flight', tostring(redis.call('PTTL', KEYS[1]))} end
return {'done', r[2], r[3], r[4]}
";

/// Keeps an answer: `ARGV` = fingerprint, status, content type, body, ttl (ms); not over another
/// body's record.
const COMPLETE_SCRIPT: &str = r"
local fp = redis.call('HGET', KEYS[1], 'fp')
if fp and fp ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'done', 'status', ARGV[2], 'ctype', ARGV[3], 'body', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
";

/// Frees a key still in flight with this fingerprint: `ARGV` = fingerprint.
const RELEASE_SCRIPT: &str = r"
local r = redis.call('HMGET', KEYS[1], 'fp', 'state')
if r[1] == ARGV[1] and r[2] == 'flight' then return redis.call('DEL', KEYS[1]) end
return 0
";

/// Redis, with the scripts loaded on first use (EVALSHA, EVAL when the server lost them).
pub(crate) struct RedisStore {
    conn: ConnectionManager,
    gcra: Script,
    begin: Script,
    complete: Script,
    release: Script,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password: never printed.
        f.write_str("RedisStore")
    }
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("redis: {e}"))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl RedisStore {
    /// Connects to `url` (`redis://[:password@]host:port[/db]`).
    pub(crate) async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(|e| StoreError(format!("redis_url: {e}")))?;
        // Short timeouts and a short reconnect backoff: a request waits at most REDIS_TIMEOUT
        // for Redis, and a reconnect after an outage starts again at the next request.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(REDIS_TIMEOUT)
            .set_response_timeout(REDIS_TIMEOUT)
            .set_number_of_retries(2)
            .set_factor(50)
            .set_max_delay(500);
        let conn = tokio::time::timeout(
            REDIS_TIMEOUT * 4,
            ConnectionManager::new_with_config(client, config),
        )
        .await
        .map_err(|_| StoreError("redis: no connection within 2 s".into()))?
        .map_err(failed)?;
        Ok(RedisStore {
            conn,
            gcra: Script::new(GCRA_SCRIPT),
            begin: Script::new(BEGIN_SCRIPT),
            complete: Script::new(COMPLETE_SCRIPT),
            release: Script::new(RELEASE_SCRIPT),
        })
    }

    async fn run<T: redis::FromRedisValue>(
        &self,
        call: redis::ScriptInvocation<'_>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn.clone();
        tokio::time::timeout(REDIS_TIMEOUT, call.invoke_async(&mut conn))
            .await
            .map_err(|_| StoreError(format!("redis: no answer within {REDIS_TIMEOUT:?}")))?
            .map_err(failed)
    }

    /// One request of `ip` against the limit `name` of `per_minute` a minute.
    pub(crate) async fn gcra(
        &self,
        name: &str,
        ip: IpAddr,
        per_minute: u32,
    ) -> Result<Result<(), Duration>, StoreError> {
        let mut call = self.gcra.prepare_invoke();
        call.key(format!("{KEY_PREFIX}rl:{name}:{ip}"))
            .arg(interval_us(per_minute))
            .arg(per_minute.max(1));
        let wait: i64 = self.run(call).await?;
        Ok(match u64::try_from(wait) {
            Ok(us) => Err(Duration::from_micros(us)),
            Err(_) => Ok(()),
        })
    }

    pub(crate) async fn begin(
        &self,
        key: &str,
        fp: &str,
        lease: Duration,
    ) -> Result<Begin, StoreError> {
        let mut call = self.begin.prepare_invoke();
        call.key(format!("{KEY_PREFIX}idem:{key}"))
            .arg(fp)
            .arg(millis(lease));
        let parts: Vec<Vec<u8>> = self.run(call).await?;
        let text = |i: usize| {
            parts
                .get(i)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        match text(0).as_str() {
            "fresh" => Ok(Begin::Fresh),
            "mismatch" => Ok(Begin::Mismatch),
            "flight" => Ok(Begin::InFlight {
                retry_after: Duration::from_millis(text(1).parse::<u64>().unwrap_or(1000)),
            }),
            "done" => Ok(Begin::Replay(Stored {
                status: text(1)
                    .parse()
                    .map_err(|_| StoreError("redis: a stored answer has no status".into()))?,
                content_type: text(2),
                body: Bytes::from(parts.get(3).cloned().unwrap_or_default()),
            })),
            other => Err(StoreError(format!("redis: unexpected answer `{other}`"))),
        }
    }

    pub(crate) async fn complete(
        &self,
        key: &str,
        fp: &str,
        answer: &Stored,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        let mut call = self.complete.prepare_invoke();
        call.key(format!("{KEY_PREFIX}idem:{key}"))
            .arg(fp)
            .arg(answer.status)
            .arg(answer.content_type.as_str())
            .arg(answer.body.as_ref())
            .arg(millis(ttl));
        let _: i64 = self.run(call).await?;
        Ok(())
    }

    pub(crate) async fn release(&self, key: &str, fp: &str) -> Result<(), StoreError> {
        let mut call = self.release.prepare_invoke();
        call.key(format!("{KEY_PREFIX}idem:{key}")).arg(fp);
        let _: i64 = self.run(call).await?;
        Ok(())
    }
}
