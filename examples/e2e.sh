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

step "Hospital enrolls the patient's iris: three synthetic captures and the wallet's holder proof over a fresh challenge"
for n in 1 2 3; do
  identity capture synth --modality iris --subject 42 --seed "$n" --out "$WORK/enrol-$n.json" >/dev/null || fail "capture synth"
done
identity challenge --server "$BASE" --json >"$WORK/enrol-challenge.json" || fail "challenge"
identity present --no-credentials --challenge "$(jq -r .challenge "$WORK/enrol-challenge.json")" \
  --domain "$(jq -r .domain "$WORK/enrol-challenge.json")" --out "$WORK/holder-proof.json" >/dev/null || fail "holder proof"
identity enroll --server "$BASE" --tenant st-marys --subject "$PATIENT_DID" --holder-proof "$WORK/holder-proof.json" \
  --modality iris --capture "$WORK/enrol-1.json" "$WORK/enrol-2.json" "$WORK/enrol-3.json" --out "$WORK/vc.json" || fail "enroll"
CREDENTIAL_ID=$(jq -r .id "$WORK/vc.json")
jq -e '.credentialSubject.biometricBinding | has("recordId") and has("recordDigest") and (has("helper") | not)' "$WORK/vc.json" >/dev/null \
  || fail "the binding credential does not point to a record, or carries helper data"
ok "BiometricBindingCredential $CREDENTIAL_ID (record $(jq -r .credentialSubject.biometricBinding.recordId "$WORK/vc.json"); no template, helper data or tag in it)"

step "Wallet receives the credential (checks it is addressed to this wallet and verifies it first)"
identity wallet receive "$WORK/vc.json" || fail "wallet receive"
identity wallet list --check || fail "wallet list"

step "Provider asks for a challenge"
identity challenge --server "$BASE" --json >"$WORK/challenge.json" || fail "challenge"
CHALLENGE=$(jq -r .challenge "$WORK/challenge.json"); DOMAIN=$(jq -r .domain "$WORK/challenge.json")
ok "challenge $CHALLENGE for domain $DOMAIN"

step "Wallet presents the credential for that challenge"
identity present --challenge "$CHALLENGE" --domain "$DOMAIN" --out "$WORK/vp.json" || fail "present"

step "Provider verifies the presentation with a fresh iris capture (expected: verified, biometricMatch passed)"
identity capture synth --modality iris --subject 42 --seed 7 --out "$WORK/probe.json" >/dev/null || fail "capture synth"
identity verify "$WORK/vp.json" --server "$BASE" --challenge "$CHALLENGE" --domain "$DOMAIN" --biometric "$WORK/probe.json" >"$WORK/verified.txt" \
  || { cat "$WORK/verified.txt"; fail "the presentation did not verify"; }
cat "$WORK/verified.txt"
grep -q "biometricMatch" "$WORK/verified.txt" || fail "no biometricMatch check was reported"
ok "VERIFIED, biometric match passed"

step "Someone else presents the patient's wallet at another desk (expected: rejected on biometricMatch)"
identity challenge --server "$BASE" --json >"$WORK/challenge-impostor.json" || fail "challenge"
CHALLENGE_I=$(jq -r .challenge "$WORK/challenge-impostor.json")
identity present --challenge "$CHALLENGE_I" --domain "$DOMAIN" --out "$WORK/vp-impostor.json" || fail "present"
identity capture synth --modality iris --subject 7 --seed 1 --out "$WORK/impostor.json" >/dev/null || fail "capture synth"
if identity verify "$WORK/vp-impostor.json" --server "$BASE" --challenge "$CHALLENGE_I" --domain "$DOMAIN" --biometric "$WORK/impostor.json" >"$WORK/impostor.txt"; then
  cat "$WORK/impostor.txt"; fail "another person's iris matched"
fi
cat "$WORK/impostor.txt"
grep -q "biometricMatch (biometricMismatch)" "$WORK/impostor.txt" || fail "not rejected on biometricMatch"
ok "REJECTED: biometricMatch"

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

# --- OpenID4VC: the same hospital and a provider through OpenID4VCI 1.0 and OpenID4VP 1.0 (issue 19) ------------
# Required by default (E2E_OID4VC=1); E2E_OID4VC=auto skips it, saying so, against a service build without OpenID4VC.
OID4VC=${E2E_OID4VC:-1}
if [ "$OID4VC" = auto ] && ! curl -sf "$BASE/.well-known/openid-credential-issuer/tenants/st-marys" >/dev/null; then
  printf '\n== OpenID4VC path SKIPPED: this service build has no OpenID4VC endpoints (set E2E_OID4VC=1 to require them)\n'
