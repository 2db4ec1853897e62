//! Tencent's image limits, enforced before any request.

use base64::Engine as _;
use bizlicense_core::{ImageFormat, LicenseImage, ProviderError};

/// Largest accepted image after base64 encoding: 7 MB.
pub const MAX_BASE64_LEN: usize = 7 * 1024 * 1024;

/// The image as the request fields `ImageBase64` / `ImageUrl`: exactly one is `Some`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageFields {
    pub(crate) base64: Option<String>,
    pub(crate) url: Option<String>,
}

/// Check `image` against Tencent's limits (PNG/JPEG only, so no GIF; <= 7 MB base64) and
/// encode it. Errors are `InvalidInput` from `provider`, raised without I/O.
pub(crate) fn image_fields(
    provider: &str,
    image: &LicenseImage,
) -> Result<ImageFields, ProviderError> {
    if let Some(url) = image.url() {
        return Ok(ImageFields {
            base64: None,
            url: Some(url.to_owned()),
        });
    }
    let invalid =
        |e: bizlicense_core::ImageError| ProviderError::invalid_input(provider, e.to_string());
    // The API documents PNG, JPG and JPEG only ("暂不支持 GIF"); others are refused here so an
    // unusable image is never billed.
    image
        .check_format_not(
            &[
                ImageFormat::Gif,
                ImageFormat::Bmp,
                ImageFormat::Webp,
                ImageFormat::Tiff,
            ],
            "Tencent Cloud OCR",
        )
        .map_err(invalid)?;
    image
        .check_max_base64_len(MAX_BASE64_LEN, "Tencent Cloud OCR")
        .map_err(invalid)?;
    let bytes = image.bytes().unwrap_or_default();
    Ok(ImageFields {
        base64: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        url: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bizlicense_core::ErrorKind;
    use bizlicense_core::testing::{png_of_len, sample_gif, sample_png};

    #[test]
    fn limits() {
        let f = image_fields("p", &sample_png()).unwrap();
        assert!(f.base64.is_some() && f.url.is_none());
        let f = image_fields("p", &LicenseImage::from_url("https://x/a.png").unwrap()).unwrap();
        assert_eq!(
            (f.base64, f.url.as_deref()),
            (None, Some("https://x/a.png"))
        );
        let e = image_fields("p", &sample_gif()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.message().contains("gif"), "{}", e.message());
        // 7 MB base64 = 5_505_024 raw bytes exactly; one more byte-triple is too much.
        assert!(image_fields("p", &png_of_len(MAX_BASE64_LEN / 4 * 3)).is_ok());
        let e = image_fields("p", &png_of_len(MAX_BASE64_LEN / 4 * 3 + 1)).unwrap_err();
        assert!(e.message().contains("base64"), "{}", e.message());
    }
}
