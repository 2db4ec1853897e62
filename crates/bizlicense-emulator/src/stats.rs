//! Call counters, per route, without locks.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};

/// Every route the emulator counts. Tencent routes are named by action, WeChat routes by path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    VerifyBasicBizLicense,
    VerifyBizLicense,
    BizLicenseOcr,
    Enterprise3,
    Enterprise4,
    TencentOther,
    WechatToken,
    WechatStableToken,
    WechatOcr,
}

impl Route {
    pub(crate) const ALL: [Route; 9] = [
        Route::VerifyBasicBizLicense,
        Route::VerifyBizLicense,
        Route::BizLicenseOcr,
        Route::Enterprise3,
        Route::Enterprise4,
        Route::TencentOther,
        Route::WechatToken,
        Route::WechatStableToken,
        Route::WechatOcr,
    ];

    /// The name used in fault rules and in `/_emulator/stats`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Route::VerifyBasicBizLicense => "VerifyBasicBizLicense",
            Route::VerifyBizLicense => "VerifyBizLicense",
            Route::BizLicenseOcr => "BizLicenseOCR",
            Route::Enterprise3 => "VerifyBizLicenseEnterprise3",
            Route::Enterprise4 => "VerifyBizLicenseEnterprise4",
            Route::TencentOther => "tencent:other",
            Route::WechatToken => "/cgi-bin/token",
            Route::WechatStableToken => "/cgi-bin/stable_token",
            Route::WechatOcr => "/cv/ocr/bizlicense",
        }
    }

    pub(crate) fn from_action(action: &str) -> Route {
        match action {
            "VerifyBasicBizLicense" => Route::VerifyBasicBizLicense,
            "VerifyBizLicense" => Route::VerifyBizLicense,
            "BizLicenseOCR" => Route::BizLicenseOcr,
            "VerifyBizLicenseEnterprise3" => Route::Enterprise3,
            "VerifyBizLicenseEnterprise4" => Route::Enterprise4,
            _ => Route::TencentOther,
        }
    }

    pub(crate) fn is_tencent(self) -> bool {
        !self.is_wechat()
    }

    pub(crate) fn is_wechat(self) -> bool {
        matches!(
            self,
            Route::WechatToken | Route::WechatStableToken | Route::WechatOcr
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Default)]
struct Counters {
    calls: AtomicU64,
    ok: AtomicU64,
    billable: AtomicU64,
}

/// Per-route counters.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    routes: [Counters; 9],
}

impl Stats {
    pub(crate) fn call(&self, route: Route) {
        self.routes[route.index()]
            .calls
            .fetch_add(1, Ordering::Relaxed);
    }

    /// A successful answer; `billable` when the real provider would charge for it.
    pub(crate) fn success(&self, route: Route, billable: bool) {
        let c = &self.routes[route.index()];
        c.ok.fetch_add(1, Ordering::Relaxed);
        if billable {
            c.billable.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn reset(&self) {
        for c in &self.routes {
            c.calls.store(0, Ordering::Relaxed);
            c.ok.store(0, Ordering::Relaxed);
            c.billable.store(0, Ordering::Relaxed);
        }
    }

    /// `{"routes": {name: {calls, ok, errors, billable}}, "token_calls", "billable", "calls"}`.
    pub(crate) fn to_json(&self) -> Value {
        let mut routes = Map::new();
        let (mut calls, mut billable, mut token_calls) = (0, 0, 0);
        for route in Route::ALL {
            let c = &self.routes[route.index()];
            let (n, ok, b) = (
                c.calls.load(Ordering::Relaxed),
                c.ok.load(Ordering::Relaxed),
                c.billable.load(Ordering::Relaxed),
            );
            calls += n;
            billable += b;
            if matches!(route, Route::WechatToken | Route::WechatStableToken) {
                token_calls += n;
            }
            routes.insert(
                route.name().to_owned(),
                json!({"calls": n, "ok": ok, "errors": n.saturating_sub(ok), "billable": b}),
            );
        }
        json!({
            "routes": routes,
            "calls": calls,
            "token_calls": token_calls,
            "billable": billable,
        })
    }
}
