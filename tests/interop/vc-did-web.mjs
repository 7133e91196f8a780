// Reference peer for DidWebInteropTests: a credential issued by our server under a tenant's did:web, verified by
// @digitalbazaar/vc 7.3.0 (W3C VC Data Model 2.0, Data Integrity eddsa-rdfc-2022 and eddsa-jcs-2022) with its status
// checked by @digitalbazaar/vc-bitstring-status-list 2.0.1 (W3C Bitstring Status List v1.0 §3.2 Validate Algorithm).
//
// Usage: node vc-did-web.mjs verify < {"credential": {...}}
// Prints {"verified": bool, "accepted": bool, "statuses": [{"statusPurpose", "status"}], "error": string|null}:
// `verified` is the library's own answer (proof, proof purpose through the fetched DID document, the status list
// credential's proof and issuer); `accepted` adds that every status was checked and no status bit is set.
//
// The document loader serves the contexts from the npm packages below, and fetches did:web documents and status list
// credentials from the server under test over loopback HTTP (a test-only mapping: did:web names https, and the
// test server listens on http://127.0.0.1:PORT). Any other URL is refused, so nothing else is fetched.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as eddsaJcs2022Verify} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';

const contexts = new Map([
  ...credentialsContexts,
  ...didContext.contexts,
  [multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT]
]);

function isLoopback(url) {
  const {hostname} = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost';
}

// did:web:host%3Aport:a:b -> http://host:port/a/b/did.json (did:web §3.2, with http for the loopback test server).
function didWebUrl(did) {
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const path = parts.length > 1 ? parts.slice(1).join('/') : '.well-known';
  return `http://${parts[0]}/${path}/did.json`;
}

async function fetchJson(url) {
  if(!isLoopback(url)) {
    throw new Error(`Refusing to fetch ${url}: only the loopback server under test is reachable.`);
  }
  const response = await fetch(url, {headers: {accept: 'application/did+ld+json, application/ld+json, application/json'}});
  if(!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}.`);
  }
  return response.json();
}

export async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const document = await fetchJson(didWebUrl(did));
    if(document.id !== did) {
      throw new Error(`${didWebUrl(did)} describes ${document.id}, not ${did}.`);
    }
    if(fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document};
    }
    const method = (document.verificationMethod ?? []).find(m => m.id === url);
    if(!method) {
      throw new Error(`${url} is not a verification method of ${did}.`);
    }
    return {contextUrl: null, documentUrl: url, document: {'@context': document['@context'], ...method}};
  }
  if(url.startsWith('http://')) {
    return {contextUrl: null, documentUrl: url, document: await fetchJson(url)};
  }
  throw new Error(`Document loader: ${url} is not available.`);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function messages(error) {
  if(!error) {
    return [];
  }
  const nested = error.errors ?? [];
  return nested.length > 0 ? nested.flatMap(messages) : [error.message ?? String(error)];
}

async function verify({credential}) {
  const suite = [new DataIntegrityProof({cryptosuite: eddsaRdfc2022}), new DataIntegrityProof({cryptosuite: eddsaJcs2022Verify()})];
  const result = await vc.verifyCredential({
    credential, suite, documentLoader,
    checkStatus: options => checkStatus({...options, suite, documentLoader, verifyBitstringStatusListCredential: true})
  });
  const statuses = (result.statusResult?.results ?? [result.statusResult].filter(Boolean))
    .filter(r => r.credentialStatus)
    .map(r => ({statusPurpose: r.credentialStatus.statusPurpose, status: r.status === true}));
  const errors = [...messages(result.error), ...messages(result.statusResult?.error)];
  const verified = result.verified === true;
  // The library reports a set status bit as a verified status check whose `status` is true: the credential is
  // accepted only when it verified and no status bit is set.
  const accepted = verified && statuses.length > 0 && statuses.every(s => !s.status);
  return {verified, accepted, statuses, error: errors.length > 0 ? [...new Set(errors)].join('; ') : null};
}

const command = process.argv[2];
const input = await readStdin();
if(command === 'verify') {
  process.stdout.write(JSON.stringify(await verify(input)));
} else {
  process.stderr.write('usage: node vc-did-web.mjs verify < input.json\n');
  process.exit(2);
}
