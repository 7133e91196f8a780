// @digitalbazaar/vc 7.3.0 verifyCredential() rate with @digitalbazaar/eddsa-rdfc-2022-cryptosuite 1.3.0 on the
// credential of bench/Identity.Benchmarks/RdfcVerifyBenchmarks (bench/Identity.Benchmarks/Data/rdfc-credential.json,
// signed with the same Ed25519 seed and date, so the signed documents are identical). Offline document loader;
// packages come from tests/interop/node_modules (npm ci --prefix tests/interop).
//
// Usage: node bench/load/rdfc-verify-digitalbazaar.mjs [seconds=5]   -> prints "<ops/s>" on the last line.
import {readFileSync} from 'node:fs';

const interop = new URL('../../tests/interop/', import.meta.url);
const lib = path => import(new URL(`node_modules/${path}`, interop));
const Ed25519Multikey = await lib('@digitalbazaar/ed25519-multikey/lib/index.js');
const vc = await lib('@digitalbazaar/vc/lib/index.js');
const {DataIntegrityProof} = await lib('@digitalbazaar/data-integrity/lib/index.js');
const {cryptosuite} = await lib('@digitalbazaar/eddsa-rdfc-2022-cryptosuite/lib/index.js');
const {documentLoader} = await import(new URL('offline-document-loader.mjs', interop));

const seconds = Number(process.argv[2] ?? 5);
const seed = Uint8Array.from(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'));
const key = await Ed25519Multikey.generate({seed});
key.controller = `did:key:${key.publicKeyMultibase}`;
key.id = `${key.controller}#${key.publicKeyMultibase}`;
const unsigned = JSON.parse(readFileSync(new URL('../Identity.Benchmarks/Data/rdfc-credential.json', import.meta.url), 'utf8'));
const credential = await vc.issue({
  credential: unsigned,
  suite: new DataIntegrityProof({signer: key.signer(), date: '2026-01-01T00:00:00Z', cryptosuite}),
  documentLoader
});

const suite = new DataIntegrityProof({cryptosuite});
async function verifyOnce() {
  const result = await vc.verifyCredential({credential, suite, documentLoader});
  if(!result.verified) {
    throw new Error(`The benchmark credential does not verify: ${result.error?.message ?? JSON.stringify(result)}`);
  }
}

async function run(durationMs) {
  let count = 0;
  const start = performance.now();
  while(performance.now() - start < durationMs) {
    await verifyOnce();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

await run(1000);
const rate = await run(seconds * 1000);
console.error(`@digitalbazaar/vc verifyCredential (eddsa-rdfc-2022): ${rate.toFixed(0)} ops/s; proofValue ${credential.proof.proofValue}`);
console.log(rate.toFixed(0));
