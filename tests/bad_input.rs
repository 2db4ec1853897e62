//! Bad input suite: whatever a user or a server hands us (empty, oversized, non-image and GIF
//! images, truncated PNG/JPEG, huge or deeply nested JSON, invalid UTF-8, fields of the wrong
//! type, identifiers with every kind of invalid character) gets a typed error whose message
//! says what is wrong, never a panic.

use std::time::Duration;

use bizlicense::emulator::{Emulator, Fixtures};
use bizlicense::ident::{CreditCode, IdError, IdKind, OrgCode, RegNo, RegistrationId};
use bizlicense::load::{LoadError, load_record_str, load_scan_str};
use bizlicense::tencent::{RetryPolicy, TencentClient, TencentReader, TencentVerifier, VerifyMode};
use bizlicense::testing::{png_of_len, sample_gif};
use bizlicense::wechat::{BackoffPolicy, WechatClient};
use bizlicense::{
    ErrorKind, ImageError, LicenseImage, LicenseReader, ProviderError, RegistryVerifier,
    VerifyQuery,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GUARD: Duration = Duration::from_secs(30);

fn assert_err(e: &ProviderError, kind: ErrorKind, words: &[&str]) {
    assert_eq!(e.kind(), kind, "wrong kind for: {e}");
    let text = e.to_string().to_lowercase();
    for w in words {
        assert!(text.contains(&w.to_lowercase()), "message lacks {w:?}: {e}");
    }
}

fn tencent(base: &str) -> TencentClient {
    bizlicense::emulator::tencent_client(base)
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .build()
        .expect("tencent client")
}

fn wechat(base: &str) -> WechatClient {
    bizlicense::emulator::wechat_client(base)
        .timeout(Duration::from_secs(5))
        .backoff(BackoffPolicy::none())
        .build()
        .expect("wechat client")
}

fn fixture_bytes(suffix: &str) -> Vec<u8> {
    let fixtures = Fixtures::load_default().expect("fixtures");
    fixtures
        .licenses()
        .iter()
        .map(|l| l.image_bytes().to_vec())
        .find(|b| match suffix {
            "png" => b.starts_with(b"\x89PNG"),
            _ => b.starts_with(&[0xFF, 0xD8, 0xFF]),
        })
        .unwrap_or_else(|| panic!("no {suffix} fixture"))
}

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_and_non_image_bytes_are_rejected_before_any_call() {
    let e = LicenseImage::from_bytes(Vec::new()).expect_err("empty");
    assert_eq!(e, ImageError::Empty);
    assert!(e.to_string().contains("empty"), "{e}");

    for data in [
        b"hello, world".to_vec(),
        b"%PDF-1.7\n".to_vec(),
        b"{\"errcode\": 0}".to_vec(),
        vec![0u8; 64],
        vec![0xFF, 0xD8],    // two bytes of a JPEG marker: too short to be one
        b"\x89PNG".to_vec(), // half a PNG signature
        b"BM".to_vec(),      // a BMP needs its 26-byte header
        b"RIFF\0\0\0\0WEB".to_vec(),
    ] {
        let e = LicenseImage::from_bytes(data.clone()).expect_err("not an image");
        assert!(
            matches!(e, ImageError::NotAnImage { len, .. } if len == data.len()),
            "{e:?}"
        );
        assert!(e.to_string().contains("is not a PNG, JPEG"), "{e}");
    }
}

#[test]
fn bad_urls_say_what_is_wrong() {
    for (url, words) in [
        ("", "only http"),
        ("ftp://example.com/a.png", "only http"),
        ("file:///etc/passwd", "only http"),
        ("https://", "no host"),
        ("http:///a.png", "no host"),
        ("https://example.com/a b.png", "whitespace"),
        ("javascript:alert(1)", "only http"),
    ] {
        let e = LicenseImage::from_url(url).expect_err(url);
        assert!(matches!(e, ImageError::BadUrl { .. }), "{url}: {e:?}");
        assert!(e.to_string().contains(words), "{url}: {e}");
    }
}

#[tokio::test]
async fn gif_oversized_and_truncated_images_get_typed_errors() {
    tokio::time::timeout(GUARD, async {
        let (base, _emu) = Emulator::start_local().await.expect("emulator");
        let tc = TencentReader::new(tencent(&base));
        let wx = wechat(&base).reader();

        // GIF: Tencent does not take it (checked locally); WeChat's server refuses it.
        let e = tc.read(&sample_gif()).await.expect_err("gif");
        assert_err(
            &e,
            ErrorKind::InvalidInput,
            &["gif", "convert it to png or jpeg"],
        );
        let e = wx.read(&sample_gif()).await.expect_err("gif");
        assert!(
            matches!(
                e.kind(),
                ErrorKind::ImageRejected | ErrorKind::InvalidInput | ErrorKind::NotALicense
            ),
            "{e}"
        );

        // Oversized: each provider's own limit, before any request.
        let e = wx
            .read(&png_of_len(2 * 1024 * 1024 + 1))
            .await
            .expect_err("2 MiB");
        assert_err(
            &e,
            ErrorKind::InvalidInput,
            &["2097153 bytes", "at most 2097152"],
        );
        let e = tc
            .read(&png_of_len(7 * 1024 * 1024 / 4 * 3 + 1))
            .await
            .expect_err("7 MiB base64");
        assert_err(&e, ErrorKind::InvalidInput, &["base64", "downscale"]);
        let stats: Value = reqwest::get(format!("{base}/_emulator/stats"))
            .await
            .expect("stats")
            .json()
            .await
            .expect("stats JSON");
        assert_eq!(
            stats["routes"]["BizLicenseOCR"]["calls"], 0,
            "GIF and oversized images must not reach Tencent: {stats}"
        );

        // Truncated PNG and JPEG: the magic bytes pass, the provider cannot read the rest.
        for suffix in ["png", "jpg"] {
            let full = fixture_bytes(suffix);
            for cut in [full.len() / 2, 16] {
                let image = LicenseImage::from_bytes(full[..cut].to_vec()).expect("magic ok");
                for e in [
                    tc.read(&image).await.expect_err("truncated"),
                    wx.read(&image).await.expect_err("truncated"),
                ] {
                    assert!(
                        matches!(e.kind(), ErrorKind::ImageRejected | ErrorKind::NotALicense),
                        "{suffix} cut at {cut}: {e}"
                    );
                    assert!(!e.message().is_empty());
                }
            }
        }
    })
    .await
    .expect("hung");
}

// ---------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------

#[test]
fn codes_with_every_kind_of_invalid_character_are_rejected_with_the_position() {
    let valid = "91440300708461136T";
    assert!(CreditCode::parse(valid).is_ok());
    // Replace position 5 (1-based) with each bad character.
    let bad: &[char] = &[
        'I',
        'O',
        'S',
        'V',
        'Z', // letters GB 32100 leaves out
        '!',
        '.',
        '/',
        '_',
        '*',
        '#',
        '+',
        '=',
        '(',
        '）', // punctuation, ASCII and full-width
        '腾',
        '〇',
        '零',
        'Ⅰ',
        '①',
        '٣',
        '５', // CJK, numerals from other scripts
        'é',
        'ß',
        'Ω',
        'Я', // accented and other alphabets
        '\0',
        '\u{7}',
        '\u{1b}',
        '\u{7f}', // control characters
        '\u{200D}',
        '\u{202E}',
        '\u{0301}',
        '\u{FFFD}', // joiners, bidi override, combining, replacement
        '😀',
        '\u{10FFFF}',
    ];
    for &c in bad {
        let mut chars: Vec<char> = valid.chars().collect();
        chars[4] = c;
        let input: String = chars.iter().collect();
        let e = CreditCode::parse(&input).expect_err(&format!("{c:?} accepted"));
        match &e {
            // Full-width digits fold to ASCII: the code parses structurally, the check fails.
            IdError::CheckDigit { .. } => assert_eq!(c, '５'),
            IdError::Character {
                position,
                found,
                kind,
                ..
            } => {
                assert_eq!(*kind, IdKind::CreditCode);
                assert_eq!(*position, 5, "{c:?}: {e}");
                assert!(e.to_string().contains("not allowed"), "{e}");
                assert_ne!(*found, ' ');
            }
            // Combining marks and joiners may be counted as extra characters.
            IdError::Length { .. } => {}
            other => panic!("{c:?}: unexpected {other:?}"),
        }
        assert!(e.to_string().contains("统一社会信用代码"), "{e}");
    }

    // Length, emptiness and check digits, for every kind.
    let cases: Vec<(Result<(), IdError>, &str)> = vec![
        (CreditCode::parse("").map(drop), "empty"),
        (CreditCode::parse(" \t\u{3000} ").map(drop), "empty"),
        (
            CreditCode::parse("9144030070846113").map(drop),
            "must be 18",
        ),
        (
            CreditCode::parse("91440300708461136TX").map(drop),
            "must be 18",
        ),
        (
            CreditCode::parse("91440300708461136A").map(drop),
            "check character",
        ),
        (RegNo::parse("12011800003232").map(drop), "must be 15"),
        (RegNo::parse("12011800003232X").map(drop), "not allowed"),
        (RegNo::parse("120118000032323").map(drop), "check"),
        (OrgCode::parse("").map(drop), "empty"),
        (OrgCode::parse("70846113?").map(drop), "not allowed"),
        (RegistrationId::parse("腾讯").map(drop), "统一社会信用代码"),
        (
            RegistrationId::parse(&"9".repeat(10_000)).map(drop),
            "got 10000",
        ),
    ];
    for (r, words) in cases {
        let e = r.expect_err(words);
        assert!(e.to_string().contains(words), "expected {words:?} in: {e}");
    }
}

#[tokio::test]
async fn invalid_codes_get_typed_errors_from_the_verifier() {
    tokio::time::timeout(GUARD, async {
        let (base, _emu) = Emulator::start_local().await.expect("emulator");
        let v = TencentVerifier::new(tencent(&base), VerifyMode::Detailed);
        // Nothing to look up: refused before any request.
        for code in ["", "  ", "\u{3000}"] {
            let e = v.verify(&VerifyQuery::by_code(code)).await.expect_err(code);
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{code:?}: {e}");
        }
        let stats: Value = reqwest::get(format!("{base}/_emulator/stats"))
            .await
            .expect("stats")
            .json()
            .await
            .expect("stats JSON");
        assert_eq!(stats["calls"], 0, "{stats}");
        // Malformed codes are sent as given (registries hold codes of older forms too) and
        // come back as a typed "no record", never a panic or a protocol error.
        for code in [
            "not a code",
            "91440300708461136A",
            "9144\u{0}0300708461136T",
            "😀",
        ] {
            let e = v.verify(&VerifyQuery::by_code(code)).await.expect_err(code);
            assert!(
                matches!(e.kind(), ErrorKind::InvalidInput | ErrorKind::NotFound),
                "{code:?}: {e}"
            );
        }
    })
    .await
    .expect("hung");
}

// ---------------------------------------------------------------------------------------------
// JSON we load (files, CLI input)
// ---------------------------------------------------------------------------------------------

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn the_loader_rejects_hostile_json_with_a_clear_error() {
    let deep = nested(100_000);
    let deep_obj = format!(
        "{{\"errcode\": 0, \"reg_num\": {}}}",
        "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000)
    );
    for (input, words) in [
        ("", "not valid json"),
        ("   ", "not valid json"),
        (deep.as_str(), "recursion limit"),
        (deep_obj.as_str(), "recursion limit"),
        ("{\"errcode\": 0, \"reg_num\": \"9114", "not valid json"),
        ("[1, 2, 3]", "unrecognised"),
        ("\"a string\"", "unrecognised"),
        ("null", "unrecognised"),
        ("{}", "unrecognised"),
        ("{\"Response\": []}", "unrecognised"),
        (
            "{\"errcode\": \"abc\", \"reg_num\": \"911101085636549482\"}",
            "is an error, not a result: abc",
        ),
        (
            "{\"errcode\": 0, \"reg_num\": 911101085636549482}",
            "could not be read",
        ),
        (
            "{\"errcode\": 0, \"img_size\": {\"w\": \"wide\", \"h\": 1}, \"reg_num\": \"x\"}",
            "could not be read",
        ),
    ] {
        let e = load_scan_str(input).expect_err(&input[..input.len().min(60)]);
        let text = e.to_string().to_lowercase();
        assert!(
            text.contains(words),
            "{:?}: expected {words:?} in: {e}",
            &input[..input.len().min(60)]
        );
        assert!(text.len() < 2_000, "message too long: {} bytes", text.len());
    }
    let e = load_record_str(&deep).expect_err("deep");
    assert!(
        matches!(e, LoadError::Json(_) | LoadError::Unrecognized { .. }),
        "{e:?}"
    );
}

#[test]
fn wrong_types_that_servers_really_send_are_accepted_or_named() {
    // errcode as a string (some deployments) is fine.
    let (scan, _) = load_scan_str(
        r#"{"errcode": "0", "errmsg": "ok", "reg_num": "911101085636549482", "enterprise_name": "x"}"#,
    )
    .expect("errcode as string");
    assert_eq!(scan.credit_code.as_deref(), Some("911101085636549482"));
    // An error answer with a string errcode is an error answer, with its code.
    let e = load_scan_str(r#"{"errcode": "101001", "errmsg": "certificate not found"}"#)
        .expect_err("error answer");
    assert!(e.to_string().contains("101001"), "{e}");
    // Tencent numbers as strings and strings as numbers.
    for body in [
        json!({"Response": {"RegNum": 911101085636549482u64, "Name": "x", "RequestId": "r"}}),
        json!({"Response": {"RegNum": "911101085636549482", "Name": ["x"], "RequestId": "r"}}),
        json!({"Response": {"Error": {"Code": 123, "Message": "m"}, "RequestId": "r"}}),
    ] {
        let text = body.to_string();
        let r = load_scan_str(&text);
        if let Err(e) = r {
            assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn huge_json_is_handled_without_blowing_up() {
    // 8 MB of business scope: loads, and the message of a failure never quotes it whole.
    let big = "经营范围".repeat(700_000);
    let ok = json!({"errcode": 0, "reg_num": "911101085636549482", "business_scope": big});
    let (scan, _) = load_scan_str(&ok.to_string()).expect("big but valid");
    assert_eq!(
        scan.business_scope.as_deref().map(str::len),
        Some(big.len())
    );
    let bad = format!("{{\"errcode\": 0, \"reg_num\": \"{big}");
    let e = load_scan_str(&bad).expect_err("cut");
    assert!(e.to_string().len() < 2_000, "{} bytes", e.to_string().len());
}

// ---------------------------------------------------------------------------------------------
// Bodies servers send back (through the real clients)
// ---------------------------------------------------------------------------------------------

async fn wechat_server(body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-bad-input-0001", "expires_in": 7200})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    server
}

async fn tencent_server(body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    server
}

fn hostile_bodies() -> Vec<(&'static str, Vec<u8>, &'static [&'static str])> {
    vec![
        ("empty", Vec::new(), &["empty"][..]),
        ("html", b"<!DOCTYPE html><html><body>502</body></html>".to_vec(), &["html"][..]),
        ("nested", nested(200_000).into_bytes(), &["recursion limit"][..]),
        (
            "invalid utf-8",
            b"{\"errcode\": 0, \"Response\": {\"Name\": \"\xff\xfe\xfd\"}, \"enterprise_name\": \"\xc3\x28\"}"
                .to_vec(),
            &["unicode"][..],
        ),
        ("bare string", b"\"ok\"".to_vec(), &[][..]),
        ("array", b"[]".to_vec(), &[][..]),
        ("huge garbage", vec![b'x'; 4 * 1024 * 1024], &["json"][..]),
    ]
}

#[tokio::test]
async fn hostile_wechat_bodies_become_protocol_errors() {
    tokio::time::timeout(GUARD, async {
        let url = LicenseImage::from_url("https://img.example.com/l.png").expect("url");
        for (name, body, words) in hostile_bodies() {
            let server = wechat_server(body).await;
            let e = wechat(&server.uri())
                .reader()
                .read(&url)
                .await
                .expect_err(name);
            assert_err(&e, ErrorKind::Protocol, words);
            assert!(
                e.to_string().len() < 2_000,
                "{name}: {} bytes",
                e.to_string().len()
            );
        }
        // Fields of the wrong type.
        for (name, body, words) in [
            (
                "errcode as text",
                json!({"errcode": "zero"}),
                &["errcode"][..],
            ),
            (
                "errcode as object",
                json!({"errcode": {"x": 1}}),
                &["errcode"][..],
            ),
            (
                "reg_num as number",
                json!({"errcode": 0, "reg_num": 911101085636549482u64}),
                &["unexpected shape"][..],
            ),
            (
                "img_size as strings",
                json!({"errcode": 0, "img_size": {"w": "wide", "h": "tall"}}),
                &["unexpected shape"][..],
            ),
        ] {
            let server = wechat_server(body.to_string().into_bytes()).await;
            let e = wechat(&server.uri())
                .reader()
                .read(&url)
                .await
                .expect_err(name);
            assert_err(&e, ErrorKind::Protocol, words);
        }
        // errcode as a string is accepted, numbers given as strings where WeChat sends numbers.
        let server = wechat_server(
            json!({"errcode": "0", "errmsg": "ok", "reg_num": "911101085636549482",
                   "img_size": {"w": "1000", "h": "700"}})
            .to_string()
            .into_bytes(),
        )
        .await;
        let r = wechat(&server.uri()).reader().read(&url).await;
        match r {
            Ok(scan) => assert_eq!(scan.credit_code.as_deref(), Some("911101085636549482")),
            Err(e) => assert_err(&e, ErrorKind::Protocol, &["img_size"]),
        }
        let server = wechat_server(
            json!({"errcode": "40001", "errmsg": "x"})
                .to_string()
                .into_bytes(),
        )
        .await;
        let e = wechat(&server.uri())
            .reader()
            .read(&url)
            .await
            .expect_err("40001 as a string");
        assert_eq!(e.code(), Some("40001"), "{e}");
        assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
    })
    .await
    .expect("hung");
}

#[tokio::test]
async fn hostile_tencent_bodies_become_protocol_errors() {
    tokio::time::timeout(GUARD, async {
        let image = bizlicense::testing::sample_png();
        for (name, body, words) in hostile_bodies() {
            let server = tencent_server(body).await;
            let e = TencentReader::new(tencent(&server.uri()))
                .read(&image)
                .await
                .expect_err(name);
            assert_err(&e, ErrorKind::Protocol, words);
            assert!(
                e.to_string().len() < 2_000,
                "{name}: {} bytes",
                e.to_string().len()
            );
        }
        for (name, body) in [
            ("Response as array", json!({"Response": []})),
            (
                "Error code as number",
                json!({"Response": {"Error": {"Code": 500, "Message": "m"}}}),
            ),
            (
                "Error as string",
                json!({"Response": {"Error": "boom", "RequestId": "r"}}),
            ),
            (
                "RegNum as number",
                json!({"Response": {"RegNum": 911101085636549482u64, "RequestId": "r"}}),
            ),
            (
                "Angle as string",
                json!({"Response": {"Angle": "ninety", "RequestId": "r"}}),
            ),
            (
                "RequestId as object",
                json!({"Response": {"Name": "x", "RequestId": {"a": 1}}}),
            ),
        ] {
            let server = tencent_server(body.to_string().into_bytes()).await;
            let e = TencentReader::new(tencent(&server.uri()))
                .read(&image)
                .await
                .expect_err(name);
            assert_eq!(e.kind(), ErrorKind::Protocol, "{name}: {e}");
            assert!(!e.message().is_empty());
        }
        let server = tencent_server(
            json!({"Response": {"RequestId": "r"}})
                .to_string()
                .into_bytes(),
        )
        .await;
        let e = TencentVerifier::new(tencent(&server.uri()), VerifyMode::Detailed)
            .verify(&VerifyQuery::by_code("91440300708461136T"))
            .await;
        if let Err(e) = e {
            assert!(!e.message().is_empty());
        }
    })
    .await
    .expect("hung");
}
