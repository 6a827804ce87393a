#!/usr/bin/env bash
# Sums the <Counters> of every TRX file in a directory and prints "N passed, N failed, N skipped".
# Exits 1 when a test failed or none ran. Plain grep/sed/awk: a fresh machine may have no python3.
# Usage: trx-summary.sh <results-directory>
set -euo pipefail

dir="${1:?usage: trx-summary.sh <results-directory>}"
shopt -s nullglob
files=("$dir"/*.trx)

counters=""
if ((${#files[@]} > 0)); then
  # <Counters total="3" executed="3" passed="2" failed="1" error="0" timeout="0" aborted="0" notExecuted="0" .../>
  counters="$(grep -ho '<Counters [^>]*' "${files[@]}" | tr ' ' '\n' | sed -n 's/^\([A-Za-z]*\)="\([0-9]*\)".*/\1 \2/p' || true)"
fi

printf '%s\n' "$counters" | awk '
  NF == 2 { sum[$1] += $2 }
  END {
    passed = sum["passed"] + 0
    # Errors, timeouts and aborts are failures too; TRX counts skipped tests as notExecuted.
    failed = sum["failed"] + sum["error"] + sum["timeout"] + sum["aborted"]
    skipped = sum["notExecuted"] + 0
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
    exit (failed > 0 || passed + failed == 0) ? 1 : 0
  }'
