#!/usr/bin/env bash
# Compares, on this machine and in one run, our in-process presentation verification with @digitalbazaar/vc's:
#   1. BenchmarkDotNet PresentationVerifyBenchmarks (--job short): Mean of RawEd25519Verify and VerifyPresentation;
#   2. bench/load/vp-verify-digitalbazaar.mjs: @digitalbazaar/vc 7.3.0 verify() on an equivalent presentation (one
#      eddsa-jcs-2022 credential, did:key issuer and holder, challenge and domain), ~5 s after a warm-up.
# A VP verify needs two Ed25519 verifies (credential and presentation), so the crypto bound is raw rate / 2.
# Needs the .NET SDK, Node 20+ and `npm ci --prefix tests/interop`. Usage: bench/load/vp-verify-compare.sh [node-seconds=5]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-5}"
artifacts="$(mktemp -d)"
trap 'rm -rf "$artifacts"' EXIT

if [[ ! -f "$root/tests/interop/node_modules/@digitalbazaar/vc/package.json" ]]; then
  echo "tests/interop/node_modules is missing: run npm ci --prefix tests/interop" >&2
  exit 1
fi

echo "== BenchmarkDotNet: PresentationVerifyBenchmarks (--job short) ==" >&2
(cd "$root" && dotnet run -c Release --project bench/Identity.Benchmarks -- \
  --filter '*PresentationVerify*' --job short --artifacts "$artifacts") >&2

report="$(find "$artifacts" -name '*PresentationVerifyBenchmarks-report.csv' | head -n 1)"
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

raw_ns="$(mean_ns RawEd25519Verify)"
vp_ns="$(mean_ns VerifyPresentation)"

echo "== @digitalbazaar/vc verify() (~${seconds} s after warm-up) ==" >&2
db_rate="$(cd "$root" && node bench/load/vp-verify-digitalbazaar.mjs "$seconds" | tail -n 1)"

awk -v raw_ns="$raw_ns" -v vp_ns="$vp_ns" -v db="$db_rate" 'BEGIN {
  raw = 1e9 / raw_ns; ours = 1e9 / vp_ns; bound = raw / 2;
  printf "raw Ed25519 verifies/s:              %12.0f  (mean %.1f ns)\n", raw, raw_ns;
  printf "ours VP verifies/s:                  %12.0f  (mean %.1f ns)\n", ours, vp_ns;
  printf "crypto bound (raw/2) VP/s:           %12.0f\n", bound;
  printf "ours as %% of bound:                  %11.1f%%\n", 100 * ours / bound;
  printf "digitalbazaar VP verifies/s:         %12.0f\n", db;
  printf "ratio ours/digitalbazaar:            %12.1fx\n", ours / db;
}'
echo "(single process, one thread each; $(uname -sm); $(nproc) CPUs; node $(node --version); dotnet $(dotnet --version))"
