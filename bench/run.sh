#!/usr/bin/env bash
# One command, one run: our clients vs the official Python SDKs against the project's emulator
# on loopback, reconcile pairs/s vs the Python baseline, and the emulator's own ceiling (wrk).
# Prints a table with ratios and writes bench/results.json. See docs/performance.md.
#
#   bench/run.sh                 # ~5 minutes after the first build
#   BENCH_SECS=2 bench/run.sh    # shorter measurements
#
# Each client runs as its own process; its CPU time (user + system, measured inside the
# process over the timed window only) is the client's alone. The emulator runs in another
# process on the same 2 cores, so requests/s is bounded by it: CPU-seconds per 1,000 requests
# is the comparison that isolates the client.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS="${BENCH_SECS:-5}"
VENV="bench/.venv"
OUT="bench/results.json"
LINES="$(mktemp)"
SERVER_LOG="$(mktemp)"

step() { printf '==> %s\n' "$*" >&2; }

cleanup() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$LINES" "$SERVER_LOG" bench/wrk-*.lua
}
trap cleanup EXIT

step "release build of the Rust bench client"
cargo build --release --quiet --example bench_client
BIN="target/release/examples/bench_client"

step "Python venv ($VENV): official SDKs + rapidfuzz"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  "tencentcloud-sdk-python-common==3.1.195" "tencentcloud-sdk-python-ocr==3.1.193" \
  "wechatpy==2.0.0a26" "rapidfuzz==3.*"
PY="$VENV/bin/python"

if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  step "installing wrk"
  apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || true
fi

step "starting the emulator"
"$BIN" serve >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 100); do
  BASE="$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$SERVER_LOG" | head -n1)"
  [ -n "$BASE" ] && break
  sleep 0.1
done
[ -n "$BASE" ] || { echo "the emulator did not start:" >&2; cat "$SERVER_LOG" >&2; exit 1; }
step "emulator at $BASE; ${SECS}s per measurement"

measure() { # client kind concurrency
  local client="$1" kind="$2" c="$3" line
  step "$client $kind c=$c"
  if [ "$client" = rust ]; then
    line="$("$BIN" "$kind" "$BASE" --concurrency "$c" --secs "$SECS")"
  else
    line="$("$PY" bench/sdk_client.py "$kind" "$BASE" --concurrency "$c" --secs "$SECS")"
  fi
  echo "$line" >>"$LINES"
}

for kind in tencent-ocr tencent-verify wechat-ocr; do
  for c in 1 32; do
    measure rust "$kind" "$c"
    measure python "$kind" "$c"
  done
done

step "reconcile: Rust engine"
"$BIN" reconcile --secs "$SECS" >>"$LINES"
step "reconcile: Python baseline (bench/reconcile_baseline.py)"
PYREC="$("$PY" bench/reconcile_baseline.py)"
echo "$PYREC" >&2
printf '{"client":"python","what":"reconcile","baseline_output":%s}\n' \
  "$(printf '%s' "$PYREC" | "$PY" -c 'import json,sys; print(json.dumps(sys.stdin.read()))')" >>"$LINES"

if command -v wrk >/dev/null 2>&1; then
  for route in tencent-verify wechat-ocr; do
    step "wrk: emulator ceiling, $route"
    "$BIN" wrk-script "$route" "$BASE" >"bench/wrk-$route.lua"
    WRK_OUT="$(wrk -t2 -c32 -d"${SECS}s" -s "bench/wrk-$route.lua" "$BASE" 2>&1)"
    printf '{"client":"wrk","what":"%s","concurrency":32,"wrk_output":%s}\n' "$route" \
      "$(printf '%s' "$WRK_OUT" | "$PY" -c 'import json,sys; print(json.dumps(sys.stdin.read()))')" >>"$LINES"
  done
else
  step "wrk not installed: no emulator ceiling (apt-get install -y wrk)"
fi

"$PY" bench/report.py "$LINES" "$OUT"
