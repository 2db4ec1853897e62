//! One module per subcommand.

pub mod batch;
pub mod code;
pub mod demo;
pub mod reconcile;
pub mod verify;