elif [ "$OID4VC" != 0 ]; then
  step "OpenID4VC: the hospital publishes issuer metadata; the wallet will take its dc+sd-jwt PatientIdentityCredential"
  curl -sf "$BASE/.well-known/openid-credential-issuer/tenants/st-marys" >"$WORK/issuer-metadata.json" || fail "issuer metadata"
  CONFIG_ID=$(jq -r '.credential_configurations_supported | to_entries[]
    | select(.value.format == "dc+sd-jwt" and (.key + " " + (.value.vct // "") | test("PatientIdentity"))) | .key' "$WORK/issuer-metadata.json" | head -1)
  [ -n "$CONFIG_ID" ] || fail "no dc+sd-jwt PatientIdentityCredential configuration in the issuer metadata"
  VCT=$(jq -r --arg id "$CONFIG_ID" '.credential_configurations_supported[$id].vct' "$WORK/issuer-metadata.json")
  curl -sf "$BASE/.well-known/oauth-authorization-server/tenants/st-marys" | jq -e '."pre-authorized_grant_anonymous_access_supported" == true' >/dev/null \
    || fail "the authorization-server metadata does not allow anonymous pre-authorized access"
  ok "configuration $CONFIG_ID (vct $VCT)"

  step "OpenID4VC: the hospital creates an offer with a transaction code (POST /tenants/st-marys/oid4vci/offers)"
  jq -n --arg id "$CONFIG_ID" '{credential_configuration_id: $id, tx_code: true,
    claims: {givenName: "Ada", familyName: "Lovelace", birthDate: "1990-12-10", patientId: "p-42"}}' >"$WORK/offer-request.json"
  curl -sf -X POST "$BASE/tenants/st-marys/oid4vci/offers" -H "Authorization: Bearer $IDENTITY_TENANT_KEY" \
    -H 'Content-Type: application/json' --data @"$WORK/offer-request.json" >"$WORK/offer.json" || fail "create offer"
  OFFER_URI=$(jq -r .offer_uri "$WORK/offer.json"); TX_CODE=$(jq -r .tx_code "$WORK/offer.json")
  case "$OFFER_URI" in openid-credential-offer://*credential_offer_uri=*) ;; *) fail "unexpected offer_uri $OFFER_URI" ;; esac
  ok "offer $OFFER_URI (transaction code sent to the patient separately)"

  step "OpenID4VC: the wallet accepts the offer (pre-authorized code + tx_code, DPoP, key proof; verifies and keeps it)"
  identity wallet accept-offer "$OFFER_URI" --tx-code "$TX_CODE" --json >"$WORK/accepted.json" || fail "wallet accept-offer"
  jq -e '.credentials[0].format == "dc+sd-jwt"' "$WORK/accepted.json" >/dev/null || fail "no dc+sd-jwt credential was received"
  ok "received $(jq -r '.credentials[0].id' "$WORK/accepted.json")"
  if identity wallet accept-offer "$OFFER_URI" --tx-code "$TX_CODE" 2>"$WORK/reuse.txt"; then fail "the offer was accepted twice"; fi
  ok "REJECTED: the same offer a second time ($(cat "$WORK/reuse.txt"))"

  step "OpenID4VC: a provider (tenant city-clinic) asks for the birth date (POST /tenants/city-clinic/oid4vp/requests, direct_post.jwt)"
  identity tenant create "City Clinic" --id city-clinic --server "$BASE" --admin-key "$ADMIN_KEY" --json >"$WORK/clinic.json" \
    || fail "tenant create city-clinic"
  CLINIC_KEY=$(jq -r .apiKey "$WORK/clinic.json")
  jq -n --arg vct "$VCT" '{response_mode: "direct_post.jwt", dcql_query: {credentials: [{id: "patient", format: "dc+sd-jwt",
    meta: {vct_values: [$vct]}, claims: [{path: ["birthDate"]}]}]}}' >"$WORK/vp-request.json"
  curl -sf -X POST "$BASE/tenants/city-clinic/oid4vp/requests" -H "Authorization: Bearer $CLINIC_KEY" \
    -H 'Content-Type: application/json' --data @"$WORK/vp-request.json" >"$WORK/vp-created.json" || fail "create presentation request"
  REQUEST_ID=$(jq -r .id "$WORK/vp-created.json"); AUTHORIZATION_REQUEST=$(jq -r .authorization_request "$WORK/vp-created.json")
  ok "request $REQUEST_ID: $AUTHORIZATION_REQUEST"

  step "OpenID4VC: the wallet checks the signed request, shows what it discloses, and answers (--yes)"
  identity wallet respond "$AUTHORIZATION_REQUEST" --yes || fail "wallet respond"

  step "OpenID4VC: the provider reads the outcome (GET /tenants/city-clinic/oid4vp/requests/$REQUEST_ID; expected: verified)"
  curl -sf "$BASE/tenants/city-clinic/oid4vp/requests/$REQUEST_ID" -H "Authorization: Bearer $CLINIC_KEY" >"$WORK/vp-outcome.json" \
    || fail "read the request's outcome"
  jq -e '.status == "verified"' "$WORK/vp-outcome.json" >/dev/null || { cat "$WORK/vp-outcome.json"; fail "the OpenID4VP response did not verify"; }
  jq -e '[.credentials[] | tostring | contains("1990-12-10")] | any' "$WORK/vp-outcome.json" >/dev/null || fail "the disclosed birthDate is missing"
  jq -e '[.credentials[] | tostring | contains("Lovelace")] | any | not' "$WORK/vp-outcome.json" >/dev/null || fail "an undisclosed claim reached the provider"
  ok "VERIFIED over OpenID4VP: birthDate disclosed, nothing else"
