#!/usr/bin/env bash
# The hostile-input benchmark (issue 14): starts the real service (Release build, shipped defaults, SQLite in a temp
# data directory), posts the worst document of each hostile class that fits in the 1 MiB request limit, and prints
# per class the HTTP status, the problem code, the wall time and the server's RSS / peak RSS (/proc/<pid>/status).
# Target: every class a 4xx within 2 s, peak RSS under 300 MB, the server alive at the end.
# Usage: bench/hostile/run.sh [max-body-bytes=1048576] [runs-per-class=2]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
max_bytes="${1:-1048576}"
runs="${2:-2}"
port="${PORT:-5098}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== building (Release)" >&2
dotnet build -c Release "$root/src/Identity.Server" -v q -nologo >&2
dotnet build -c Release "$root/bench/hostile/Identity.HostileBench" -v q -nologo >&2

echo "== starting the server on $base (shipped defaults)" >&2
IDENTITY_DATA_DIR="$work/data" IDENTITY_PUBLIC_URL="$base" ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$root/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll" --urls "$base" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
echo "== server pid $server_pid, RSS at start: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$server_pid/status")" >&2

status=0
dotnet "$root/bench/hostile/Identity.HostileBench/bin/Release/net10.0/Identity.HostileBench.dll" "$base" "$server_pid" "$max_bytes" "$runs" || status=$?
if grep -q "Stack overflow\|   at " "$work/server.log"; then
  echo "the server log holds a stack trace:" >&2
  grep -n -m5 "Stack overflow\|   at " "$work/server.log" >&2
  status=1
fi
exit "$status"
