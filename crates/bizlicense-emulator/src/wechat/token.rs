//! WeChat access tokens as the real server hands them out.
//!
//! - `/cgi-bin/token` (classic): every call issues a new token; the previous one of that app
//!   stays valid for a grace period, then answers `40001` ("invalid or not latest").
//! - `/cgi-bin/stable_token`: the same token until it expires or `force_refresh` replaces it
//!   (the replaced one keeps the grace period too). Classic and stable tokens are independent,
//!   as on the real server.
//! - A token past its lifetime answers `42001` (expired).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Keep expired and superseded tokens this long, so they answer 42001/40001 rather than being
/// forgotten; bounds memory when a client hammers the token endpoint.
const RETAIN_SECS: i64 = 3600;
/// Sweep old tokens every this many issuances.
const SWEEP_EVERY: u64 = 256;

#[derive(Debug, Clone)]
struct Entry {
    expires_at: i64,
    superseded: bool,
}

#[derive(Default)]
struct Inner {
    tokens: HashMap<Arc<str>, Entry>,
    classic: HashMap<Arc<str>, Arc<str>>,
    stable: HashMap<Arc<str>, Arc<str>>,
    issued: u64,
}

/// Which flavour of token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Classic,
    Stable,
}

/// The outcome of checking a token presented to an API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    Valid,
    /// Unknown, or superseded and past its grace period: `40001`.
    Invalid,
    /// Past its lifetime: `42001`.
    Expired,
}

/// Lifetimes, in seconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lifetimes {
    pub(crate) lifetime: i64,
    pub(crate) grace: i64,
}

/// No `Debug`: it holds live tokens.
#[derive(Default)]
pub(crate) struct TokenRegistry {
    inner: RwLock<Inner>,
}

fn new_token() -> Arc<str> {
    // 64 hex characters of randomness; the real ones are longer and opaque, clients must not care.
    let a = uuid::Uuid::new_v4().simple().to_string();
    let b = uuid::Uuid::new_v4().simple().to_string();
    Arc::from(format!("{a}{b}"))
}

impl TokenRegistry {
    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        // The maps stay consistent even if a holder panicked: recover the guard.
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Issue (or, for a stable token without `force`, reuse) a token for `appid`; returns the
    /// token and its remaining lifetime in seconds.
    pub(crate) fn issue(
        &self,
        flavor: Flavor,
        appid: &str,
        force: bool,
        now: i64,
        lt: Lifetimes,
    ) -> (Arc<str>, i64) {
        let mut inner = self.write();
        let current = match flavor {
            Flavor::Classic => inner.classic.get(appid).cloned(),
            Flavor::Stable => inner.stable.get(appid).cloned(),
        };
        if let Some(tok) = &current
            && flavor == Flavor::Stable
            && !force
            && let Some(e) = inner.tokens.get(tok)
            && e.expires_at > now
        {
            return (tok.clone(), e.expires_at - now);
        }
        if let Some(tok) = current
            && let Some(e) = inner.tokens.get_mut(&tok)
        {
            e.expires_at = e.expires_at.min(now + lt.grace);
            e.superseded = true;
        }
        let token = new_token();
        let appid: Arc<str> = Arc::from(appid);
        inner.tokens.insert(
            token.clone(),
            Entry {
                expires_at: now + lt.lifetime,
                superseded: false,
            },
        );
        match flavor {
            Flavor::Classic => inner.classic.insert(appid, token.clone()),
            Flavor::Stable => inner.stable.insert(appid, token.clone()),
        };
        inner.issued += 1;
        if inner.issued.is_multiple_of(SWEEP_EVERY) {
            inner.tokens.retain(|_, e| e.expires_at + RETAIN_SECS > now);
        }
        (token, lt.lifetime)
    }

    /// Check a token presented to an API call.
    pub(crate) fn check(&self, token: &str, now: i64) -> TokenCheck {
        let inner = self.read();
        match inner.tokens.get(token) {
            None => TokenCheck::Invalid,
            Some(e) if e.expires_at > now => TokenCheck::Valid,
            Some(e) if e.superseded => TokenCheck::Invalid,
            Some(_) => TokenCheck::Expired,
        }
    }

    /// Expire every token now (fault injection: "forced token expiry").
    pub(crate) fn expire_all(&self, now: i64) {
        let mut inner = self.write();
        for e in inner.tokens.values_mut() {
            e.expires_at = e.expires_at.min(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LT: Lifetimes = Lifetimes {
        lifetime: 7200,
        grace: 300,
    };

    #[test]
    fn classic_rotation_keeps_the_old_token_for_the_grace_period() {
        let reg = TokenRegistry::default();
        let (t1, exp) = reg.issue(Flavor::Classic, "wx1", false, 1000, LT);
        assert_eq!(exp, 7200);
        let (t2, _) = reg.issue(Flavor::Classic, "wx1", false, 1100, LT);
        assert_ne!(t1, t2);
        assert_eq!(reg.check(&t1, 1399), TokenCheck::Valid);
        assert_eq!(reg.check(&t1, 1400), TokenCheck::Invalid);
        assert_eq!(reg.check(&t2, 1400), TokenCheck::Valid);
        assert_eq!(reg.check(&t2, 1100 + 7200), TokenCheck::Expired);
        assert_eq!(reg.check("nope", 1000), TokenCheck::Invalid);
    }

    #[test]
    fn stable_token_is_reused_until_forced_or_expired() {
        let reg = TokenRegistry::default();
        let (t1, _) = reg.issue(Flavor::Stable, "wx1", false, 0, LT);
        let (again, remaining) = reg.issue(Flavor::Stable, "wx1", false, 6855, LT);
        assert_eq!((again.clone(), remaining), (t1.clone(), 345));
        let (t2, _) = reg.issue(Flavor::Stable, "wx1", true, 6900, LT);
        assert_ne!(t1, t2);
        assert_eq!(
            reg.check(&t1, 7000),
            TokenCheck::Valid,
            "old one still in grace"
        );
        let (t3, remaining) = reg.issue(Flavor::Stable, "wx1", false, 6900 + 7200, LT);
        assert_ne!(t3, t2, "an expired stable token is replaced");
        assert_eq!(remaining, 7200);
    }

    #[test]
    fn expire_all_turns_valid_tokens_into_expired() {
        let reg = TokenRegistry::default();
        let (t, _) = reg.issue(Flavor::Classic, "wx1", false, 0, LT);
        reg.expire_all(10);
        assert_eq!(reg.check(&t, 10), TokenCheck::Expired);
    }
}