fi
# --- consent the patient controls (docs/health.md) -------------------------------------------------------------
PROVIDER_DID="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" # the provider's (a clinician's) DID

step "Hospital registers a did:web for the wallet's key (consents are signed as the hospital's patient)"
identity wallet register --server "$BASE" --tenant st-marys --id alice --json >"$WORK/patient.json" || fail "wallet register"
ok "patient did:web $(jq -r .did "$WORK/patient.json")"

step "Patient grants the provider lab results and immunizations, for treatment, for 30 days"
identity wallet consent grant --provider "$PROVIDER_DID" --data Observation:laboratory,Immunization --purpose TREAT \
  --until "$(date -u -d '+30 days' +%F)" --json >"$WORK/consent.json" || fail "consent grant"
CONSENT_ID=$(jq -r .consentId "$WORK/consent.json")
ok "ConsentCredential $CONSENT_ID signed by the patient, countersigned by the hospital ($(jq -r .registrationId "$WORK/consent.json"))"

# The provider's request: a challenge, the patient's presentation of the consent, and POST /tenants/{t}/access-decisions.
# decide OUT [DATA] [ACTOR]: the data item asked for (default Observation:laboratory) by the actor (default the provider).
decide() {
  identity challenge --server "$BASE" --json >"$WORK/consent-challenge.json" || fail "challenge"
  identity present --credential "$CONSENT_ID" --challenge "$(jq -r .challenge "$WORK/consent-challenge.json")" \
    --domain "$(jq -r .domain "$WORK/consent-challenge.json")" --out "$WORK/consent-vp.json" >/dev/null || fail "present the consent"
  jq -n --arg actor "${3:-$PROVIDER_DID}" --arg data "${2:-Observation:laboratory}" --slurpfile vp "$WORK/consent-vp.json" --slurpfile c "$WORK/consent-challenge.json" \
    '{request: {actor: $actor, data: [$data], purpose: "TREAT"}, verifiablePresentation: $vp[0],
      options: {challenge: $c[0].challenge, domain: $c[0].domain}}' \
    | curl -sS -H "Authorization: Bearer $IDENTITY_TENANT_KEY" -H 'Content-Type: application/json' --data-binary @- \
      "$BASE/tenants/st-marys/access-decisions" >"$1" || fail "access-decisions"
  jq -c '{decision, reasons: [.reasons[].code]}' "$1"
}

step "Provider asks for the lab results for treatment (expected: permit)"
decide "$WORK/decision-1.json"
[ "$(jq -r .decision "$WORK/decision-1.json")" = permit ] || fail "the consented access was not permitted"
ok "PERMIT"

step "Patient withdraws the consent from the wallet (a holder proof over a fresh challenge)"
identity wallet consent withdraw "$CONSENT_ID" || fail "consent withdraw"

step "Provider asks again (expected: deny, consentWithdrawn)"
decide "$WORK/decision-2.json"
[ "$(jq -r .decision "$WORK/decision-2.json")" = deny ] || fail "access was permitted after the withdrawal"
jq -e '[.reasons[].code] | index("consentWithdrawn")' "$WORK/decision-2.json" >/dev/null || fail "not denied as consentWithdrawn"
ok "DENY: consentWithdrawn"

