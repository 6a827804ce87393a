#!/usr/bin/env bash
# The one command that runs the benchmark tool (Tests/Benchmarks, workloads B1-B6 of BENCHMARKS.md).
# Installs and starts what it needs the way test.sh does (redis-server, the Docker engine, the busybox image),
# builds in Release and runs the tool, which starts its own Redis, silos and API on free loopback ports and stops
# them when it ends or is interrupted. stdout: one JSON line per workload, then a Markdown table.
# Arguments go to the tool: [--quick] [--only B1,B2,...] [--runs N] [--b4-million]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

fail() { echo "bench.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "the .NET SDK is not installed (see global.json for the version)."

missing=()
command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
command -v dockerd >/dev/null || [[ -x /usr/sbin/dockerd ]] || missing+=(docker.io)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || missing+=(busybox-static)
if ((${#missing[@]} > 0)); then
  ((EUID == 0)) || fail "missing ${missing[*]}; run as root or install them: sudo apt-get install -y ${missing[*]}"
  echo "bench.sh: installing ${missing[*]}" >&2
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
fi

for script in start-docker.sh make-test-image.sh; do
  bash "deploy/scripts/$script" >&2
done

dotnet build Tests/Benchmarks/JobScheduler.Benchmarks.csproj -c Release -v q -nologo >&2
# exec: Ctrl+C and SIGTERM reach the tool itself, which stops everything it started.
exec dotnet Tests/Benchmarks/bin/Release/net10.0/JobScheduler.Benchmarks.dll "$@"
