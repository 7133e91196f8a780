#!/usr/bin/env bash
# What one POST /presentations/verify (one eddsa-jcs-2022 VC, did:key issuer and holder) costs the server process
# under several configurations of the same build, run one after the other, alternating, on fresh data: CPU
# milliseconds per request (utime + stime from /proc/PID/stat) and peak RSS, beside wrk's rate and latency.
# A configuration is "name" or "name:VAR=value VAR=value…" (environment for the server, added to the shipped
# defaults; the only change from the defaults every run makes is IDENTITY_VERIFY_RATE_LIMIT=0, as one wrk client on
# loopback is one rate-limited client). Per-request CPU moves far less with machine noise than requests/s do.
# A name may end in "@DIR", another checkout of the repository (e.g. a `git worktree add /tmp/base <commit>`): that
# configuration runs DIR's server, built the same way, so two builds alternate in one run.
# Before its warm-up each server is left to settle (start-up work such as the FHIR validator's background load ends)
# until its process uses under 5 % of a core over a second, or for at most 60 s.
# The warm-up before each measurement lasts WARMUP seconds (default 10); on a loaded machine tiered compilation needs
# longer to settle, and its CPU otherwise counts as the requests'.
# Usage: [WARMUP=10] bench/load/verify-cost.sh [rounds=3] [connections=32] [seconds=10] config...
# Example: bench/load/verify-cost.sh 3 32 10 shipped "warning:Logging__LogLevel__Default=Warning" "limiter:IDENTITY_VERIFY_RATE_LIMIT=1000000"
# Example: bench/load/verify-cost.sh 3 32 10 base@/tmp/base shipped
# Needs: the .NET SDK, wrk, curl, jq; Linux /proc.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"; connections="${2:-32}"; seconds="${3:-10}"; shift 3 || true
configs=("$@"); [[ ${#configs[@]} -gt 0 ]] || configs=(shipped)
work="$(mktemp -d)"; pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for tool in wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }; done

checkout() { local name="${1%%:*}"; [[ "$name" == *@* ]] && echo "${name#*@}" || echo "$root"; }
for dir in $( (echo "$root"; for config in "${configs[@]}"; do checkout "$config"; done) | sort -u); do
  echo "== building $dir (Release)" >&2
  dotnet build -c Release "$dir/src/Identity.Server" -v q -nologo >&2
  dotnet build -c Release "$dir/bench/Identity.Benchmarks" -v q -nologo >&2
done
tool="$root/bench/Identity.Benchmarks/bin/Release/net10.0/Identity.Benchmarks.dll"
# shellcheck source=bench/load/verify-server.sh
source "$root/bench/load/verify-server.sh"

measure() { # config data-dir port
  local name="${1%%:*}" vars="" base="http://127.0.0.1:$3"
  local server; server="$(checkout "$1")/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll"
  name="${name%%@*}"
  [[ "$1" == *:* ]] && vars="${1#*:}"
  # shellcheck disable=SC2086 # the configuration's variables are words on purpose
  start_verify_server "$server" "$2" "$3" $vars
  local url="$base/presentations/verify"
  BODY="$2.vp.json" wrk -t2 -c"$connections" -d"${WARMUP:-10}s" -s "$root/bench/load/post.lua" "$url" >/dev/null   # warm-up (tiered JIT settles)
  local before after line
  before="$(ticks "$pid")"
  line="$(BODY="$2.vp.json" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$root/bench/load/post.lua" "$url" | grep '^rps')"
  after="$(ticks "$pid")"
  local hwm; hwm="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v line="$line" -v cpu=$((after - before)) -v tck="$(getconf CLK_TCK)" -v name="$name" -v hwm="$hwm" '
    BEGIN { split(line, f, " "); for (i = 1; i in f; i++) if (f[i] == "requests") n = f[i + 1]
            printf "%-12s %s  cpu_ms/req %.3f  peak_RSS_MB %s\n", name, line, cpu * 1000 / tck / n, hwm }'
}

for round in $(seq 1 "$rounds"); do
  order=("${configs[@]}"); (( round % 2 == 0 )) && order=($(printf '%s\n' "${configs[@]}" | tac))
  for config in "${order[@]}"; do measure "$config" "$work/data-$round-${config%%[:@]*}" 5496; done
done
