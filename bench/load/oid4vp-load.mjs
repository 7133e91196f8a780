// Load client for oid4vp-load.sh: the full OpenID4VP flow against the plain VC-API verify, same holder, same SD-JWT VC.
//   oid4vp: POST /tenants/{t}/oid4vp/requests -> GET request_uri -> SD-JWT+KB for its nonce and client_id ->
//           POST response_uri (direct_post, or direct_post.jwt encrypted with jose) -> GET the outcome (must be verified);
//   verify: SD-JWT+KB for a random nonce -> POST /presentations/verify with that challenge and domain.
// Usage: node oid4vp-load.mjs <base> <tenant> <apiKey> <sdjwt-file> <holder-jwk-file> <mode: oid4vp|oid4vp-jwt|verify> <seconds> <concurrency>
// Prints one line: mode flows/s p50 p99 (ms) and the count of failures.
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {algOf, signerFor} from '../../tests/interop/jose-keys.mjs';

// The peers are installed under tests/interop (npm ci --prefix tests/interop).
const interop = new URL('../../tests/interop/', import.meta.url);
const {digest} = await import(new URL('node_modules/@sd-jwt/crypto-nodejs/dist/index.mjs', interop));
const {SDJwtVcInstance} = await import(new URL('node_modules/@sd-jwt/sd-jwt-vc/dist/index.mjs', interop));
const {CompactEncrypt, importJWK} = await import(new URL('node_modules/jose/dist/webapi/index.js', interop));

const [base, tenant, apiKey, sdjwtFile, holderFile, mode, seconds, concurrency] = process.argv.slice(2);
const sdjwt = readFileSync(sdjwtFile, 'utf8').trim();
const holder = JSON.parse(readFileSync(holderFile, 'utf8'));
const instance = new SDJwtVcInstance({hasher: (d, a) => digest(d, a), kbSigner: signerFor(algOf(holder), holder), kbSignAlg: algOf(holder)});
const present = (nonce, aud) => instance.present(sdjwt, {bloodType: true}, {kb: {payload: {iat: Math.floor(Date.now() / 1000), aud, nonce}}});
const query = {credentials: [{id: 'pid', format: 'dc+sd-jwt', meta: {vct_values: ['https://identity.example/vct/PatientIdentityCredential']}, claims: [{path: ['bloodType']}]}]};
const json = {'content-type': 'application/json'};

async function oid4vp(encrypted) {
  const created = await (await fetch(`${base}/tenants/${tenant}/oid4vp/requests`, {method: 'POST', headers: {...json, authorization: `Bearer ${apiKey}`},
    body: JSON.stringify({dcql_query: query, response_mode: encrypted ? 'direct_post.jwt' : 'direct_post'})})).json();
  const jwt = await (await fetch(created.request_uri)).text();
  const request = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
  const vpToken = {pid: [await present(request.nonce, request.client_id)]};
  let form;
  if (encrypted) {
    const jwk = request.client_metadata.jwks.keys[0];
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({vp_token: vpToken})))
      .setProtectedHeader({alg: 'ECDH-ES', enc: 'A128GCM', kid: jwk.kid}).encrypt(await importJWK(jwk, 'ECDH-ES'));
    form = new URLSearchParams({response: jwe});
  } else {
    form = new URLSearchParams({vp_token: JSON.stringify(vpToken)});
  }
  const answered = await fetch(request.response_uri, {method: 'POST', body: form});
  await answered.arrayBuffer();
  const outcome = await (await fetch(`${base}/tenants/${tenant}/oid4vp/requests/${created.id}`, {headers: {authorization: `Bearer ${apiKey}`}})).json();
  return answered.status === 200 && outcome.status === 'verified';
}

async function verify() {
  const nonce = randomBytes(16).toString('base64url');
  const response = await fetch(`${base}/presentations/verify`, {method: 'POST', headers: json,
    body: JSON.stringify({verifiablePresentation: await present(nonce, 'clinic.example'), options: {challenge: nonce, domain: 'clinic.example'}})});
  await response.arrayBuffer();
  return response.status === 200;
}

const flow = mode === 'verify' ? verify : () => oid4vp(mode === 'oid4vp-jwt');
const latencies = [];
let failures = 0;
async function worker(until) {
  while (performance.now() < until) {
    const start = performance.now();
    const ok = await flow().catch(() => false);
    latencies.push(performance.now() - start);
    failures += ok ? 0 : 1;
  }
}

const warmUntil = performance.now() + 2000;
await Promise.all(Array.from({length: Number(concurrency)}, () => worker(warmUntil)));
latencies.length = 0;
failures = 0;
const began = performance.now();
await Promise.all(Array.from({length: Number(concurrency)}, () => worker(began + Number(seconds) * 1000)));
const elapsed = (performance.now() - began) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
console.log(`${mode.padEnd(11)} flows/s ${(latencies.length / elapsed).toFixed(1).padStart(8)}  p50 ${at(0.5).padStart(7)} ms  p99 ${at(0.99).padStart(7)} ms  failures ${failures}`);
