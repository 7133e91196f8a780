// References: spruceid/ssi, ssi-claims-core (ProofValidationError vs. InvalidProof: "could not be checked" is a
//   different outcome from "checked and invalid"), https://github.com/spruceid/ssi
namespace Identity.Credentials.Verification;

/// <summary>Why a proof (a Data Integrity proof or a JWS) could not be checked at all: the outer level of a <see cref="ProofVerdict"/>.</summary>
public enum UncheckedReason
{
    /// <summary>The proof lacks a required field, has one of the wrong type, or its signature value is not decodable.</summary>
    MalformedProof,

    /// <summary>The proof type, cryptosuite or JWS algorithm is not one this verifier supports.</summary>
    UnsupportedCryptosuite,

    /// <summary>The verification method could not be found: an invalid DID or DID URL, a DID that does not resolve, or a
    /// method its DID document does not contain.</summary>
    UnresolvableKey,

    /// <summary>The signer's DID document could not be retrieved (a fetch refused by policy, timed out or failed): the
    /// resolver gave no answer about the DID.</summary>
    KeyUnavailable,

    /// <summary>The method exists but may not be used here: not authorised for the proof purpose, a key this suite
    /// cannot use, or a key of another DID than the signer's.</summary>
    KeyNotAuthorized,

    /// <summary>The method's key material cannot be decoded into a public key.</summary>
    UnusableKey,

    /// <summary>The secured document cannot be transformed for hashing (e.g. it is not valid JSON-LD under its contexts).</summary>
    MalformedDocument,

    /// <summary>Checking would exceed the work the service allows one request (<c>workLimitExceeded</c>,
    /// <c>canonicalizationLimitExceeded</c>): fail closed.</summary>
    WorkLimitExceeded,
}
