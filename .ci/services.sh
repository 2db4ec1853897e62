#!/usr/bin/env bash
# Starts the servers that the feature-gated tests talk to (today: Redis) on loopback.
#
# Usage (from the repository root, in CI or by hand):
#
#     eval "$(bash .ci/services.sh)"        # exports REDIS_URL into the calling shell
#     # or
#     bash .ci/services.sh && . target/services.env
#
# stdout carries only `export NAME=value` lines (progress goes to stderr); the same lines are
# written to $SERVICES_ENV (default target/services.env, git-ignored). Installs redis-server from
# Debian's packages when it is missing (root, or sudo). Idempotent: when a Redis it started
# earlier still answers, it is reused. Stop it with `bash .ci/services.sh stop`.
set -euo pipefail

cd "$(dirname "$0")/.."
ENV_FILE=${SERVICES_ENV:-target/services.env}
STATE_DIR=${SERVICES_DIR:-${TMPDIR:-/tmp}/bizlicense-ci-services}
mkdir -p "$STATE_DIR"

log() { echo "services: $*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
        log "need root (or sudo) to run: $*"; return 1; fi
}

install_redis() {
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
    log "installing redis-server (Debian package)"
    # Another apt may be running on a shared machine: wait for its lock instead of failing.
    local i
    for i in 1 2 3; do
        if as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
                install -y -qq --no-install-recommends redis-server >&2; then
            return 0
        fi
        log "apt-get failed (attempt $i); retrying"
        sleep $((i * 5))
    done
    return 1
}

redis_ping() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }

stop_redis() {
    if [ -f "$STATE_DIR/redis.pid" ]; then
        kill "$(cat "$STATE_DIR/redis.pid")" 2>/dev/null || true
        rm -f "$STATE_DIR/redis.pid" "$STATE_DIR/redis.port"
    fi
}

start_redis() {
    if [ -f "$STATE_DIR/redis.port" ] && [ -f "$STATE_DIR/redis.pid" ] &&
        kill -0 "$(cat "$STATE_DIR/redis.pid")" 2>/dev/null && redis_ping "$(cat "$STATE_DIR/redis.port")"; then
        REDIS_PORT=$(cat "$STATE_DIR/redis.port")
        log "reusing redis on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    local port
    for port in ${REDIS_PORT:-} 6390 6391 6392 6393 6394 6395 6396 6397 6398 6399; do
        # A port something else answers on (another engineer's Redis, any server) is skipped.
        if redis_ping "$port" || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
        # No persistence: tests own their keys; loopback only; small memory cap.
        if redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes \
            --save '' --appendonly no --maxmemory 256mb --daemonize yes \
            --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log" --dir "$STATE_DIR" >&2; then
            local i
            for i in $(seq 1 50); do
                if redis_ping "$port"; then
                    echo "$port" >"$STATE_DIR/redis.port"
                    REDIS_PORT=$port
                    log "redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port"
                    return 0
                fi
                sleep 0.1
            done
        fi
        log "redis did not start on port $port; trying the next"
    done
    log "could not start redis (see $STATE_DIR/redis.log)"
    return 1
}

if [ "${1:-start}" = stop ]; then
    stop_redis
    exit 0
fi

mkdir -p "$(dirname "$ENV_FILE")"
install_redis
start_redis
line="export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/"
echo "$line" >"$ENV_FILE"
echo "$line"
