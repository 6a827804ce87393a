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

# Redis, the Docker engine and the test image: installed and started where missing.
bash deploy/scripts/prepare-machine.sh

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
