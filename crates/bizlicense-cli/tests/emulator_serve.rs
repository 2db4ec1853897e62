//! `bizlicense emulator serve`: prints `listening on`, serves the fixture list, dies when killed.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;

use common::bin;

/// A minimal HTTP/1.1 GET (the test must not depend on an HTTP client crate).
fn get(host_port: &str, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(host_port).expect("connect to the emulator");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host_port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    (head.to_owned(), body.to_owned())
}

fn dechunk(head: &str, body: &str) -> String {
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return body.to_owned();
    }
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

#[test]
fn serve_prints_its_address_and_serves_fixtures() {
    let mut child = bin()
        .args(["emulator", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn emulator serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let result = std::panic::catch_unwind(|| {
        let url = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        let (head, body) = get(url, "/_emulator/fixtures");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let v: serde_json::Value = serde_json::from_str(&dechunk(&head, &body)).unwrap();
        let list = v
            .as_array()
            .or_else(|| v["licenses"].as_array())
            .expect("a list of fixtures");
        assert!(list.len() >= 4);
        let ids: Vec<&str> = list.iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert!(ids.contains(&"qinghe-hangzhou"), "{ids:?}");
        for f in list {
            for key in ["id", "image_url", "sha256", "credit_code", "name", "ocr"] {
                assert!(f.get(key).is_some(), "fixture without {key}: {f}");
            }
        }
    });
    child.kill().expect("kill the emulator");
    child.wait().unwrap();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn serve_rejects_a_malformed_credential_pair() {
    let o = common::run(
        &[
            "emulator",
            "serve",
            "--port",
            "0",
            "--tencent-secret",
            "no-colon",
        ],
        None,
    );
    assert_eq!(common::code(&o), 2);
    assert!(common::stderr(&o).contains("--tencent-secret"));
}
