#!/usr/bin/env bash
# Compares, on this machine and in one run, our in-process SD-JWT VC presentation verification (with Key Binding)
# with @sd-jwt/sd-jwt-vc 0.19.0's:
#   1. BenchmarkDotNet SdJwtVerifyBenchmarks (--job short): Mean of VerifySdJwtPresentation;
#   2. bench/load/sd-jwt-verify-node.mjs: the same presentation shape verified by @sd-jwt/sd-jwt-vc, ~N s after a warm-up.
# Needs the .NET SDK, Node 20+ and `npm ci --prefix tests/interop`. Usage: bench/load/sd-jwt-verify-compare.sh [node-seconds=5]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-5}"
artifacts="$(mktemp -d)"
trap 'rm -rf "$artifacts"' EXIT

if [[ ! -f "$root/tests/interop/node_modules/@sd-jwt/sd-jwt-vc/package.json" ]]; then
  echo "tests/interop/node_modules is missing: run npm ci --prefix tests/interop" >&2
  exit 1
fi

echo "== BenchmarkDotNet: SdJwtVerifyBenchmarks (--job short) ==" >&2
(cd "$root" && dotnet run -c Release --project bench/Identity.Benchmarks -- \
  --filter '*SdJwtVerify*' --job short --artifacts "$artifacts") >&2

report="$(find "$artifacts" -name '*SdJwtVerifyBenchmarks-report.csv' | head -n 1)"
if [[ -z "$report" ]]; then
  echo "No BenchmarkDotNet CSV report under $artifacts" >&2
  exit 1
fi

# Mean of one benchmark, in nanoseconds, from the CSV report (quoted fields, "1,234.5 ns" / "12.3 μs" / "1.2 ms").
mean_ns() {
  node --input-type=module -e '
    import {readFileSync} from "node:fs";
    const [file, method] = process.argv.slice(1);
    const rows = readFileSync(file, "utf8").trim().split(/\r?\n/).map(line =>
      [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map(m => m[1].replace(/^"|"$/g, "").replace(/""/g, "\"")));
    const header = rows[0];
    const row = rows.slice(1).find(r => r[header.indexOf("Method")] === method);
    if(!row) { throw new Error(`no row for ${method}`); }
    const m = /^([\d.,]+)\s*(ns|μs|us|ms|s)$/.exec(row[header.indexOf("Mean")].trim());
    if(!m) { throw new Error(`cannot parse Mean "${row[header.indexOf("Mean")]}"`); }
    const scale = {ns: 1, "μs": 1e3, us: 1e3, ms: 1e6, s: 1e9}[m[2]];
    console.log(Number(m[1].replace(/,/g, "")) * scale);
  ' "$report" "$1"
}

ours_ns="$(mean_ns VerifySdJwtPresentation)"

echo "== @sd-jwt/sd-jwt-vc verify() (~${seconds} s after warm-up) ==" >&2
node_rate="$(cd "$root" && node bench/load/sd-jwt-verify-node.mjs "$seconds" | tail -n 1)"

awk -v ours_ns="$ours_ns" -v peer="$node_rate" 'BEGIN {
  ours = 1e9 / ours_ns;
  printf "ours SD-JWT+KB verifies/s:           %12.0f  (mean %.1f ns)\n", ours, ours_ns;
  printf "@sd-jwt/sd-jwt-vc verifies/s:        %12.0f\n", peer;
  printf "ratio ours/@sd-jwt:                  %12.1fx\n", ours / peer;
}'
echo "(single process, one thread each; $(uname -sm); $(nproc) CPUs; node $(node --version); dotnet $(dotnet --version))"
