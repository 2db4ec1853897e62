//! [`RedisTokenStore`]: one access token for a fleet of processes, kept in Redis.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};
use tokio::time::Instant;

use super::{AccessToken, StoreError, TokenStore};

/// Keys stay this long past the token's expiry, so a late reader still sees (and replaces) the
/// expired token instead of racing on an empty key; after that Redis forgets them by itself.
const KEEP_AFTER_EXPIRY_MS: i64 = 60_000;

/// `KEYS[1]` = token hash; `ARGV` = has_expected ("0"/"1"), expected token, new token,
/// fetched_at ms, expires_at ms, ms to keep the key past expiry. Returns 1 when stored. The
/// key's expiry is reckoned from the server's clock, so a token stored already expired (the
/// manager's clock is its own) still lives long enough to be compared and replaced.
const COMPARE_AND_SET: &str = r"
local cur = redis.call('HGET', KEYS[1], 'token')
local ok
if ARGV[1] == '0' then ok = (cur == false) else ok = (cur == ARGV[2]) end
if not ok then return 0 end
redis.call('HSET', KEYS[1], 'token', ARGV[3], 'fetched_at', ARGV[4], 'expires_at', ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('PEXPIREAT', KEYS[1], math.max(tonumber(ARGV[5]), now) + tonumber(ARGV[6]))
return 1
";

/// `KEYS[1]` = token hash, `ARGV[1]` = expected token. Returns 1 when deleted.
const COMPARE_AND_DELETE: &str = r"
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
";

/// `KEYS[1]` = lease key, `ARGV[1]` = holder, `ARGV[2]` = ttl ms. Take a free lease with
/// `SET NX PX`; renew it when the holder already has it. Returns 1 when held.
const ACQUIRE_LEASE: &str = r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
";

/// `KEYS[1]` = lease key, `ARGV[1]` = holder: delete only our own lease.
const RELEASE_LEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// A [`TokenStore`] in Redis, so every process of a fleet uses one WeChat access token and
/// exactly one of them refreshes it.
///
/// - The token is a hash `{prefix}{key}` (`token`, `fetched_at`, `expires_at` in Unix ms) that
///   Redis drops a minute after the token expires. The key names the AppID, never the secret.
/// - Compare-and-set / compare-and-delete are Lua scripts, so they are atomic on the server.
/// - The refresh lease is `{prefix}{key}:lease`, taken with `SET NX PX` (renewed by its holder);
///   a crashed holder's lease simply expires after its TTL.
/// - [`wait_for_change`](TokenStore::wait_for_change) polls (20 ms, doubling up to 250 ms) until
///   the token differs or the timeout passes. Polling, not pub/sub or keyspace notifications:
///   waits happen once per refresh per process, so the extra reads are negligible, while
///   pub/sub needs a dedicated connection per process and keyspace notifications are disabled
///   by default (and often not configurable on managed Redis).
///
/// The connection is a [`ConnectionManager`]: it reconnects by itself, and every command
/// times out (2 s by default), so a lost Redis turns into a [`StoreError`], never a hang.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use bizlicense_wechat::{RedisTokenStore, WechatClient};
///
/// let store = RedisTokenStore::connect("redis://127.0.0.1:6379/").await?;
/// let client = WechatClient::from_env().token_store(store).build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisTokenStore {
    conn: ConnectionManager,
    prefix: String,
    cas: Script,
    cad: Script,
    acquire: Script,
    release: Script,
}

impl fmt::Debug for RedisTokenStore {
    // The connection URL may carry a password: show only the prefix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisTokenStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

fn redis_error(what: &str, e: redis::RedisError) -> StoreError {
    StoreError::new(format!("redis {what} failed")).with_source(e)
}

impl RedisTokenStore {
    /// The default key prefix.
    pub const DEFAULT_PREFIX: &'static str = "bizlicense:";

