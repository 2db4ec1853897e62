//! Fault injection: per-route rules, set by configuration or at run time through
//! `POST /_emulator/faults`, optionally limited to the next N matching requests.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::stats::Route;

/// What a fault does to a matching request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FaultKind {
    /// Wait `ms` milliseconds, then answer normally. Latency rules add up and combine with one
    /// other fault.
    Latency {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Answer with this HTTP status (e.g. 502, 503) and a plain-text gateway page.
    HttpStatus {
        /// The status code (400..=599).
        status: u16,
    },
    /// Send the status line and headers, then close the connection mid-body.
    Drop,
    /// The provider's rate-limit answer: Tencent `RequestLimitExceeded`, WeChat `45011`
    /// (or `errcode`, e.g. `-1` "system busy").
    RateLimit {
        /// WeChat errcode to answer instead of 45011.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        errcode: Option<i64>,
    },
    /// HTTP 200, `Content-Type: application/json`, and a body that is not JSON.
    Malformed,
    /// HTTP 200 and the real answer cut in half.
    Truncated,
    /// WeChat: every access token issued so far expires now and the request gets `42001`.
    /// Tencent: `AuthFailure.TokenFailure`.
    TokenExpired,
}

/// A fault rule: which route, what, and for how many requests.
///
/// `route` is a Tencent action (`BizLicenseOCR`, `VerifyBasicBizLicense`, ...), a WeChat path
/// (`/cgi-bin/token`, `/cgi-bin/stable_token`, `/cv/ocr/bizlicense`), `tencent` or `wechat`
/// (every route of that provider), or `*` (everything). As JSON:
/// `{"route": "BizLicenseOCR", "kind": "rate_limit", "count": 2}`.
///
/// ```
/// use bizlicense_emulator::{Fault, FaultKind};
/// let f: Fault = serde_json::from_str(r#"{"route":"*","kind":"latency","ms":50}"#).unwrap();
/// assert_eq!(f, Fault::new("*", FaultKind::Latency { ms: 50 }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fault {
    /// Which requests it applies to.
    pub route: String,
    /// What it does.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Apply to the next `count` matching requests only; forever when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl Fault {
    /// A rule that applies until removed.
    pub fn new(route: impl Into<String>, kind: FaultKind) -> Self {
        Fault {
            route: route.into(),
            kind,
            count: None,
        }
    }

    /// Limit the rule to the next `n` matching requests.
    pub fn times(mut self, n: u32) -> Self {
        self.count = Some(n);
        self
    }

    fn matches(&self, route: Route) -> bool {
        match self.route.as_str() {
            "*" => true,
            "tencent" => route.is_tencent(),
            "wechat" => route.is_wechat(),
            name => name == route.name(),
        }
    }

    /// Whether the rule is well-formed; the error says what to fix.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let known = self.route == "*"
            || self.route == "tencent"
            || self.route == "wechat"
            || Route::ALL.iter().any(|r| r.name() == self.route);
        if !known {
            let names: Vec<&str> = Route::ALL.iter().map(|r| r.name()).collect();
            return Err(format!(
                "unknown route {:?}: use *, tencent, wechat or one of {}",
                self.route,
                names.join(", ")
            ));
        }
        if let FaultKind::HttpStatus { status } = self.kind
            && !(400..=599).contains(&status)
        {
            return Err(format!("status {status} is not an HTTP error (400..=599)"));
        }
        if self.count == Some(0) {
            return Err("count 0 would never apply: omit it for a permanent rule".to_owned());
        }
        Ok(())
    }
}

/// What the matching rules say to do with one request.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub(crate) latency_ms: u64,
    pub(crate) action: Option<FaultKind>,
}

/// The active rules. The common case (no rules) costs one atomic load per request.
#[derive(Debug, Default)]
pub(crate) struct FaultSet {
    any: AtomicBool,
    rules: Mutex<Vec<Fault>>,
}

