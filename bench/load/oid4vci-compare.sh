#!/usr/bin/env bash
# OpenID4VCI issuance through the whole pre-authorized flow (offer, token with DPoP, nonce, credential with a key proof)
# against plain POST /tenants/{t}/credentials/issue of the same dc+sd-jwt credential, on one Release server of the
# working tree (SQLite, fresh data directory), in the same run: flows per second and p99 of each (bench/load/oid4vci-flow.mjs).
# Usage: bench/load/oid4vci-compare.sh [rounds=3] [seconds=10] [connections=8]
# Needs: the .NET SDK, node 20+, curl, jq.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
base="http://127.0.0.1:5493"
pid=""
cleanup() { [[ -n "$pid" ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
for tool in node curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }; done

dotnet build -c Release "$root/src/Identity.Server" -v q -nologo >&2
IDENTITY_DATA_DIR="$work/data" IDENTITY_PUBLIC_URL="$base" IDENTITY_VERIFY_RATE_LIMIT=0 ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
  dotnet "$root/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll" --urls "$base" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
admin="$(cat "$work/data/admin.key")"
tenant="$(curl -sf -X POST "$base/admin/tenants" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"Load Hospital","id":"load"}')"
node "$root/bench/load/oid4vci-flow.mjs" "$base" load "$(jq -r .apiKey <<<"$tenant")" "${1:-3}" "${2:-10}" "${3:-8}"