    /// Connect to `url` (`redis://[:password@]host:port/db`, `rediss://` needs TLS support in
    /// the `redis` crate) with a 2 s connect and response timeout.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url)
            .map_err(|e| StoreError::new("invalid Redis URL").with_source(e))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(2))
            .set_response_timeout(Duration::from_secs(2))
            // Reconnect quickly and give up soon: a caller waits on every retry. (The delays
            // are `factor`-based; the crate's default factor makes the second retry ~100 s.)
            .set_number_of_retries(2)
            .set_factor(2)
            .set_max_delay(500);
        let conn = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| redis_error("connect", e))?;
        Ok(Self::from_connection(conn))
    }

    /// Use an existing connection (your own timeouts, TLS, retries).
    pub fn from_connection(conn: ConnectionManager) -> Self {
        RedisTokenStore {
            conn,
            prefix: Self::DEFAULT_PREFIX.to_owned(),
            cas: Script::new(COMPARE_AND_SET),
            cad: Script::new(COMPARE_AND_DELETE),
            acquire: Script::new(ACQUIRE_LEASE),
            release: Script::new(RELEASE_LEASE),
        }
    }

    /// Put every key under `prefix` (default `bizlicense:`), e.g. one per environment.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    fn token_key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn lease_key(&self, key: &str) -> String {
        format!("{}{key}:lease", self.prefix)
    }
}

#[async_trait]
impl TokenStore for RedisTokenStore {
    async fn get(&self, key: &str) -> Result<Option<AccessToken>, StoreError> {
        let mut conn = self.conn.clone();
        let (token, fetched_at, expires_at): (Option<String>, Option<i64>, Option<i64>) = conn
            .hget(self.token_key(key), &["token", "fetched_at", "expires_at"])
            .await
            .map_err(|e| redis_error("HMGET", e))?;
        let (Some(token), Some(fetched_at), Some(expires_at)) = (token, fetched_at, expires_at)
        else {
            return Ok(None);
        };
        let time = |ms: i64| {
            Timestamp::from_millisecond(ms)
                .map_err(|e| StoreError::new("stored token has a bad timestamp").with_source(e))
        };
        Ok(Some(AccessToken::new(
            token,
            time(fetched_at)?,
            time(expires_at)?,
        )))
    }

    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<&AccessToken>,
        new: AccessToken,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn.clone();
        let stored: i64 = self
            .cas
            .key(self.token_key(key))
            .arg(if expected.is_some() { "1" } else { "0" })
            .arg(expected.map(AccessToken::expose_secret).unwrap_or(""))
            .arg(new.expose_secret())
            .arg(new.fetched_at().as_millisecond())
            .arg(new.expires_at().as_millisecond())
            .arg(KEEP_AFTER_EXPIRY_MS)
            .invoke_async(&mut conn)
            .await
            .map_err(|e| redis_error("compare-and-set script", e))?;
        Ok(stored == 1)
    }

    async fn compare_and_delete(
        &self,
        key: &str,
        expected: &AccessToken,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn.clone();
        let removed: i64 = self
            .cad
            .key(self.token_key(key))
            .arg(expected.expose_secret())
            .invoke_async(&mut conn)
            .await
            .map_err(|e| redis_error("compare-and-delete script", e))?;
        Ok(removed == 1)
    }

    async fn acquire_lease(
        &self,
        key: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn.clone();
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let held: i64 = self
            .acquire
            .key(self.lease_key(key))
            .arg(holder)
            .arg(ttl_ms)
            .invoke_async(&mut conn)
            .await
            .map_err(|e| redis_error("lease script", e))?;
        Ok(held == 1)
    }

    async fn release_lease(&self, key: &str, holder: &str) -> Result<(), StoreError> {
        let mut conn = self.conn.clone();
        let _: i64 = self
            .release
            .key(self.lease_key(key))
            .arg(holder)
            .invoke_async(&mut conn)
            .await
            .map_err(|e| redis_error("lease release script", e))?;
        Ok(())
    }

    async fn wait_for_change(
        &self,
        key: &str,
        current: Option<&AccessToken>,
        timeout: Duration,
    ) -> Result<Option<AccessToken>, StoreError> {
        let deadline = Instant::now() + timeout;
        let mut step = Duration::from_millis(20);
        loop {
            let stored = self.get(key).await?;
            let unchanged = match (&stored, current) {
                (None, None) => true,
                (Some(a), Some(b)) => a.same_token(b),
                _ => false,
            };
            let now = Instant::now();
            if !unchanged || now >= deadline {
                return Ok(stored);
            }
            tokio::time::sleep(step.min(deadline - now)).await;
            step = (step * 2).min(Duration::from_millis(250));
        }
    }
}
