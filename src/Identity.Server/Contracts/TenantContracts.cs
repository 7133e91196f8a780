using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /admin/tenants</c>.</summary>
[Description("A new hospital tenant.")]
[Example("""{"name":"St Mary's Hospital","id":"st-marys"}""")]
internal sealed record CreateTenantRequest
{
    [Description("1 to 200 characters.")]
    public required string Name { get; init; }

    [Description("1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit; generated when absent.")]
    public string? Id { get; init; }

    [Description("`Ed25519` (the default), `P-256` or `P-384`.")]
    public string? KeyType { get; init; }
}

/// <summary>The 201 body of <c>POST /admin/tenants</c>.</summary>
[Description("The tenant, its DIDs and its first API key, shown this once.")]
[Example("""{"id":"st-marys","name":"St Mary's Hospital","did":"did:web:localhost%3A5080:tenants:st-marys","didKey":"did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH","apiKey":"idk_8f3k2m1q9x7c_Zt0VwqHn2c6yLr1pD9sE4aGkU7bXf3mJ5oQ8iR"}""")]
internal sealed record CreatedTenant
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    [Description("The tenant's did:web (its document at `/tenants/{tenant}/did.json`).")]
    public required string Did { get; init; }

    [Description("The did:key of the tenant's first key.")]
    public required string DidKey { get; init; }

    [Description("The tenant's first API key: `Authorization: Bearer <apiKey>` on the tenant endpoints. Shown only here.")]
    public required string ApiKey { get; init; }
}

/// <summary>The body of <c>GET /admin/tenants</c>.</summary>
[Description("Every tenant with its did:web.")]
[Example("""{"tenants":[{"id":"default","name":"Default","did":"did:web:localhost%3A5080:tenants:default"},{"id":"st-marys","name":"St Mary's Hospital","did":"did:web:localhost%3A5080:tenants:st-marys"}]}""")]
internal sealed record TenantList
{
    public required IReadOnlyList<TenantSummary> Tenants { get; init; }
}

/// <summary>One tenant in a list.</summary>
[Description("A tenant.")]
internal sealed record TenantSummary
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Did { get; init; }
}

/// <summary>The optional body of <c>POST /admin/tenants/{tenant}/keys</c>.</summary>
[Description("The new key's type; the body may be omitted.")]
[Example("""{"keyType":"P-256"}""")]
internal sealed record AddKeyRequest
{
    [Description("`Ed25519` (the default), `P-256` or `P-384`.")]
    public string? KeyType { get; init; }
}

/// <summary>A tenant signing key.</summary>
[Description("A tenant signing key and its place in the DID document.")]
[Example("""{"id":"key-2","verificationMethod":"did:web:localhost%3A5080:tenants:st-marys#key-2","type":"Ed25519","publicKeyMultibase":"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","created":"2026-12-06T11:05:00Z","retired":null}""")]
internal sealed record TenantKey
{
    public required string Id { get; init; }

    [Description("The DID URL proofs name.")]
    public required string VerificationMethod { get; init; }

    [Description("`Ed25519`, `P-256` or `P-384`.")]
    public required string Type { get; init; }

    public required string PublicKeyMultibase { get; init; }

    public required DateTimeOffset Created { get; init; }

    [Description("When the key was retired; null while active.")]
    public required DateTimeOffset? Retired { get; init; }
}

/// <summary>The body of <c>GET /admin/audit/verify</c>.</summary>
[Description("The audit log's Merkle tree, recomputed from its entries and compared with the last signed checkpoint.")]
[Example("""{"entries":42,"valid":true,"firstInvalidSequence":null,"problem":null,"checkpointSize":40}""")]
internal sealed record AuditReport
{
    public required long Entries { get; init; }

    public required bool Valid { get; init; }

    [Description("The first entry that does not match the stored tree or is missing; null when valid or not locatable.")]
    public required long? FirstInvalidSequence { get; init; }

    [Description("What is wrong; null when valid.")]
    public required string? Problem { get; init; }

    [Description("The tree size of the last checkpoint this deployment signed (GET /log/checkpoint); null before the first.")]
    public long? CheckpointSize { get; init; }
}

/// <summary>The optional body of <c>POST /admin/tenants/{tenant}/api-keys</c>.</summary>
[Description("When the new key expires; the body may be omitted for a key that does not expire.")]
[Example("""{"expires":"2027-01-31T00:00:00Z"}""")]
internal sealed record CreateApiKeyRequest
{
    [Description("RFC 3339 date-time with a time zone.")]
    public DateTimeOffset? Expires { get; init; }
}

/// <summary>A tenant API key, never its secret (except <see cref="ApiKey"/> right after creation).</summary>
[Description("A tenant API key: its id, the non-secret start of the key, and its lifecycle. `apiKey` is present only in the 201 response that created it.")]
[Example("""{"id":"8f3k2m1q9x7c","hint":"idk_8f3k2m1q9x7c_","created":"2026-12-06T11:00:00Z","expires":"2027-01-31T00:00:00Z","revoked":null,"active":true,"apiKey":"idk_8f3k2m1q9x7c_Zt0VwqHn2c6yLr1pD9sE4aGkU7bXf3mJ5oQ8iR"}""")]
internal sealed record ApiKeyInfo
{
    public required string Id { get; init; }

    [Description("`idk_{id}_`: enough to tell keys apart, never the secret.")]
    public required string Hint { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset? Expires { get; init; }

    public required DateTimeOffset? Revoked { get; init; }

    [Description("Neither revoked nor expired.")]
    public required bool Active { get; init; }

    [Description("The key itself; only in the response to `POST`.")]
    public string? ApiKey { get; init; }
}

/// <summary>The body of <c>GET /admin/tenants/{tenant}/api-keys</c>.</summary>
[Description("The tenant's API keys, oldest first, revoked and expired ones included.")]
[Example("""{"apiKeys":[{"id":"8f3k2m1q9x7c","hint":"idk_8f3k2m1q9x7c_","created":"2026-12-06T11:00:00Z","expires":null,"revoked":null,"active":true}]}""")]
internal sealed record ApiKeyList
{
    public required IReadOnlyList<ApiKeyInfo> ApiKeys { get; init; }
}
