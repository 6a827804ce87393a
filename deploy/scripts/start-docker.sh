#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's docker.io if dockerd is
# missing (root only) and starts dockerd in the background. Safe to run again: a running engine
# is left alone.
set -euo pipefail

readonly log_file="${JOBSCHEDULER_DOCKERD_LOG:-/var/log/jobscheduler-dockerd.log}"
readonly wait_seconds="${JOBSCHEDULER_DOCKERD_WAIT_SECONDS:-60}"

say() { echo "start-docker: $*"; }
fail() { echo "start-docker: error: $*" >&2; exit 1; }

engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

# dockerd lives in /usr/sbin, which a non-root PATH often lacks.
find_dockerd() { PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin" command -v dockerd 2>/dev/null || true; }

if engine_answers; then
    say "the Docker engine already answers; nothing to do."
    exit 0
fi

dockerd_bin="$(find_dockerd)"
if [[ -z "$dockerd_bin" ]]; then
    if [[ "$(id -u)" -ne 0 ]]; then
        fail "dockerd is not installed and this is not root; install docker.io (sudo apt-get install docker.io) or run as root."
    fi
    # Only refresh the package lists when apt does not know the package yet.
    if ! apt-cache show docker.io >/dev/null 2>&1; then
        say "refreshing apt package lists..."
        apt-get update
    fi
    say "installing docker.io..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io
    dockerd_bin="$(find_dockerd)"
    [[ -n "$dockerd_bin" ]] || fail "docker.io was installed but dockerd is still not found."
fi

if pgrep -x dockerd >/dev/null 2>&1; then
    if [[ "$(id -u)" -ne 0 ]]; then
        fail "dockerd runs but does not answer this user; join the docker group (sudo usermod -aG docker \"$USER\") or run as root."
    fi
    say "dockerd is already running; waiting for it to answer."
else
    if [[ "$(id -u)" -ne 0 ]]; then
        fail "dockerd is not running and only root can start it here; run: sudo $0"
    fi
    mkdir -p "$(dirname "$log_file")"
    say "starting dockerd in the background (log: $log_file)..."
    nohup "$dockerd_bin" >>"$log_file" 2>&1 &
fi

for ((i = 0; i < wait_seconds; i++)); do
    if engine_answers; then
        say "the Docker engine answers."
        exit 0
    fi
    sleep 1
done

fail "the Docker engine did not answer within ${wait_seconds}s; see $log_file."
