#!/usr/bin/env bash
# Compares, on this machine and in one run, our canonicalize-and-verify of an eddsa-rdfc-2022 credential
# (bench/Identity.Benchmarks/Data/rdfc-credential.json, did:key issuer) with @digitalbazaar/vc's verifyCredential on the
# identical signed document (rdfc-verify-digitalbazaar.mjs) and with its crypto bound (SHA-256 of both canonical forms
# and one Ed25519 verify, timed in the same process), in alternating rounds (verify-rounds.sh). Issue 23's target:
# ≥ 12× @digitalbazaar/vc.
# The time split (document expansion + toRdf, its RDFC-1.0, SHA-256 + Ed25519, the rest): dotnet run -c Release --project bench/Identity.Benchmarks -- rdfc-verify 5
# Needs the .NET SDK, Node 20+ and `npm ci --prefix tests/interop`.
# Usage: bench/load/rdfc-verify-compare.sh [rounds=3] [seconds=5]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/verify-rounds.sh"
verify_rounds rdfc rdfc-verify-digitalbazaar.mjs "${1:-3}" "${2:-5}" "@digitalbazaar/vc"
