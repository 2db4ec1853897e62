//! The shared QPS limit against a real Redis (`REDIS_URL`, see `.ci/services.sh`); skipped
//! when unset, failed when unset under `CI=true`.
#![cfg(feature = "redis")]

use std::time::Duration;

use bizlicense_core::compose::{RateLimit, RedisRateLimiter};
use bizlicense_core::testing::MemoryProvider;
use bizlicense_core::{RegistryVerifier, VerifyQuery};

fn redis_url() -> Option<String> {
    match std::env::var("REDIS_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "REDIS_URL is unset under CI=true: run `eval \"$(bash .ci/services.sh)\"` first"
            );
            eprintln!("skipped: REDIS_URL is unset (run `eval \"$(bash .ci/services.sh)\"`)");
            None
        }
    }
}

async fn connection(url: &str) -> redis::aio::ConnectionManager {
    redis::aio::ConnectionManager::new(redis::Client::open(url).unwrap())
        .await
        .unwrap()
}

fn unique_name() -> String {
    format!(
        "test-{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_nanosecond()
    )
}

async fn limiter(url: &str, name: &str, calls: u32) -> RedisRateLimiter {
    RedisRateLimiter::from_connection(
        connection(url).await,
        name,
        calls,
        Duration::from_secs(3600),
    )
}

#[tokio::test]
async fn two_processes_share_one_burst() {
    let Some(url) = redis_url() else { return };
    let name = unique_name();
    // Separate connections stand for separate processes. 5 calls per hour: the burst is 5 for
    // all of them together, and the 6th slot is ~12 minutes away whatever the machine's speed.
    let a = limiter(&url, &name, 5).await;
    let b = limiter(&url, &name, 5).await;
    let mut waits = Vec::new();
    for i in 0..10 {
        let l = if i % 2 == 0 { &a } else { &b };
        waits.push(l.reserve().await.unwrap());
    }
    let free = waits.iter().filter(|w| w.is_zero()).count();
    assert_eq!(free, 5, "{waits:?}");
    assert!(
        waits[5..].iter().all(|w| *w > Duration::from_secs(60)),
        "{waits:?}"
    );
    assert!(
        waits[5..].windows(2).all(|p| p[0] < p[1]),
        "slots are in order: {waits:?}"
    );
    // Another name is another quota.
    let c = limiter(&url, &format!("{name}-other"), 5).await;
    assert!(c.reserve().await.unwrap().is_zero());
}

#[tokio::test]
async fn as_a_rate_limit_backend_it_holds_the_call_past_the_burst() {
    let Some(url) = redis_url() else { return };
    let inner = MemoryProvider::new("p").with_default_record();
    let p = RateLimit::with_limiter(inner.clone(), limiter(&url, &unique_name(), 2).await);
    let q = VerifyQuery::by_code("911101085636549482");
    p.verify(&q).await.unwrap();
    p.verify(&q).await.unwrap();
    assert_eq!(inner.calls(), 2);
    let third = p.verify(&q);
    tokio::pin!(third);
    // Poll while the reservation is made and the call sleeps: it never reaches the provider.
    for _ in 0..20 {
        assert!(futures::poll!(&mut third).is_pending());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        inner.calls(),
        2,
        "no call reached the provider while waiting"
    );
}

#[tokio::test]
async fn unreachable_redis_is_a_connect_error() {
    let err = RedisRateLimiter::connect("redis://127.0.0.1:1/", "x", 5)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("connect"), "{err}");
}
