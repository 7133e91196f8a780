using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>A DID document (DID v1.0) as this service serves and resolves it.</summary>
[Description("A DID document (W3C DID v1.0), JSON-LD representation (`@context` present).")]
[Example("""{"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],"id":"did:web:localhost%3A5080:tenants:st-marys","verificationMethod":[{"id":"did:web:localhost%3A5080:tenants:st-marys#key-1","type":"Multikey","controller":"did:web:localhost%3A5080:tenants:st-marys","publicKeyMultibase":"z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"}],"authentication":["did:web:localhost%3A5080:tenants:st-marys#key-1"],"assertionMethod":["did:web:localhost%3A5080:tenants:st-marys#key-1"]}""")]
internal sealed record DidDocument
{
    [JsonPropertyName("@context")]
    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public object? Context { get; init; }

    public required string Id { get; init; }

    public IReadOnlyList<string>? AlsoKnownAs { get; init; }

    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public object? Controller { get; init; }

    public IReadOnlyList<VerificationMethod>? VerificationMethod { get; init; }

    [Description("DID URLs of verification methods (or embedded methods).")]
    public IReadOnlyList<string>? Authentication { get; init; }

    public IReadOnlyList<string>? AssertionMethod { get; init; }

    public IReadOnlyList<string>? KeyAgreement { get; init; }

    public IReadOnlyList<string>? CapabilityInvocation { get; init; }

    public IReadOnlyList<string>? CapabilityDelegation { get; init; }

    public IReadOnlyList<DidService>? Service { get; init; }
}

/// <summary>A verification method.</summary>
[Description("A verification method: a public key as Multikey, JsonWebKey or a blockchain account id.")]
internal sealed record VerificationMethod
{
    public required string Id { get; init; }

    [Description("`Multikey`, `JsonWebKey`, `Ed25519VerificationKey2020`, `EcdsaSecp256k1RecoveryMethod2020`, ...")]
    public required string Type { get; init; }

    public required string Controller { get; init; }

    public string? PublicKeyMultibase { get; init; }

    public PublicJwk? PublicKeyJwk { get; init; }

    public string? BlockchainAccountId { get; init; }
}

/// <summary>A public JWK.</summary>
[Description("A public JSON Web Key (RFC 7517): OKP or EC.")]
internal sealed record PublicJwk
{
    [Description("`OKP` or `EC`.")]
    public required string Kty { get; init; }

    [Description("`Ed25519`, `X25519`, `P-256`, `P-384` or `secp256k1`.")]
    public required string Crv { get; init; }

    public required string X { get; init; }

    public string? Y { get; init; }
}

/// <summary>A DID document service.</summary>
[Description("A service endpoint.")]
internal sealed record DidService
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    [Description("A URL, or a map or list of them.")]
    [OneOf(typeof(string), typeof(IReadOnlyList<string>), typeof(IReadOnlyDictionary<string, string>))]
    public required object ServiceEndpoint { get; init; }
}

/// <summary>The DID Resolution result (or, for a DID URL with a fragment, the dereferencing result).</summary>
[Description("A DID Resolution result (W3C DID Resolution): the document with its metadata. A DID URL with a fragment is dereferenced instead: `contentStream` holds the verification method.")]
[Example("""{"@context":"https://w3id.org/did-resolution/v1","didDocument":{"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","verificationMethod":[{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","type":"Multikey","controller":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","publicKeyMultibase":"z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],"authentication":["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],"assertionMethod":["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"]},"didResolutionMetadata":{"contentType":"application/did+ld+json"},"didDocumentMetadata":{}}""")]
internal sealed record DidResolutionResult
{
    [JsonPropertyName("@context")]
    public required string Context { get; init; }

    [Description("The resolved document (absent when dereferencing a fragment).")]
    public DidDocument? DidDocument { get; init; }

    public DidResolutionMetadata? DidResolutionMetadata { get; init; }

    public DidDocumentMetadata? DidDocumentMetadata { get; init; }

    [Description("Dereferencing a DID URL with a fragment: the verification method it names.")]
    public VerificationMethod? ContentStream { get; init; }

    [Description("Dereferencing only: always empty.")]
    public IReadOnlyDictionary<string, string>? ContentMetadata { get; init; }

    [Description("Dereferencing only: its `contentType`.")]
    public DidResolutionMetadata? DidDereferencingMetadata { get; init; }
}

/// <summary>Resolution (or dereferencing) metadata.</summary>
[Description("DID Resolution metadata: the content type on success; `error` and `errorMessage` on failure.")]
internal sealed record DidResolutionMetadata
{
    public string? ContentType { get; init; }

    [Description("The W3C DID Resolution error name or this service's code, e.g. `notFound`, `invalidDid`, `methodNotSupported`.")]
    public string? Error { get; init; }

    public string? ErrorMessage { get; init; }
}

/// <summary>Document metadata.</summary>
[Description("DID document metadata.")]
internal sealed record DidDocumentMetadata
{
    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? Updated { get; init; }

    public bool? Deactivated { get; init; }

    public string? VersionId { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Other { get; init; }
}
