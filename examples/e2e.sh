#!/usr/bin/env bash
# The whole system, end to end: a hospital, a patient's wallet and a provider, against a real Identity service.
#
#   examples/e2e.sh            builds the server and the CLI once, then runs the flow
#   E2E_NO_BUILD=1 examples/e2e.sh   uses what is already built (Debug; E2E_CONFIGURATION=Release to change)
#
# It starts the service on a free loopback port with a temporary data directory, and stops it on exit.
# Needs: the .NET 10 SDK, libsodium, curl and jq. Exits non-zero as soon as any step has an unexpected outcome.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIGURATION=${E2E_CONFIGURATION:-Debug}
SERVER_DLL=src/Identity.Server/bin/$CONFIGURATION/net10.0/Identity.Server.dll
CLI_DLL=src/Identity.Cli/bin/$CONFIGURATION/net10.0/Identity.Cli.dll

step=0
step() { step=$((step + 1)); printf '\n== %d. %s\n' "$step" "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() { printf '\nE2E FAILED at step %d: %s\n' "$step" "$*" >&2; exit 1; }
for tool in curl jq dotnet; do command -v "$tool" >/dev/null || fail "$tool is required"; done

if [ "${E2E_NO_BUILD:-0}" != 1 ]; then
  step "Build the service and the CLI ($CONFIGURATION)"
  dotnet build src/Identity.Server -c "$CONFIGURATION" --nologo -v q >/dev/null
  dotnet build src/Identity.Cli -c "$CONFIGURATION" --nologo -v q >/dev/null
fi
[ -f "$SERVER_DLL" ] && [ -f "$CLI_DLL" ] || fail "build first: $SERVER_DLL or $CLI_DLL is missing"

# --- a service on a free port, with its own data directory ----------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/identity-e2e.XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  fail "no free port found"
}
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')

step "Start the service on $BASE (data in a temporary directory)"
IDENTITY_DATA_DIR="$WORK/data" IDENTITY_PUBLIC_URL="$BASE" IDENTITY_ADMIN_KEY="$ADMIN_KEY" \
IDENTITY_DID_WEB_ALLOW_LOOPBACK=1 ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$SERVER_DLL" --urls "$BASE" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -sf "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; fail "the service exited"; }
  sleep 0.2
done
curl -sf "$BASE/health" >/dev/null || fail "the service did not become healthy"
ok "service healthy"

# The CLI as the patient, hospital and provider use it. The wallet's passphrase comes from the environment here;
# a person is prompted instead. Loopback did:web is allowed because the whole demo runs on 127.0.0.1.
export IDENTITY_WALLET="$WORK/wallet.json" IDENTITY_WALLET_PASSPHRASE="e2e-demo-passphrase" IDENTITY_DID_WEB_ALLOW_LOOPBACK=1
identity() { dotnet "$CLI_DLL" "$@"; }

step "Operator creates the hospital tenant st-marys"
identity tenant create "St Mary's Hospital" --id st-marys --server "$BASE" --admin-key "$ADMIN_KEY" --json >"$WORK/tenant.json" \
  || fail "tenant create"
export IDENTITY_TENANT_KEY=$(jq -r .apiKey "$WORK/tenant.json")
ok "tenant $(jq -r .did "$WORK/tenant.json")"

step "Patient creates a wallet (Ed25519 did:key, encrypted file, mode 0600)"
identity wallet init || fail "wallet init"
PATIENT_DID=$(identity wallet show --json | jq -r .did)
[ "$(stat -c %a "$IDENTITY_WALLET")" = 600 ] || fail "the wallet file is not mode 0600"
ok "patient DID $PATIENT_DID"

# ---------------------------------------------------------------------------------------------------------------
# BIOMETRIC ENROLLMENT GOES HERE (biometrics issue): the hospital enrolls synthetic captures with
# POST /tenants/st-marys/enrollments (a holder proof from the wallet plus the template) and the wallet receives the
# BiometricBindingCredential; the provider then verifies with --biometric. Until then the hospital issues a plain
# PatientIdentityCredential below.
# ---------------------------------------------------------------------------------------------------------------

step "Hospital issues a PatientIdentityCredential to the patient"
jq -n --arg did "$PATIENT_DID" '{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiableCredential", "PatientIdentityCredential"],
  "credentialSchema": {"id": "https://identity.example/schemas/credentials/PatientIdentityCredential.schema.json", "type": "JsonSchema"},
  "credentialSubject": {"id": $did, "patientId": "MRN-0042", "givenName": "Alice", "familyName": "Example", "birthDate": "1990-04-01"}
}' >"$WORK/credential.json"
identity issue "$WORK/credential.json" --server "$BASE" --tenant st-marys --out "$WORK/vc.json" || fail "issue"
CREDENTIAL_ID=$(jq -r .id "$WORK/vc.json")

step "Wallet receives the credential (checks it is addressed to this wallet and verifies it first)"
identity wallet receive "$WORK/vc.json" || fail "wallet receive"
identity wallet list --check || fail "wallet list"

step "Provider asks for a challenge"
identity challenge --server "$BASE" --json >"$WORK/challenge.json" || fail "challenge"
CHALLENGE=$(jq -r .challenge "$WORK/challenge.json"); DOMAIN=$(jq -r .domain "$WORK/challenge.json")
ok "challenge $CHALLENGE for domain $DOMAIN"

step "Wallet presents the credential for that challenge"
identity present --challenge "$CHALLENGE" --domain "$DOMAIN" --out "$WORK/vp.json" || fail "present"

step "Provider verifies the presentation (expected: verified)"
identity verify "$WORK/vp.json" --server "$BASE" --challenge "$CHALLENGE" --domain "$DOMAIN" || fail "the presentation did not verify"
ok "VERIFIED"

step "Someone replays the same presentation (expected: rejected on challenge)"
if identity verify "$WORK/vp.json" --server "$BASE" --challenge "$CHALLENGE" --domain "$DOMAIN" >"$WORK/replay.txt"; then
  cat "$WORK/replay.txt"; fail "the replayed presentation verified"
fi
cat "$WORK/replay.txt"
grep -q "challenge (challengeReused)" "$WORK/replay.txt" || fail "the replay was not rejected on its challenge"
ok "REJECTED: challenge"

step "Hospital revokes the credential"
identity revoke "$CREDENTIAL_ID" --server "$BASE" --tenant st-marys || fail "revoke"

step "Provider verifies a fresh presentation again (expected: rejected on credentialStatus)"
identity challenge --server "$BASE" --json >"$WORK/challenge2.json" || fail "challenge"
CHALLENGE=$(jq -r .challenge "$WORK/challenge2.json")
identity present --challenge "$CHALLENGE" --domain "$DOMAIN" --out "$WORK/vp2.json" || fail "present"
if identity verify "$WORK/vp2.json" --server "$BASE" --challenge "$CHALLENGE" --domain "$DOMAIN" >"$WORK/revoked.txt"; then
  cat "$WORK/revoked.txt"; fail "the presentation of a revoked credential verified"
fi
cat "$WORK/revoked.txt"
grep -q "credentialStatus (credentialRevoked)" "$WORK/revoked.txt" || fail "not rejected on credentialStatus"
ok "REJECTED: credentialStatus"

printf '\nE2E PASSED: %d steps\n' "$step"
