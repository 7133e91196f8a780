namespace Identity.Primitives;

/// <summary>
/// The closed set of stable error codes. The DID-resolution names follow W3C DID Resolution; the others are ours.
/// Each code has a page under <c>docs/errors/</c>. Codes are part of the public contract: never rename one.
/// </summary>
public static class ErrorCodes
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
}
