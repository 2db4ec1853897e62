//! `bizlicense emulator serve`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use bizlicense_emulator::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET, Emulator, EmulatorConfig,
};
use clap::{Args, Subcommand};

/// Exit code for bad usage (a malformed flag value).
const USAGE: u8 = 2;

#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    #[command(subcommand)]
    command: EmulatorCommand,
}

#[derive(Debug, Subcommand)]
enum EmulatorCommand {
    /// Serve the Tencent Cloud OCR API (POST /) and the WeChat API (/cgi-bin/..., /cv/ocr/...)
    /// on one port, answering from a fixture set.
    #[command(after_help = default_credentials_help())]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to bind; 0 picks a free one (read it from the `listening on` line).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Fixture directory (companies.json, licenses.json, index.json, images/); default: the
    /// shipped set.
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,
    /// Accept this Tencent SecretId:SecretKey pair (repeatable; replaces the default pair).
    #[arg(long = "tencent-secret", value_name = "ID:KEY")]
    tencent_secrets: Vec<String>,
    /// Accept this WeChat AppID:AppSecret pair (repeatable; replaces the default pair).
    #[arg(long = "wechat-app", value_name = "APPID:SECRET")]
    wechat_apps: Vec<String>,
}

fn default_credentials_help() -> String {
    format!(
        "With no credential flags the emulator accepts these published pairs:\n  \
         Tencent  SecretId  {DEFAULT_TENCENT_SECRET_ID}\n           \
         SecretKey {DEFAULT_TENCENT_SECRET_KEY}\n  \
         WeChat   AppID     {DEFAULT_WECHAT_APP_ID}\n           \
         AppSecret {DEFAULT_WECHAT_APP_SECRET}\n\n\
         On start it prints one line, `listening on http://HOST:PORT`, then serves until killed.\n\
         Admin API: GET /_emulator/fixtures, /_emulator/stats; POST/DELETE /_emulator/faults."
    )
}

fn split_pair(raw: &str, flag: &str, what: &str) -> Result<(String, String), String> {
    match raw.split_once(':') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_owned(), b.to_owned())),
        _ => Err(format!(
            "{flag} expects {what} separated by a colon (e.g. {flag} AKIDexample:secretkey), got {raw:?}"
        )),
    }
}

pub(crate) async fn run(args: EmulatorArgs) -> ExitCode {
    match args.command {
        EmulatorCommand::Serve(serve) => run_serve(serve).await,
    }
}

async fn run_serve(args: ServeArgs) -> ExitCode {
    let mut config = EmulatorConfig::default()
        .with_host(args.host)
        .with_port(args.port);
    if let Some(dir) = args.fixtures {
        config = config.with_fixtures_dir(dir);
    }
    for raw in &args.tencent_secrets {
        match split_pair(raw, "--tencent-secret", "a SecretId and a SecretKey") {
            Ok((id, key)) => config = config.with_tencent_secret(id, key),
            Err(e) => return usage(&e),
        }
    }
    for raw in &args.wechat_apps {
        match split_pair(raw, "--wechat-app", "an AppID and an AppSecret") {
            Ok((id, secret)) => config = config.with_wechat_app(id, secret),
            Err(e) => return usage(&e),
        }
    }
    let (base_url, handle) = match Emulator::start(config).await {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: cannot start the emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "listening on {base_url}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // Whoever started us cannot learn the port: serving would be pointless.
        return ExitCode::FAILURE;
    }
    drop(stdout);
    tokio::select! {
        () = handle.wait() => ExitCode::SUCCESS,
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(USAGE)
}
