#!/usr/bin/env bash
# SD-JWT VC (+Key Binding) verify rate, ours vs @sd-jwt/sd-jwt-vc 0.19.0, measured in alternating rounds so that both
# see the same machine load (useful on a shared machine, where a long BenchmarkDotNet run and a later node run can
# meet different loads). Each round: ours (bench/Identity.Benchmarks rate-sdjwt), then node (sd-jwt-verify-node.mjs),
# the same warm-up-then-timed-loop method on both sides. Prints every round and the median ratio.
# Usage: bench/load/sd-jwt-verify-interleaved.sh [rounds=5] [seconds=4]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-5}"
seconds="${2:-4}"
(cd "$root" && dotnet build -c Release bench/Identity.Benchmarks -v quiet -nologo >/dev/null)
dll="$root/bench/Identity.Benchmarks/bin/Release/net10.0/Identity.Benchmarks.dll"
ratios=()
for i in $(seq 1 "$rounds"); do
  ours="$(dotnet "$dll" rate-sdjwt "$seconds" | tail -n 1)"
  theirs="$(node "$root/bench/load/sd-jwt-verify-node.mjs" "$seconds" | tail -n 1)"
  ratio="$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')"
  ratios+=("$ratio")
  echo "round $i: ours ${ours}/s  @sd-jwt/sd-jwt-vc ${theirs}/s  ratio ${ratio}x  (load $(cut -d' ' -f1 /proc/loadavg))"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median ratio ours/@sd-jwt: %sx over %d rounds\n", a[int((NR + 1) / 2)], NR }'
echo "($(uname -sm); $(nproc) CPUs; node $(node --version); dotnet $(dotnet --version))"
