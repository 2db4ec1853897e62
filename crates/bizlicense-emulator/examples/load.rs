// Placeholder created by the lead so the workspace manifest parses; the emulator engineer replaces this file.
fn main() {}
