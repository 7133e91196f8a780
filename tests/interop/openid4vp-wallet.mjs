// Reference wallet for Oid4VpInteropTests: OpenID for Verifiable Presentations 1.0 (final) and HAIP 1.0 as implemented
// by @openid4vc/openid4vp 0.4.6 (the OWF library behind Credo), with the SD-JWT VC presentation and Key Binding JWT
// made by @sd-jwt/sd-jwt-vc 0.19.0, JWE encryption by jose 6.x, and signatures checked with node:crypto.
//
// Usage: node openid4vp-wallet.mjs respond < {"authorizationRequest": "openid4vp://?...", "requestObject": "<JWT served at request_uri>",
//          "didDocument": {...the verifier's did.json...}, "sdjwt": "...", "holderJwk": {private JWK}, "reveal": ["bloodType"]}
//   The library parses the link, fetches request_uri (answered here with requestObject: the tests run the server in
//   process), verifies the request object's signature (did: the kid in didDocument; x509_hash: x5c) and its client_id,
//   then builds the Authorization Response for the request's response_mode (direct_post.jwt: encrypted to the
//   request's client_metadata key). Prints {"clientId", "nonce", "responseMode", "responseUri", "body"} where body is
//   the form the library would POST to response_uri.
import {createHash, createPublicKey, randomBytes, verify, X509Certificate} from 'node:crypto';
import {digest} from '@sd-jwt/crypto-nodejs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {Openid4vpClient} from '@openid4vc/openid4vp';
import {base58btc} from 'multiformats/bases/base58';
import {CompactEncrypt, importJWK} from 'jose';
import {algOf, readStdin, signerFor} from './jose-keys.mjs';

// SubjectPublicKeyInfo prefix of a compressed P-256 point (id-ecPublicKey, prime256v1), RFC 5480.
const P256_SPKI_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

function multikeyToJwk(multibase) {
  const bytes = Buffer.from(base58btc.decode(multibase));
  if (bytes[0] !== 0x80 || bytes[1] !== 0x24 || bytes.length !== 35) {
    throw new Error('the verification method is not a P-256 Multikey');
  }
  return createPublicKey({key: Buffer.concat([P256_SPKI_PREFIX, bytes.subarray(2)]), format: 'der', type: 'spki'}).export({format: 'jwk'});
}

function verifyEs256(compact, publicKey) {
  const [header, payload, signature] = compact.split('.');
  return verify('sha256', Buffer.from(`${header}.${payload}`), {key: publicKey, dsaEncoding: 'ieee-p1363'}, Buffer.from(signature, 'base64url'));
}

function callbacks(input, submitted) {
  return {
    hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    generateRandom: (length) => randomBytes(length),
    fetch: async (url, init) => {
      if (init?.method === 'POST') {
        submitted.push({url: String(url), body: String(init.body)});
        return new Response('{}', {status: 200, headers: {'content-type': 'application/json'}});
      }
      return new Response(input.requestObject, {status: 200, headers: {'content-type': 'application/oauth-authz-req+jwt'}});
    },
    verifyJwt: async (signer, {compact}) => {
      if (signer.method === 'did') {
        const method = (input.didDocument.verificationMethod ?? []).find((m) => m.id === signer.didUrl);
        if (!method || !(input.didDocument.authentication ?? []).includes(signer.didUrl)) {
          return {verified: false};
        }
        const jwk = multikeyToJwk(method.publicKeyMultibase);
        return {verified: signer.alg === 'ES256' && verifyEs256(compact, createPublicKey({key: jwk, format: 'jwk'})), signerJwk: jwk};
      }
      if (signer.method === 'x5c') {
        const leaf = new X509Certificate(Buffer.from(signer.x5c[0], 'base64'));
        const jwk = leaf.publicKey.export({format: 'jwk'});
        return {verified: signer.alg === 'ES256' && leaf.verify(leaf.publicKey) && verifyEs256(compact, leaf.publicKey), signerJwk: jwk};
      }
      return {verified: false};
    },
    getX509CertificateMetadata: (certificate) => {
      const san = new X509Certificate(Buffer.from(certificate, 'base64')).subjectAltName ?? '';
      const names = san.split(', ');
      return {
        sanDnsNames: names.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4)),
        sanUriNames: names.filter((n) => n.startsWith('URI:')).map((n) => n.slice(4)),
      };
    },
    encryptJwe: async (encryptor, data) => {
      const key = await importJWK(encryptor.publicJwk, 'ECDH-ES');
      const jwe = await new CompactEncrypt(new TextEncoder().encode(data))
        .setProtectedHeader({alg: encryptor.alg, enc: encryptor.enc, kid: encryptor.publicJwk.kid})
        .setKeyManagementParameters({
          apu: encryptor.apu ? Buffer.from(encryptor.apu, 'base64url') : undefined,
          apv: encryptor.apv ? Buffer.from(encryptor.apv, 'base64url') : undefined,
        })
        .encrypt(key);
      return {encryptionJwk: encryptor.publicJwk, jwe};
    },
  };
}

async function respond(input) {
  const submitted = [];
  const client = new Openid4vpClient({callbacks: callbacks(input, submitted)});
  const parsed = client.parseOpenid4vpAuthorizationRequest({authorizationRequest: input.authorizationRequest});
  const resolved = await client.resolveOpenId4vpAuthorizationRequest({authorizationRequestPayload: parsed.params});
  const request = resolved.authorizationRequestPayload;

  // The Key Binding JWT's aud is the client_id with its prefix (OpenID4VP 1.0 Appendix B.3.6), nonce the request's.
  const alg = algOf(input.holderJwk);
  const sdjwt = new SDJwtVcInstance({hasher: (data, hashAlg) => digest(data, hashAlg), kbSigner: signerFor(alg, input.holderJwk), kbSignAlg: alg});
  const frame = Object.fromEntries(input.reveal.map((name) => [name, true]));
  const presentation = await sdjwt.present(input.sdjwt, frame, {
    kb: {payload: {iat: Math.floor(Date.now() / 1000), aud: resolved.client.effective, nonce: request.nonce}},
  });
  const queryId = resolved.dcql.query.credentials[0].id;

  const encrypted = request.response_mode === 'direct_post.jwt';
  const response = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: {vp_token: {[queryId]: [presentation]}},
    jarm: encrypted
      ? {
          encryption: {nonce: randomBytes(16).toString('base64url')},
          serverMetadata: {
            authorization_signing_alg_values_supported: ['ES256'],
            authorization_encryption_alg_values_supported: ['ECDH-ES'],
            authorization_encryption_enc_values_supported: [input.enc ?? 'A256GCM'],
          },
        }
      : undefined,
  });
  await client.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: response.authorizationResponsePayload,
    jarm: response.jarm ? {responseJwt: response.jarm.responseJwt} : undefined,
  });
  return {
    clientId: resolved.client.effective,
    clientPrefix: resolved.client.prefix,
    nonce: request.nonce,
    responseMode: request.response_mode,
    responseUri: submitted[0].url,
    body: submitted[0].body,
    version: resolved.version,
  };
}

const commands = {respond};
const [command] = process.argv.slice(2);
if (!(command in commands)) {
  throw new Error(`unknown command ${command}`);
}
process.stdout.write(JSON.stringify(await commands[command](await readStdin())));
