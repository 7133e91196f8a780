#!/usr/bin/env bash
# Is the server's memory flat under sustained load? Drives POST /presentations/verify (one eddsa-jcs-2022 credential,
# did:key issuer and holder) against the shipped server (rate limit off: one wrk client on loopback is one client)
# until at least REQUESTS requests were answered, in wrk segments of SEGMENT seconds, and samples the server's RSS
# (VmRSS from /proc/PID/status) every INTERVAL seconds meanwhile. Prints each segment's rate, then RSS at the start
# (first sample under load), peak and end, and the verdict: flat when the least-squares slope over the last quarter
# of the samples, times that quarter's length, is under 5 % of the end RSS (or under 8 MB).
# Usage: bench/load/rss-soak.sh [requests=1000000] [connections=32] [interval=5] [segment=30]
# Needs: the .NET SDK, wrk, curl, jq; Linux /proc.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requests="${1:-1000000}"; connections="${2:-32}"; interval="${3:-5}"; segment="${4:-30}"
work="$(mktemp -d)"; pid=""; sampler=""
cleanup() { [[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null; [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for command in wrk curl jq; do command -v "$command" >/dev/null || { echo "$command is required" >&2; exit 1; }; done

echo "== building (Release)" >&2
dotnet build -c Release "$root/src/Identity.Server" -v q -nologo >&2
dotnet build -c Release "$root/bench/Identity.Benchmarks" -v q -nologo >&2
tool="$root/bench/Identity.Benchmarks/bin/Release/net10.0/Identity.Benchmarks.dll"
# shellcheck source=bench/load/verify-server.sh
source "$root/bench/load/verify-server.sh"
start_verify_server "$root/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll" "$work/data" 5497
url="http://127.0.0.1:5497/presentations/verify"
echo "server pid $pid, idle RSS $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"

# seconds-since-start RSS-in-kB, one line per sample
( start=$(date +%s); while kill -0 "$pid" 2>/dev/null; do
    echo "$(( $(date +%s) - start )) $(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"; sleep "$interval"; done ) >"$work/rss" &
sampler=$!

done_requests=0; errors=0; started=$(date +%s)
while (( done_requests < requests )); do
  line="$(BODY="$work/data.vp.json" wrk -t2 -c"$connections" -d"${segment}s" -s "$root/bench/load/post.lua" "$url" | grep '^rps')"
  read -r n e < <(awk '{ for (i = 1; i <= NF; i++) { if ($i == "requests") n = $(i + 1); if ($i == "errors") e = $(i + 1) } print n, e }' <<<"$line")
  done_requests=$((done_requests + n)); errors=$((errors + e))
  printf '%8d requests  %s  RSS %s\n' "$done_requests" "$line" "$(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"
done
elapsed=$(( $(date +%s) - started ))
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; sampler=""
hwm="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")"

awk -v total="$done_requests" -v errors="$errors" -v elapsed="$elapsed" -v hwm="$hwm" '
  $2 > 0 { t[n] = $1; r[n] = $2 / 1024; n++ }
  END {
    if (n < 8) { print "too few RSS samples: raise the request count or lower the interval"; exit 1 }
    peak = 0; for (i = 0; i < n; i++) if (r[i] > peak) peak = r[i]
    # Least-squares slope over the last quarter of the samples, MB per second.
    from = int(n * 3 / 4); m = n - from; sx = sy = sxx = sxy = 0
    for (i = from; i < n; i++) { sx += t[i]; sy += r[i]; sxx += t[i] * t[i]; sxy += t[i] * r[i] }
    slope = (m * sxy - sx * sy) / (m * sxx - sx * sx); span = t[n - 1] - t[from]; growth = slope * span
    limit = r[n - 1] * 0.05; if (limit < 8) limit = 8
    printf "requests %d in %d s (%.0f req/s), non-2xx or socket errors %d\n", total, elapsed, total / elapsed, errors
    printf "RSS MB: start %.0f (first sample under load)  peak %.0f (VmHWM %s)  end %.0f  samples %d\n", r[1], peak, hwm, r[n - 1], n
    printf "last quarter (%d s): slope %.3f MB/min, %+.1f MB over the quarter: %s\n", span, slope * 60, growth,
      (growth < limit ? "FLAT" : "GROWING")
  }' "$work/rss"
