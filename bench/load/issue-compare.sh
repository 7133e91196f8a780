#!/usr/bin/env bash
# Durable issuance (POST /tenants/{t}/credentials/issue) on two builds of the service side by side: BEFORE, a git ref
# of this repository checked out into a temp clone, and the working tree. Both Release servers run at once, each on
# its own fresh data directory and, with storage=postgres, its own database of one throwaway durable PostgreSQL
# cluster (fsync on); otherwise on SQLite (WAL + synchronous=FULL). wrk loads them in turn, alternating which goes
# first, so that both see the same machine. Prints each run, then the median requests/s of each side.
# Usage: bench/load/issue-compare.sh [before-ref=main] [rounds=6] [seconds=10] [connections=32] [storage=sqlite|postgres]
# With AFTER=<ref> in the environment the "after" side is that ref (checked out like BEFORE) instead of the working
# tree, e.g. the SQLite driver upgrade alone: AFTER=60830ee bench/load/issue-compare.sh 60830ee^ 8
# Needs: the .NET SDK, git, wrk, curl, jq; for postgres, PostgreSQL server binaries (or IDENTITY_PG_BIN).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ref="${1:-main}"
rounds="${2:-6}"
seconds="${3:-10}"
connections="${4:-32}"
storage="${5:-sqlite}"
work="$(mktemp -d)"
chmod 0777 "$work"   # the cluster runs as the postgres user when this script runs as root
pids=()
pgbin="${IDENTITY_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
pgport="${PGPORT_BENCH:-55498}"
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [[ -f "$work/pg/postmaster.pid" ]] && as_pg "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
[[ "$storage" == sqlite || "$storage" == postgres ]] || { echo "storage must be sqlite or postgres" >&2; exit 2; }

for tool in git wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required (Debian package $tool)" >&2; exit 1; }; done

echo "== checking out $ref ($(git -C "$root" rev-parse --short "$ref")) and building both (Release)" >&2
git clone -q "$root" "$work/before"
git -C "$work/before" checkout -q --detach "$(git -C "$root" rev-parse "$ref")"
declare -A tree=([before]="$work/before" [after]="$root") port=([before]=5491 [after]=5492) key=()
if [[ -n "${AFTER:-}" ]]; then
  git clone -q "$root" "$work/after"
  git -C "$work/after" checkout -q --detach "$(git -C "$root" rev-parse "$AFTER")"
  tree[after]="$work/after"
fi
for side in before after; do dotnet build -c Release "${tree[$side]}/src/Identity.Server" -v q -nologo >&2; done

declare -A storage_env=([before]="" [after]="")
if [[ "$storage" == postgres ]]; then
  [[ -x "$pgbin/initdb" ]] || { echo "PostgreSQL server binaries not found: apt-get install postgresql, or set IDENTITY_PG_BIN" >&2; exit 1; }
  echo "== starting a durable PostgreSQL cluster" >&2
  as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = ''\nmax_connections = 200\n" "$pgport" >>"$work/pg/postgresql.conf"
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start >/dev/null
  for side in before after; do
    as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE bench_$side" >/dev/null
    storage_env[$side]="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=bench_$side"
  done
fi

for side in before after; do
  base="http://127.0.0.1:${port[$side]}"
  if [[ -n "${storage_env[$side]}" ]]; then export IDENTITY_STORAGE=postgres IDENTITY_POSTGRES="${storage_env[$side]}"; fi
  IDENTITY_DATA_DIR="$work/$side-data" IDENTITY_PUBLIC_URL="$base" IDENTITY_VERIFY_RATE_LIMIT=0 ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning \
    dotnet "${tree[$side]}/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll" --urls "$base" >"$work/$side.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
  curl -sf "$base/health" >/dev/null || { cat "$work/$side.log" >&2; exit 1; }
  admin="$(cat "$work/$side-data/admin.key")"
  tenant="$(curl -sf -X POST "$base/admin/tenants" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"Load Hospital","id":"load"}')"
  key[$side]="$(jq -r .apiKey <<<"$tenant")"
  jq -n --arg issuer "$(jq -r .didKey <<<"$tenant")" '{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"],
    issuer: $issuer, credentialSubject: {id: "did:example:patient", bloodType: "AB-"}}}' >"$work/$side-issue.json"
done

issue() { BODY="$work/$1-issue.json" KEY="${key[$1]}" wrk -t2 -c"$connections" -d"${2}s" -s "$root/bench/load/post.lua" "http://127.0.0.1:${port[$1]}/tenants/load/credentials/issue" | grep '^rps'; }
echo "== warm-up" >&2
for side in before after; do issue "$side" 5 >/dev/null; done

declare -A results=([before]="" [after]="")
for round in $(seq 1 "$rounds"); do
  order=(before after); (( round % 2 == 0 )) && order=(after before)
  for side in "${order[@]}"; do
    line="$(issue "$side" "$seconds")"
    results[$side]+="$(awk '{print $2}' <<<"$line") "
    echo "round $round $side: $line  load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
echo "median issue rps ($storage): before ($ref) $(median <<<"${results[before]}")  after (${AFTER:-working tree}) $(median <<<"${results[after]}")"
awk -v b="$(median <<<"${results[before]}")" -v a="$(median <<<"${results[after]}")" 'BEGIN {printf "after / before: %.3f\n", a / b}'
