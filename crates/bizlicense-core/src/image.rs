//! License images: bytes checked by magic number, or a URL the provider downloads.

use std::fmt;
use std::sync::Arc;

use sha2::{Digest, Sha256};

/// An image format recognised by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ImageFormat {
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// BMP (`BM`).
    Bmp,
    /// GIF (`GIF87a` / `GIF89a`). Tencent does not accept it.
    Gif,
    /// WebP (`RIFF....WEBP`).
    Webp,
    /// TIFF (`II*\0` / `MM\0*`).
    Tiff,
}

impl ImageFormat {
    /// Detect the format from the first bytes of a file; `None` when it is no known image.
    ///
    /// ```
    /// use bizlicense_core::ImageFormat;
    /// assert_eq!(ImageFormat::detect(b"\x89PNG\r\n\x1a\n...."), Some(ImageFormat::Png));
    /// assert_eq!(ImageFormat::detect(b"%PDF-1.7"), None);
    /// ```
    pub fn detect(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageFormat::Gif)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(ImageFormat::Tiff)
        } else if bytes.len() >= 26 && bytes.starts_with(b"BM") {
            Some(ImageFormat::Bmp)
        } else {
            None
        }
    }

    /// The MIME type, as sent in a multipart upload.
    pub fn mime_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Bmp => "image/bmp",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Tiff => "image/tiff",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Bmp => "bmp",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Tiff => "tiff",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Why bytes are not an acceptable license image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// No bytes at all.
    #[error("the image is empty (0 bytes): pass the file's contents, not its path")]
    Empty,
    /// The bytes are no known image format.
    #[error(
        "the data ({len} bytes, starting {head}) is not a PNG, JPEG, BMP, GIF, WebP or TIFF image"
    )]
    NotAnImage {
        /// Length of the data.
        len: usize,
        /// The first bytes, hex-encoded, to help tell what it is (a PDF, an HTML page, ...).
        head: String,
    },
    /// Larger than a provider accepts.
    #[error(
        "the image is {len} bytes; {provider} accepts at most {max} bytes{detail}: downscale or recompress it"
    )]
    TooLarge {
        /// Size that was measured (raw or base64, see `detail`).
        len: usize,
        /// The limit.
        max: usize,
        /// Who imposes the limit.
        provider: String,
        /// What was measured, e.g. " after base64 encoding".
        detail: String,
    },
    /// A format the provider does not accept.
    #[error("{provider} does not accept {format} images: convert it to PNG or JPEG")]
    UnsupportedFormat {
        /// The detected format.
        format: ImageFormat,
        /// Who rejects it.
        provider: String,
    },
    /// Not an http(s) URL.
    #[error("invalid image URL {url:?}: {reason}")]
    BadUrl {
        /// The URL given, without its query and fragment (they may hold a presigned signature).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// An image of a license: validated bytes, or a URL for the provider to download.
///
/// Bytes are checked on construction (not empty, a known image format by magic bytes);
/// per-provider limits (size, accepted formats) are checked by each provider before it sends.
/// Cloning is cheap (the bytes are shared).
///
/// ```
/// use bizlicense_core::{ImageFormat, LicenseImage};
///
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
/// let image = LicenseImage::from_bytes(png).unwrap();
/// assert_eq!(image.format(), Some(ImageFormat::Png));
/// assert!(LicenseImage::from_bytes(Vec::new()).is_err());
/// assert!(LicenseImage::from_bytes(b"<html>".to_vec()).is_err());
/// assert!(LicenseImage::from_url("https://example.com/license.jpg").is_ok());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum LicenseImage {
    /// Image bytes with their detected format.
    Bytes {
        /// The file's bytes.
        data: Arc<[u8]>,
        /// Detected by magic bytes.
        format: ImageFormat,
    },
    /// An http(s) URL the provider downloads.
    Url(String),
}

