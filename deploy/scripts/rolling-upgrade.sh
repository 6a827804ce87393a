#!/usr/bin/env bash
# Rolling upgrade (or restart) of JobScheduler processes on this host, one at a time, without failing a job.
#
#   bash deploy/scripts/rolling-upgrade.sh [options] PLAN
#
# PLAN is a file with one process per line, upgraded in that order (blank lines and # comments are skipped):
#
#   <kind> <name> <http-url> <pid-file> <start command ...>
#
#   kind           silo | api
#   name           for messages and the log file (<log-dir>/<name>.log)
#   http-url       the process's HTTP address on this host, e.g. http://127.0.0.1:5090 (the silo's is its health port)
#   pid-file       holds the running process's pid; the script writes the new process's pid there
#   start command  the rest of the line: starts the NEW version in the foreground, e.g.
#                  /opt/jobscheduler/v2/silo/JobScheduler.Silo   (configuration comes from its environment/appsettings)
#
# For each silo:  drain its worker (POST <url>/local/worker/drain, loopback only; it takes no new work, the other
#                 silos take the queue) -> wait until it runs nothing (GET <url>/local/worker: "idle": true)
#                 -> SIGTERM -> wait for the exit -> start the new version -> wait for <url>/health/ready (200).
# For each API:   SIGTERM (the API answers 503 on /health/ready at once so a load balancer stops sending, still serves
#                 requests for Scheduler:Api:Shutdown:ReadinessDelay, then refuses new ones with 503 + Retry-After and
#                 lets the admitted ones finish) -> wait for the exit -> start the new version -> wait for
#                 <url>/health/ready (200; open to probes, a key only adds the checks' details).
# The next process is touched only when the previous one is ready again.
#
# Options:
#   --drain-timeout SECONDS   how long a silo's running jobs may take to finish (default 600)
#   --continue-on-drain-timeout
#                             go on (SIGTERM) when jobs still run at the drain timeout: the silo's own stop drains for
#                             Scheduler:Worker:DrainTimeout more, then kills them (worker-stopped, retried). Default: stop
#                             the upgrade (exit 2) and leave that silo drained.
#   --stop-timeout SECONDS    how long to wait for a process to exit after SIGTERM (default 120; then exit 1, no SIGKILL)
#   --ready-timeout SECONDS   how long to wait for the new process to be ready (default 120)
#   --api-key KEY             optional key sent to the API's /health/ready (default: $JOBSCHEDULER_API_KEY)
#   --log-dir DIR             where the started processes' output goes (default: ./rolling-upgrade-logs)
#
# Exit codes: 0 every process upgraded; 1 a step failed (the message names the process and the step); 2 a silo's jobs
# did not finish within --drain-timeout. Needs bash, curl and kill; run it as the user that owns the processes.
set -euo pipefail

drain_timeout=600
stop_timeout=120
ready_timeout=120
continue_on_drain_timeout=false
api_key="${JOBSCHEDULER_API_KEY:-}"
log_dir="./rolling-upgrade-logs"
plan=""

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }
fail() { echo "rolling-upgrade: $*" >&2; exit 1; }
say() { echo "rolling-upgrade: $(date -u +%H:%M:%S) $*"; }

while (($#)); do
  case "$1" in
    --drain-timeout) drain_timeout="$2"; shift 2 ;;
    --stop-timeout) stop_timeout="$2"; shift 2 ;;
    --ready-timeout) ready_timeout="$2"; shift 2 ;;
    --continue-on-drain-timeout) continue_on_drain_timeout=true; shift ;;
    --api-key) api_key="$2"; shift 2 ;;
    --log-dir) log_dir="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) [[ -z "$plan" ]] || fail "one plan file only (got $plan and $1)"; plan="$1"; shift ;;
  esac
done
[[ -n "$plan" ]] || { usage >&2; exit 1; }
[[ -r "$plan" ]] || fail "cannot read the plan $plan"
for n in "$drain_timeout" "$stop_timeout" "$ready_timeout"; do
  [[ "$n" =~ ^[0-9]+$ ]] || fail "timeouts are whole seconds, got '$n'"
