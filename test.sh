#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what the tests need when it is missing (Debian/Ubuntu packages
# through apt-get, as root or with sudo; the npm peers of the interop tests), then runs `dotnet test Identity.sln`
# (extra arguments are passed on, e.g. ./test.sh --filter "FullyQualifiedName~Walkthrough") and closes with one line
# "N passed, M failed" summed over every test assembly. .ci/run runs this script.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

# --- prerequisites -------------------------------------------------------------------------------------------
missing=()
command -v argon2 >/dev/null 2>&1 || missing+=(argon2)     # reference Argon2 CLI for the differential test
command -v node >/dev/null 2>&1 || missing+=(nodejs)       # the interop tests' npm peers
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v curl >/dev/null 2>&1 || missing+=(curl)         # the README walkthrough test runs curl and jq
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v git >/dev/null 2>&1 || missing+=(git)           # the walkthrough test checks nothing lands where git tracks
# PostgreSQL server binaries: the storage contract, replica and crash tests start a throwaway cluster from them.
have_initdb() { command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_initdb || [ -n "${IDENTITY_PG_BIN:-}" ] || missing+=(postgresql)
# SoftHSM v2: the PKCS#11 key-store tests make a throwaway token with softhsm2-util and load its module.
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
# Debian's Chromium: the web console's browser test drives it through Playwright (no Playwright browser download).
have_chromium() { [ -n "${IDENTITY_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }
have_chromium || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "test.sh: these packages are missing and installing them needs root: apt-get install ${missing[*]}" >&2
    exit 2
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: no apt-get here; install the equivalents of: ${missing[*]} (see README, Prerequisites)" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet on PATH): https://dotnet.microsoft.com/download" >&2
  exit 2
fi
dotnet --version

if [ ! -f tests/interop/node_modules/.package-lock.json ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; then
  log "npm peers for the interop tests (tests/interop)"
  npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
fi

# --- the tests -----------------------------------------------------------------------------------------------
log "dotnet test Identity.sln $*"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
dotnet test Identity.sln "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

# --- summary -------------------------------------------------------------------------------------------------
# VSTest prints one line per assembly: "Passed!  - Failed:     0, Passed:    43, Skipped: ..." (or "Failed!  - ...").
read -r passed failed assemblies < <(awk '
  /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
    match($0, /Failed: +[0-9]+/); f += substr($0, RSTART + 7, RLENGTH - 7) + 0
    match($0, /Passed: +[0-9]+/); p += substr($0, RSTART + 7, RLENGTH - 7) + 0
    n++
  }
  END { printf "%d %d %d\n", p, f, n }' "$out")

echo
echo "test assemblies: ${assemblies}"
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$assemblies" -eq 0 ]; then
  exit 1
fi
