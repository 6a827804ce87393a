#!/usr/bin/env bash
# Starts a development Redis on 127.0.0.1 (port $REDIS_PORT, default 6379) if none answers there,
# installing Debian's redis-server first when it is missing and we are root. Data persists in
# $REDIS_DIR (default /var/tmp/jobscheduler-redis) with the append-only file on.
set -euo pipefail

port="${REDIS_PORT:-6379}"
dir="${REDIS_DIR:-/var/tmp/jobscheduler-redis}"

if command -v redis-cli >/dev/null 2>&1 && redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
  echo "Redis already answers on 127.0.0.1:$port."
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "redis-server is not installed; run as root or: sudo apt-get install -y redis-server" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

mkdir -p "$dir"
redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --appendonly yes --daemonize yes \
  --maxmemory-policy noeviction --logfile "$dir/redis.log"
for _ in $(seq 1 50); do
  if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
    echo "Redis started on 127.0.0.1:$port (data in $dir)."
    exit 0
  fi
  sleep 0.2
done
echo "Redis did not answer on 127.0.0.1:$port; see $dir/redis.log" >&2
exit 1
