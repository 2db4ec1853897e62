//! [`RedisRateLimiter`]: one provider quota shared by every process, through Redis.

use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use async_trait::async_trait;
use governor::Quota;
use redis::Script;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Limiter, LocalLimiter};

/// GCRA with reservation, on the server's clock (all processes agree on "now").
/// `KEYS[1]` = the limit's key (holds the theoretical arrival time, µs); `ARGV[1]` = emission
/// interval µs; `ARGV[2]` = burst tolerance µs. Returns how many µs the caller must wait
/// before its call; the slot is taken either way.
const GCRA_RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', new_tat),
  'PX', math.floor((new_tat - now) / 1000) + 1000)
return wait
";

/// Connecting to Redis failed.
#[derive(Debug, thiserror::Error)]
#[error("redis rate limiter: {message}")]
pub struct RedisLimiterError {
    message: String,
    #[source]
    source: redis::RedisError,
}

/// A [`Limiter`] whose count lives in Redis, so N processes calling one provider together stay
/// within its quota (the local limiter would let N times the quota through).
///
/// GCRA (the algorithm of `governor`) as one Lua script: each call reserves the next slot
/// atomically on the server, by the server's clock, and sleeps until it. No well-kept crate
/// does this without a Redis module (`redis-cell` needs `loadmodule`, which managed Redis and
/// Debian's package do not offer); the script is 12 lines and needs Redis >= 5.
///
/// If Redis cannot be reached, calls fall back to a per-process limit at the same rate (logged
/// at WARN): work slows or overshoots a little, it never stops.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use bizlicense_core::compose::{RateLimit, RedisRateLimiter};
/// use bizlicense_core::testing::MemoryProvider;
///
/// let limiter = RedisRateLimiter::connect("redis://127.0.0.1:6379/", "tencent.ocr", 10).await?;
/// let provider = RateLimit::with_limiter(MemoryProvider::new("p"), limiter);
/// # let _ = provider; Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisRateLimiter {
    conn: ConnectionManager,
    key: String,
    interval_us: u64,
    tolerance_us: u64,
    script: Script,
    fallback: std::sync::Arc<LocalLimiter>,
}

impl fmt::Debug for RedisRateLimiter {
    // The connection (URL, password) stays out of Debug.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("key", &self.key)
            .field("interval_us", &self.interval_us)
            .field("tolerance_us", &self.tolerance_us)
            .finish_non_exhaustive()
    }
}

impl RedisRateLimiter {
    /// At most `per_second` calls per second (bursts up to the same number) for every process
    /// using `name` (e.g. the provider id) on the Redis at `url`.
    ///
    /// # Panics
    /// If `per_second` is 0 (a configuration bug, as for [`RateLimit::per_second`](super::RateLimit::per_second)).
    pub async fn connect(
        url: &str,
        name: &str,
        per_second: u32,
    ) -> Result<Self, RedisLimiterError> {
        let err = |message: &str| {
            let message = message.to_owned();
            move |source| RedisLimiterError { message, source }
        };
        let client = redis::Client::open(url).map_err(err("invalid Redis URL"))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(2))
            .set_response_timeout(Duration::from_secs(2))
            .set_number_of_retries(2)
            .set_factor(2)
            .set_max_delay(500);
        let conn = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(err("cannot connect"))?;
        Ok(Self::from_connection(
            conn,
            name,
            per_second,
            Duration::from_secs(1),
        ))
    }

    /// At most `calls` per `period`, bursts up to `calls`, over an existing connection.
    ///
    /// # Panics
    /// If `calls` is 0 or `period` is zero.
    pub fn from_connection(
        conn: ConnectionManager,
        name: &str,
        calls: u32,
        period: Duration,
    ) -> Self {
        let n = NonZeroU32::new(calls).expect("rate limit must allow at least 1 call");
        let interval = period / calls;
        let quota = Quota::with_period(interval)
            .expect("rate limit period must be longer than zero")
            .allow_burst(n);
        let interval_us = u64::try_from(interval.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        RedisRateLimiter {
            conn,
            key: format!("bizlicense:ratelimit:{name}"),
            interval_us,
            tolerance_us: interval_us.saturating_mul(u64::from(calls - 1)),
            script: Script::new(GCRA_RESERVE),
            fallback: std::sync::Arc::new(LocalLimiter::new(quota)),
        }
    }

    /// Use `prefix` instead of `bizlicense:` for the key (e.g. one per environment).
    pub fn with_prefix(mut self, prefix: &str) -> Self {
        if let Some(name) = self.key.strip_prefix("bizlicense:") {
            self.key = format!("{prefix}{name}");
        }
        self
    }

    /// Reserve the next slot and return how long to wait for it (zero: go now).
    pub async fn reserve(&self) -> Result<Duration, redis::RedisError> {
        let mut conn = self.conn.clone();
        let wait_us: i64 = self
            .script
            .key(&self.key)
            .arg(self.interval_us)
            .arg(self.tolerance_us)
            .invoke_async(&mut conn)
            .await?;
        Ok(Duration::from_micros(u64::try_from(wait_us).unwrap_or(0)))
    }
}

#[async_trait]
impl Limiter for RedisRateLimiter {
    async fn until_ready(&self) {
        match self.reserve().await {
            Ok(wait) if wait.is_zero() => {}
            Ok(wait) => tokio::time::sleep(wait).await,
            Err(e) => {
                tracing::warn!(error = %e, key = %self.key, "shared rate limit unavailable; limiting this process only");
                self.fallback.until_ready().await;
            }
        }
    }
}
