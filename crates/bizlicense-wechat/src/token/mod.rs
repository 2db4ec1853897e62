//! Access tokens: the [`TokenManager`] and where tokens are kept ([`TokenStore`]).

mod error;
mod fetch;
mod manager;
mod store;

pub use error::TokenError;
pub(crate) use fetch::Fetcher;
pub(crate) use manager::TokenTiming;
pub use manager::{TokenEndpoint, TokenManager};
pub use store::{AccessToken, MemoryTokenStore, StoreError, TokenStore};