impl LicenseImage {
    /// Validate bytes as an image (not empty, a known format).
    pub fn from_bytes(data: impl Into<Vec<u8>>) -> Result<Self, ImageError> {
        let data: Vec<u8> = data.into();
        if data.is_empty() {
            return Err(ImageError::Empty);
        }
        let format = ImageFormat::detect(&data).ok_or_else(|| ImageError::NotAnImage {
            len: data.len(),
            head: hex::encode(&data[..data.len().min(8)]),
        })?;
        Ok(LicenseImage::Bytes {
            data: data.into(),
            format,
        })
    }

    /// An image by URL; must be `http://` or `https://` with a host.
    pub fn from_url(url: impl Into<String>) -> Result<Self, ImageError> {
        let given = url.into();
        let trimmed = given.trim();
        let url = without_query(trimmed);
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"));
        match rest {
            None => Err(ImageError::BadUrl {
                url,
                reason: "only http:// and https:// URLs can be downloaded by the providers".into(),
            }),
            Some(r) if r.is_empty() || r.starts_with('/') => Err(ImageError::BadUrl {
                url,
                reason: "the URL has no host".into(),
            }),
            Some(_) if trimmed.chars().any(char::is_whitespace) => Err(ImageError::BadUrl {
                url,
                reason: "the URL contains whitespace; percent-encode it".into(),
            }),
            Some(_) => Ok(LicenseImage::Url(trimmed.to_owned())),
        }
    }

    /// The bytes, when this is a byte image.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            LicenseImage::Bytes { data, .. } => Some(data),
            LicenseImage::Url(_) => None,
        }
    }

    /// The URL, when this is a URL image.
    pub fn url(&self) -> Option<&str> {
        match self {
            LicenseImage::Url(u) => Some(u),
            LicenseImage::Bytes { .. } => None,
        }
    }

    /// The detected format of a byte image.
    pub fn format(&self) -> Option<ImageFormat> {
        match self {
            LicenseImage::Bytes { format, .. } => Some(*format),
            LicenseImage::Url(_) => None,
        }
    }

    /// Size in bytes of a byte image (never 0: empty images are rejected on construction).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> Option<usize> {
        self.bytes().map(<[u8]>::len)
    }

    /// Size in bytes once base64-encoded (what Tencent limits).
    pub fn base64_len(&self) -> Option<usize> {
        self.len().map(|n| n.div_ceil(3) * 4)
    }

    /// Reject the image when its raw size exceeds `max` bytes.
    pub fn check_max_len(&self, max: usize, provider: &str) -> Result<(), ImageError> {
        match self.len() {
            Some(len) if len > max => Err(ImageError::TooLarge {
                len,
                max,
                provider: provider.to_owned(),
                detail: String::new(),
            }),
            _ => Ok(()),
        }
    }

    /// Reject the image when its base64 size exceeds `max` bytes.
    pub fn check_max_base64_len(&self, max: usize, provider: &str) -> Result<(), ImageError> {
        match self.base64_len() {
            Some(len) if len > max => Err(ImageError::TooLarge {
                len,
                max,
                provider: provider.to_owned(),
                detail: " after base64 encoding".into(),
            }),
            _ => Ok(()),
        }
    }

    /// Reject a byte image whose format is in `rejected`.
    pub fn check_format_not(
        &self,
        rejected: &[ImageFormat],
        provider: &str,
    ) -> Result<(), ImageError> {
        match self.format() {
            Some(format) if rejected.contains(&format) => Err(ImageError::UnsupportedFormat {
                format,
                provider: provider.to_owned(),
            }),
            _ => Ok(()),
        }
    }

    /// A stable key for caches: `sha256:<hex>` of the bytes, or `url:<url>`.
    pub fn cache_key(&self) -> String {
        match self {
            LicenseImage::Bytes { data, .. } => format!("sha256:{}", sha256_hex(data)),
            LicenseImage::Url(u) => format!("url:{u}"),
        }
    }
}

