// Reference wallet for Oid4VciInteropTests: the OpenID4VCI 1.0 pre-authorized code flow with DPoP (RFC 9449) as
// implemented by @openid4vc/openid4vci and @openid4vc/oauth2 0.4.6 (OWF, the libraries behind Credo), talking real HTTP
// to our issuer; each received dc+sd-jwt is verified by @sd-jwt/sd-jwt-vc 0.19.0 with the issuer key taken from the
// tenant's did:web document (fetched over HTTP) and its Token Status List fetched from our status endpoint.
//
// Usage: node openid4vci-wallet.mjs receive < {"offerUri": "openid-credential-offer://...", "txCode": "123456"|null, "keys": 2}
//          prints {"configurationId", "tokenType", "credentials": [...], "holderJwks": [...]}
//        node openid4vci-wallet.mjs verify  < {"credential": "<dc+sd-jwt>", "holderJwk": {...}}
//          prints {"verified", "vct", "cnfMatches", "error"}
//        node openid4vci-wallet.mjs refuse  < {"offerUri": "...", "txCode": "123456", "otherOfferUri": "..."}
//          drives the library into our refusals and prints the OAuth error name it reported for each case
import {createHash, randomBytes, ECDH} from 'node:crypto';
import {Openid4vciClient} from '@openid4vc/openid4vci';
import {clientAuthenticationAnonymous, setGlobalConfig} from '@openid4vc/oauth2';
import {digest} from '@sd-jwt/crypto-nodejs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK} from 'jose';
import {algOf, readStdin, verifyWith} from './jose-keys.mjs';

// Our test servers listen on plain-HTTP loopback; everything else about the flow is as in production.
setGlobalConfig({allowInsecureUrls: true});

const privateKeys = new Map();

async function newKey(alg = 'ES256') {
  const {publicKey, privateKey} = await generateKeyPair(alg, alg === 'EdDSA' ? {crv: 'Ed25519', extractable: true} : {extractable: true});
  const publicJwk = await exportJWK(publicKey);
  privateKeys.set(await calculateJwkThumbprint(publicJwk), privateKey);
  return {alg, publicJwk};
}

async function signJwt(signer, {header, payload}) {
  const key = privateKeys.get(await calculateJwkThumbprint(signer.publicJwk));
  const jwt = await new SignJWT(payload).setProtectedHeader({...header, alg: signer.alg}).sign(key);
  return {jwt, signerJwk: signer.publicJwk};
}

function newClient() {
  return new Openid4vciClient({
    callbacks: {
      fetch,
      signJwt,
      hash: (data, alg) => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest()),
      generateRandom: (length) => new Uint8Array(randomBytes(length)),
      clientAuthentication: clientAuthenticationAnonymous(),
    },
  });
}

async function tokenFor(client, offerUri, txCode, dpopKey) {
  const offer = await client.resolveCredentialOffer(offerUri);
  return redeem(client, offer, await client.resolveIssuerMetadata(offer.credential_issuer), txCode, dpopKey);
}

async function redeem(client, offer, issuerMetadata, txCode, dpopKey) {
  const signer = {method: 'jwk', alg: dpopKey.alg, publicJwk: dpopKey.publicJwk};
  const {accessTokenResponse, dpop} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer, issuerMetadata, txCode: txCode ?? undefined, dpop: {signer},
  });
  return {offer, issuerMetadata, accessTokenResponse, dpop: {signer, nonce: dpop?.nonce}};
}

async function proofsFor(client, issuerMetadata, configurationId, keys, nonce) {
  const jwts = [];
  for (const key of keys) {
    const {jwt} = await client.createCredentialRequestJwtProof({
      issuerMetadata, credentialConfigurationId: configurationId, nonce,
      signer: {method: 'jwk', alg: key.alg, publicJwk: key.publicJwk},
    });
    jwts.push(jwt);
  }
  return {jwt: jwts};
}

async function receive({offerUri, txCode, keys}) {
  const client = newClient();
  const {offer, issuerMetadata, accessTokenResponse, dpop} = await tokenFor(client, offerUri, txCode, await newKey());
  const configurationId = offer.credential_configuration_ids[0];
  const holders = [];
  for (let i = 0; i < keys; i++) {
    holders.push(await newKey(i % 2 === 0 ? 'ES256' : 'EdDSA'));
  }
  const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
  const response = await client.retrieveCredentials({
    issuerMetadata, credentialConfigurationId: configurationId, accessToken: accessTokenResponse.access_token, dpop,
    proofs: await proofsFor(client, issuerMetadata, configurationId, holders, nonce),
  });
  return {
    configurationId,
    tokenType: accessTokenResponse.token_type,
    credentials: response.credentialResponse.credentials.map((c) => c.credential),
    holderJwks: holders.map((h) => h.publicJwk),
  };
}

