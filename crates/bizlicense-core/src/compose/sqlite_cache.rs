//! [`SqliteCache`]: a [`CacheStore`] in a SQLite file that survives restarts and is shared by
//! every process that opens it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{CacheStore, CacheStoreError};

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The default size bound.
const DEFAULT_MAX_ENTRIES: u64 = 100_000;

/// The table, created on open. Other tables may share the file (the CLI's batch journal does).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS bizlicense_cache (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    stored_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS bizlicense_cache_expires ON bizlicense_cache (expires_at);
";

/// A [`CacheStore`] in a SQLite file: answers survive restarts, and several processes can read
/// and write the same file at once.
///
/// - WAL journal (readers never block the writer), `busy_timeout` of 10 s (a writer waits for
///   another process's write instead of failing), each write one `BEGIN IMMEDIATE`
///   transaction: concurrent processes neither corrupt the file nor lose an entry.
/// - Entries expire by wall-clock time (Unix ms), so a TTL holds across restarts.
/// - At most `max_entries` (default 100 000): each write first drops expired entries, then the
///   ones closest to expiry until the table fits.
/// - Blocking SQLite calls run on tokio's blocking pool, never on the async workers.
///
/// ```no_run
/// # use std::time::Duration;
/// use bizlicense_core::compose::{ProviderExt, SqliteCache};
/// use bizlicense_core::testing::MemoryProvider;
///
/// let store = SqliteCache::open("bizlicense-cache.sqlite")?.with_max_entries(50_000);
/// let provider = MemoryProvider::new("p").cached_in(store, Duration::from_secs(7 * 24 * 3600));
/// # let _ = provider;
/// # Ok::<(), bizlicense_core::compose::CacheStoreError>(())
/// ```
#[derive(Debug, Clone)]
pub struct SqliteCache {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
    max_entries: u64,
}

fn sql_error(what: &str, e: rusqlite::Error) -> CacheStoreError {
    CacheStoreError::new(format!("sqlite {what} failed")).with_source(e)
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Open `path` with the settings every user of the file needs: WAL, a busy timeout, and
/// `synchronous = NORMAL` (durable at each checkpoint; a power cut may lose the last
/// transactions, never corrupt the file).
pub(crate) fn open_connection(path: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // `journal_mode` answers with the mode now in force: WAL unless the file system lacks
    // shared memory, in which case SQLite keeps its rollback journal (still safe, just slower).
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

impl SqliteCache {
    /// Open (creating if needed) the cache in the SQLite file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, CacheStoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = open_connection(&path).map_err(|e| {
            CacheStoreError::new(format!("cannot open {}", path.display())).with_source(e)
        })?;
        conn.execute_batch(SCHEMA)
            .map_err(|e| sql_error("schema", e))?;
        Ok(SqliteCache {
            conn: Arc::new(Mutex::new(conn)),
            path,
            max_entries: DEFAULT_MAX_ENTRIES,
        })
    }

    /// Keep at most `max_entries` answers (at least 1).
    pub fn with_max_entries(mut self, max_entries: u64) -> Self {
        self.max_entries = max_entries.max(1);
        self
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many entries the file holds, expired ones included.
    pub async fn len(&self) -> Result<u64, CacheStoreError> {
        self.with_conn(|conn| {
            conn.query_row("SELECT count(*) FROM bizlicense_cache", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| sql_error("count", e))
        })
        .await
    }

    /// Whether the file holds no entry.
    pub async fn is_empty(&self) -> Result<bool, CacheStoreError> {
        Ok(self.len().await? == 0)
    }

    async fn with_conn<R, F>(&self, f: F) -> Result<R, CacheStoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R, CacheStoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic mid-call leaves SQLite itself consistent (the transaction rolls back on
            // drop), so a poisoned lock is safe to reuse.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| CacheStoreError::new("sqlite task failed").with_source(e))?
    }
}

