// Independent OpenID4VCI 1.0 issuer for the CLI wallet's tests (Oid4vcWalletTests), built from @openid4vc/openid4vci
// and @openid4vc/oauth2 0.4.6 (the OWF libraries behind Credo) and @sd-jwt/sd-jwt-vc 0.19.0. Test-only.
//
// Usage: node oid4vc-peer-issuer.mjs   (prints {"base"} once listening on loopback; exits when stdin closes)
// Credential Issuer Identifier {base}/issuer/t1 (a path, so the well-known URLs insert it); it is its own
// authorization server: pre-authorized code grant, tx_code, DPoP required with a server DPoP nonce, nonce endpoint,
// dc+sd-jwt credentials bound to the jwt proof's key and signed by a did:jwk issuer.
// Test control: POST {base}/test/offers {"claims": {...}, "tx_code": true|false, "by_value": false}
//   -> {"offer_uri", "tx_code"};  GET {base}/test/issued -> [{"credential", "holder_jwk"}].
import {randomBytes} from 'node:crypto';
import {digest, generateSalt} from '@sd-jwt/crypto-nodejs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {decodeJwt, Oauth2AuthorizationServer, Oauth2ResourceServer, preAuthorizedCodeGrantIdentifier} from '@openid4vc/oauth2';
import {Openid4vciIssuer} from '@openid4vc/openid4vci';
import {callbacks, didJwk, newP256, readBody, requestLike, send, serve} from './oid4vc-peer-common.mjs';
import {signerFor} from './jose-keys.mjs';

const issuerKey = newP256();
const issuerDid = didJwk(issuerKey.publicJwk);
const cb = callbacks(issuerKey.privateJwk);
const authorizationServer = new Oauth2AuthorizationServer({callbacks: cb});
const resourceServer = new Oauth2ResourceServer({callbacks: cb});
const issuer = new Openid4vciIssuer({callbacks: cb});
const random = () => randomBytes(16).toString('base64url');
const offers = new Map();
const cNonces = new Set();
const issued = [];
let dpopNonce = random();
let base, id, metadata;

