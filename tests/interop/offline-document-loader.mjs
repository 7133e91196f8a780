// Offline JSON-LD document loader shared by the interop peers and bench/load: it serves only the VC contexts from
// @digitalbazaar/credentials-context and did:key (Ed25519) documents computed locally, and refuses everything else.
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

// did:key for Ed25519 only: the DID document lists its one key under every signing relationship.
export function didKeyDocument(url) {
  const did = url.split('#')[0];
  const multibase = did.slice('did:key:'.length);
  if(!multibase.startsWith('z6Mk')) {
    throw new Error(`Only Ed25519 did:key is served offline: ${url}`);
  }
  const id = `${did}#${multibase}`;
  const method = {'@context': MULTIKEY_V1, id, type: 'Multikey', controller: did, publicKeyMultibase: multibase};
  if(url.includes('#')) {
    return method;
  }
  return {
    '@context': [DID_V1, MULTIKEY_V1],
    id: did,
    verificationMethod: [{id, type: 'Multikey', controller: did, publicKeyMultibase: multibase}],
    authentication: [id], assertionMethod: [id], capabilityInvocation: [id], capabilityDelegation: [id]
  };
}

export async function documentLoader(url) {
  if(credentialsContexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: credentialsContexts.get(url)};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: didKeyDocument(url)};
  }
  throw new Error(`Offline document loader: ${url} is not available.`);
}
