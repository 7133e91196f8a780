namespace Identity.Dids;

/// <summary>JSON-LD context URLs used in DID documents and resolution results.</summary>
public static class DidContexts
{
    public const string DidV1 = "https://www.w3.org/ns/did/v1";
    public const string MultikeyV1 = "https://w3id.org/security/multikey/v1";
    public const string JwsV1 = "https://w3id.org/security/suites/jws-2020/v1";
    public const string DidResolutionV1 = "https://w3id.org/did-resolution/v1";
}
