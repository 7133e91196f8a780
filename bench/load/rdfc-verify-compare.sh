#!/usr/bin/env bash
# Compares, on this machine and in one run, our canonicalize-and-verify of an eddsa-rdfc-2022 credential with
# @digitalbazaar/vc's, both as "loop for N seconds after a warm-up":
#   1. dotnet run -c Release --project bench/Identity.Benchmarks -- rdfc-verify N  (also prints the time split:
#      expansion + toRdf, RDFC-1.0, SHA-256 + Ed25519);
#   2. node bench/load/rdfc-verify-digitalbazaar.mjs N  (same credential, same key and date: identical signed document).
# For BenchmarkDotNet figures: dotnet run -c Release --project bench/Identity.Benchmarks -- --filter '*RdfcVerify*' --job short
# Needs the .NET SDK, Node 20+ and `npm ci --prefix tests/interop`. Usage: bench/load/rdfc-verify-compare.sh [seconds=5]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-5}"

if [[ ! -f "$root/tests/interop/node_modules/@digitalbazaar/eddsa-rdfc-2022-cryptosuite/package.json" ]]; then
  echo "tests/interop/node_modules is missing: run npm ci --prefix tests/interop" >&2
  exit 1
fi

echo "== ours: RdfcVerifyRate (${seconds} s) ==" >&2
ours_output="$(cd "$root" && dotnet run -c Release --project bench/Identity.Benchmarks -- rdfc-verify "$seconds")"
echo "$ours_output" | head -n -1 >&2
ours="$(echo "$ours_output" | tail -n 1)"

echo "== @digitalbazaar/vc verifyCredential (${seconds} s) ==" >&2
theirs="$(node "$root/bench/load/rdfc-verify-digitalbazaar.mjs" "$seconds" | tail -n 1)"

node -e 'const [o, t] = process.argv.slice(1).map(Number);
  console.log(`ours ${o} ops/s, @digitalbazaar/vc ${t} ops/s: ${(o / t).toFixed(1)}x`);' "$ours" "$theirs"
