//! `batch --state FILE`: a journal of answered jobs and a persistent answer cache in one SQLite
//! file, so a batch killed at any point (even `kill -9`) and run again with the same arguments
//! pays for no answer twice and loses or repeats no output line.
//!
//! - Every answer is committed to the journal (keyed by a hash of the input and the line
//!   number) *before* its output line is written. A rerun takes answered lines from the journal
//!   instead of calling a provider; with `--output FILE --resume` it also skips the lines the
//!   file already holds, so each line appears once.
//! - Providers sit behind a `bizlicense::compose::SqliteCache` (feature `sqlite`) in the same
//!   file: an answer the provider gave just before the kill (before the journal had it) is
//!   still not paid for again, and neither is the same image or query in another batch.
//!
//! Built without the `sqlite` feature, `--state` is refused with a hint.

use std::path::Path;
use std::sync::Arc;

use bizlicense::compose::CacheStore;
use bizlicense::reconcile::Decision;

use crate::error::CliError;

/// One output line, rendered, with its decision for the tallies.
#[derive(Debug, Clone)]
pub(crate) struct ResultLine {
    pub(crate) json: String,
    pub(crate) decision: Option<Decision>,
}

/// The journal of one batch (or none, without `--state`).
pub(crate) struct Journal {
    #[cfg(feature = "sqlite")]
    inner: Option<imp::SqliteJournal>,
}

impl Journal {
    /// Open the journal in `state` for the batch whose input lines are `jobs`.
    pub(crate) fn open(state: Option<&Path>, jobs: &[(usize, String)]) -> Result<Self, CliError> {
        #[cfg(feature = "sqlite")]
        {
            let inner = state
                .map(|path| imp::SqliteJournal::open(path, jobs))
                .transpose()?;
            Ok(Journal { inner })
        }
        #[cfg(not(feature = "sqlite"))]
        {
            let _ = jobs;
            match state {
                None => Ok(Journal {}),
                Some(_) => Err(CliError::usage(
                    "--state needs SQLite support, which this build of bizlicense lacks",
                    "rebuild with `cargo install bizlicense-cli --features sqlite`, or drop --state",
                )),
            }
        }
    }

    /// The persistent answer cache in the same file, if any.
    pub(crate) fn cache_store(&self) -> Option<Arc<dyn CacheStore>> {
        #[cfg(feature = "sqlite")]
        if let Some(j) = &self.inner {
            return Some(Arc::new(j.cache.clone()));
        }
        None
    }

    /// The line's answer from an earlier run.
    pub(crate) async fn answered(&self, line: usize) -> Result<Option<ResultLine>, CliError> {
        #[cfg(feature = "sqlite")]
        if let Some(j) = &self.inner {
            return j.answered(line).await;
        }
        let _ = line;
        Ok(None)
    }

    /// Commit the line's answer; returns once it is durable against a crash of this process.
    pub(crate) async fn record(&self, line: usize, result: &ResultLine) -> Result<(), CliError> {
        #[cfg(feature = "sqlite")]
        if let Some(j) = &self.inner {
            return j.record(line, result).await;
        }
        let _ = (line, result);
        Ok(())
    }
}

#[cfg(feature = "sqlite")]
mod imp {
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use bizlicense::compose::SqliteCache;
    use rusqlite::{Connection, OptionalExtension, params};

    use super::ResultLine;
    use crate::error::CliError;

    const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS bizlicense_batch_journal (
        run         TEXT NOT NULL,
        line        INTEGER NOT NULL,
        result      TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (run, line)
    );";

    pub(super) struct SqliteJournal {
        conn: Arc<Mutex<Connection>>,
        run: String,
        path: PathBuf,
        pub(super) cache: SqliteCache,
    }

    fn state_error(path: &Path, e: impl std::fmt::Display) -> CliError {
        CliError::failure(
            format!("--state file {}: {e}", path.display()),
            "check the path, disk space and permissions; the file is safe to delete (answers \
             in it would then be paid for again)",
        )
    }

    impl SqliteJournal {
        pub(super) fn open(path: &Path, jobs: &[(usize, String)]) -> Result<Self, CliError> {
            // The cache opens the file first and sets it up (WAL, busy timeout).
            let cache = SqliteCache::open(path).map_err(|e| state_error(path, e))?;
            let conn = Connection::open(path).map_err(|e| state_error(path, e))?;
            conn.busy_timeout(Duration::from_secs(10))
                .and_then(|()| conn.pragma_update(None, "synchronous", "NORMAL"))
                .and_then(|()| conn.execute_batch(SCHEMA))
                .map_err(|e| state_error(path, e))?;
            // The same input (line numbers and text) is the same run.
            let mut input = String::new();
            for (line, text) in jobs {
                input.push_str(&format!("{line}\t{text}\n"));
            }
            Ok(SqliteJournal {
                conn: Arc::new(Mutex::new(conn)),
                run: bizlicense::sha256_hex(input.as_bytes()),
                path: path.to_owned(),
                cache,
            })
        }

        async fn with_conn<R: Send + 'static>(
            &self,
            f: impl FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
        ) -> Result<R, CliError> {
            let conn = Arc::clone(&self.conn);
            let result = tokio::task::spawn_blocking(move || {
                // Each statement is atomic in SQLite; a panic elsewhere leaves nothing half-done.
                let guard = conn.lock().unwrap_or_else(|p| p.into_inner());
                f(&guard)
            })
            .await;
            match result {
                Ok(r) => r.map_err(|e| state_error(&self.path, e)),
                Err(e) => Err(state_error(&self.path, e)),
            }
        }

        pub(super) async fn answered(&self, line: usize) -> Result<Option<ResultLine>, CliError> {
            let run = self.run.clone();
            let line = i64::try_from(line).unwrap_or(i64::MAX);
            let json: Option<String> = self
                .with_conn(move |c| {
                    c.query_row(
                        "SELECT result FROM bizlicense_batch_journal WHERE run = ?1 AND line = ?2",
                        params![run, line],
                        |r| r.get(0),
                    )
                    .optional()
                })
                .await?;
            Ok(json.map(|json| {
                let decision = serde_json::from_str::<serde_json::Value>(&json)
                    .ok()
                    .and_then(|v| serde_json::from_value(v.get("decision")?.clone()).ok());
                ResultLine { json, decision }
            }))
        }

        pub(super) async fn record(
            &self,
            line: usize,
            result: &ResultLine,
        ) -> Result<(), CliError> {
            let run = self.run.clone();
            let line = i64::try_from(line).unwrap_or(i64::MAX);
            let json = result.json.clone();
            let now = bizlicense::jiff::Timestamp::now().as_millisecond();
            self.with_conn(move |c| {
                // An autocommit statement: committed (in the WAL, which survives a kill of this
                // process) when it returns.
                c.execute(
                    "INSERT OR REPLACE INTO bizlicense_batch_journal (run, line, result, recorded_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![run, line, json, now],
                )
            })
            .await
            .map(|_| ())
        }
    }
}
