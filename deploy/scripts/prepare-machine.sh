#!/usr/bin/env bash
# Makes this machine ready to run the scheduler's containers, for the tests (test.sh) and the benchmarks (bench.sh):
# installs what a fresh Debian machine lacks (redis-server, the Docker engine, busybox-static for the test image,
# Debian's chromium and a font for the browser tests, prometheus for promtool and the observability tests; as root),
# starts the Docker engine if it is not running and makes the local test image. Messages go to stderr, so the
# callers keep stdout for their own results.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

fail() { echo "prepare-machine.sh: $*" >&2; exit 1; }

missing=()
command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
# The engine, not the client: a machine may ship a standalone docker CLI without any engine.
command -v dockerd >/dev/null || [[ -x /usr/sbin/dockerd ]] || missing+=(docker.io)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || missing+=(busybox-static)
# The browser tests (Tests/JobScheduler.Tests/Browser) drive Debian's chromium through Playwright: no browser download.
command -v chromium >/dev/null || [[ -x /usr/bin/chromium ]] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-dejavu-core)
if ((${#missing[@]} > 0)); then
  ((EUID == 0)) || fail "missing ${missing[*]}; run as root or install them: sudo apt-get install -y ${missing[*]}"
  echo "prepare-machine.sh: installing ${missing[*]}" >&2
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
fi

# Debian's prometheus brings promtool (deploy/prometheus checks) and the server the observability tests start on a
# loopback port. Without its recommends (node exporter, ...); where systemd runs, the package's own service is stopped
# and disabled so that it holds no port.
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  ((EUID == 0)) || fail "missing prometheus; run as root or install it: sudo apt-get install -y --no-install-recommends prometheus"
  echo "prepare-machine.sh: installing prometheus" >&2
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >&2
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    systemctl disable --now prometheus >&2 || true
  fi
fi

# deploy/kubernetes (Tests/JobScheduler.Tests/Deploy): `kubectl kustomize` renders the manifests; no cluster is needed.
# Debian's kubernetes-client (kubectl 1.20, kustomize v2.0.3); a kubectl that already has the subcommand is kept.
if ! kubectl kustomize --help >/dev/null 2>&1; then
  ((EUID == 0)) || fail "missing kubectl; run as root or install it: sudo apt-get install -y --no-install-recommends kubernetes-client"
  echo "prepare-machine.sh: installing kubernetes-client" >&2
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends kubernetes-client >&2
fi

# Redis Sentinel (issue 12, Redis failover): the failover tests (Category=Failover) start a primary, a replica and three
# sentinels of their own on loopback ports. Debian's redis-sentinel; where systemd runs, its own service (port 26379)
# is stopped and disabled so that it holds no port.
if ! command -v redis-sentinel >/dev/null && [[ ! -x /usr/bin/redis-sentinel ]]; then
  ((EUID == 0)) || fail "missing redis-sentinel; run as root or install it: sudo apt-get install -y redis-sentinel"
  echo "prepare-machine.sh: installing redis-sentinel" >&2
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y redis-sentinel >&2
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    systemctl disable --now redis-sentinel >&2 || true
  fi
fi

for script in start-docker.sh make-test-image.sh; do
  [[ -f "deploy/scripts/$script" ]] || fail "deploy/scripts/$script is missing from this checkout."
  bash "deploy/scripts/$script" >&2
done

# --- Images and compose (issue 12, docs/deploy.md): Debian's docker-compose 1.29 for deploy/compose, and the local base
# images that stand in for registry images (a debootstrap'd Debian with the .NET runtime dependencies, the host's SDK
# and runtimes on it, Redis and Prometheus from Debian's packages). Each image is made once; later runs take a second.
if ! command -v docker-compose >/dev/null; then
  ((EUID == 0)) || fail "missing docker-compose; run as root or install it: sudo apt-get install -y --no-install-recommends docker-compose"
  echo "prepare-machine.sh: installing docker-compose" >&2
  apt-cache show docker-compose >/dev/null 2>&1 || apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-compose >&2
fi
bash deploy/docker/local/make-base-images.sh >&2

# --- Redis Cluster (issue 12 "Beyond one Redis", RedisCluster test category): the fixture starts three redis-server
# primaries with --cluster-enabled and joins them with `redis-cli --cluster create`. redis-cli comes with redis-tools,
# which Debian's redis-server depends on; installed here only if missing.
if ! command -v redis-cli >/dev/null; then
  ((EUID == 0)) || fail "missing redis-cli; run as root or install it: sudo apt-get install -y redis-tools"
  echo "prepare-machine.sh: installing redis-tools" >&2
  apt-cache show redis-tools >/dev/null 2>&1 || apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-tools >&2
fi
