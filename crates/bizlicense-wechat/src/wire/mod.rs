//! Wire types: WeChat's JSON exactly as sent and received.
//!
//! Every type derives both `Serialize` and `Deserialize`, so the same types parse real answers
//! (this crate) and produce them (the emulator). Optional fields are skipped when `None`, because
//! WeChat omits a field that is not on the image rather than sending it empty. Unknown fields are
//! ignored on input; the raw JSON is kept next to the parsed value where it matters
//! ([`LicenseScan::raw`](bizlicense_core::LicenseScan::raw)).

mod bizlicense;
mod common;
mod idcard;
mod token;

pub use bizlicense::{BizLicenseResponse, CertPosition, ImgSize, Point, Pos};
pub use common::{Envelope, ErrCode};
pub use idcard::IdCardResponse;
pub use token::{ClassicTokenQuery, StableTokenRequest, TokenResponse};