/// `url` up to its query or fragment, with `?…` marking what was cut: safe to show in errors
/// and logs (presigned URLs carry their signature in the query).
fn without_query(url: &str) -> String {
    match url.find(['?', '#']) {
        Some(i) => format!("{}?…", &url[..i]),
        None => url.to_owned(),
    }
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

impl fmt::Debug for LicenseImage {
    // Never dump image bytes into logs: format, size and a digest prefix are enough.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LicenseImage::Bytes { data, format } => f
                .debug_struct("LicenseImage")
                .field("format", format)
                .field("len", &data.len())
                .field("sha256", &&sha256_hex(data)[..16])
                .finish(),
            LicenseImage::Url(u) => f.debug_tuple("LicenseImage::Url").field(u).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_every_supported_format() {
        let cases: &[(&[u8], ImageFormat)] = &[
            (b"\x89PNG\r\n\x1a\nrest", ImageFormat::Png),
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], ImageFormat::Jpeg),
            (b"GIF89a\x01\0", ImageFormat::Gif),
            (b"GIF87a\x01\0", ImageFormat::Gif),
            (b"RIFF\0\0\0\0WEBPVP8 ", ImageFormat::Webp),
            (b"II*\0\x08\0\0\0", ImageFormat::Tiff),
            (
                b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0",
                ImageFormat::Bmp,
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(ImageFormat::detect(bytes), Some(*want), "{want:?}");
        }
    }

    #[test]
    fn rejects_empty_and_non_images_with_a_hint() {
        assert_eq!(LicenseImage::from_bytes(vec![]), Err(ImageError::Empty));
        let err = LicenseImage::from_bytes(b"<!DOCTYPE html>".to_vec()).unwrap_err();
        assert_eq!(
            err,
            ImageError::NotAnImage {
                len: 15,
                head: "3c21444f43545950".into()
            }
        );
        // "BM" alone is too short to be a bitmap header.
        assert!(LicenseImage::from_bytes(b"BMP file".to_vec()).is_err());
    }

    #[test]
    fn size_checks_measure_raw_and_base64() {
        let mut data = b"\x89PNG\r\n\x1a\n".to_vec();
        data.resize(3000, 0);
        let img = LicenseImage::from_bytes(data).unwrap();
        assert_eq!(img.base64_len(), Some(4000));
        assert!(img.check_max_len(3000, "x").is_ok());
        assert!(img.check_max_len(2999, "x").is_err());
        assert!(img.check_max_base64_len(4000, "x").is_ok());
        let err = img.check_max_base64_len(3999, "tencent").unwrap_err();
        assert!(err.to_string().contains("after base64 encoding"), "{err}");
    }

    #[test]
    fn urls_must_be_http_with_a_host() {
        assert!(LicenseImage::from_url("ftp://x/a.png").is_err());
        assert!(LicenseImage::from_url("https://").is_err());
        assert!(LicenseImage::from_url("https://a b/c").is_err());
        let err = LicenseImage::from_url("ftp://bucket/x.png?Signature=SECRET123").unwrap_err();
        assert!(!err.to_string().contains("SECRET123"), "{err}");
        assert!(!format!("{err:?}").contains("SECRET123"), "{err:?}");
        assert!(err.to_string().contains("ftp://bucket/x.png?…"), "{err}");
        assert_eq!(
            LicenseImage::from_url(" http://127.0.0.1:8080/a.png ")
                .unwrap()
                .url(),
            Some("http://127.0.0.1:8080/a.png")
        );
    }

    #[test]
    fn debug_never_dumps_bytes() {
        let img = LicenseImage::from_bytes(b"\x89PNG\r\n\x1a\nSECRETBYTES".to_vec()).unwrap();
        let s = format!("{img:?}");
        assert!(s.contains("len: 19"), "{s}");
        assert!(!s.contains("83, 69"), "{s}");
    }

    #[test]
    fn cache_key_is_content_addressed() {
        let a = LicenseImage::from_bytes(b"\x89PNG\r\n\x1a\nA".to_vec()).unwrap();
        let b = LicenseImage::from_bytes(b"\x89PNG\r\n\x1a\nA".to_vec()).unwrap();
        let c = LicenseImage::from_bytes(b"\x89PNG\r\n\x1a\nB".to_vec()).unwrap();
        assert_eq!(a.cache_key(), b.cache_key());
        assert_ne!(a.cache_key(), c.cache_key());
        assert!(a.cache_key().starts_with("sha256:"));
    }
}
