#!/usr/bin/env bash
# HTTP load against the real service (Release build, Kestrel, SQLite under a temp data dir) with wrk on loopback:
#   1. POST /presentations/verify — one eddsa-jcs-2022 VC (did:key issuer: the tenant's did:key) in a did:key holder's VP;
#   2. POST /tenants/{t}/credentials/issue — durable issuance (each 201 is committed with synchronous=FULL);
#   3. server RSS while verifying, sampled every VERIFY_CHUNK requests up to TOTAL_VERIFICATIONS.
# Baseline in the same run: GET /health (the cheapest request the server answers) at the same connection count.
# Usage: bench/load/server-load.sh [seconds=20] [connections=32] [total_verifications=1000000]
# Needs: the .NET SDK, wrk (Debian package), curl, jq.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-20}"
connections="${2:-32}"
total="${3:-1000000}"
port="${PORT:-5099}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required (Debian package $tool)" >&2; exit 1; }; done

echo "== building (Release)" >&2
dotnet build -c Release "$root/src/Identity.Server" -v q -nologo >&2
dotnet build -c Release "$root/bench/Identity.Benchmarks" -v q -nologo >&2

echo "== starting the server on $base" >&2
IDENTITY_DATA_DIR="$work/data" IDENTITY_PUBLIC_URL="$base" IDENTITY_VERIFY_RATE_LIMIT=0 ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
  dotnet "$root/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll" --urls "$base" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

admin="$(cat "$work/data/admin.key")"
curl -sf -X POST "$base/admin/tenants" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"Load Hospital","id":"load"}' >"$work/tenant.json"
key="$(jq -r .apiKey "$work/tenant.json")"
did_key="$(jq -r .didKey "$work/tenant.json")"
holder="$(dotnet "$root/bench/Identity.Benchmarks/bin/Release/net10.0/Identity.Benchmarks.dll" load-holder)"
jq -n --arg issuer "$did_key" --arg holder "$holder" '{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"],
  issuer: $issuer, credentialSubject: {id: $holder, bloodType: "AB-"}}}' >"$work/issue.json"
curl -sf -X POST "$base/tenants/load/credentials/issue" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d @"$work/issue.json" | jq .verifiableCredential >"$work/vc.json"
dotnet "$root/bench/Identity.Benchmarks/bin/Release/net10.0/Identity.Benchmarks.dll" load-vp <"$work/vc.json" >"$work/vp.json"
code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/presentations/verify" -H 'Content-Type: application/json' -d @"$work/vp.json")"
[[ "$code" == 200 ]] || { echo "the load presentation does not verify (HTTP $code)" >&2; curl -s -X POST "$base/presentations/verify" -H "Content-Type: application/json" -d @"$work/vp.json" >&2; exit 1; }

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status"; }
run() { BODY="$2" KEY="${3:-}" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$root/bench/load/post.lua" "$base$1" | grep '^rps'; }

echo "== warm-up" >&2
BODY="$work/vp.json" wrk -t2 -c"$connections" -d5s -s "$root/bench/load/post.lua" "$base/presentations/verify" >/dev/null
echo "baseline GET /health:        $(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base/health" | awk '/Requests\/sec/ {rps = $2} /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2} END {printf "rps %s p50 %s p99 %s", rps, p50, p99}')"
echo "POST /presentations/verify:  $(run /presentations/verify "$work/vp.json")"
echo "POST .../credentials/issue:  $(run /tenants/load/credentials/issue "$work/issue.json" "$key")"
echo "RSS after the runs above: $(rss_mb) MB"

echo "== RSS while verifying $total presentations (60 s chunks)" >&2
done_count=0
while (( done_count < total )); do
  out="$(BODY="$work/vp.json" wrk -t2 -c"$connections" -d60s -s "$root/bench/load/post.lua" "$base/presentations/verify" 2>&1 | grep '^rps' || true)"
  n="$(awk '{print $8}' <<<"$out")"
  done_count=$(( done_count + ${n:-0} ))
  echo "verifications: $done_count  RSS: $(rss_mb) MB  ($out)"
  (( ${n:-0} > 0 )) || break
done
