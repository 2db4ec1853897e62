//! The `TokenStore` contract against the in-memory store, in every build.

use std::sync::Arc;

use bizlicense_wechat::MemoryTokenStore;

#[path = "store/contract.rs"]
mod contract;

#[tokio::test]
async fn memory_store_meets_the_contract() {
    contract::run_contract(Arc::new(MemoryTokenStore::new())).await;
}