// did:web → https://host/path/did.json (plain http for loopback test hosts); Multikey → JWK.
async function issuerJwk(kid) {
  const [did, fragment] = kid.split('#');
  const parts = did.split(':').slice(2).map(decodeURIComponent);
  const host = parts[0];
  const scheme = /^(127\.0\.0\.1|localhost)(:|$)/.test(host) ? 'http' : 'https';
  const document = await (await fetch(`${scheme}://${host}/${parts.slice(1).join('/')}/did.json`)).json();
  const method = document.verificationMethod.find((m) => m.id === kid || m.id === `#${fragment}`);
  return method.publicKeyJwk ?? multikeyToJwk(method.publicKeyMultibase);
}

function multikeyToJwk(multibase) {
  const bytes = base58btc(multibase.slice(1));
  if (bytes[0] === 0xed && bytes[1] === 0x01) {
    return {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.subarray(2)).toString('base64url')};
  }
  if (bytes[0] === 0x80 && bytes[1] === 0x24) {
    const point = ECDH.convertKey(Buffer.from(bytes.subarray(2)), 'prime256v1', undefined, undefined, 'uncompressed');
    return {kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url')};
  }
  throw new Error('unsupported Multikey');
}

function base58btc(text) {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = 0n;
  for (const c of text) {
    value = value * 58n + BigInt(alphabet.indexOf(c));
  }
  const hex = value.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const zeros = text.match(/^1*/)[0].length;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

async function verify({credential, holderJwk}) {
  const header = JSON.parse(Buffer.from(credential.split('.')[0], 'base64url').toString('utf8'));
  const jwk = await issuerJwk(header.kid);
  const verifier = async (data, signature) => verifyWith(algOf(jwk), jwk, data, signature);
  const instance = new SDJwtVcInstance({hasher: digest, verifier});
  try {
    const result = await instance.verify(credential);
    const cnf = result.payload.cnf?.jwk;
    const cnfMatches = cnf !== undefined && await calculateJwkThumbprint(cnf) === await calculateJwkThumbprint(holderJwk);
    return {verified: true, vct: result.payload.vct, typ: header.typ, cnfMatches, error: null};
  } catch (e) {
    return {verified: false, vct: null, typ: header.typ, cnfMatches: false, error: e.message};
  }
}

function errorName(e) {
  return e?.errorResponse?.error ?? e?.response?.credentialErrorResponseResult?.data?.error ?? `unparsed: ${e?.message?.split('\n')[0]}`;
}

async function attempt(run) {
  try {
    await run();
    return 'accepted';
  } catch (e) {
    return errorName(e);
  }
}

// Each case goes through the library's own request code; only the parts a wallet would get wrong are changed.
async function refuse({offerUri, txCode, otherOfferUri}) {
  const client = newClient();
  const dpopKey = await newKey();
  const results = {};
  const resolved = await client.resolveCredentialOffer(offerUri);
  const metadata = await client.resolveIssuerMetadata(resolved.credential_issuer);
  results.wrongTxCode = await attempt(() => redeem(client, resolved, metadata, txCode === '000000' ? '111111' : '000000', dpopKey));
  const {offer, issuerMetadata, accessTokenResponse, dpop} = await redeem(client, resolved, metadata, txCode, dpopKey);
  results.reusedCode = await attempt(() => redeem(client, resolved, metadata, txCode, dpopKey));
  const configurationId = offer.credential_configuration_ids[0];
  const holder = await newKey();
  const send = async (proofs, dpopOptions = dpop) => client.retrieveCredentials({
    issuerMetadata, credentialConfigurationId: configurationId, accessToken: accessTokenResponse.access_token, dpop: dpopOptions, proofs,
  });
  const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
  const wrongAudience = {...issuerMetadata, credentialIssuer: {...issuerMetadata.credentialIssuer, credential_issuer: 'https://elsewhere.example/tenants/x'}};
  results.wrongAudience = await attempt(async () => send(await proofsFor(client, wrongAudience, configurationId, [holder], nonce)));
  results.unknownNonce = await attempt(async () => send(await proofsFor(client, issuerMetadata, configurationId, [holder], 'not-a-nonce')));
  const stranger = await newKey();
  results.dpopKeyMismatch = await attempt(async () => send(
    await proofsFor(client, issuerMetadata, configurationId, [holder], nonce), {signer: {method: 'jwk', alg: 'ES256', publicJwk: stranger.publicJwk}}));
  results.accepted = await attempt(async () => send(await proofsFor(client, issuerMetadata, configurationId, [holder], nonce)));
  const {accessTokenResponse: other, dpop: otherDpop} = await tokenFor(client, otherOfferUri, null, dpopKey);
  results.reusedNonce = await attempt(async () => client.retrieveCredentials({
    issuerMetadata, credentialConfigurationId: configurationId, accessToken: other.access_token, dpop: otherDpop,
    proofs: await proofsFor(client, issuerMetadata, configurationId, [holder], nonce),
  }));
  return results;
}

const commands = {receive, verify, refuse};
const [command] = process.argv.slice(2);
if (!(command in commands)) {
  process.stderr.write('usage: node openid4vci-wallet.mjs receive|verify|refuse < input.json\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(await commands[command](await readStdin())));
