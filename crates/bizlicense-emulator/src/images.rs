//! Image URLs: the emulator "downloads" only its own fixture images, from memory. Any other
//! URL is refused without a single outbound request (no server-side request forgery).

use std::net::IpAddr;

use url::{Host, Url};

use crate::IMAGES_PATH;
use crate::fixtures::License;
use crate::state::AppState;

/// Why an image URL cannot be "downloaded".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlRefusal {
    /// Not a URL at all.
    Invalid,
    /// Points somewhere other than this emulator's image path.
    Foreign,
    /// Our image path, but no such image.
    NotFound,
}

/// Resolve `raw` to a fixture image when it points at this emulator: scheme `http`, host a
/// loopback address, `localhost` or the `Host` the request came in on, our port, and a path
/// under `/_emulator/images/`.
pub(crate) fn resolve<'a>(
    state: &'a AppState,
    raw: &str,
    request_host: Option<&str>,
) -> Result<&'a License, UrlRefusal> {
    let url = Url::parse(raw.trim()).map_err(|_| UrlRefusal::Invalid)?;
    if url.scheme() != "http" || !url.username().is_empty() || url.password().is_some() {
        return Err(UrlRefusal::Foreign);
    }
    if url.port_or_known_default() != Some(state.port) {
        return Err(UrlRefusal::Foreign);
    }
    let ours = match url.host() {
        Some(Host::Ipv4(ip)) => {
            IpAddr::V4(ip).is_loopback() || same_host(request_host, &ip.to_string())
        }
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost") || same_host(request_host, d),
        None => false,
    };
    if !ours {
        return Err(UrlRefusal::Foreign);
    }
    let name = url
        .path()
        .strip_prefix(IMAGES_PATH)
        .ok_or(UrlRefusal::Foreign)?;
    if name.contains('/') {
        return Err(UrlRefusal::NotFound);
    }
    state
        .fixtures
        .license_by_file(name)
        .ok_or(UrlRefusal::NotFound)
}

/// Whether `host` is the host part of the request's `Host` header.
fn same_host(request_host: Option<&str>, host: &str) -> bool {
    let Some(h) = request_host else { return false };
    let h = h.rsplit_once(':').map_or(h, |(name, _port)| name);
    h.eq_ignore_ascii_case(host)
}
