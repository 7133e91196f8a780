#!/usr/bin/env bash
# Compares, on this machine and in one run, our in-process SD-JWT VC presentation verification with Key Binding
# (SdJwtVerifyBenchmarks' shape: Ed25519 did:key issuer, holder key in cnf, two of five claims disclosed, KB-JWT over
# nonce and audience) with its crypto bound (the presentation's own two JWS signatures checked with NSec, timed in the
# same process) and with @sd-jwt/sd-jwt-vc 0.19.0 (sd-jwt-verify-node.mjs, the same shape), in alternating rounds
# (verify-rounds.sh). Issue 23's targets: ≥ 90 % of the bound and ≥ 4× @sd-jwt/sd-jwt-vc.
# BenchmarkDotNet figures: dotnet run -c Release --project bench/Identity.Benchmarks -- --filter '*SdJwtVerify*' --job short
# Needs the .NET SDK, Node 20+ and `npm ci --prefix tests/interop`.
# Usage: bench/load/sd-jwt-verify-compare.sh [rounds=3] [seconds=5]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/verify-rounds.sh"
verify_rounds sdjwt sd-jwt-verify-node.mjs "${1:-3}" "${2:-5}" "@sd-jwt/sd-jwt-vc"
