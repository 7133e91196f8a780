namespace Identity.Dids;

/// <summary>JSON-LD context URLs used in DID documents and resolution results.</summary>
public static class DidContexts
{
    public const string DidV1 = "https://www.w3.org/ns/did/v1";
    public const string MultikeyV1 = "https://w3id.org/security/multikey/v1";
    public const string JwsV1 = "https://w3id.org/security/suites/jws-2020/v1";
    public const string DidResolutionV1 = "https://w3id.org/did-resolution/v1";
    public const string Ed25519VerificationKey2020V1 = "https://w3id.org/security/suites/ed25519-2020/v1";
    public const string SecurityV2 = "https://w3id.org/security/v2";

    /// <summary>The context that defines a verification method type's term and its key members, or null when the DID
    /// v1 context already does (or the type is unknown and must be defined by the document's own contexts).</summary>
    public static string? ForVerificationMethodType(string type) => type switch
    {
        VerificationMethodTypes.Multikey => MultikeyV1,
        VerificationMethodTypes.JsonWebKey2020 => JwsV1,
        VerificationMethodTypes.Ed25519VerificationKey2020 => Ed25519VerificationKey2020V1,
        VerificationMethodTypes.Ed25519VerificationKey2018 or VerificationMethodTypes.EcdsaSecp256k1VerificationKey2019 => SecurityV2,
        _ => null,
    };
}
