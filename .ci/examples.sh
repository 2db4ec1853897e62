#!/usr/bin/env bash
# Runs every example (they are offline: each starts the emulator in-process) and fails if any does.
set -euo pipefail
cd "$(dirname "$0")/.."
for ex in examples/*.rs; do
  name=$(basename "$ex" .rs)
  echo "--- example $name"
  cargo run --quiet --example "$name"
done
