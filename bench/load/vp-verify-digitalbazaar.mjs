// @digitalbazaar/vc 7.3.0 verify() rate on a presentation equivalent to bench/Identity.Benchmarks/PresentationVerifyBenchmarks:
// one eddsa-jcs-2022 credential, did:key issuer and holder, authentication proof with challenge and domain. Offline
// document loader; packages come from tests/interop/node_modules (npm ci --prefix tests/interop).
//
// Usage: node bench/load/vp-verify-digitalbazaar.mjs [seconds=5]   -> prints "<ops/s>" on the last line.
const interop = new URL('../../tests/interop/', import.meta.url);
const lib = path => import(new URL(`node_modules/${path}`, interop));
const Ed25519Multikey = await lib('@digitalbazaar/ed25519-multikey/lib/index.js');
const vc = await lib('@digitalbazaar/vc/lib/index.js');
const {DataIntegrityProof} = await lib('@digitalbazaar/data-integrity/lib/index.js');
const {createSignCryptosuite, createVerifyCryptosuite} = await lib('@digitalbazaar/eddsa-jcs-2022-cryptosuite/lib/index.js');
const {documentLoader} = await import(new URL('offline-document-loader.mjs', interop));

const seconds = Number(process.argv[2] ?? 5);
const challenge = 'bench-challenge';
const domain = 'https://provider.example';

async function party() {
  const key = await Ed25519Multikey.generate();
  key.controller = `did:key:${key.publicKeyMultibase}`;
  key.id = `${key.controller}#${key.publicKeyMultibase}`;
  return key;
}

const issuer = await party();
const holder = await party();
const now = Date.now();
const signSuite = (key, at) => new DataIntegrityProof({signer: key.signer(), date: new Date(at), cryptosuite: createSignCryptosuite()});
const credential = await vc.issue({
  credential: {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:2b1c61f5-58e4-4f0e-8a43-1d4f3b7c9e21',
    type: ['VerifiableCredential', 'PatientIdentityCredential'],
    issuer: issuer.controller,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {id: holder.controller, givenName: 'Ada', bloodType: 'O+'}
  },
  suite: signSuite(issuer, now - 10 * 60_000),
  documentLoader
});
const presentation = await vc.signPresentation({
  presentation: {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiablePresentation'],
    holder: holder.controller,
    verifiableCredential: [credential]
  },
  suite: signSuite(holder, now - 60_000), challenge, domain, documentLoader
});

const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
async function verifyOnce() {
  const result = await vc.verify({presentation, suite, challenge, domain, documentLoader});
  if(!result.verified) {
    throw new Error(`The benchmark presentation does not verify: ${result.error?.message ?? JSON.stringify(result)}`);
  }
}

async function run(durationMs) {
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(durationMs * 1e6));
  let t;
  do {
    await verifyOnce();
    count++;
    t = process.hrtime.bigint();
  } while(t < end);
  return count / (Number(t - start) / 1e9);
}

await run(1000); // warm-up: JIT, jsonld context caches
const rate = await run(seconds * 1000);
console.log(`@digitalbazaar/vc 7.3.0 verify(): ${rate.toFixed(1)} VP/s over ~${seconds} s (node ${process.version})`);
console.log(rate.toFixed(1));
