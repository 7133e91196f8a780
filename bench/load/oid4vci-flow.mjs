// Load for OpenID4VCI issuance against plain VC-API issuance on one running server, in the same run: C concurrent
// clients loop for S seconds over (a) the full pre-authorized flow — offer (tenant key) → token with DPoP → nonce →
// credential with one ES256 key proof, dc+sd-jwt — and (b) POST /tenants/{t}/credentials/issue of the same
// dc+sd-jwt credential; the two alternate for R rounds. Prints one JSON line per run (flows/s, p50, p99 in ms) and the
// medians. Needs only Node 20+ (node:crypto signs the proofs).
// Usage: node bench/load/oid4vci-flow.mjs BASE_URL TENANT API_KEY [rounds=3] [seconds=10] [connections=8]
import {createHash, generateKeyPairSync, randomUUID, sign} from 'node:crypto';

const [base, tenant, apiKey, rounds = '3', seconds = '10', connections = '8'] = process.argv.slice(2);
const issuer = `${base}/tenants/${tenant}`;
const claims = {patientId: 'MRN-1', givenName: 'Ada', familyName: 'Lovelace', birthDate: '1815-12-10'};

function key() {
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
  const {kty, crv, x, y} = publicKey.export({format: 'jwk'});
  return {privateKey, jwk: {kty, crv, x, y}};
}

function jwt(header, payload, signer) {
  const input = `${Buffer.from(JSON.stringify({alg: 'ES256', ...header, jwk: signer.jwk})).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), {key: signer.privateKey, dsaEncoding: 'ieee-p1363'}).toString('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const dpop = (signer, url, token) => jwt({typ: 'dpop+jwt'}, {jti: randomUUID(), htm: 'POST', htu: url, iat: now(),
  ...(token ? {ath: createHash('sha256').update(token).digest('base64url')} : {})}, signer);

async function json(response) {
  if (!response.ok) {
    throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

async function flow(wallet, holder) {
  const offer = await json(await fetch(`${issuer}/oid4vci/offers`, {method: 'POST', headers: {Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json'},
    body: JSON.stringify({credential_configuration_id: 'PatientIdentityCredential_sd_jwt', claims})}));
  const code = offer.credential_offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
  const token = await json(await fetch(`${issuer}/oid4vci/token`, {method: 'POST', headers: {DPoP: dpop(wallet, `${issuer}/oid4vci/token`), 'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code})}));
  const {c_nonce: nonce} = await json(await fetch(`${issuer}/oid4vci/nonce`, {method: 'POST'}));
  const proof = jwt({typ: 'openid4vci-proof+jwt'}, {aud: issuer, iat: now(), nonce}, holder);
  const url = `${issuer}/oid4vci/credential`;
  await json(await fetch(url, {method: 'POST', headers: {Authorization: `DPoP ${token.access_token}`, DPoP: dpop(wallet, url, token.access_token), 'Content-Type': 'application/json'},
    body: JSON.stringify({credential_configuration_id: 'PatientIdentityCredential_sd_jwt', proofs: {jwt: [proof]}})}));
}

async function plain() {
  await json(await fetch(`${issuer}/credentials/issue`, {method: 'POST', headers: {Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json'},
    body: JSON.stringify({credential: {'@context': ['https://www.w3.org/ns/credentials/v2', 'https://identity.example/ns/health/v1'],
      type: ['VerifiableCredential', 'PatientIdentityCredential'], credentialSubject: {id: 'did:example:patient', ...claims}}, options: {format: 'dc+sd-jwt'}})}));
}

async function run(name, once) {
  const latencies = [];
  const end = Date.now() + Number(seconds) * 1000;
  await Promise.all(Array.from({length: Number(connections)}, async () => {
    const wallet = key();
    const holder = key();
    while (Date.now() < end) {
      const start = process.hrtime.bigint();
      await once(wallet, holder);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }));
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const result = {name, perSecond: +(latencies.length / Number(seconds)).toFixed(1), p50: +at(0.5).toFixed(1), p99: +at(0.99).toFixed(1), n: latencies.length};
  console.log(JSON.stringify(result));
  return result;
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
await run('warm-up-oid4vci', flow);
await run('warm-up-issue', plain);
const results = {oid4vci: [], issue: []};
for (let round = 0; round < Number(rounds); round++) {
  for (const [name, once] of round % 2 === 0 ? [['oid4vci', flow], ['issue', plain]] : [['issue', plain], ['oid4vci', flow]]) {
    results[name].push(await run(name, once));
  }
}
for (const [name, runs] of Object.entries(results)) {
  console.log(`median ${name}: ${median(runs.map((r) => r.perSecond))}/s, p99 ${median(runs.map((r) => r.p99))} ms (${name === 'oid4vci' ? 'full flows: offer, token, nonce, credential' : 'POST /tenants/{t}/credentials/issue'})`);
}
