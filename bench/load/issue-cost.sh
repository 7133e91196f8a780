#!/usr/bin/env bash
# What one durable issuance (POST /tenants/{t}/credentials/issue, SQLite) costs the server process, for builds of
# several git refs run one after the other, alternating, on fresh data: CPU milliseconds (utime + stime from
# /proc/PID/stat) and kilobytes written to storage (write_bytes from /proc/PID/io) per request, beside wrk's rate.
# Per-request cost moves far less with machine noise than requests per second do, so it can compare builds on a
# busy machine; the WAL frames and checkpoints behind the written bytes are deterministic for a given schema.
# Usage: bench/load/issue-cost.sh [rounds=3] [connections=32] [seconds=10] ref...   ("." is the working tree)
# Example: bench/load/issue-cost.sh 3 32 10 6839776 .
# Needs: the .NET SDK, git, wrk, curl, jq; Linux /proc.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"; connections="${2:-32}"; seconds="${3:-10}"; shift 3 || true
refs=("$@"); [[ ${#refs[@]} -gt 0 ]] || refs=(.)
work="$(mktemp -d)"; pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for tool in git wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }; done

declare -A dll
for ref in "${refs[@]}"; do
  tree="$root"
  if [[ "$ref" != "." ]]; then
    tree="$work/src-$ref"; git clone -q "$root" "$tree"; git -C "$tree" checkout -q --detach "$(git -C "$root" rev-parse "$ref")"
  fi
  echo "== building $ref (Release)" >&2
  dotnet build -c Release "$tree/src/Identity.Server" -v q -nologo >&2
  dll[$ref]="$tree/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll"
done

measure() { # ref data-dir port
  local base="http://127.0.0.1:$3"
  IDENTITY_DATA_DIR="$2" IDENTITY_PUBLIC_URL="$base" IDENTITY_VERIFY_RATE_LIMIT=0 ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning dotnet "${dll[$1]}" --urls "$base" >"$2.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
  local admin tenant key; admin="$(cat "$2/admin.key")"
  tenant="$(curl -sf -X POST "$base/admin/tenants" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"Load Hospital","id":"load"}')"
  key="$(jq -r .apiKey <<<"$tenant")"
  jq -n --arg issuer "$(jq -r .didKey <<<"$tenant")" '{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"],
    issuer: $issuer, credentialSubject: {id: "did:example:patient", bloodType: "AB-"}}}' >"$2.json"
  local url="$base/tenants/load/credentials/issue"
  BODY="$2.json" KEY="$key" wrk -t2 -c"$connections" -d15s -s "$root/bench/load/post.lua" "$url" >/dev/null   # warm-up (tiered JIT settles)
  stats() { echo "$(awk '{print $14 + $15}' /proc/$pid/stat) $(awk '/^write_bytes/ {print $2}' /proc/$pid/io)"; }
  local before after line
  before=($(stats))
  line="$(BODY="$2.json" KEY="$key" wrk -t2 -c"$connections" -d"${seconds}s" -s "$root/bench/load/post.lua" "$url" | grep '^rps')"
  after=($(stats))
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v line="$line" -v cpu=$((after[0] - before[0])) -v bytes=$((after[1] - before[1])) -v tck="$(getconf CLK_TCK)" -v ref="$1" '
    BEGIN { split(line, f, " "); for (i = 1; i in f; i++) if (f[i] == "requests") n = f[i + 1]
            printf "%-10s %s  cpu_ms/req %.3f  written_KB/req %.1f\n", ref, line, cpu * 1000 / tck / n, bytes / 1024 / n }'
}

for round in $(seq 1 "$rounds"); do
  order=("${refs[@]}"); (( round % 2 == 0 )) && order=($(printf '%s\n' "${refs[@]}" | tac))
  for ref in "${order[@]}"; do measure "$ref" "$work/data-$round-${ref//\//_}" 5495; done
done
