// Reference peer for EddsaJcs2022PresentationInteropTests: W3C Verifiable Credentials Data Model v2.0 §4.13 Verifiable
// Presentations, https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations, secured with eddsa-jcs-2022
// (https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022), as implemented by @digitalbazaar/vc 7.3.0 (issue,
// signPresentation, verify) over @digitalbazaar/eddsa-jcs-2022-cryptosuite 1.0.0, @digitalbazaar/data-integrity 2.5.0
// and jsonld-signatures 11.6.0.
//
// Usage: node vp-eddsa-jcs.mjs issue     < {"credential": {...}, "seedHex": "<64 hex>", "created": "<date-time>"}
//        node vp-eddsa-jcs.mjs sign-vp   < {"presentation": {...}, "seedHex": "<64 hex>", "created": "<date-time>",
//                                           "challenge": "...", "domain": "..."}
//        node vp-eddsa-jcs.mjs verify-vp < {"presentation": {...}, "challenge": "...", "domain": "..."}
//        node vp-eddsa-jcs.mjs did       < {"seedHex": "<64 hex>"}
// `issue` and `sign-vp` print the secured document (assertionMethod resp. authentication with challenge and domain);
// `verify-vp` prints {"verified", "presentationVerified", "credentialsVerified": [bool], "error"}; `did` prints
// {"did", "verificationMethod"}. Offline: see offline-document-loader.mjs.

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createSignCryptosuite, createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {documentLoader} from './offline-document-loader.mjs';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** An Ed25519 did:key signing key from a 32-byte seed. */
export async function keyFromSeed(seedHex) {
  const key = await Ed25519Multikey.generate({seed: Uint8Array.from(Buffer.from(seedHex, 'hex'))});
  const did = `did:key:${key.publicKeyMultibase}`;
  key.controller = did;
  key.id = `${did}#${key.publicKeyMultibase}`;
  return key;
}

function signSuite(key, created) {
  return new DataIntegrityProof({signer: key.signer(), date: created, cryptosuite: createSignCryptosuite()});
}

function messages(error) {
  if(!error) {
    return [];
  }
  const nested = error.errors ?? [];
  return nested.length > 0 ? nested.flatMap(messages) : [error.message ?? String(error)];
}

async function issue({credential, seedHex, created}) {
  const key = await keyFromSeed(seedHex);
  return vc.issue({credential, suite: signSuite(key, created), documentLoader});
}

async function signVp({presentation, seedHex, created, challenge, domain}) {
  const key = await keyFromSeed(seedHex);
  return vc.signPresentation({presentation, suite: signSuite(key, created), challenge, domain, documentLoader});
}

async function verifyVp({presentation, challenge, domain}) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  const result = await vc.verify({presentation, suite, challenge, domain, documentLoader});
  const errors = [
    ...messages(result.error),
    ...(result.credentialResults ?? []).flatMap(r => messages(r.error))
  ];
  return {
    verified: result.verified === true,
    presentationVerified: result.presentationResult?.verified === true,
    credentialsVerified: (result.credentialResults ?? []).map(r => r.verified === true),
    error: errors.length > 0 ? [...new Set(errors)].join('; ') : null
  };
}

async function did({seedHex}) {
  const key = await keyFromSeed(seedHex);
  return {did: key.controller, verificationMethod: key.id};
}

const commands = {issue, 'sign-vp': signVp, 'verify-vp': verifyVp, did};
const command = commands[process.argv[2]];
if(!command) {
  process.stderr.write('usage: node vp-eddsa-jcs.mjs issue|sign-vp|verify-vp|did < input.json\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(await command(await readStdin())));
