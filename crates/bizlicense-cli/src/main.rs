//! `bizlicense`: verify Chinese business licenses from the command line.
//!
//! This is the minimal skeleton that hosts `emulator serve`; the other subcommands (`demo`,
//! `verify`, `reconcile`, `batch`, `code check`) are added next to it, one module each.

mod emulator_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Verify Chinese business licenses (营业执照): OCR, registry checks and reconciliation.
#[derive(Debug, Parser)]
#[command(name = "bizlicense", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the local emulator of the Tencent Cloud and WeChat license APIs.
    Emulator(emulator_cmd::EmulatorArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Emulator(args) => emulator_cmd::run(args).await,
        }
    })
}
