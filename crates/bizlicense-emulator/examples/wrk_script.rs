//! Print a `wrk` Lua script that sends one request to a running emulator, so its throughput
//! can be measured per route. Tencent requests carry a valid TC3 signature (valid for the
//! emulator's 5-minute window: run wrk right away); WeChat requests carry a fresh token.
//!
//! ```text
//! cargo run -q -p bizlicense-emulator --example wrk_script -- tencent-verify-basic http://127.0.0.1:PORT > /tmp/s.lua
//! wrk -t2 -c32 -d10s -s /tmp/s.lua http://127.0.0.1:PORT
//! ```
//!
//! Routes: `tencent-verify-basic`, `tencent-ocr-url`, `wechat-ocr-url`.

use bizlicense_emulator::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET,
};
use bizlicense_tencent::Credentials;
use bizlicense_tencent::sign::sign;

fn lua_string(s: &str) -> String {
    // Lua long strings take the bytes verbatim; pick a level no body contains.
    format!("[==[{s}]==]")
}

fn tencent(base: &str, action: &str, body: &str) -> String {
    let host = base.trim_start_matches("http://");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let creds = Credentials::new(DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY);
    let signed = sign(
        &creds,
        now,
        host,
        "application/json",
        body.as_bytes(),
        "ocr",
    );
    format!(
        "wrk.method = \"POST\"\nwrk.path = \"/\"\nwrk.body = {}\n\
         wrk.headers[\"Content-Type\"] = \"application/json\"\n\
         wrk.headers[\"Host\"] = {}\n\
         wrk.headers[\"X-TC-Action\"] = \"{action}\"\n\
         wrk.headers[\"X-TC-Version\"] = \"2018-11-19\"\n\
         wrk.headers[\"X-TC-Region\"] = \"ap-guangzhou\"\n\
         wrk.headers[\"X-TC-Timestamp\"] = \"{now}\"\n\
         wrk.headers[\"Authorization\"] = {}\n",
        lua_string(body),
        lua_string(host),
        lua_string(&signed.authorization),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(route), Some(base)) = (args.next(), args.next()) else {
        return Err(
            "usage: wrk_script <tencent-verify-basic|tencent-ocr-url|wechat-ocr-url> <base-url>"
                .into(),
        );
    };
    let base = base.trim_end_matches('/');
    let image_url = format!("{base}/_emulator/images/tencent-cloud-beijing.png");
    let script = match route.as_str() {
        "tencent-verify-basic" => tencent(
            base,
            "VerifyBasicBizLicense",
            r#"{"RegNum":"911101085636549482","Name":"腾讯云计算（北京）有限责任公司"}"#,
        ),
        "tencent-ocr-url" => tencent(
            base,
            "BizLicenseOCR",
            &format!(r#"{{"ImageUrl":"{image_url}"}}"#),
        ),
        "wechat-ocr-url" => {
            // A classic token via a tiny blocking HTTP/1.0 exchange (no client dependency).
            use std::io::{Read, Write};
            let host = base.trim_start_matches("http://");
            let mut s = std::net::TcpStream::connect(host)?;
            write!(
                s,
                "GET /cgi-bin/token?grant_type=client_credential&appid={DEFAULT_WECHAT_APP_ID}&secret={DEFAULT_WECHAT_APP_SECRET} HTTP/1.0\r\nHost: {host}\r\n\r\n"
            )?;
            let mut reply = String::new();
            s.read_to_string(&mut reply)?;
            let json = reply.split("\r\n\r\n").nth(1).ok_or("no body")?;
            let v: serde_json::Value = serde_json::from_str(json)?;
            let token = v["access_token"].as_str().ok_or("no access_token")?;
            let encoded: String = percent_encoding::utf8_percent_encode(
                &image_url,
                percent_encoding::NON_ALPHANUMERIC,
            )
            .collect();
            format!(
                "wrk.method = \"POST\"\nwrk.path = {}\n",
                lua_string(&format!(
                    "/cv/ocr/bizlicense?access_token={token}&img_url={encoded}"
                ))
            )
        }
        other => return Err(format!("unknown route {other}").into()),
    };
    print!("{script}");
    Ok(())
}
