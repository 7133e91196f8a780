// Shared by the JOSE peers: JWK import and compact JWS signing/verification with node:crypto (OpenSSL), so that
// the peers' signatures come from an implementation independent of ours. EdDSA (RFC 8037) and ES256/ES384 (RFC 7518).
import {createPrivateKey, createPublicKey, sign, verify} from 'node:crypto';

const hashes = {EdDSA: null, ES256: 'sha256', ES384: 'sha384'};

export function signerFor(alg, privateJwk) {
  const key = createPrivateKey({key: privateJwk, format: 'jwk'});
  return async (data) => sign(hashes[alg], Buffer.from(data), {key, dsaEncoding: 'ieee-p1363'}).toString('base64url');
}

export function verifyWith(alg, publicJwk, data, signatureB64url) {
  if (!(alg in hashes)) {
    return false;
  }
  const key = createPublicKey({key: publicJwk, format: 'jwk'});
  return verify(hashes[alg], Buffer.from(data), {key, dsaEncoding: 'ieee-p1363'}, Buffer.from(signatureB64url, 'base64url'));
}

export function algOf(jwk) {
  if (jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.crv === 'P-256') return 'ES256';
  if (jwk.crv === 'P-384') return 'ES384';
  throw new Error(`unsupported curve ${jwk.crv}`);
}

export async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