step "Hospital exports its audit as FHIR R4 AuditEvents (GET /tenants/st-marys/audit?format=fhir)"
curl -sSf -H "Authorization: Bearer $IDENTITY_TENANT_KEY" "$BASE/tenants/st-marys/audit?format=fhir&limit=1000" >"$WORK/audit.fhir.json" \
  || fail "audit export"
jq -c '[.entry[].resource | select(.resourceType == "AuditEvent" and .subtype[0].code == "access.decision") | .outcome]' "$WORK/audit.fhir.json"
[ "$(jq '[.entry[].resource | select(.resourceType == "AuditEvent" and .subtype[0].code == "access.decision")] | length' "$WORK/audit.fhir.json")" = 2 ] \
  || fail "the two decisions are not in the FHIR audit"
! grep -q "patients:alice" "$WORK/audit.fhir.json" || fail "the FHIR audit names the patient in clear"
ok "2 access decisions as AuditEvents (outcome 0 then 4), patient pseudonymised"

# --- remote patient monitoring (issue 21, docs/monitoring.md) --------------------------------------------------
# A CGM with its own key, bound to alice through her wallet, streams a day of signed readings; a low raises an alert.
export IDENTITY_DEVICE="$WORK/cgm.json" IDENTITY_DEVICE_PASSPHRASE="e2e-device-passphrase"
PATIENT_WEB=$(jq -r .did "$WORK/patient.json")
PATIENT_Q=$(jq -rn --arg d "$PATIENT_WEB" '$d | @uri')

step "A continuous glucose monitor gets its own key and DID (P-256 did:key; device file sealed like the wallet, mode 0600)"
identity device init --json >"$WORK/device.json" || fail "device init"
DEVICE_DID=$(jq -r .did "$WORK/device.json")
[ "$(stat -c %a "$IDENTITY_DEVICE")" = 600 ] || fail "the device file is not mode 0600"
ok "device DID $DEVICE_DID"

step "Hospital binds the CGM to the patient: the wallet's holder proof is her consent, the device proves its key"
identity device bind --server "$BASE" --tenant st-marys --kind cgm --json >"$WORK/binding.json" || fail "device bind"
[ "$(jq -r .patient "$WORK/binding.json")" = "$PATIENT_WEB" ] || fail "the binding names another patient"
ok "DeviceBindingCredential $(jq -r .bindingId "$WORK/binding.json") until $(jq -r .validUntil "$WORK/binding.json")"

# Alerts are rpm-alerts' part of issue 21: required by default (E2E_ALERTS=1); E2E_ALERTS=auto skips the alert checks,
# saying so, against a service build without the alert endpoints.
ALERTS=${E2E_ALERTS:-1}
if [ "$ALERTS" = auto ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $IDENTITY_TENANT_KEY" \
    "$BASE/tenants/st-marys/patients/$PATIENT_Q/alert-rules")" = 404 ]; then
  ALERTS=0
  printf '\n== Alert checks SKIPPED: this service build has no alert endpoints (set E2E_ALERTS=1 to require them)\n'
fi
if [ "$ALERTS" != 0 ]; then
  step "Hospital sets the patient's alert rule: glucose below 70 mg/dL"
  curl -sSf -X PUT -H "Authorization: Bearer $IDENTITY_TENANT_KEY" -H 'Content-Type: application/json' \
    -d '{"rules": [{"id": "low-glucose", "code": "2339-0", "below": 70, "unit": "mg/dL"}]}' \
    "$BASE/tenants/st-marys/patients/$PATIENT_Q/alert-rules" >/dev/null || fail "alert-rules"
  ok "rule low-glucose set"
fi

step "The CGM streams the last day (288 readings, 5 minutes apart) in seconds, each batch signed by the device"
# A day with a low in it: the trace is seeded, so the dry run shows which seed's day dips below 70 mg/dL.
END=$(date -u +%FT%TZ)
SEED=
for candidate in $(seq 1 40); do
  if identity device simulate --kind cgm --interval 5m --count 288 --seed "$candidate" --end "$END" --dry-run --json \
      | jq -e '[.readings[].value] | min < 70' >/dev/null; then SEED=$candidate; break; fi
done
[ -n "$SEED" ] || fail "no seed gives a day with a low"
START_SECONDS=$SECONDS
identity device simulate --kind cgm --interval 5m --count 288 --seed "$SEED" --end "$END" --json >"$WORK/stream.json" || fail "device simulate"
jq -c '{accepted, duplicates, rejected, firstSequence, lastSequence}' "$WORK/stream.json"
[ "$(jq .accepted "$WORK/stream.json")" = 288 ] || fail "not every reading was accepted"
ok "288 readings accepted in $((SECONDS - START_SECONDS)) s (seed $SEED)"

