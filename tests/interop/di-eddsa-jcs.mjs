// Reference peer for EddsaJcs2022InteropTests: W3C Data Integrity EdDSA Cryptosuites v1.0 (W3C Recommendation,
// 15 May 2025), §3.3 eddsa-jcs-2022, https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022, as implemented by
// @digitalbazaar/eddsa-jcs-2022-cryptosuite 1.0.0 with @digitalbazaar/data-integrity 2.5.0 and jsonld-signatures 11.6.0.
//
// Usage: node di-eddsa-jcs.mjs sign    < {"document": {...}, "seedHex": "<64 hex>", "created": "2025-01-01T00:00:00Z"}
//        node di-eddsa-jcs.mjs verify  < secured document
// `sign` prints the secured document; `verify` prints {"verified": bool, "error": string|null}. Offline: the document
// loader serves only the VC 2.0 context (from @digitalbazaar/credentials-context) and did:key documents built
// locally (offline-document-loader.mjs).

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createSignCryptosuite, createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {documentLoader} from './offline-document-loader.mjs';
import jsigs from 'jsonld-signatures';

const {AssertionProofPurpose} = jsigs.purposes;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function sign({document, seedHex, created}) {
  const seed = Uint8Array.from(Buffer.from(seedHex, 'hex'));
  const key = await Ed25519Multikey.generate({seed});
  const did = `did:key:${key.publicKeyMultibase}`;
  key.controller = did;
  key.id = `${did}#${key.publicKeyMultibase}`;
  const suite = new DataIntegrityProof({signer: key.signer(), date: created, cryptosuite: createSignCryptosuite()});
  return jsigs.sign(document, {suite, purpose: new AssertionProofPurpose(), documentLoader});
}

async function verify(document) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  const result = await jsigs.verify(document, {suite, purpose: new AssertionProofPurpose(), documentLoader});
  const errors = result.error?.errors ?? (result.error ? [result.error] : []);
  return {verified: result.verified, error: errors.length > 0 ? errors.map(e => e.message).join('; ') : null};
}

const command = process.argv[2];
const input = await readStdin();
if(command === 'sign') {
  process.stdout.write(JSON.stringify(await sign(input)));
} else if(command === 'verify') {
  process.stdout.write(JSON.stringify(await verify(input)));
} else {
  process.stderr.write('usage: node di-eddsa-jcs.mjs sign|verify < input.json\n');
  process.exit(2);
}
