# Sourced by verify-cost.sh and rss-soak.sh: starts one server with the shipped defaults (plus the rate limit off, as
# one load generator on loopback is one client, and any extra VAR=value words), waits for it, lets its start-up work
# settle, and writes DATA.vp.json, a presentation of one eddsa-jcs-2022 credential (did:key issuer and holder) as the
# body of POST /presentations/verify. Sets $pid. Needs $tool (the built Identity.Benchmarks.dll), curl and jq.

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_verify_server() { # server-dll data-dir port [VAR=value...]
  local server="$1" data="$2" base="http://127.0.0.1:$3"; shift 3
  env IDENTITY_DATA_DIR="$data" IDENTITY_PUBLIC_URL="$base" IDENTITY_VERIFY_RATE_LIMIT=0 "$@" dotnet "$server" --urls "$base" >"$data.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
  # Start-up work (the FHIR validator's background load) ends before any measurement: under 5 % of a core over a
  # second, or at most 60 s.
  local idle
  for _ in $(seq 1 60); do idle="$(ticks "$pid")"; sleep 1; (( $(ticks "$pid") - idle < $(getconf CLK_TCK) / 20 )) && break; done
  local admin tenant
  admin="$(cat "$data/admin.key")"
  tenant="$(curl -sf -X POST "$base/admin/tenants" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"Load Hospital","id":"load"}')"
  jq -n --arg issuer "$(jq -r .didKey <<<"$tenant")" --arg holder "$(dotnet "$tool" load-holder)" '{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiableCredential"], issuer: $issuer, credentialSubject: {id: $holder, bloodType: "AB-"}}}' >"$data.issue.json"
  curl -sf -X POST "$base/tenants/load/credentials/issue" -H "Authorization: Bearer $(jq -r .apiKey <<<"$tenant")" -H 'Content-Type: application/json' \
    -d @"$data.issue.json" | jq .verifiableCredential | dotnet "$tool" load-vp >"$data.vp.json"
}
