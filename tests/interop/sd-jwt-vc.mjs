// Reference peer for SdJwtVcInteropTests: SD-JWT VC (draft-ietf-oauth-sd-jwt-vc) and SD-JWT (RFC 9901) as implemented by
// @sd-jwt/sd-jwt-vc 0.19.0 (digest and salts from @sd-jwt/crypto-nodejs 0.19.0; signatures with node:crypto).
//
// Usage: node sd-jwt-vc.mjs issue   < {"issuerJwk": {private JWK}, "kid": "...", "claims": {...}, "disclose": ["name", ...]}
//        node sd-jwt-vc.mjs present < {"sdjwt": "...", "reveal": ["name", ...], "holderJwk": {private JWK}, "nonce": "...", "aud": "..."}
//        node sd-jwt-vc.mjs verify  < {"sdjwt": "...", "issuerJwk": {public JWK}, "nonce": "..."|null}
// issue prints {"sdjwt"}, present {"presentation"}, verify {"verified", "claims", "error"}.
import {digest, generateSalt} from '@sd-jwt/crypto-nodejs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {algOf, readStdin, signerFor, verifyWith} from './jose-keys.mjs';

const hasher = (data, alg) => digest(data, alg);


async function issue({issuerJwk, kid, claims, disclose}) {
  const alg = algOf(issuerJwk);
  const sdjwt = new SDJwtVcInstance({signer: signerFor(alg, issuerJwk), signAlg: alg, hasher, hashAlg: 'sha-256', saltGenerator: generateSalt});
  return {sdjwt: await sdjwt.issue(claims, {_sd: disclose}, {header: {kid, typ: 'dc+sd-jwt'}})};
}

async function present({sdjwt, reveal, holderJwk, nonce, aud}) {
  const alg = algOf(holderJwk);
  const instance = new SDJwtVcInstance({hasher, kbSigner: signerFor(alg, holderJwk), kbSignAlg: alg});
  const frame = Object.fromEntries(reveal.map((name) => [name, true]));
  const presentation = await instance.present(sdjwt, frame, {kb: {payload: {iat: Math.floor(Date.now() / 1000), aud, nonce}}});
  return {presentation};
}

async function verifyPresentation({sdjwt, issuerJwk, nonce}) {
  const verifier = async (data, signature) => verifyWith(algOf(issuerJwk), issuerJwk, data, signature);
  const kbVerifier = async (data, signature, payload) => {
    const holder = payload?.cnf?.jwk;
    return holder ? verifyWith(algOf(holder), holder, data, signature) : false;
  };
  const instance = new SDJwtVcInstance({hasher, verifier, kbVerifier});
  try {
    const result = await instance.verify(sdjwt, nonce ? {keyBindingNonce: nonce} : {});
    return {verified: true, claims: result.payload, error: null};
  } catch (e) {
    return {verified: false, claims: null, error: e.message};
  }
}

const commands = {issue, present, verify: verifyPresentation};
const [command] = process.argv.slice(2);
if (!(command in commands)) {
  throw new Error(`unknown command ${command}`);
}
process.stdout.write(JSON.stringify(await commands[command](await readStdin())));
