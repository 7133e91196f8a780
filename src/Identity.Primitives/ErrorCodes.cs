namespace Identity.Primitives;

/// <summary>
/// The closed set of stable error codes. The DID-resolution names follow W3C DID Resolution; the others are ours.
/// Each code has a page under <c>docs/errors/</c>. Codes are part of the public contract: never rename one.
/// </summary>
public static partial class ErrorCodes
{
    // W3C DID Resolution error names.
    public const string InvalidDid = "invalidDid";
    public const string InvalidDidUrl = "invalidDidUrl";
    public const string NotFound = "notFound";
    public const string MethodNotSupported = "methodNotSupported";
    public const string RepresentationNotSupported = "representationNotSupported";
    public const string InvalidPublicKey = "invalidPublicKey";
    public const string InvalidPublicKeyLength = "invalidPublicKeyLength";
    public const string InvalidPublicKeyType = "invalidPublicKeyType";
    public const string UnsupportedPublicKeyType = "unsupportedPublicKeyType";
    public const string InvalidDidDocument = "invalidDidDocument";
    public const string InvalidOptions = "invalidOptions";
    public const string InternalError = "internalError";

    // Encodings.
    public const string InvalidMultibase = "invalidMultibase";
    public const string InvalidMulticodec = "invalidMulticodec";
    public const string InvalidJwk = "invalidJwk";
    public const string InvalidJson = "invalidJson";
    public const string JcsUnrepresentable = "jcsUnrepresentable";

    // Cryptography and proofs.
    public const string InvalidSignature = "invalidSignature";
    public const string InvalidProof = "invalidProof";
    public const string KeyMismatch = "keyMismatch";
    public const string UnsupportedAlgorithm = "unsupportedAlgorithm";

    /// <summary>A private key's secret has the wrong length or is out of range (e.g. an EC scalar of 0 or ≥ n).</summary>
    public const string InvalidPrivateKey = "invalidPrivateKey";

    // Data.
    public const string SchemaViolation = "schemaViolation";

    // Data Integrity proofs (W3C VC Data Integrity 1.0 §4.4 Verify Proof).

    /// <summary>A proof names a proof type or cryptosuite this library does not implement.</summary>
    public const string UnsupportedCryptosuite = "unsupportedCryptosuite";

    /// <summary>A proof's <c>expires</c> time has passed.</summary>
    public const string ProofExpired = "proofExpired";

    /// <summary>A proof's <c>proofPurpose</c> is not the one the verifier expects.</summary>
    public const string ProofPurposeMismatch = "proofPurposeMismatch";

    /// <summary>A proof's <c>challenge</c> is absent or differs from the verifier's.</summary>
    public const string ChallengeMismatch = "challengeMismatch";

    /// <summary>A proof's <c>domain</c> is absent or differs from the verifier's.</summary>
    public const string DomainMismatch = "domainMismatch";

    /// <summary>A proof object lacks a required field, has a field of the wrong shape, or has an undecodable <c>proofValue</c>.</summary>
    public const string MalformedProof = "malformedProof";

    // VC data model, credential schemas and JSON-LD contexts.
    /// <summary>A credential or presentation breaks a rule of the VC Data Model (1.1 or 2.0).</summary>
    public const string DataModelViolation = "dataModelViolation";

    /// <summary>A <c>credentialSchema</c> names a schema that is not in the local registry (schemas are never fetched).</summary>
    public const string SchemaNotFound = "schemaNotFound";

    /// <summary>A JSON-LD context is not in the offline, hash-pinned store, or its file does not match its pinned hash.</summary>
    public const string ContextNotFound = "contextNotFound";
}
