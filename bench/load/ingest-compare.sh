#!/usr/bin/env bash
# Ingestion of device-signed readings (POST /tenants/{t}/observations, batches of 100 FHIR Observations in one compact
# JWS each) against plain durable issuance (POST /tenants/{t}/credentials/issue), in the same run, on SQLite (WAL +
# synchronous=FULL) and on a throwaway durable PostgreSQL cluster (fsync on). Release server with the shipped
# defaults. The batches are signed beforehand by the CLI's own code (the hidden `identity device presign`), one file
# per device bound through a wallet as a patient would; ingest-post.mjs posts them with one worker per device (a
# device's sequence numbers stay in order) and counts only readings the service answered "accepted" — it answers after
# the batch committed — then re-sends each device's first batch to see every reading come back a duplicate (stored).
# Usage: bench/load/ingest-compare.sh [seconds=10] [devices=8] [batches-per-device=80] [connections=32] [stores=sqlite,postgres]
# Needs: the .NET SDK, node, wrk, curl, jq; for postgres, PostgreSQL server binaries (or IDENTITY_PG_BIN).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-10}"
devices="${2:-8}"
batches="${3:-80}"
connections="${4:-32}"
stores="${5:-sqlite,postgres}"
work="$(mktemp -d)"
chmod 0777 "$work"   # the cluster runs as the postgres user when this script runs as root
pids=()
pgbin="${IDENTITY_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
pgport="${PGPORT_BENCH:-55497}"
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_servers() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }
cleanup() {
  stop_servers
  # BENCH_KEEP_LOGS=DIR keeps the servers' logs for a look at any non-2xx answer.
  if [[ -n "${BENCH_KEEP_LOGS:-}" ]]; then mkdir -p "$BENCH_KEEP_LOGS"; cp "$work"/*.log "$BENCH_KEEP_LOGS"/ 2>/dev/null || true; fi
  [[ -f "$work/pg/postmaster.pid" ]] && as_pg "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM
for tool in node wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }; done

echo "== building the server and the CLI (Release)" >&2
dotnet build -c Release "$root/src/Identity.Server" -v q -nologo >&2
dotnet build -c Release "$root/src/Identity.Cli" -v q -nologo >&2
server_dll="$root/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll"
identity() { dotnet "$root/src/Identity.Cli/bin/Release/net10.0/Identity.Cli.dll" "$@"; }
admin="$(head -c 32 /dev/urandom | base64)"
export IDENTITY_WALLET_PASSPHRASE="bench wallet passphrase" IDENTITY_DEVICE_PASSPHRASE="bench device passphrase" IDENTITY_DID_WEB_ALLOW_LOOPBACK=1

if [[ "$stores" == *postgres* ]]; then
  [[ -x "$pgbin/initdb" ]] || { echo "PostgreSQL server binaries not found: apt-get install postgresql, or set IDENTITY_PG_BIN" >&2; exit 1; }
  echo "== starting a durable PostgreSQL cluster" >&2
  as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = ''\nmax_connections = 200\n" "$pgport" >>"$work/pg/postgresql.conf"
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start >/dev/null
  as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE bench_ingest" >/dev/null
fi

# run STORE: a fresh server on it; issuance with wrk, then the pre-signed batches of every device.
run() {
  local store="$1" port=5471 base
  base="http://127.0.0.1:$port"
  local env=(IDENTITY_DATA_DIR="$work/$store-data" IDENTITY_PUBLIC_URL="$base" IDENTITY_ADMIN_KEY="$admin" IDENTITY_VERIFY_RATE_LIMIT=0
    ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning)
  [[ "$store" == postgres ]] && env+=(IDENTITY_STORAGE=postgres IDENTITY_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=bench_ingest")
  env "${env[@]}" dotnet "$server_dll" --urls "$base" >"$work/$store.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
  curl -sf "$base/health" >/dev/null || { cat "$work/$store.log" >&2; exit 1; }

  echo "== $store: a tenant, a patient's wallet with its did:web, $devices CGMs bound through it, $((devices * batches)) batches of 100 signed" >&2
  local key
  identity tenant create "Load Hospital" --id load --server "$base" --admin-key "$admin" --json >"$work/$store-tenant.json"
  key="$(jq -r .apiKey "$work/$store-tenant.json")"
  export IDENTITY_WALLET="$work/$store-wallet.json"
  identity wallet init >/dev/null
  identity wallet register --server "$base" --tenant load --key "$key" --id patient >/dev/null
  local files=()
  for d in $(seq 1 "$devices"); do
    local device="$work/$store-device-$d.json"
    identity device init --device "$device" >/dev/null
    identity device bind --device "$device" --server "$base" --tenant load --key "$key" --kind cgm >/dev/null
    identity device presign --device "$device" --batches "$batches" --size 100 --interval 1s --seed "$d" --out "$work/$store-$d.jws"
    files+=("$work/$store-$d.jws")
  done
  jq -n --arg issuer "$(jq -r .didKey "$work/$store-tenant.json")" '{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiableCredential"], issuer: $issuer, credentialSubject: {id: "did:example:patient", bloodType: "AB-"}}}' >"$work/$store-issue.json"

  BODY="$work/$store-issue.json" KEY="$key" wrk -t2 -c"$connections" -d3s -s "$root/bench/load/post.lua" "$base/tenants/load/credentials/issue" >/dev/null # warm-up
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local issue
  issue="$(BODY="$work/$store-issue.json" KEY="$key" wrk -t2 -c"$connections" -d"${seconds}s" -s "$root/bench/load/post.lua" "$base/tenants/load/credentials/issue" | grep '^rps')"
  echo "$store issue:  $issue"
  local ingest
  ingest="$(VERIFY_DUPLICATES=1 node "$root/bench/load/ingest-post.mjs" "$base" load "${files[@]}")"
  echo "$store ingest: $ingest"
  echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
  stop_servers
}

IFS=, read -ra selected <<<"$stores"
for store in "${selected[@]}"; do run "$store"; done
