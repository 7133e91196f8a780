// Reference peer for TokenStatusListInteropTests: IETF draft-ietf-oauth-status-list (Token Status List), §4.1 (bits,
// lst), §5.1 Status List Token in JWT format, §6.1 (status claim), https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/ ,
// as implemented by @sd-jwt/jwt-status-list 0.19.0 (over pako); tokens signed with jose 6.x.
//
// Usage: node jwt-status-list.mjs decode    < {"token": "<statuslist+jwt>", "indexes": [0, 5]}
//          prints {"typ", "sub", "bits", "count", "statuses": [...]} (no signature check: the library reads only)
//        node jwt-status-list.mjs reference < {"token": "<a referenced JWT>"}
//          prints {"idx", "uri"}
//        node jwt-status-list.mjs create    < {"bits": 2, "size": 1024, "statuses": {"3": 1}, "uri": "...", "iat": n, "exp": n, "ttl": n}
//          signs with a fresh Ed25519 key; prints {"token", "publicJwk", "kid"} (kid is did:jwk:...#0)
import {StatusList, createHeaderAndPayload, getListFromStatusListJWT, getStatusListFromJWT} from '@sd-jwt/jwt-status-list';
import {SignJWT, decodeProtectedHeader, decodeJwt, exportJWK, generateKeyPair} from 'jose';
import {readStdin} from './jose-keys.mjs';

function decode({token, indexes}) {
  const list = getListFromStatusListJWT(token);
  const header = decodeProtectedHeader(token);
  const payload = decodeJwt(token);
  return {
    typ: header.typ ?? null,
    sub: payload.sub ?? null,
    bits: list.getBitsPerStatus(),
    count: list.statusList.length,
    statuses: indexes.map((index) => list.getStatus(index)),
  };
}

async function create({bits, size, statuses, uri, iat, exp, ttl}) {
  const list = new StatusList(new Array(size).fill(0), bits);
  for (const [index, value] of Object.entries(statuses)) {
    list.setStatus(Number(index), value);
  }
  const {publicKey, privateKey} = await generateKeyPair('EdDSA', {crv: 'Ed25519', extractable: true});
  const publicJwk = await exportJWK(publicKey);
  const did = 'did:jwk:' + Buffer.from(JSON.stringify({crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x})).toString('base64url');
  const kid = `${did}#0`;
  const {header, payload} = createHeaderAndPayload(list, {sub: uri, iat, exp, ttl}, {alg: 'EdDSA', typ: 'statuslist+jwt', kid});
  const token = await new SignJWT(payload).setProtectedHeader(header).sign(privateKey);
  return {token, publicJwk, did, kid};
}

const [command] = process.argv.slice(2);
const input = await readStdin();
if (command === 'decode') {
  process.stdout.write(JSON.stringify(decode(input)));
} else if (command === 'reference') {
  process.stdout.write(JSON.stringify(getStatusListFromJWT(input.token)));
} else if (command === 'create') {
  process.stdout.write(JSON.stringify(await create(input)));
} else {
  process.stderr.write('usage: node jwt-status-list.mjs decode|reference|create < input.json\n');
  process.exit(2);
}
