//! bizlicense-emulator: work in progress.
