//! The `TokenStore` contract (`store/contract.rs`) against Redis when
//! `REDIS_URL` is set (`eval "$(bash .ci/services.sh)"`). Under `CI=true` a missing
//! `REDIS_URL` fails instead of skipping.
#![cfg(feature = "redis")]

use std::sync::Arc;

use bizlicense_wechat::RedisTokenStore;
use jiff::Timestamp;

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

/// A store under a prefix no other test run uses.
async fn redis_store() -> Option<RedisTokenStore> {
    let url = redis_url()?;
    let prefix = format!(
        "bizlicense-test:{}:{}:",
        std::process::id(),
        Timestamp::now().as_nanosecond()
    );
    Some(
        RedisTokenStore::connect(&url)
            .await
            .expect("connect to REDIS_URL")
            .with_prefix(prefix),
    )
}

#[path = "store/contract.rs"]
mod contract;
use contract::run_contract;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_store_meets_the_contract() {
    let Some(store) = redis_store().await else {
        return;
    };
    run_contract(Arc::new(store)).await;
}

#[tokio::test]
async fn redis_store_debug_shows_no_url_or_token() {
    let Some(url) = redis_url() else { return };
    let store = RedisTokenStore::connect(&url).await.unwrap();
    let dbg = format!("{store:?}");
    assert!(
        !dbg.contains("127.0.0.1") && !dbg.contains("redis://"),
        "{dbg}"
    );
}

#[tokio::test]
async fn unreachable_redis_is_an_error_not_a_hang() {
    // Port 1 on loopback: nothing listens there; the connect fails fast.
    let err = RedisTokenStore::connect("redis://127.0.0.1:1/")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("redis"), "{err}");
    let err = RedisTokenStore::connect("not a url").await.unwrap_err();
    assert!(err.to_string().contains("URL"), "{err}");
}
