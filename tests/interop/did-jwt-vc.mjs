// Reference peer for JwtVcInteropTests: W3C VC Data Model 1.1 §6.3.1 JWT-VC as produced by did-jwt-vc 4.0.16 over
// did-jwt 8.0.18 (signers EdDSA, ES256K, ES256), https://github.com/decentralized-identity/did-jwt-vc
//
// Usage: node did-jwt-vc.mjs issue < {"alg": "EdDSA"|"ES256K"|"ES256", "privateKeyHex": "<hex>", "did": "<issuer DID>",
//                                     "subject": "<subject DID>", "nbf": <seconds>, "exp": <seconds>}
// Prints {"jwt": "<compact JWS>"}.
import {EdDSASigner, ES256KSigner, ES256Signer} from 'did-jwt';
import {createVerifiableCredentialJwt} from 'did-jwt-vc';
import {readStdin} from './jose-keys.mjs';

const signers = {EdDSA: EdDSASigner, ES256K: ES256KSigner, ES256: ES256Signer};

async function issue({alg, privateKeyHex, did, subject, nbf, exp}) {
  const signer = signers[alg](Uint8Array.from(Buffer.from(privateKeyHex, 'hex')));
  const payload = {
    sub: subject,
    nbf,
    exp,
    jti: 'urn:uuid:9f1b7c2e-4a3d-4e8f-b6a5-1c2d3e4f5a6b',
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      credentialSubject: {bloodType: 'AB-'},
    },
  };
  return {jwt: await createVerifiableCredentialJwt(payload, {did, signer, alg})};
}

const [command] = process.argv.slice(2);
const input = await readStdin();
if (command !== 'issue') {
  throw new Error(`unknown command ${command}`);
}
process.stdout.write(JSON.stringify(await issue(input)));