#[async_trait]
impl CacheStore for SqliteCache {
    async fn get(&self, key: &str) -> Result<Option<String>, CacheStoreError> {
        let key = key.to_owned();
        self.with_conn(move |conn| {
            conn.query_row(
                "SELECT value FROM bizlicense_cache WHERE key = ?1 AND expires_at > ?2",
                params![key, now_ms()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| sql_error("read", e))
        })
        .await
    }

    async fn put(&self, key: &str, value: &str, ttl: Duration) -> Result<(), CacheStoreError> {
        let (key, value) = (key.to_owned(), value.to_owned());
        let max = i64::try_from(self.max_entries).unwrap_or(i64::MAX);
        let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
        self.with_conn(move |conn| {
            let now = now_ms();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| sql_error("begin", e))?;
            tx.execute(
                "INSERT INTO bizlicense_cache (key, value, stored_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET
                     value = excluded.value,
                     stored_at = excluded.stored_at,
                     expires_at = excluded.expires_at",
                params![key, value, now, now.saturating_add(ttl_ms)],
            )
            .map_err(|e| sql_error("write", e))?;
            tx.execute(
                "DELETE FROM bizlicense_cache WHERE expires_at <= ?1",
                params![now],
            )
            .map_err(|e| sql_error("expiry sweep", e))?;
            let count: i64 = tx
                .query_row("SELECT count(*) FROM bizlicense_cache", [], |r| r.get(0))
                .map_err(|e| sql_error("count", e))?;
            if count > max {
                tx.execute(
                    "DELETE FROM bizlicense_cache WHERE key IN (
                         SELECT key FROM bizlicense_cache WHERE key <> ?2
                         ORDER BY expires_at ASC LIMIT ?1)",
                    params![count - max, key],
                )
                .map_err(|e| sql_error("eviction", e))?;
            }
            tx.commit().map_err(|e| sql_error("commit", e))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{Cached, ProviderExt};
    use crate::testing::{MemoryProvider, sample_png};
    use crate::{LicenseReader, RegistryVerifier, VerifyQuery};

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "bizlicense-sqlite-{}-{}",
            std::process::id(),
            jiff::Timestamp::now().as_nanosecond()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    #[tokio::test]
    async fn answers_survive_a_restart() {
        let path = temp_path("cache.sqlite");
        let q = VerifyQuery::by_code("911101085636549482");
        let first = MemoryProvider::new("p")
            .with_default_record()
            .with_default_scan();
        {
            let c = first
                .clone()
                .cached_in(SqliteCache::open(&path).unwrap(), Duration::from_secs(60));
            c.verify(&q).await.unwrap();
            c.read(&sample_png()).await.unwrap();
        }
        assert_eq!(first.calls(), 2);
        // A new process: a new provider instance, a new cache over the same file.
        let second = MemoryProvider::new("p")
            .with_default_record()
            .with_default_scan();
        let c = second
            .clone()
            .cached_in(SqliteCache::open(&path).unwrap(), Duration::from_secs(60));
        let record = c.verify(&q).await.unwrap();
        let scan = c.read(&sample_png()).await.unwrap();
        assert_eq!(second.calls(), 0, "both answers came from the file");
        assert_eq!(record, first.verify(&q).await.unwrap());
        assert_eq!(scan, first.read(&sample_png()).await.unwrap());
        // Another provider id is another key.
        let other = MemoryProvider::new("other").with_default_record();
        other
            .clone()
            .cached_in(SqliteCache::open(&path).unwrap(), Duration::from_secs(60))
            .verify(&q)
            .await
            .unwrap();
        assert_eq!(other.calls(), 1);
    }

    #[tokio::test]
    async fn expired_entries_are_misses() {
        let store = SqliteCache::open(temp_path("ttl.sqlite")).unwrap();
        store.put("k", "\"v\"", Duration::ZERO).await.unwrap();
        assert_eq!(store.get("k").await.unwrap(), None);
        store
            .put("k", "\"v\"", Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(store.get("k").await.unwrap().as_deref(), Some("\"v\""));
    }

    #[tokio::test]
    async fn size_is_bounded_and_the_newest_entry_stays() {
        let store = SqliteCache::open(temp_path("bound.sqlite"))
            .unwrap()
            .with_max_entries(3);
        for i in 0..10u64 {
            store
                .put(&format!("k{i}"), "1", Duration::from_secs(60 + i))
                .await
                .unwrap();
        }
        assert_eq!(store.len().await.unwrap(), 3);
        assert!(store.get("k9").await.unwrap().is_some());
        assert!(
            store.get("k0").await.unwrap().is_none(),
            "closest to expiry went first"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writers_on_one_file_lose_nothing() {
        // Separate connections, as separate processes would have: 4 writers x 50 entries.
        let path = temp_path("concurrent.sqlite");
        let mut tasks = Vec::new();
        for w in 0..4 {
            let store = SqliteCache::open(&path).unwrap();
            tasks.push(tokio::spawn(async move {
                for i in 0..50 {
                    store
                        .put(&format!("w{w}-{i}"), "{}", Duration::from_secs(60))
                        .await
                        .unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let store = SqliteCache::open(&path).unwrap();
        assert_eq!(store.len().await.unwrap(), 200);
        let mode: String = store
            .with_conn(|c| {
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
                    .map_err(|e| sql_error("pragma", e))
            })
            .await
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[tokio::test]
    async fn a_broken_store_never_fails_a_call() {
        #[derive(Debug)]
        struct Broken;
        #[async_trait]
        impl CacheStore for Broken {
            async fn get(&self, _: &str) -> Result<Option<String>, CacheStoreError> {
                Err(CacheStoreError::new("disk on fire"))
            }
            async fn put(&self, _: &str, _: &str, _: Duration) -> Result<(), CacheStoreError> {
                Err(CacheStoreError::new("disk on fire"))
            }
        }
        let inner = MemoryProvider::new("p").with_default_record();
        let c = Cached::with_store(inner.clone(), Duration::from_secs(60), 10, Broken);
        c.verify(&VerifyQuery::by_code("911101085636549482"))
            .await
            .unwrap();
        assert_eq!(inner.calls(), 1);
    }

    #[test]
    fn an_unopenable_path_says_which() {
        let err = SqliteCache::open("/nonexistent-dir/x/cache.sqlite").unwrap_err();
        assert!(err.to_string().contains("/nonexistent-dir/x"), "{err}");
    }
}