step "The device restarts and runs again: it continues after sequence 288, nothing is sent twice"
identity device simulate --kind cgm --interval 5m --count 1 --json >"$WORK/stream-2.json" || fail "device simulate after restart"
[ "$(jq -c '[.firstSequence, .accepted, .duplicates]' "$WORK/stream-2.json")" = "[289,1,0]" ] || fail "the restart did not continue at 289"
ok "sequence 289 accepted, no duplicate"

if [ "$ALERTS" != 0 ]; then
  step "The low raised an alert (GET /tenants/st-marys/alerts)"
  for _ in $(seq 1 50); do
    curl -sSf -H "Authorization: Bearer $IDENTITY_TENANT_KEY" "$BASE/tenants/st-marys/alerts" >"$WORK/alerts.json" || fail "alerts"
    jq -e '[.alerts[] | select(.rule == "low-glucose")] | length > 0' "$WORK/alerts.json" >/dev/null && break
    sleep 0.2
  done
  jq -e '[.alerts[] | select(.rule == "low-glucose" and .value < 70)] | length > 0' "$WORK/alerts.json" >/dev/null || fail "no low-glucose alert"
  ok "ALERT low-glucose: $(jq -r '[.alerts[] | select(.rule == "low-glucose")][-1] | "\(.value) \(.unit) at \(.effective)"' "$WORK/alerts.json")"
fi

step "Patient consents: the provider may read her Observations, for treatment, for 30 days"
identity wallet consent grant --provider "$PROVIDER_DID" --data Observation --purpose TREAT \
  --until "$(date -u -d '+30 days' +%F)" --json >"$WORK/consent-rpm.json" || fail "consent grant (monitoring)"
CONSENT_ID=$(jq -r .consentId "$WORK/consent-rpm.json")
ok "ConsentCredential $CONSENT_ID"

step "Provider with consent reads the day as FHIR (access decision, then GET /tenants/st-marys/patients/alice/observations)"
decide "$WORK/decision-rpm.json" Observation
[ "$(jq -r .decision "$WORK/decision-rpm.json")" = permit ] || fail "the consented read was not permitted"
ACCESS_TOKEN=$(jq -r .accessToken "$WORK/decision-rpm.json")
curl -sSf -H "Authorization: Bearer $ACCESS_TOKEN" \
  "$BASE/tenants/st-marys/patients/alice/observations?code=2339-0&since=$(date -u -d '-2 days' +%FT%TZ)" >"$WORK/day.fhir.json" \
  || fail "read the observations"
jq -c '{resourceType, type, total, provenance: [.entry[].resource | select(.resourceType == "Provenance")] | length}' "$WORK/day.fhir.json"
[ "$(jq '[.entry[].resource | select(.resourceType == "Observation")] | length' "$WORK/day.fhir.json")" = 289 ] || fail "the day is not all there"
jq -e --arg d "$DEVICE_DID" '[.entry[].resource | select(.resourceType == "Provenance")] | length > 0 and
  all(.agent[0].who.identifier.value == $d and .signature[0].sigFormat == "application/jose")' "$WORK/day.fhir.json" >/dev/null \
  || fail "a batch has no Provenance naming the device and its signature"
ok "289 Observations, each batch with a Provenance naming $DEVICE_DID and carrying its JWS"

step "A provider without consent is refused (expected: deny, no token; the read without one: 403 accessNotPermitted)"
OTHER_PROVIDER="did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG"
decide "$WORK/decision-other.json" Observation "$OTHER_PROVIDER"
[ "$(jq -r .decision "$WORK/decision-other.json")" = deny ] || fail "a provider without consent was permitted"
jq -e 'has("accessToken") | not' "$WORK/decision-other.json" >/dev/null || fail "a deny carried an access token"
CODE=$(curl -s -o "$WORK/refused.json" -w '%{http_code}' -H "Authorization: Bearer not-a-token-$RANDOM" \
  "$BASE/tenants/st-marys/patients/alice/observations")
[ "$CODE" = 403 ] && [ "$(jq -r .code "$WORK/refused.json")" = accessNotPermitted ] || fail "the read without consent answered $CODE"
ok "DENY, and 403 accessNotPermitted on the read"

printf '\nE2E PASSED: %d steps\n' "$step"
