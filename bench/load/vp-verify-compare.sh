#!/usr/bin/env bash
# Compares, on this machine and in one run, our in-process presentation verification (one eddsa-jcs-2022 credential,
# did:key issuer and holder, challenge and domain; the verifier configured as the server configures it, JSON-LD rules
# over the shipped contexts) with its crypto bound and with @digitalbazaar/vc 7.3.0 (vp-verify-digitalbazaar.mjs, the
# equivalent presentation), in alternating rounds (verify-rounds.sh). The bound: two raw Ed25519 verifies (credential
# and presentation), timed in the same process. Issue 23's targets: ≥ 90 % of the bound.
# BenchmarkDotNet figures: dotnet run -c Release --project bench/Identity.Benchmarks -- --filter '*PresentationVerify*' --job short
# Needs the .NET SDK, Node 20+ and `npm ci --prefix tests/interop`.
# Usage: bench/load/vp-verify-compare.sh [rounds=3] [seconds=5]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/verify-rounds.sh"
verify_rounds vp vp-verify-digitalbazaar.mjs "${1:-3}" "${2:-5}" "@digitalbazaar/vc"
