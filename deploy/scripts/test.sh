#!/usr/bin/env bash
# The one command that runs the whole test suite, on a fresh Debian machine that has only the .NET SDK.
# Installs what the tests need (as root), prepares Docker and the test image, runs every test project,
# and prints as its last line "N passed, N failed, N skipped".
# Extra arguments go to `dotnet test`, e.g.: bash deploy/scripts/test.sh --filter Category=Fault
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

fail() { echo "test.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "the .NET SDK is not installed (see global.json for the version)."

# Debian packages the tests use: real Redis and Docker processes, and busybox for the test image.
missing=()
command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
# The engine, not the client: a machine may ship a standalone docker CLI without any engine.
command -v dockerd >/dev/null || [[ -x /usr/sbin/dockerd ]] || missing+=(docker.io)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || missing+=(busybox-static)
if ((${#missing[@]} > 0)); then
  ((EUID == 0)) || fail "missing ${missing[*]}; run as root or install them: sudo apt-get install -y ${missing[*]}"
  echo "test.sh: installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

for script in start-docker.sh make-test-image.sh; do
  [[ -f "deploy/scripts/$script" ]] || fail "deploy/scripts/$script is missing from this checkout."
  bash "deploy/scripts/$script"
done

results="$repo/TestResults"
mkdir -p "$results"
rm -f "$results"/*.trx

status=0
dotnet test Orleans.sln -c Release --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" || status=$?

summary_status=0
summary="$(bash deploy/scripts/trx-summary.sh "$results")" || summary_status=$?
if ((status != 0)); then
  echo "test.sh: dotnet test exited with code $status" >&2
elif ((summary_status != 0)); then
  echo "test.sh: a test failed or no test ran" >&2
fi
echo "$summary"
((status == 0 && summary_status == 0))
