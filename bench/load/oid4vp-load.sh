#!/usr/bin/env bash
# OpenID4VP verification through the full flow against the plain VC-API verify, in one run against the real service
# (Release build, Kestrel, SQLite under a temp data dir), with the same SD-JWT VC and holder:
#   verify:     SD-JWT+KB -> POST /presentations/verify (challenge and domain in options);
#   oid4vp:     create request -> fetch request object -> SD-JWT+KB -> POST response_uri (direct_post) -> GET outcome;
#   oid4vp-jwt: the same with direct_post.jwt (ECDH-ES + A128GCM).
# The client (bench/load/oid4vp-load.mjs) signs each Key Binding JWT, so both sides include that cost.
# Usage: bench/load/oid4vp-load.sh [seconds=15] [concurrency=8]. Needs the .NET SDK, Node 20+, curl, jq and
# `npm ci --prefix tests/interop`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-15}"
concurrency="${2:-8}"
port="${PORT:-5098}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in curl jq node; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }; done
[[ -f "$root/tests/interop/node_modules/@sd-jwt/sd-jwt-vc/package.json" ]] || { echo "run npm ci --prefix tests/interop" >&2; exit 1; }

echo "== building (Release)" >&2
dotnet build -c Release "$root/src/Identity.Server" -v q -nologo >&2

echo "== starting the server on $base" >&2
IDENTITY_DATA_DIR="$work/data" IDENTITY_PUBLIC_URL="$base" IDENTITY_VERIFY_RATE_LIMIT=0 ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
  dotnet "$root/src/Identity.Server/bin/Release/net10.0/Identity.Server.dll" --urls "$base" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

admin="$(cat "$work/data/admin.key")"
key="$(curl -sf -X POST "$base/admin/tenants" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"Load Clinic","id":"load"}' | jq -r .apiKey)"

# The holder: an Ed25519 key whose did:key is the credential's subject, so the SD-JWT VC binds it (cnf).
holder_did="$(cd "$root/tests/interop" && node --input-type=module -e '
  import {generateKeyPairSync} from "node:crypto";
  import {writeFileSync} from "node:fs";
  import {base58btc} from "multiformats/bases/base58";
  const {privateKey} = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({format: "jwk"});
  writeFileSync(process.argv[1], JSON.stringify(jwk));
  console.log("did:key:" + base58btc.encode(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(jwk.x, "base64url")])));
' "$work/holder.json")"
jq -n --arg holder "$holder_did" '{credential: {"@context": ["https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"],
  type: ["VerifiableCredential", "PatientIdentityCredential"], credentialSubject: {id: $holder, bloodType: "AB-", givenName: "Ada"}},
  options: {format: "dc+sd-jwt"}}' >"$work/issue.json"
curl -sf -X POST "$base/tenants/load/credentials/issue" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d @"$work/issue.json" | jq -r '.verifiableCredential.id | sub("^data:application/dc\\+sd-jwt,"; "")' >"$work/sdjwt.txt"

for mode in verify oid4vp oid4vp-jwt; do
  node "$root/bench/load/oid4vp-load.mjs" "$base" load "$key" "$work/sdjwt.txt" "$work/holder.json" "$mode" "$seconds" "$concurrency"
done
echo "(one run, $concurrency concurrent clients, ${seconds} s each after a 2 s warm-up; $(uname -sm); $(nproc) CPUs; node $(node --version); dotnet $(dotnet --version))"
