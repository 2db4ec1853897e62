//! The emulator's clock: system time plus an offset tests can advance
//! (`POST /_emulator/clock`), so token expiry is tested without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// Unix seconds, as the emulator sees them.
    pub(crate) fn now(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        system + self.offset_secs.load(Ordering::Relaxed)
    }

    /// Move the clock forward (or back, with a negative value); returns the new offset.
    pub(crate) fn advance(&self, secs: i64) -> i64 {
        self.offset_secs.fetch_add(secs, Ordering::Relaxed) + secs
    }

    pub(crate) fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::Relaxed)
    }
}
