// Reference peer for EddsaRdfc2022InteropTests: W3C Data Integrity EdDSA Cryptosuites v1.0 (W3C Recommendation,
// 15 May 2025), §3.2 eddsa-rdfc-2022, https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022, as implemented by
// @digitalbazaar/eddsa-rdfc-2022-cryptosuite 1.3.0 (JSON-LD and RDFC-1.0 by jsonld / rdf-canonize) through
// @digitalbazaar/vc 7.3.0 and @digitalbazaar/data-integrity 2.5.0.
//
// Usage: node vc-eddsa-rdfc.mjs issue     < {"credential": {...}, "seedHex": "<64 hex>", "created": "<date-time>"}
//        node vc-eddsa-rdfc.mjs verify    < {"credential": {...}}
//        node vc-eddsa-rdfc.mjs sign-vp   < {"presentation": {...}, "seedHex": "...", "created": "...", "challenge": "...", "domain": "..."}
//        node vc-eddsa-rdfc.mjs verify-vp < {"presentation": {...}, "challenge": "...", "domain": "..."}
//        node vc-eddsa-rdfc.mjs bench     < {"credential": {...}, "seconds": 5}
// `issue` / `sign-vp` print the secured document; `verify` / `verify-vp` print {"verified": bool, "error": string|null};
// `bench` verifies the credential repeatedly and prints {"operations", "seconds", "opsPerSecond"}. Offline: see
// offline-document-loader.mjs.

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {documentLoader} from './offline-document-loader.mjs';

async function keyFromSeed(seedHex) {
  const key = await Ed25519Multikey.generate({seed: Uint8Array.from(Buffer.from(seedHex, 'hex'))});
  const did = `did:key:${key.publicKeyMultibase}`;
  key.controller = did;
  key.id = `${did}#${key.publicKeyMultibase}`;
  return key;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function messages(error) {
  if(!error) {
    return [];
  }
  const nested = error.errors ?? [];
  return nested.length > 0 ? nested.flatMap(messages) : [error.message ?? String(error)];
}

function summary(result) {
  const errors = [...messages(result.error), ...(result.credentialResults ?? []).flatMap(r => messages(r.error))];
  return {verified: result.verified === true, error: errors.length > 0 ? [...new Set(errors)].join('; ') : null};
}

async function signSuite(seedHex, created) {
  const key = await keyFromSeed(seedHex);
  return new DataIntegrityProof({signer: key.signer(), date: created, cryptosuite: eddsaRdfc2022});
}

const verifySuite = () => new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

const commands = {
  async issue({credential, seedHex, created}) {
    return vc.issue({credential, suite: await signSuite(seedHex, created), documentLoader});
  },
  async verify({credential}) {
    return summary(await vc.verifyCredential({credential, suite: verifySuite(), documentLoader}));
  },
  async 'sign-vp'({presentation, seedHex, created, challenge, domain}) {
    return vc.signPresentation({presentation, suite: await signSuite(seedHex, created), challenge, domain, documentLoader});
  },
  async 'verify-vp'({presentation, challenge, domain}) {
    return summary(await vc.verify({presentation, suite: verifySuite(), challenge, domain, documentLoader}));
  },
  async bench({credential, seconds}) {
    const suite = verifySuite();
    const check = await vc.verifyCredential({credential, suite, documentLoader});
    if(!check.verified) {
      throw new Error('bench: the credential does not verify: ' + messages(check.error).join('; '));
    }
    const end = performance.now() + seconds * 1000;
    let operations = 0;
    const start = performance.now();
    while(performance.now() < end) {
      await vc.verifyCredential({credential, suite, documentLoader});
      operations++;
    }
    const elapsed = (performance.now() - start) / 1000;
    return {operations, seconds: elapsed, opsPerSecond: operations / elapsed};
  }
};

const command = commands[process.argv[2]];
if(!command) {
  process.stderr.write('usage: node vc-eddsa-rdfc.mjs issue|verify|sign-vp|verify-vp|bench < input.json\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(await command(await readStdin())));
