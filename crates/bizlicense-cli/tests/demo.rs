//! `bizlicense demo`: the tour reaches the expected decisions, in both output formats.

mod common;

use common::{code, run, stderr, stdout};

#[test]
fn demo_table_shows_every_license_and_decision() {
    let o = run(&["demo", "--as-of", "2025-06-01"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "qinghe-hangzhou",
        "jincheng-chengdu-near-miss",
        "chengchuan-shanghai-cancelled",
        "changjiang-wuhan-copy",
        "decision: pass",
        "decision: review (name_similar)",
        "decision: fail (status_dead)",
        "document_suspect",
        "wechat -> tencent.verify_detailed",
        "tencent.bizlicense_ocr -> tencent.verify_detailed",
        "Summary",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn demo_json_gives_each_decision() {
    let o = run(&["demo", "--format", "json", "--as-of", "2025-06-01"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v["emulator"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    let got: Vec<(String, String)> = v["licenses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_owned(),
                l["decision"].as_str().unwrap_or("error").to_owned(),
            )
        })
        .collect();
    let want = [
        ("qinghe-hangzhou", "pass"),
        ("jincheng-chengdu-near-miss", "review"),
        ("chengchuan-shanghai-cancelled", "fail"),
        ("changjiang-wuhan-copy", "review"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );
    assert_eq!(v["licenses"][3]["report"]["reasons"][0], "document_suspect");
}
