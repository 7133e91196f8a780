// @sd-jwt/sd-jwt-vc 0.19.0 verify() rate on a presentation equivalent to bench/Identity.Benchmarks/SdJwtVerifyBenchmarks:
// Ed25519 issuer, Ed25519 holder key in cnf, five selectively disclosable claims, two disclosed, Key Binding JWT with
// nonce (checked) and audience. Signatures by node:crypto (OpenSSL), digests by @sd-jwt/crypto-nodejs; packages from
// tests/interop/node_modules (npm ci --prefix tests/interop).
//
// Usage: node bench/load/sd-jwt-verify-node.mjs [seconds=5]   -> prints "<ops/s>" on the last line.
import {generateKeyPairSync, sign, verify, createPublicKey} from 'node:crypto';

const interop = new URL('../../tests/interop/', import.meta.url);
const {SDJwtVcInstance} = await import(new URL('node_modules/@sd-jwt/sd-jwt-vc/dist/index.mjs', interop));
const {digest, generateSalt} = await import(new URL('node_modules/@sd-jwt/crypto-nodejs/dist/index.mjs', interop));

const seconds = Number(process.argv[2] ?? 5);
const hasher = (data, alg) => digest(data, alg);
const issuer = generateKeyPairSync('ed25519');
const holder = generateKeyPairSync('ed25519');
const signer = key => async data => sign(null, Buffer.from(data), key).toString('base64url');
const check = (key, data, sig) => verify(null, Buffer.from(data), key, Buffer.from(sig, 'base64url'));

const issuing = new SDJwtVcInstance({signer: signer(issuer.privateKey), signAlg: 'EdDSA', hasher, hashAlg: 'sha-256', saltGenerator: generateSalt});
const claims = {
  iss: 'did:example:issuer',
  iat: Math.floor(Date.now() / 1000),
  vct: 'https://identity.example/vct/PatientIdentityCredential',
  sub: 'did:example:holder',
  cnf: {jwk: holder.publicKey.export({format: 'jwk'})},
  patientId: 'MRN-0042', givenName: 'Ada', familyName: 'Lovelace', birthDate: '1815-12-10', bloodType: 'O+',
};
const frame = {_sd: ['patientId', 'givenName', 'familyName', 'birthDate', 'bloodType'], _sd_decoy: 2};
const issued = await issuing.issue(claims, frame, {header: {typ: 'dc+sd-jwt'}});
const holding = new SDJwtVcInstance({hasher, kbSigner: signer(holder.privateKey), kbSignAlg: 'EdDSA'});
const presentation = await holding.present(issued, {givenName: true, bloodType: true},
  {kb: {payload: {iat: Math.floor(Date.now() / 1000), aud: 'https://provider.example', nonce: 'bench-nonce'}}});

const verifying = new SDJwtVcInstance({
  hasher,
  verifier: async (data, sig) => check(issuer.publicKey, data, sig),
  kbVerifier: async (data, sig, payload) => check(createPublicKey({key: payload.cnf.jwk, format: 'jwk'}), data, sig),
});
const once = () => verifying.verify(presentation, {keyBindingNonce: 'bench-nonce'});
const result = await once();
if (!result.kb || result.payload.bloodType !== 'O+') {
  throw new Error('the benchmark presentation did not verify with key binding');
}

for (let i = 0; i < 200; i++) {
  await once();
}
let count = 0;
const start = process.hrtime.bigint();
const end = start + BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() < end) {
  await once();
  count++;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log((count / elapsed).toFixed(0));
