// Reference peer for VcJwtInteropTests: W3C Securing Verifiable Credentials using JOSE and COSE (Recommendation,
// 15 May 2025) §3.1.1 vc+jwt, https://www.w3.org/TR/vc-jose-cose/ , verified with jose 6.x (compactVerify).
//
// Usage: node jose-vc-jwt.mjs verify < {"token": "<compact JWS>", "jwk": {public JWK}}
// Prints {"verified": bool, "typ": string|null, "payload": object|null, "error": string|null}.
import {compactVerify, importJWK} from 'jose';
import {readStdin} from './jose-keys.mjs';

async function verifyToken({token, jwk}) {
  try {
    const key = await importJWK(jwk, jwk.crv === 'Ed25519' ? 'EdDSA' : jwk.crv === 'P-256' ? 'ES256' : 'ES384');
    const {payload, protectedHeader} = await compactVerify(token, key, {algorithms: ['EdDSA', 'ES256', 'ES384']});
    return {verified: protectedHeader.typ === 'vc+jwt', typ: protectedHeader.typ ?? null, payload: JSON.parse(new TextDecoder().decode(payload)), error: null};
  } catch (e) {
    return {verified: false, typ: null, payload: null, error: `${e.code ?? e.name}: ${e.message}`};
  }
}

const [command] = process.argv.slice(2);
const input = await readStdin();
if (command !== 'verify') {
  throw new Error(`unknown command ${command}`);
}
process.stdout.write(JSON.stringify(await verifyToken(input)));
