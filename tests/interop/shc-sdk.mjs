// Reference peer for the SMART Health Cards interop tests: @pathcheck/shc-sdk 0.0.8 (PathCheck Foundation), an
// independent SHC implementation (node-jose + pako). Spec: SMART Health Cards Framework, https://spec.smarthealth.cards/
//
// Usage: node shc-sdk.mjs verify < {"qr": "shc:/...", "jws": "...", "iss": "...", "jwks": {...}}
//   The SDK fetches {iss}/.well-known/jwks.json itself (the test serves it on loopback); the key set is also
//   registered in its cache so it never asks its own online trust registry.
//   Prints {"verified": bool, "payload": object|null, "fromQr": object|null}.
// Usage: node shc-sdk.mjs sign < {"payload": {...JWT claims...}}
//   Makes a P-256 key, signs with the SDK (zip DEF, raw DEFLATE) and packs a QR.
//   Prints {"jws": "...", "qr": "shc:/...", "publicJwk": {...kid...}}.
import {createRequire} from 'node:module';
import {calculateJwkThumbprint, exportJWK, generateKeyPair} from 'jose';
import {readStdin} from './jose-keys.mjs';

// The package is CommonJS through the `esm` loader; its exports are complete only when required.
const shc = createRequire(import.meta.url)('@pathcheck/shc-sdk');

// The SDK logs its failures with console.log; stdout carries only our JSON answer.
console.log = (...args) => process.stderr.write(args.map(String).join(' ') + '\n');

async function verify({qr, jws, iss, jwks}) {
  const keys = {[iss]: jwks};
  const verified = jws ? await shc.verify(jws, keys) : false;
  const fromQr = qr ? await shc.unpackAndVerify(qr, keys) : undefined;
  return {verified, fromQr: fromQr ? fromQr.credential : null};
}

async function sign({payload}) {
  const {privateKey, publicKey} = await generateKeyPair('ES256', {extractable: true});
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const privateJwk = {...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig'};
  const jws = await shc.sign(payload, privateJwk);
  return {jws, qr: await shc.pack(jws), publicJwk: {...publicJwk, kid, alg: 'ES256', use: 'sig'}};
}

const [command] = process.argv.slice(2);
const input = await readStdin();
const commands = {verify, sign};
if (!(command in commands)) {
  throw new Error(`unknown command ${command}`);
}
process.stdout.write(JSON.stringify(await commands[command](input)));
