//! Access tokens: the [`TokenManager`] and where tokens are kept ([`TokenStore`]).

mod store;

pub use store::{AccessToken, MemoryTokenStore, StoreError, TokenStore};