impl FaultSet {
    pub(crate) fn new(initial: Vec<Fault>) -> Self {
        FaultSet {
            any: AtomicBool::new(!initial.is_empty()),
            rules: Mutex::new(initial),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        // A panic while holding this lock cannot leave the Vec inconsistent: recover it.
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn add(&self, fault: Fault) {
        let mut rules = self.lock();
        rules.push(fault);
        self.any.store(true, Ordering::Release);
    }

    /// Remove rules for `route` (all rules when `None`); returns how many were removed.
    pub(crate) fn clear(&self, route: Option<&str>) -> usize {
        let mut rules = self.lock();
        let before = rules.len();
        match route {
            Some(r) => rules.retain(|f| f.route != r),
            None => rules.clear(),
        }
        self.any.store(!rules.is_empty(), Ordering::Release);
        before - rules.len()
    }

    pub(crate) fn list(&self) -> Vec<Fault> {
        self.lock().clone()
    }

    /// Consume the rules matching `route` for one request.
    pub(crate) fn take(&self, route: Route) -> Applied {
        let mut applied = Applied::default();
        if !self.any.load(Ordering::Acquire) {
            return applied;
        }
        let mut rules = self.lock();
        for rule in rules.iter_mut() {
            if !rule.matches(route) {
                continue;
            }
            match &rule.kind {
                FaultKind::Latency { ms } => applied.latency_ms += ms,
                kind if applied.action.is_none() => applied.action = Some(kind.clone()),
                _ => continue,
            }
            if let Some(n) = rule.count.as_mut() {
                *n = n.saturating_sub(1);
            }
        }
        rules.retain(|r| r.count != Some(0));
        self.any.store(!rules.is_empty(), Ordering::Release);
        applied
    }
}

/// A gateway error page with the given status.
pub(crate) fn http_status(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let body = format!(
        "<html><head><title>{status}</title></head><body><center><h1>{status}</h1></center><hr><center>emulator fault injection</center></body></html>"
    );
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        body,
    )
        .into_response()
}

/// Headers, then a body stream that fails: hyper aborts the connection mid-answer.
pub(crate) fn drop_connection() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("fault injection: connection dropped"))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// HTTP 200 with a JSON content type and a body that is no JSON at all.
pub(crate) fn malformed() -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        "<html><body>upstream sent garbage {\"Response\": ",
    )
        .into_response()
}

/// The same answer, its body cut in half (Content-Length matches the cut body).
pub(crate) async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rules_expire_and_latency_adds_up() {
        let set = FaultSet::new(vec![
            Fault::new("*", FaultKind::Latency { ms: 5 }),
            Fault::new("wechat", FaultKind::Latency { ms: 7 }).times(1),
            Fault::new("/cv/ocr/bizlicense", FaultKind::Drop).times(2),
        ]);
        let a = set.take(Route::WechatOcr);
        assert_eq!(a.latency_ms, 12);
        assert_eq!(a.action, Some(FaultKind::Drop));
        let a = set.take(Route::BizLicenseOcr);
        assert_eq!((a.latency_ms, a.action), (5, None));
        let a = set.take(Route::WechatOcr);
        assert_eq!((a.latency_ms, a.action), (5, Some(FaultKind::Drop)));
        let a = set.take(Route::WechatOcr);
        assert_eq!((a.latency_ms, a.action), (5, None));
        assert_eq!(set.list().len(), 1);
        assert_eq!(set.clear(None), 1);
        assert_eq!(set.take(Route::WechatOcr).latency_ms, 0);
    }

    #[test]
    fn validation_names_the_problem() {
        assert!(
            Fault::new("Nope", FaultKind::Drop)
                .validate()
                .unwrap_err()
                .contains("unknown route")
        );
        assert!(
            Fault::new("*", FaultKind::HttpStatus { status: 200 })
                .validate()
                .is_err()
        );
        assert!(
            Fault::new("*", FaultKind::Drop)
                .times(0)
                .validate()
                .is_err()
        );
        assert!(
            Fault::new("BizLicenseOCR", FaultKind::Malformed)
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn json_shape() {
        let f: Fault = serde_json::from_str(
            r#"{"route":"wechat","kind":"rate_limit","errcode":-1,"count":3}"#,
        )
        .unwrap();
        assert_eq!(
            f,
            Fault::new("wechat", FaultKind::RateLimit { errcode: Some(-1) }).times(3)
        );
        let back = serde_json::to_value(&f).unwrap();
        assert_eq!(back["kind"], "rate_limit");
        assert_eq!(back["count"], 3);
    }
}
