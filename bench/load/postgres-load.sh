#!/usr/bin/env bash
# Issuance and verification load against the real service (Release, Kestrel) on three stores, in one run, with wrk on
# loopback:
#   sqlite      one server, SQLite (WAL, synchronous=FULL) in a temp data dir — the baseline;
#   postgres-1  one server on a throwaway, durable PostgreSQL cluster (fsync on, synchronous_commit on);
#   postgres-2  two servers (replicas) on one database of that cluster, each loaded by its own wrk with half the
#               connections; requests/s are summed, latencies are the worse of the two.
# Each configuration runs POST /tenants/{t}/credentials/issue (durable: each 201 is committed) and
# POST /presentations/verify (one eddsa-jcs-2022 VC in a did:key holder's VP, local status check).
# Prints each configuration, its ratio to SQLite, and two replicas / one replica (scale-out on one database).
# Usage: [ROUNDS=1] bench/load/postgres-load.sh [seconds=15] [connections=32]   (ROUNDS > 1: that many one/two-replica
# pairs, alternating which goes first, and the issuance ratio of each)
# Needs: the .NET SDK, wrk, curl, jq, and PostgreSQL server binaries (/usr/lib/postgresql/*/bin or IDENTITY_PG_BIN).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-15}"
connections="${2:-32}"
work="$(mktemp -d)"
chmod 0777 "$work"   # the cluster runs as the postgres user when this script runs as root
pids=()
pgbin="${IDENTITY_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_servers() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }
cleanup() {
  stop_servers
  # BENCH_KEEP_LOGS=DIR keeps the servers' logs (and PostgreSQL's) for a look at any non-2xx answer.
  if [[ -n "${BENCH_KEEP_LOGS:-}" ]]; then mkdir -p "$BENCH_KEEP_LOGS"; cp "$work"/*.log "$work/pg/server.log" "$BENCH_KEEP_LOGS"/ 2>/dev/null || true; fi
  [[ -f "$work/pg/postmaster.pid" ]] && as_pg "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

for tool in wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required (Debian package $tool)" >&2; exit 1; }; done
[[ -x "$pgbin/initdb" ]] || { echo "PostgreSQL server binaries not found: apt-get install postgresql, or set IDENTITY_PG_BIN" >&2; exit 1; }

echo "== building (Release)" >&2
dotnet build -c Release "$root/src/Identity.Server" -v q -nologo >&2
dotnet build -c Release "$root/bench/Identity.Benchmarks" -v q -nologo >&2
server_dll="$root/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll"
bench_dll="$root/bench/Identity.Benchmarks/bin/Release/net10.0/Identity.Benchmarks.dll"

echo "== starting a durable PostgreSQL cluster" >&2
pgport="${PGPORT_BENCH:-55499}"
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
cat >>"$work/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pgport
unix_socket_directories = ''
max_connections = 200
shared_buffers = 128MB
CONF
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start >/dev/null
as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -Atqc "SHOW fsync; SHOW synchronous_commit;" | tr '\n' ' ' | sed 's/^/   fsync, synchronous_commit: /' >&2; echo >&2

master="$(head -c 32 /dev/urandom | base64)"
admin="$(head -c 32 /dev/urandom | base64)"   # 256 bits: the service refuses admin keys under 128

# start_server NAME PORT [postgres-database]
start_server() {
  local name="$1" port="$2" database="${3:-}"
  local base="http://127.0.0.1:$port"
  local env=(IDENTITY_DATA_DIR="$work/$name-data" IDENTITY_PUBLIC_URL="http://identity.bench" IDENTITY_VERIFY_RATE_LIMIT=0
    IDENTITY_MASTER_KEY="$master" IDENTITY_ADMIN_KEY="$admin" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
    Logging__LogLevel__Microsoft.AspNetCore.Diagnostics=Error)
  if [[ -n "$database" ]]; then
    env+=(IDENTITY_STORAGE=postgres IDENTITY_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$database")
  fi
  env "${env[@]}" dotnet "$server_dll" --urls "$base" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -sf "$base/health" >/dev/null && return 0; sleep 0.2; done
  cat "$work/$name.log" >&2; exit 1
}

# prepare BASE: a tenant, an issue body and a presentation-verify body (in $work/<tag>-*.json); prints the API key.
prepare() {
  local base="$1" tag="$2"
  curl -sf -X POST "$base/admin/tenants" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Load Hospital\",\"id\":\"load-$tag\"}" >"$work/$tag-tenant.json"
  local key did_key holder
  key="$(jq -r .apiKey "$work/$tag-tenant.json")"
  did_key="$(jq -r .didKey "$work/$tag-tenant.json")"
  holder="$(dotnet "$bench_dll" load-holder)"
  jq -n --arg issuer "$did_key" --arg holder "$holder" '{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"],
    issuer: $issuer, credentialSubject: {id: $holder, bloodType: "AB-"}}}' >"$work/$tag-issue.json"
  curl -sf -X POST "$base/tenants/load-$tag/credentials/issue" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d @"$work/$tag-issue.json" | jq .verifiableCredential >"$work/$tag-vc.json"
  dotnet "$bench_dll" load-vp <"$work/$tag-vc.json" >"$work/$tag-vp.json"
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/presentations/verify" -H 'Content-Type: application/json' -d @"$work/$tag-vp.json")"
  [[ "$code" == 200 ]] || { echo "the load presentation does not verify on $base (HTTP $code)" >&2; exit 1; }
  echo "$key"
}

# wrk_post URL BODY KEY CONNECTIONS → "rps X p50_ms Y p99_ms Z requests N errors E"
wrk_post() { BODY="$2" KEY="$3" wrk -t2 -c"$4" -d"${seconds}s" --timeout 10s --latency -s "$root/bench/load/post.lua" "$1" | grep '^rps'; }

# combine two wrk result lines: summed rps and requests, worst p50/p99, summed errors
combine() { awk '{rps += $2; if ($4 > p50) p50 = $4; if ($6 > p99) p99 = $6; n += $8; e += $10}
  END {printf "rps %.1f p50_ms %.2f p99_ms %.2f requests %d errors %d\n", rps, p50, p99, n, e}' <<<"$1"$'\n'"$2"; }

declare -A result
run_single() {
  local name="$1" database="${2:-}"
  start_server "$name" 5191 "$database"
  local base="http://127.0.0.1:5191" key
  key="$(prepare "$base" "$name")"
  BODY="$work/$name-vp.json" wrk -t2 -c"$connections" -d3s -s "$root/bench/load/post.lua" "$base/presentations/verify" >/dev/null   # warm-up
  result["$name issue"]="$(wrk_post "$base/tenants/load-$name/credentials/issue" "$work/$name-issue.json" "$key" "$connections")"
  result["$name verify"]="$(wrk_post "$base/presentations/verify" "$work/$name-vp.json" "" "$connections")"
  stop_servers
}

run_two() {
  local name="$1" database="$2" half=$(( connections / 2 ))
  start_server "$name-a" 5192 "$database"
  start_server "$name-b" 5193 "$database"
  local a="http://127.0.0.1:5192" b="http://127.0.0.1:5193" key
  key="$(prepare "$a" "$name")"
  BODY="$work/$name-vp.json" wrk -t2 -c"$connections" -d3s -s "$root/bench/load/post.lua" "$b/presentations/verify" >/dev/null   # warm-up
  local ra rb
  ra="$work/$name-ra"; rb="$work/$name-rb"
  # wait for the first wrk by pid: a bare `wait` would also wait for the servers.
  local first
  wrk_post "$a/tenants/load-$name/credentials/issue" "$work/$name-issue.json" "$key" "$half" >"$ra" & first=$!
  wrk_post "$b/tenants/load-$name/credentials/issue" "$work/$name-issue.json" "$key" "$half" >"$rb"
  wait "$first"
  result["$name issue"]="$(combine "$(cat "$ra")" "$(cat "$rb")")"
  wrk_post "$a/presentations/verify" "$work/$name-vp.json" "" "$half" >"$ra" & first=$!
  wrk_post "$b/presentations/verify" "$work/$name-vp.json" "" "$half" >"$rb"
  wait "$first"
  result["$name verify"]="$(combine "$(cat "$ra")" "$(cat "$rb")")"
  stop_servers
}

echo "== sqlite, one server" >&2;           run_single sqlite
# ROUNDS pairs of one replica and two replicas, alternating which goes first, each on a fresh database.
rounds="${ROUNDS:-1}"
ratios=""
for round in $(seq 1 "$rounds"); do
  for n in 1 2; do as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -Atqc "CREATE DATABASE bench${n}_r$round" >/dev/null; done
  order=(1 2); (( round % 2 == 0 )) && order=(2 1)
  for n in "${order[@]}"; do
    if [[ $n == 1 ]]; then echo "== postgres, one server (round $round)" >&2; run_single "pg1-r$round" "bench1_r$round"
    else echo "== postgres, two replicas (round $round)" >&2; run_two "pg2-r$round" "bench2_r$round"; fi
  done
  ratios+="$(awk -v a="${result["pg2-r$round issue"]}" -v b="${result["pg1-r$round issue"]}" 'BEGIN {split(a, x, " "); split(b, y, " "); printf "%.2f", x[2] / y[2]}') "
done
# The first round's figures are the table's postgres-1 and postgres-2.
for request in issue verify; do
  result["postgres-1 $request"]="${result["pg1-r1 $request"]}"
  result["postgres-2 $request"]="${result["pg2-r1 $request"]}"
done

echo
echo "seconds per run: $seconds, connections: $connections (split evenly over the replicas)"
printf '%-12s %-7s %s\n' config request "result"
for name in sqlite postgres-1 postgres-2; do
  for request in issue verify; do
    printf '%-12s %-7s %s\n' "$name" "$request" "${result["$name $request"]}"
  done
done
echo
echo "ratios to sqlite (requests/s):"
for name in postgres-1 postgres-2; do
  for request in issue verify; do
    awk -v n="$name" -v r="$request" -v a="${result["$name $request"]}" -v b="${result["sqlite $request"]}" \
      'BEGIN {split(a, x, " "); split(b, y, " "); printf "%-12s %-7s %.2f\n", n, r, x[2] / y[2]}'
  done
done
if (( rounds > 1 )); then
  echo
  for round in $(seq 1 "$rounds"); do
    for name in "pg1-r$round" "pg2-r$round"; do printf '%-12s %-7s %s\n' "$name" issue "${result["$name issue"]}"; done
  done
  echo "two replicas / one replica, issuance, each round (alternating order): $ratios"
fi
echo
echo "two replicas / one replica on one PostgreSQL (requests/s, round 1):"
for request in issue verify; do
  awk -v r="$request" -v a="${result["postgres-2 $request"]}" -v b="${result["postgres-1 $request"]}" \
    'BEGIN {split(a, x, " "); split(b, y, " "); printf "%-7s %.2f\n", r, x[2] / y[2]}'
done
