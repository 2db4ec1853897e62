#!/usr/bin/env bash
# Interop check: the official Tencent Cloud Python SDK and wechatpy, unmodified, against
# `bizlicense emulator serve`. Exits non-zero on any failed assertion; always stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${INTEROP_VENV:-target/interop-venv}"
PY_DEPS=(
  "tencentcloud-sdk-python-common==3.1.195"
  "tencentcloud-sdk-python-ocr==3.1.193"
  "wechatpy==2.0.0a26"
)

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PY_DEPS[@]}"

cargo build -q -p bizlicense-cli

LOG="$(mktemp)"
cleanup() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$LOG"
}
trap cleanup EXIT

cargo run -q -p bizlicense-cli -- emulator serve --port 0 >"$LOG" 2>&1 &
SERVER_PID=$!

BASE=""
for _ in $(seq 1 300); do
  BASE="$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$LOG" | head -n1)"
  [ -n "$BASE" ] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "interop: the emulator exited before listening:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$BASE" ]; then
  echo "interop: no 'listening on' line after 30 s:" >&2
  cat "$LOG" >&2
  exit 1
fi
echo "interop: emulator at $BASE"

"$VENV/bin/python" crates/bizlicense-emulator/interop/check_sdks.py "$BASE"
