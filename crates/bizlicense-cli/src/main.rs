//! `bizlicense`: verify Chinese business licenses from the command line.
//!
//! `app` holds the clap tree, `cmd::*` one module per subcommand, `config` the flags > env >
//! file merge, `output` the tables and JSON, `error` the `error:` / `hint:` messages and exit
//! codes. `emulator serve` lives in `emulator_cmd`.

mod app;
mod cmd;
mod config;
mod emulator_cmd;
mod error;
mod journal;
mod output;
mod progress;
mod providers;

use std::process::ExitCode;

use clap::Parser;

use crate::app::{Cli, Command};
use crate::config::Settings;
use crate::error::{CliError, EXIT_FAILURE};

fn main() -> ExitCode {
    // clap prints its own usage errors and exits 2 (help and version exit 0).
    let cli = Cli::parse();
    init_tracing();
    match run(cli) {
        Ok(code) => code,
        Err(e) => report(&e),
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    // Read lazily: a broken config file must not stop `emulator serve`, which ignores it.
    let settings = || Settings::resolve(&cli.global);
    let code = match cli.command {
        Command::Emulator(args) => return Ok(runtime()?.block_on(emulator_cmd::run(args))),
        Command::Code(cmd::code::CodeCommand::Check(args)) => {
            cmd::code::run(args, settings()?.format)?
        }
        Command::Reconcile(args) => cmd::reconcile::run(args, settings()?.format)?,
        Command::Demo(args) => {
            let format = settings()?.format;
            runtime()?.block_on(cmd::demo::run(args, format))?
        }
        Command::Batch(args) => {
            let settings = settings()?;
            runtime()?.block_on(cmd::batch::run(args, &settings))?
        }
        Command::Verify(args) => {
            let settings = settings()?;
            runtime()?.block_on(cmd::verify::run(args, &settings))?
        }
    };
    Ok(ExitCode::from(code))
}

/// A multi-threaded tokio runtime for the commands that talk to providers.
fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            CliError::failure(
                format!("cannot start the async runtime: {e}"),
                "the system may be out of threads or file descriptors",
            )
        })
}

/// Logs go to stderr, off unless `RUST_LOG` asks for them (stdout is for results).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn report(e: &CliError) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    // Nothing better to do if stderr itself is gone.
    let _ = e.write_to(&mut stderr);
    ExitCode::from(if e.exit == 0 { EXIT_FAILURE } else { e.exit })
}
