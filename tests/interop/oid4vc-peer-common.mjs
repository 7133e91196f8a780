// Shared by the OpenID4VC peers (oid4vc-peer-issuer.mjs, oid4vc-peer-verifier.mjs): the callbacks the
// @openid4vc/* 0.4.6 libraries ask for (hashing, randomness, JWS signing and verification with node:crypto, JWE with
// jose 6), DID resolution for did:jwk, and a small HTTP server on loopback. Test-only.
import {createHash, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate} from 'node:crypto';
import {createServer} from 'node:http';
import {clientAuthenticationAnonymous} from '@openid4vc/oauth2';
import {setGlobalConfig} from '@openid4vc/utils';
import {compactDecrypt, CompactEncrypt, importJWK} from 'jose';
import {signerFor, verifyWith} from './jose-keys.mjs';

// The peers listen on loopback over http; the libraries refuse http URLs unless told otherwise.
setGlobalConfig({allowInsecureUrls: true});

export function newP256() {
  const {privateKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
  const privateJwk = privateKey.export({format: 'jwk'});
  const {d, ...publicJwk} = privateJwk;
  return {privateJwk, publicJwk};
}

export const b64json = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function didJwk(publicJwk) {
  return `did:jwk:${b64json(publicJwk)}`;
}

// The public JWK a signer stands for: did:jwk and did:web documents the peer serves itself, x5c, or jwk.
export function signerJwk(signer, didDocuments = new Map()) {
  if (signer.method === 'jwk') return signer.publicJwk;
  if (signer.method === 'x5c') {
    return createPublicKey(new X509Certificate(Buffer.from(signer.x5c[0], 'base64')).publicKey).export({format: 'jwk'});
  }
  if (signer.method === 'did') {
    const [did] = signer.didUrl.split('#');
    if (did.startsWith('did:jwk:')) return JSON.parse(Buffer.from(did.slice(8), 'base64url').toString('utf8'));
    const document = didDocuments.get(did);
    const method = document?.verificationMethod.find((m) => m.id === signer.didUrl);
    if (method) return method.publicKeyJwk;
  }
  throw new Error(`cannot resolve a key for signer ${JSON.stringify(signer)}`);
}

export async function signCompact(privateJwk, header, payload) {
  const input = `${b64json(header)}.${b64json(payload)}`;
  return `${input}.${await signerFor(header.alg, privateJwk)(input)}`;
}

export function callbacks(privateJwk, {didDocuments, decryptionJwk} = {}) {
  return {
    hash: (data, alg) => createHash(alg.replace('-', '')).update(data).digest(),
    generateRandom: (length) => randomBytes(length),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (signer, {header, payload}) => {
      const {d, ...publicJwk} = privateJwk;
      return {jwt: await signCompact(privateJwk, header, payload), signerJwk: publicJwk};
    },
    verifyJwt: async (signer, {compact}) => {
      try {
        const jwk = signerJwk(signer, didDocuments);
        const [h, p, s] = compact.split('.');
        return {verified: verifyWith(signer.alg, jwk, `${h}.${p}`, s), signerJwk: jwk};
      } catch {
        return {verified: false};
      }
    },
    encryptJwe: async (encryptor, data) => {
      const key = await importJWK(encryptor.publicJwk, 'ECDH-ES');
      const jwe = await new CompactEncrypt(new TextEncoder().encode(data))
        .setProtectedHeader({alg: encryptor.alg, enc: encryptor.enc, kid: encryptor.kid}).encrypt(key);
      return {jwe, encryptionJwk: encryptor.publicJwk};
    },
    decryptJwe: async (jwe) => {
      try {
        const key = await importJWK(decryptionJwk, 'ECDH-ES');
        const {plaintext} = await compactDecrypt(jwe, key, {keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: ['A128GCM', 'A256GCM']});
        const {d, ...publicJwk} = decryptionJwk;
        return {decrypted: true, decryptionJwk: publicJwk, payload: new TextDecoder().decode(plaintext)};
      } catch {
        return {decrypted: false};
      }
    },
  };
}

// A node:http request as the libraries' RequestLike.
export function requestLike(req, base) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return {method: req.method, url: new URL(req.url, base).toString(), headers};
}

export async function readBody(req, limit = 256 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error('body too large'), {status: 413});
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text ? JSON.parse(text) : {};
}

export function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers});
  res.end(text);
}

// Starts the server on a free loopback port, prints {"base": ...} as one line, and exits when stdin closes.
export async function serve(handler, announce) {
  const server = createServer(async (req, res) => {
    try {
      await handler(req, res);
    } catch (e) {
      const response = e.errorResponse ?? {error: 'server_error', error_description: e.message};
      send(res, e.status ?? (e.errorResponse ? 400 : 500), response);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  announce(base);
  process.stdout.write(JSON.stringify({base}) + '\n');
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  return base;
}
