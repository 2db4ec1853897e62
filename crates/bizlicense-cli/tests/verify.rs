//! `bizlicense verify` against an emulator started by the test (`--emulator URL`).

mod common;

use bizlicense_emulator::Emulator;
use common::{bin, code, fixture_image, run_cmd, stderr, stdout};
use serde_json::Value;

/// Run the binary on a blocking thread so the in-process emulator keeps serving.
async fn verify(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || run_cmd(bin().arg("verify").args(&args), None))
        .await
        .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_an_image_file_with_each_reader() {
    let (url, emulator) = Emulator::start_local().await.unwrap();
    let image = fixture_image("jincheng-chengdu-near-miss.png");
    for reader in ["wechat", "tencent"] {
        let o = verify(args(&[
            &image,
            "--emulator",
            &url,
            "--reader",
            reader,
            "--format",
            "json",
            "--as-of",
            "2025-06-01",
        ]))
        .await;
        assert_eq!(code(&o), 0, "{reader}: {}", stderr(&o));
        let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(report["decision"], "review", "{reader}");
        assert_eq!(report["reasons"][0], "name_similar", "{reader}");
    }
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_a_code_with_fields_and_a_table() {
    let (url, emulator) = Emulator::start_local().await.unwrap();
    let o = verify(args(&[
        "91310115MA1K4QW89J",
        "--name",
        "上海澄川贸易有限公司",
        "--legal-rep",
        "周立群",
        "--emulator",
        &url,
        "--verifier",
        "basic",
    ]))
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("decision: fail (status_dead)"), "{out}");
    assert!(out.contains("tencent.verify_basic"), "{out}");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_an_image_url_served_by_the_emulator() {
    let (url, emulator) = Emulator::start_local().await.unwrap();
    let image_url = format!("{url}/_emulator/images/qinghe-hangzhou.jpg");
    let o = verify(args(&[&image_url, "--emulator", &url, "--format", "json"])).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["decision"], "pass");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_input_errors_exit_2_with_hints() {
    let (url, emulator) = Emulator::start_local().await.unwrap();
    // A code with a bad check character never reaches the provider.
    let o = verify(args(&["911101085636549483", "--emulator", &url])).await;
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("check character"), "{}", stderr(&o));
    // Neither a file, a URL nor a code.
    let o = verify(args(&["no/such/license.png", "--emulator", &url])).await;
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("hint: "), "{}", stderr(&o));
    // Enterprise4 needs the legal representative and an ID number.
    let o = verify(args(&[
        "91330106MA2H7K3LXA",
        "--emulator",
        &url,
        "--verifier",
        "enterprise4",
    ]))
    .await;
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("id_number"), "{}", stderr(&o));
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_a_configuration_error() {
    let (url, emulator) = Emulator::start_local().await.unwrap();
    let o = tokio::task::spawn_blocking(move || {
        run_cmd(
            bin()
                .env("TENCENTCLOUD_SECRET_ID", "AKIDnotknowntotheemulator")
                .env("TENCENTCLOUD_SECRET_KEY", "nope")
                .args(["verify", "91330106MA2H7K3LXA", "--emulator", &url]),
            None,
        )
    })
    .await
    .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("hint: check the credentials"), "{err}");
    assert!(!err.contains("nope"), "a secret leaked: {err}");
    emulator.shutdown().await;
}
