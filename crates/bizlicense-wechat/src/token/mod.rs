//! Access tokens: the [`TokenManager`] and where tokens are kept ([`TokenStore`]).

mod error;
mod fetch;
mod manager;
#[cfg(feature = "redis")]
mod redis_store;
mod store;

pub use error::TokenError;
pub(crate) use fetch::Fetcher;
pub(crate) use manager::TokenTiming;
pub use manager::{TokenEndpoint, TokenManager};
#[cfg(feature = "redis")]
pub use redis_store::RedisTokenStore;
pub use store::{AccessToken, MemoryTokenStore, StoreError, TokenStore};
