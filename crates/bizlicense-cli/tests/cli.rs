//! The command line itself: help, usage errors, configuration precedence.

mod common;

use common::{bin, code, run, run_cmd, scratch, stderr, stdout};

#[test]
fn every_subcommand_explains_itself_with_an_example() {
    for args in [
        &["--help"][..],
        &["demo", "--help"],
        &["verify", "--help"],
        &["reconcile", "--help"],
        &["batch", "--help"],
        &["code", "check", "--help"],
        &["emulator", "serve", "--help"],
    ] {
        let o = run(args, None);
        assert_eq!(code(&o), 0, "{args:?}");
        let out = stdout(&o);
        assert!(
            out.contains("Example") || out.contains("listening on"),
            "{args:?} has no example:\n{out}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["reconcile", "--scan", "a.json"],
        &["code", "check", "--format", "xml"],
        &["batch", "--concurrency", "0"],
        &["batch", "--resume"],
    ] {
        let o = run(args, None);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("error"), "{args:?}");
    }
}

#[test]
fn format_comes_from_flag_then_env_then_config_file() {
    let dir = scratch("config-precedence");
    let config = dir.join("config.toml");
    std::fs::write(&config, "format = \"json\"\n").unwrap();
    let config = config.to_string_lossy().into_owned();

    // File only: json.
    let o = run(
        &["--config", &config, "code", "check", "911101085636549482"],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).starts_with('{'), "{}", stdout(&o));

    // Env beats file.
    let o = run_cmd(
        bin().env("BIZLICENSE_FORMAT", "table").args([
            "--config",
            &config,
            "code",
            "check",
            "911101085636549482",
        ]),
        None,
    );
    assert!(stdout(&o).contains("1 checked"), "{}", stdout(&o));

    // Flag beats env.
    let o = run_cmd(
        bin().env("BIZLICENSE_FORMAT", "table").args([
            "--format",
            "json",
            "code",
            "check",
            "911101085636549482",
        ]),
        None,
    );
    assert!(stdout(&o).starts_with('{'), "{}", stdout(&o));

    // The default location ($XDG_CONFIG_HOME/bizlicense/config.toml) is read when present.
    let xdg = dir.join("xdg");
    std::fs::create_dir_all(xdg.join("bizlicense")).unwrap();
    std::fs::write(xdg.join("bizlicense/config.toml"), "format = \"json\"\n").unwrap();
    let o = run_cmd(
        bin()
            .env("XDG_CONFIG_HOME", &xdg)
            .args(["code", "check", "911101085636549482"]),
        None,
    );
    assert!(stdout(&o).starts_with('{'), "{}", stdout(&o));
}

#[test]
fn a_bad_config_file_exits_2_with_a_hint() {
    let dir = scratch("bad-config");
    let config = dir.join("config.toml");
    std::fs::write(&config, "fromat = \"json\"\n").unwrap();
    let o = run(
        &[
            "--config",
            &config.to_string_lossy(),
            "code",
            "check",
            "911101085636549482",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("error: config file"), "{err}");
    assert!(err.contains("hint: "), "{err}");

    let o = run(
        &["--config", "/no/such/config.toml", "code", "check", "x"],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cannot read config file"));
}