const handlers = {
  'POST /test/offers': async (req, res) => {
    const body = await readBody(req);
    const code = random();
    const txCode = body.tx_code ? String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)) : undefined;
    offers.set(code, {claims: body.claims ?? {}, txCode, used: false});
    const grants = {[preAuthorizedCodeGrantIdentifier]: {'pre-authorized_code': code, ...(txCode ? {tx_code: {input_mode: 'numeric', length: 6}} : {})}};
    const offerUri = body.by_value ? undefined : `${base}/issuer/t1/offers/${code}`;
    const {credentialOffer, credentialOfferObject} = await issuer.createCredentialOffer({
      issuerMetadata: metadata, credentialConfigurationIds: ['HealthCredential_sd_jwt'], grants, credentialOfferUri: offerUri,
    });
    offers.get(code).object = credentialOfferObject;
    send(res, 201, {offer_uri: credentialOffer, tx_code: txCode});
  },
  'GET /test/issued': (req, res) => send(res, 200, issued),
  'GET /issuer/t1/jwks': (req, res) => send(res, 200, {keys: [{...issuerKey.publicJwk, kid: 'as-1', use: 'sig', alg: 'ES256'}]}),
  'GET /.well-known/openid-credential-issuer/issuer/t1': (req, res) => send(res, 200, metadata.credentialIssuer),
  'GET /.well-known/oauth-authorization-server/issuer/t1': (req, res) => send(res, 200, metadata.authorizationServers[0]),
  'POST /issuer/t1/token': async (req, res) => {
    const request = requestLike(req, base);
    const parsed = authorizationServer.parseAccessTokenRequest({request, accessTokenRequest: await readBody(req)});
    const offer = offers.get(parsed.grant.preAuthorizedCode);
    if (!offer || offer.used) return send(res, 400, {error: 'invalid_grant', error_description: 'unknown or used pre-authorized code'});
    if (!parsed.dpop || decodeJwt({jwt: parsed.dpop.jwt}).payload.nonce !== dpopNonce) {
      return send(res, 400, {error: 'use_dpop_nonce', error_description: 'a DPoP nonce is required'}, {'DPoP-Nonce': dpopNonce});
    }
    const {dpop} = await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
      authorizationServerMetadata: metadata.authorizationServers[0], grant: parsed.grant, accessTokenRequest: parsed.accessTokenRequest,
      request, expectedPreAuthorizedCode: parsed.grant.preAuthorizedCode, expectedTxCode: offer.txCode,
      dpop: {required: true, jwt: parsed.dpop.jwt, allowedSigningAlgs: ['ES256']},
    });
    offer.used = true;
    const response = await authorizationServer.createAccessTokenResponse({
      authorizationServer: id, audience: id, subject: parsed.grant.preAuthorizedCode, expiresInSeconds: 300,
      signer: {method: 'jwk', alg: 'ES256', publicJwk: {...issuerKey.publicJwk, kid: 'as-1'}}, dpop: {jwk: dpop.jwk},
    });
    send(res, 200, response, {'DPoP-Nonce': dpopNonce});
  },
  'POST /issuer/t1/nonce': (req, res) => {
    const cNonce = random();
    cNonces.add(cNonce);
    send(res, 200, issuer.createNonceResponse({cNonce, cNonceExpiresIn: 300}), {'cache-control': 'no-store'});
  },
  'POST /issuer/t1/credential': async (req, res) => {
    const request = requestLike(req, base);
    const body = await readBody(req);
    const {tokenPayload} = await resourceServer.verifyResourceRequest({
      request, resourceServer: id, authorizationServers: metadata.authorizationServers,
    });
    const parsed = issuer.parseCredentialRequest({issuerMetadata: metadata, credentialRequest: body});
    const jwts = parsed.proofs?.jwt ?? [];
    if (jwts.length === 0) return send(res, 400, {error: 'invalid_proof', error_description: 'no jwt proof'});
    const holders = [];
    for (const jwt of jwts) {
      const nonce = decodeJwt({jwt}).payload.nonce;
      if (!cNonces.delete(nonce)) return send(res, 400, {error: 'invalid_nonce', error_description: 'unknown or used c_nonce'});
      const verified = await issuer.verifyCredentialRequestJwtProof({issuerMetadata: metadata, jwt, expectedNonce: nonce});
      holders.push(verified.signer.publicJwk);
    }
    const claims = offers.get(tokenPayload.sub).claims;
    const sdjwt = new SDJwtVcInstance({signer: signerFor('ES256', issuerKey.privateJwk), signAlg: 'ES256', hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt});
    const credentials = [];
    for (const jwk of holders) {
      const payload = {iss: issuerDid, vct: 'https://peer.example/HealthCredential', iat: Math.floor(Date.now() / 1000), cnf: {jwk}, ...claims};
      const credential = await sdjwt.issue(payload, {_sd: Object.keys(claims)}, {header: {kid: `${issuerDid}#0`, typ: 'dc+sd-jwt'}});
      issued.push({credential, holder_jwk: jwk});
      credentials.push({credential});
    }
    send(res, 200, issuer.createCredentialResponse({credentialRequest: parsed, credentials}));
  },
};

base = await serve(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (req.method === 'GET' && path.startsWith('/issuer/t1/offers/')) {
    const offer = offers.get(path.slice('/issuer/t1/offers/'.length));
    return offer ? send(res, 200, offer.object) : send(res, 404, {error: 'not_found'});
  }
  const handler = handlers[`${req.method} ${path}`];
  return handler ? handler(req, res) : send(res, 404, {error: 'not_found'});
}, (listening) => {
  base = listening;
  id = `${base}/issuer/t1`;
  const credentialIssuer = issuer.createCredentialIssuerMetadata({
    credential_issuer: id,
    credential_endpoint: `${id}/credential`,
    nonce_endpoint: `${id}/nonce`,
    batch_credential_issuance: {batch_size: 2},
    credential_configurations_supported: {
      HealthCredential_sd_jwt: {
        format: 'dc+sd-jwt', vct: 'https://peer.example/HealthCredential', scope: 'HealthCredential',
        cryptographic_binding_methods_supported: ['jwk'], credential_signing_alg_values_supported: ['ES256'],
        proof_types_supported: {jwt: {proof_signing_alg_values_supported: ['ES256']}},
        credential_metadata: {display: [{name: 'Health credential', locale: 'en'}]},
      },
    },
  });
  const as = authorizationServer.createAuthorizationServerMetadata({
    issuer: id, token_endpoint: `${id}/token`, jwks_uri: `${id}/jwks`, 'pre-authorized_grant_anonymous_access_supported': true,
    dpop_signing_alg_values_supported: ['ES256'], grant_types_supported: [preAuthorizedCodeGrantIdentifier],
  });
  metadata = {
    credentialIssuer, authorizationServers: [as], originalDraftVersion: 'V1',
    knownCredentialConfigurations: issuer.getKnownCredentialConfigurationsSupported(credentialIssuer),
  };
});
