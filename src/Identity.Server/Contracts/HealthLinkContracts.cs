using System.ComponentModel;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{t}/health-links</c>.</summary>
[Description("Files to share through a SMART Health Link, with an optional passcode, lifetime and label.")]
internal sealed record HealthLinkCreateRequest
{
    [Description("1 to 10 files.")]
    public required IReadOnlyList<HealthLinkFile> Files { get; init; }

    [Description("4 to 64 characters; the link then carries flag `P` and its manifest needs the passcode (5 attempts).")]
    public string? Passcode { get; init; }

    [Description("Seconds until the link expires (at most 31,622,400, a year).")]
    public long? ExpiresInSeconds { get; init; }

    [Description("At most 80 characters, shown to the recipient.")]
    public string? Label { get; init; }
}

/// <summary>One file to share.</summary>
[Description("A `.smart-health-card` file's content (`application/smart-health-card`) or a FHIR R4 resource (`application/fhir+json`).")]
internal sealed record HealthLinkFile
{
    public required string ContentType { get; init; }

    public required FhirResourceOrCardFile Content { get; init; }
}

/// <summary>A file's JSON content: FHIR (with <c>resourceType</c>) or a card file (with <c>verifiableCredential</c>).</summary>
[Description("A FHIR resource (`resourceType`, ...) or a card file (`verifiableCredential`).")]
internal sealed record FhirResourceOrCardFile
{
    public string? ResourceType { get; init; }

    public IReadOnlyList<string>? VerifiableCredential { get; init; }
}

/// <summary>The 201 body of <c>POST /tenants/{t}/health-links</c>.</summary>
[Description("The link: the `shlink:/` URI (also the text to put in a QR code), its id, the manifest URL and the credential id that revokes it.")]
internal sealed record CreatedHealthLink
{
    public required string Shlink { get; init; }

    public required string LinkId { get; init; }

    public required string ManifestUrl { get; init; }

    public required string CredentialId { get; init; }

    [Description("The expiry (seconds since 1970), when the link has one.")]
    public long? Exp { get; init; }
}

/// <summary>The body of a manifest request.</summary>
[Description("Who is asking, and the passcode when the link has flag `P`.")]
internal sealed record HealthLinkManifestRequest
{
    public required string Recipient { get; init; }

    public string? Passcode { get; init; }
}

/// <summary>A SMART Health Link manifest.</summary>
[Description("The link's files, each embedded as a compact JWE (alg dir, enc A256GCM) under the key the link carries.")]
internal sealed record HealthLinkManifest
{
    public required IReadOnlyList<HealthLinkManifestFile> Files { get; init; }
}

/// <summary>One file of a manifest.</summary>
[Description("A file's content type and its JWE.")]
internal sealed record HealthLinkManifestFile
{
    public required string ContentType { get; init; }

    public required string Embedded { get; init; }
}

/// <summary>The answer to revoking a link.</summary>
[Description("The link is revoked for good.")]
internal sealed record RevokedHealthLink
{
    public required string LinkId { get; init; }

    public required bool Revoked { get; init; }
}