done
command -v curl >/dev/null || fail "curl is needed"
mkdir -p "$log_dir"

# Seconds since the epoch, for deadlines.
now() { date +%s; }

pid_of() {
  local file="$1" pid
  [[ -r "$file" ]] || fail "no pid file $file"
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" ]] || fail "pid file $file holds no pid"
  echo "$pid"
}

# The silo's local worker state as JSON (loopback only).
worker_state() { curl -fsS --max-time 10 "$1/local/worker"; }

drain_silo() {
  local name="$1" url="$2" state deadline
  say "$name: draining its worker ($url/local/worker/drain)"
  state="$(curl -fsS --max-time 10 -X POST "$url/local/worker/drain")" \
    || fail "$name: the drain request to $url failed (is the silo running, listening on loopback?)"
  deadline=$(( $(now) + drain_timeout ))
  until [[ "$state" == *'"idle":true'* ]]; do
    if (( $(now) >= deadline )); then
      echo "rolling-upgrade: $name: jobs still run after ${drain_timeout} s: $state" >&2
      if [[ "$continue_on_drain_timeout" == true ]]; then
        say "$name: going on (--continue-on-drain-timeout): its stop hands the rest back as worker-stopped"
        return 0
      fi
      echo "rolling-upgrade: $name stays drained; resume it with: curl -X POST $url/local/worker/resume" >&2
      exit 2
    fi
    sleep 1
    state="$(worker_state "$url")" || fail "$name: reading $url/local/worker failed"
  done
  say "$name: drained and idle"
}

stop_process() {
  local name="$1" pid="$2" deadline
  if ! kill -0 "$pid" 2>/dev/null; then
    say "$name: pid $pid is not running; starting the new version"
    return 0
  fi
  say "$name: SIGTERM to pid $pid"
  kill -TERM "$pid"
  deadline=$(( $(now) + stop_timeout ))
  while kill -0 "$pid" 2>/dev/null; do
    (( $(now) < deadline )) || fail "$name: pid $pid still runs ${stop_timeout} s after SIGTERM"
    sleep 0.2
  done
  say "$name: exited"
}

start_process() {
  local name="$1" pid_file="$2" command="$3" log="$log_dir/$name.log" pid
  say "$name: starting: $command (output: $log)" >&2
  # exec: the pid written is the process itself; setsid: it outlives this script and its terminal.
  setsid bash -c "exec $command" >>"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pid_file"
  echo "$pid"
}

wait_ready() {
  local name="$1" url="$2" pid="$3" kind="$4" deadline code
  local -a auth=()
  [[ "$kind" == api && -n "$api_key" ]] && auth=(-H "Authorization: Bearer $api_key")
  deadline=$(( $(now) + ready_timeout ))
  while :; do
    kill -0 "$pid" 2>/dev/null || fail "$name: the new process (pid $pid) exited while starting; see $log_dir/$name.log"
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${auth[@]}" "$url/health/ready" || true)"
    [[ "$code" == 200 ]] && break
    (( $(now) < deadline )) || fail "$name: $url/health/ready not 200 (last: $code) ${ready_timeout} s after the start"
    sleep 0.5
  done
  say "$name: ready (pid $pid)"
}

count=0
while read -r kind name url pid_file command <&3; do
  [[ -z "${kind:-}" || "$kind" == \#* ]] && continue
  [[ -n "${command:-}" ]] || fail "plan line for '$name' is incomplete: <kind> <name> <http-url> <pid-file> <start command>"
  url="${url%/}"
  case "$kind" in
    silo) ;;
    api) ;;
    *) fail "unknown kind '$kind' for $name (silo or api)" ;;
  esac
  old_pid="$(pid_of "$pid_file")"
  [[ "$kind" == silo ]] && kill -0 "$old_pid" 2>/dev/null && drain_silo "$name" "$url"
  stop_process "$name" "$old_pid"
  new_pid="$(start_process "$name" "$pid_file" "$command")"
  wait_ready "$name" "$url" "$new_pid" "$kind"
  count=$((count + 1))
done 3<"$plan"
say "done: $count process(es) upgraded"
