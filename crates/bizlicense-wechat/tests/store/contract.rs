//! The `TokenStore` contract: what every store must do, run against the in-memory store in
//! `memory_store.rs` (always) and against Redis in `redis_store.rs` (feature `redis`).
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use bizlicense_wechat::{AccessToken, TokenStore};
use jiff::{SignedDuration, Timestamp};

fn tok(s: &str) -> AccessToken {
    let t0: Timestamp = "2024-05-01T00:00:00Z".parse().unwrap();
    AccessToken::new(s, t0, t0 + SignedDuration::from_secs(7200))
}

async fn contract_compare_and_set(s: &dyn TokenStore) {
    assert!(s.get("k").await.unwrap().is_none());
    assert!(s.compare_and_set("k", None, tok("a")).await.unwrap());
    assert!(!s.compare_and_set("k", None, tok("b")).await.unwrap());
    assert!(
        !s.compare_and_set("k", Some(&tok("x")), tok("b"))
            .await
            .unwrap()
    );
    assert!(
        s.compare_and_set("k", Some(&tok("a")), tok("b"))
            .await
            .unwrap()
    );
    let got = s.get("k").await.unwrap().unwrap();
    assert_eq!(got.expose_secret(), "b");
    assert_eq!(got.fetched_at(), tok("b").fetched_at(), "times round-trip");
    assert_eq!(got.expires_at(), tok("b").expires_at());
    assert!(!s.compare_and_delete("k", &tok("a")).await.unwrap());
    assert!(s.compare_and_delete("k", &tok("b")).await.unwrap());
    assert!(s.get("k").await.unwrap().is_none());
    // Keys are independent.
    assert!(s.compare_and_set("k1", None, tok("a")).await.unwrap());
    assert!(s.get("k2").await.unwrap().is_none());
}

async fn contract_leases(s: &dyn TokenStore) {
    let ttl = Duration::from_secs(30);
    assert!(s.acquire_lease("k", "p1", ttl).await.unwrap());
    assert!(!s.acquire_lease("k", "p2", ttl).await.unwrap());
    assert!(s.acquire_lease("k", "p1", ttl).await.unwrap(), "renewal");
    s.release_lease("k", "p2").await.unwrap(); // not the holder: no effect
    assert!(!s.acquire_lease("k", "p2", ttl).await.unwrap());
    s.release_lease("k", "p1").await.unwrap();
    assert!(s.acquire_lease("k", "p2", ttl).await.unwrap());
    // The lease does not touch the token.
    assert!(s.get("k").await.unwrap().is_none());
    s.release_lease("k", "p2").await.unwrap();
}

async fn contract_crashed_holder(s: &dyn TokenStore) {
    // p1 "crashes" holding a short lease: after its TTL another holder gets it. Waiting longer
    // than the TTL asserts no timing, only that the lease is not eternal.
    assert!(
        s.acquire_lease("crash", "p1", Duration::from_millis(100))
            .await
            .unwrap()
    );
    assert!(
        !s.acquire_lease("crash", "p2", Duration::from_secs(30))
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        s.acquire_lease("crash", "p2", Duration::from_secs(30))
            .await
            .unwrap()
    );
}

async fn contract_wait_for_change(s: Arc<dyn TokenStore>) {
    s.compare_and_set("w", None, tok("a")).await.unwrap();
    let s2 = Arc::clone(&s);
    let waiter = tokio::spawn(async move {
        s2.wait_for_change("w", Some(&tok("a")), Duration::from_secs(30))
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.compare_and_set("w", Some(&tok("a")), tok("b"))
        .await
        .unwrap();
    let got = waiter.await.unwrap();
    assert_eq!(got.unwrap().expose_secret(), "b");
    // Bounded: nothing changes, it still returns (with what is stored).
    let got = s
        .wait_for_change("w", Some(&tok("b")), Duration::from_millis(200))
        .await
        .unwrap();
    assert_eq!(got.unwrap().expose_secret(), "b");
    // A deleted token is a change too.
    let s3 = Arc::clone(&s);
    let waiter = tokio::spawn(async move {
        s3.wait_for_change("w", Some(&tok("b")), Duration::from_secs(30))
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    s.compare_and_delete("w", &tok("b")).await.unwrap();
    assert!(waiter.await.unwrap().is_none());
}

async fn contract_races(s: Arc<dyn TokenStore>) {
    // 16 tasks race to set the first token and then to take the lease: exactly one wins each.
    let sets = futures_join(16, |i| {
        let s = Arc::clone(&s);
        async move {
            s.compare_and_set("race", None, tok(&format!("t{i}")))
                .await
                .unwrap()
        }
    })
    .await;
    assert_eq!(sets.iter().filter(|b| **b).count(), 1, "{sets:?}");
    let leases = futures_join(16, |i| {
        let s = Arc::clone(&s);
        async move {
            s.acquire_lease("race", &format!("p{i}"), Duration::from_secs(30))
                .await
                .unwrap()
        }
    })
    .await;
    assert_eq!(leases.iter().filter(|b| **b).count(), 1, "{leases:?}");
}

async fn futures_join<F, Fut>(n: usize, f: F) -> Vec<bool>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(f(i))).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

pub async fn run_contract(s: Arc<dyn TokenStore>) {
    contract_compare_and_set(s.as_ref()).await;
    contract_leases(s.as_ref()).await;
    contract_crashed_holder(s.as_ref()).await;
    contract_wait_for_change(Arc::clone(&s)).await;
    contract_races(s).await;
}
