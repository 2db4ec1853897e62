//! `bizlicense code check`: arguments, stdin, JSON lines, exit codes.

mod common;

use common::{code, json_lines, run, stderr, stdout, testdata};

#[test]
fn valid_codes_from_arguments_exit_0_with_a_table() {
    let o = run(
        &[
            "code",
            "check",
            "911101085636549482",
            "120118000032322",
            "56365494-8",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "credit_code",
        "reg_no",
        "org_code",
        "企业",
        "110108",
        "3 checked, 3 valid",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn an_invalid_code_exits_1_and_says_why() {
    let o = run(
        &["code", "check", "911101085636549482", "911101085636549483"],
        None,
    );
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("NO"), "{out}");
    assert!(out.contains("2 checked, 1 valid, 1 invalid"), "{out}");
    let o = run(
        &["code", "check", "--format", "json", "911101085636549483"],
        None,
    );
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("check character expected '2', got '3'"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn stdin_with_json_gives_one_object_per_line() {
    let input = std::fs::read_to_string(testdata("codes.txt")).unwrap();
    let o = run(&["code", "check", "--format", "json"], Some(&input));
    assert_eq!(code(&o), 1, "two codes in codes.txt are invalid");
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 7, "blank lines are skipped");
    let keys: Vec<&str> = lines[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 5);
    for k in ["input", "valid", "kind", "normalized", "reason"] {
        assert!(keys.contains(&k), "missing {k}");
    }
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "credit_code",
            "credit_code",
            "credit_code",
            "reg_no",
            "org_code",
            "credit_code",
            "credit_code"
        ]
    );
    // Full-width input is echoed as given and normalized.
    assert_eq!(lines[2]["input"], "９１３１０１１５ＭＡ１Ｋ３ＹＪ７ＸＡ");
    assert_eq!(lines[2]["normalized"], "91310115MA1K3YJ7XA");
    assert_eq!(lines[2]["reason"], serde_json::Value::Null);
    assert_eq!(lines[5]["valid"], false);
    assert_eq!(lines[5]["normalized"], serde_json::Value::Null);
    assert!(
        lines[6]["reason"]
            .as_str()
            .unwrap()
            .contains("18 characters")
    );
}

#[test]
fn all_valid_stdin_exits_0() {
    let o = run(
        &["--format", "json", "code", "check"],
        Some("911101085636549482\r\n92440300MA5F000004\n"),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(json_lines(&stdout(&o)).iter().all(|l| l["valid"] == true));
}

#[test]
fn thousands_of_codes_stream_through() {
    let input = "911101085636549482\n".repeat(5000);
    let o = run(&["code", "check", "--format", "json"], Some(&input));
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o).lines().count(), 5000);
}
