//! One module per subcommand.

pub mod code;
pub mod demo;
pub mod reconcile;
pub mod verify;
