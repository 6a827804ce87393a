#!/usr/bin/env bash
# The one command that runs the benchmark tool (Tests/Benchmarks, workloads B1-B6 of BENCHMARKS.md).
# Installs and starts what it needs as test.sh does (prepare-machine.sh: redis-server, the Docker engine, the image),
# builds in Release and runs the tool, which starts its own Redis, silos and API on free loopback ports and stops
# them when it ends or is interrupted. stdout: one JSON line per workload, then a Markdown table.
# Arguments go to the tool: [--quick] [--only B1,B2,...] [--runs N] [--b4-million] [--replica-acks 0|1] [--b1-slots 2,4,8] [--b1-limit-attach]
# --only B2O runs B2 with metrics and traces off, on and pushed over OTLP, interleaved (not part of the default run).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

fail() { echo "bench.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "the .NET SDK is not installed (see global.json for the version)."

bash deploy/scripts/prepare-machine.sh

dotnet build Tests/Benchmarks/JobScheduler.Benchmarks.csproj -c Release -v q -nologo >&2
# exec: Ctrl+C and SIGTERM reach the tool itself, which stops everything it started.
exec dotnet Tests/Benchmarks/bin/Release/net10.0/JobScheduler.Benchmarks.dll "$@"
