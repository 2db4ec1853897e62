//! One module per subcommand.

pub mod code;
pub mod reconcile;
pub mod verify;
