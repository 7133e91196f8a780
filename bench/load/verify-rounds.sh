#!/usr/bin/env bash
# Shared by vp-verify-compare.sh, rdfc-verify-compare.sh and sd-jwt-verify-compare.sh (issue 23): alternating rounds of
#   1. `Identity.Benchmarks verify-rates KIND SECONDS`: our verify path and its crypto bound, timed in one process in
#      alternating half-second slices (so both meet the same machine load); prints "ours bound" (ops/s);
#   2. the node peer, `node PEER SECONDS` (its last line: ops/s), right after, on the same machine.
# Prints every round and the median of the per-round ratios (ours/bound and ours/peer), so a shared, noisy machine
# shifts both sides of each ratio alike. Source it, then: verify_rounds KIND PEER_SCRIPT ROUNDS SECONDS LABEL
set -euo pipefail

verify_rounds() {
  local kind="$1" peer="$2" rounds="$3" seconds="$4" label="$5"
  local root dll
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  if [[ ! -d "$root/tests/interop/node_modules" ]]; then
    echo "tests/interop/node_modules is missing: run npm ci --prefix tests/interop" >&2
    return 1
  fi

  (cd "$root" && dotnet build -c Release bench/Identity.Benchmarks -v quiet -nologo >/dev/null)
  dll="$root/bench/Identity.Benchmarks/bin/Release/net10.0/Identity.Benchmarks.dll"
  local bound_ratios=() peer_ratios=() i ours bound theirs
  for i in $(seq 1 "$rounds"); do
    read -r ours bound < <(dotnet "$dll" verify-rates "$kind" "$seconds" 2>/dev/null | tail -n 1)
    theirs="$(node "$root/bench/load/$peer" "$seconds" 2>/dev/null | tail -n 1)"
    bound_ratios+=("$(awk -v a="$ours" -v b="$bound" 'BEGIN { printf "%.3f", a / b }')")
    peer_ratios+=("$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')")
    printf 'round %d: ours %6.0f/s  bound %6.0f/s (%5.1f %%)  %s %6.0f/s (%5.2fx)  load %s\n' "$i" "$ours" "$bound" \
      "$(awk -v r="${bound_ratios[-1]}" 'BEGIN { print 100 * r }')" "$label" "$theirs" "${peer_ratios[-1]}" "$(cut -d' ' -f1 /proc/loadavg)"
  done

  median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
  printf '%s: median ours/bound %.1f %% (rounds %s); median ours/%s %sx (rounds %s)\n' "$kind" \
    "$(awk -v r="$(median "${bound_ratios[@]}")" 'BEGIN { print 100 * r }')" "$(printf '%s ' "${bound_ratios[@]}" | sed 's/ $//')" \
    "$label" "$(median "${peer_ratios[@]}")" "$(printf '%s ' "${peer_ratios[@]}" | sed 's/ $//')"
  echo "($(uname -sm); $(nproc) CPUs; node $(node --version); dotnet $(dotnet --version); one thread each)"
}
