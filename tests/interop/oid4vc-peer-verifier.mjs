// Independent OpenID4VP 1.0 verifier for the CLI wallet's tests (Oid4vcWalletTests), built from @openid4vc/openid4vp
// 0.4.6 (signed request objects, DCQL, direct_post and direct_post.jwt) with the presentations checked by
// @sd-jwt/sd-jwt-vc 0.19.0 (issuer signature, disclosures, Key Binding with nonce, aud and sd_hash). Test-only.
//
// Usage: OID4VC_X509='{"cert": base64 DER, "jwk": private JWK}' node oid4vc-peer-verifier.mjs
//   (prints {"base"} once listening on loopback; exits when stdin closes). The verifier's did:web is
//   did:web:127.0.0.1%3A{port}:verifier; with "x509_hash" it signs with the certificate's key and sends it in x5c.
// Test control: POST {base}/test/requests {"dcql_query", "response_mode", "client_id_prefix", "tamper": bool,
//   "encryption_jwk": JWK to advertise instead of the real one} -> {"id", "authorization_request"};
//   GET {base}/test/requests/{id} -> {"status": "pending"|"verified"|"failed", "error", "presentations"}.
import {createHash, randomBytes} from 'node:crypto';
import {digest} from '@sd-jwt/crypto-nodejs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {Openid4vpVerifier} from '@openid4vc/openid4vp';
import {b64json, callbacks, newP256, readBody, send, serve, signerJwk} from './oid4vc-peer-common.mjs';
import {verifyWith} from './jose-keys.mjs';

const signingKey = newP256();
const encryptionKey = newP256();
const x509 = process.env.OID4VC_X509 ? JSON.parse(process.env.OID4VC_X509) : null;
const didDocuments = new Map();
const requests = new Map();
let base, did;

const callbacksFor = (privateJwk) => callbacks(privateJwk, {didDocuments, decryptionJwk: encryptionKey.privateJwk});
const verifierFor = (privateJwk) => new Openid4vpVerifier({callbacks: callbacksFor(privateJwk)});

async function createRequest(body) {
  const id = randomBytes(12).toString('base64url');
  const useX509 = body.client_id_prefix === 'x509_hash';
  const clientId = useX509
    ? `x509_hash:${createHash('sha256').update(Buffer.from(x509.cert, 'base64')).digest('base64url')}`
    : `decentralized_identifier:${did}`;
  const jwtSigner = useX509
    ? {method: 'x5c', x5c: [x509.cert], alg: 'ES256'}
    : {method: 'did', didUrl: `${did}#key-1`, alg: 'ES256'};
  const {d, ...encryptionPublic} = encryptionKey.privateJwk;
  const encryptionJwk = body.encryption_jwk ?? {...encryptionPublic, kid: 'enc-1', use: 'enc', alg: 'ECDH-ES'};
  const payload = {
    response_type: 'vp_token', client_id: clientId, nonce: randomBytes(16).toString('base64url'),
    response_mode: body.response_mode ?? 'direct_post', response_uri: `${base}/verifier/responses/${id}`,
    dcql_query: body.dcql_query, state: id,
    client_metadata: {
      client_name: 'Peer clinic', vp_formats_supported: {'dc+sd-jwt': {'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256']}},
      ...(body.response_mode === 'direct_post.jwt' ? {jwks: {keys: [encryptionJwk]}, encrypted_response_enc_values_supported: ['A128GCM', 'A256GCM']} : {}),
    },
  };
  const verifier = verifierFor(useX509 ? x509.jwk : signingKey.privateJwk);
  const created = await verifier.createOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: payload,
    jar: {requestUri: `${base}/verifier/requests/${id}`, jwtSigner, expiresInSeconds: 300},
  });
  let requestObject = created.jar.authorizationRequestJwt;
  if (body.tamper) {
    const [h, p, s] = requestObject.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    claims.response_uri = `${base}/verifier/elsewhere`;
    requestObject = `${h}.${b64json(claims)}.${s}`;
  }
  requests.set(id, {payload: created.authorizationRequestPayload, requestObject, verifier, status: 'pending', responses: 0});
  return {id, authorization_request: created.authorizationRequest};
}

async function verifyPresentation(presentation, request) {
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    verifier: async (data, signature) => {
      const [h] = presentation.split('.');
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      return verifyWith(header.alg, signerJwk({method: 'did', didUrl: header.kid}), data, signature);
    },
    kbVerifier: async (data, signature, payload) => verifyWith('ES256', payload.cnf.jwk, data, signature),
  });
  const result = await sdjwt.verify(presentation, {keyBindingNonce: request.payload.nonce, requireKeyBindings: true});
  if (result.kb?.payload.aud !== request.payload.client_id) {
    throw new Error(`KB-JWT aud ${result.kb?.payload.aud} is not the client_id`);
  }
  return result.payload;
}

async function receiveResponse(req, res, id) {
  const request = requests.get(id);
  if (!request) return send(res, 404, {error: 'invalid_request', error_description: 'unknown request'});
  request.responses++;
  if (request.status !== 'pending') return send(res, 400, {error: 'invalid_request', error_description: 'request already answered'});
  try {
    const body = await readBody(req);
    const parsed = await request.verifier.parseOpenid4vpAuthorizationResponse({authorizationResponse: body, authorizationRequestPayload: request.payload, callbacks: callbacksFor(signingKey.privateJwk),
    });
    if (request.payload.response_mode === 'direct_post.jwt' && !parsed.jarm) throw new Error('direct_post.jwt expected an encrypted response');
    const presentations = {};
    for (const [queryId, values] of Object.entries(request.verifier.parseDcqlVpToken(parsed.authorizationResponsePayload.vp_token))) {
      presentations[queryId] = [];
      for (const value of values) presentations[queryId].push(await verifyPresentation(value, request));
    }
    Object.assign(request, {status: 'verified', presentations, encrypted: Boolean(parsed.jarm)});
    send(res, 200, {});
  } catch (e) {
    Object.assign(request, {status: 'failed', error: e.message});
    send(res, 400, {error: 'invalid_request', error_description: e.message});
  }
}

await serve(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (req.method === 'POST' && path === '/test/requests') return send(res, 201, await createRequest(await readBody(req)));
  if (req.method === 'GET' && path.startsWith('/test/requests/')) {
    const r = requests.get(path.slice('/test/requests/'.length));
    return r ? send(res, 200, {status: r.status, error: r.error, presentations: r.presentations, encrypted: r.encrypted, responses: r.responses}) : send(res, 404, {});
  }
  if (req.method === 'GET' && path === '/verifier/did.json') return send(res, 200, didDocuments.get(did));
  if (req.method === 'GET' && path.startsWith('/verifier/requests/')) {
    const r = requests.get(path.slice('/verifier/requests/'.length));
    if (!r) return send(res, 404, {error: 'not_found'});
    res.writeHead(200, {'content-type': 'application/oauth-authz-req+jwt'});
    return res.end(r.requestObject);
  }
  if (req.method === 'POST' && path.startsWith('/verifier/responses/')) return receiveResponse(req, res, path.slice('/verifier/responses/'.length));
  return send(res, 404, {error: 'not_found'});
}, (listening) => {
  base = listening;
  did = `did:web:${encodeURIComponent(new URL(base).host)}:verifier`;
  const method = {id: `${did}#key-1`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: signingKey.publicJwk};
  didDocuments.set(did, {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did, verificationMethod: [method], authentication: [method.id], assertionMethod: [method.id],
  });
});
