using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{t}/health-cards</c>.</summary>
[Description("A FHIR R4 Bundle to issue as a SMART Health Card, and the card's extra types.")]
internal sealed record HealthCardIssueRequest
{
    public required FhirBundle FhirBundle { get; init; }

    [Description("Extra vc.type URIs, e.g. `https://smarthealth.cards#immunization`; `https://smarthealth.cards#health-card` is always included.")]
    public IReadOnlyList<string>? Types { get; init; }
}

/// <summary>A FHIR R4 Bundle (only its outline is described here; the service validates it against FHIR R4).</summary>
[Description("A FHIR R4 Bundle (type `collection`), validated against the base R4 profiles.")]
internal sealed record FhirBundle
{
    [Description("Always `Bundle`.")]
    public required string ResourceType { get; init; }

    [Description("`collection` for a health card.")]
    public string? Type { get; init; }

    public IReadOnlyList<FhirBundleEntry>? Entry { get; init; }
}

/// <summary>One entry of a FHIR Bundle.</summary>
[Description("A Bundle entry: its fullUrl and a FHIR resource.")]
internal sealed record FhirBundleEntry
{
    public string? FullUrl { get; init; }

    public required FhirResource Resource { get; init; }
}

/// <summary>The 201 body of <c>POST /tenants/{t}/health-cards</c>.</summary>
[Description("The issued card: its JWS, its QR texts (one, or numeric chunks `shc:/C/N/…`), the `.smart-health-card` file content, and the credential id that revokes it.")]
internal sealed record IssuedHealthCard
{
    public required IReadOnlyList<string> VerifiableCredential { get; init; }

    [Description("QR texts in numeric mode: `shc:/…`, or `shc:/1/2/…` and `shc:/2/2/…` for a card above 1195 JWS characters.")]
    public required IReadOnlyList<string> Qr { get; init; }

    public required HealthCardFile File { get; init; }

    [Description("The stored credential id; revoke the card with `POST /tenants/{t}/credentials/status`.")]
    public required string CredentialId { get; init; }
}

/// <summary>A <c>.smart-health-card</c> file (<c>application/smart-health-card</c>).</summary>
[Description("The content of a `.smart-health-card` file.")]
internal sealed record HealthCardFile
{
    public required IReadOnlyList<string> VerifiableCredential { get; init; }
}

/// <summary>The body of <c>POST /health-cards/verify</c>: exactly one of <c>jws</c>, <c>qr</c> or <c>verifiableCredential</c>.</summary>
[Description("A health card to verify: a compact JWS, a `shc:/` QR text (or every chunk, any order), or a `.smart-health-card` file's content.")]
internal sealed record HealthCardVerifyRequest
{
    public string? Jws { get; init; }

    [Description("A `shc:/` string, or an array of every `shc:/C/N/` chunk.")]
    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public object? Qr { get; init; }

    [Description("1 to 10 JWS strings (a `.smart-health-card` file).")]
    public IReadOnlyList<string>? VerifiableCredential { get; init; }

    public HealthCardVerifyOptions? Options { get; init; }
}

/// <summary>The options of a health-card verify request.</summary>
[Description("Verify options.")]
internal sealed record HealthCardVerifyOptions
{
    [Description("1 to 64 issuer URLs (`iss`) whose cards are accepted; replaces IDENTITY_SHC_TRUSTED_ISSUERS. This deployment's tenants are always trusted.")]
    public IReadOnlyList<string>? TrustedIssuers { get; init; }
}

/// <summary>A health-card verdict: 200 when verified (a failed verdict is a 422 <see cref="Problem"/> with the same checks).</summary>
[Description("The verdict: every check (`policy`, `proof`, `credentialStatus`, `validityPeriod`, `fhir`) per card, and each card's content.")]
internal sealed record HealthCardVerdict
{
    public required bool Verified { get; init; }

    public required IReadOnlyList<CheckResult> Checks { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public required IReadOnlyList<VerifiedHealthCard> HealthCards { get; init; }
}

/// <summary>One verified card's content.</summary>
[Description("A card's issuer, key, issuance time, types and FHIR Bundle.")]
internal sealed record VerifiedHealthCard
{
    public required string Iss { get; init; }

    public required string Kid { get; init; }

    public required long Nbf { get; init; }

    public required IReadOnlyList<string> Types { get; init; }

    public required string FhirVersion { get; init; }

    public required FhirBundle FhirBundle { get; init; }
}

/// <summary>A JSON Web Key Set of health-card keys.</summary>
[Description("The issuer's public health-card keys (EC P-256, `use: sig`, `alg: ES256`, `kid` = RFC 7638 thumbprint, `crlVersion`).")]
internal sealed record HealthCardJwks
{
    public required IReadOnlyList<HealthCardJwk> Keys { get; init; }
}

/// <summary>One public key of a health-card JWKS.</summary>
[Description("A public EC P-256 key.")]
internal sealed record HealthCardJwk
{
    public required string Kty { get; init; }

    public required string Crv { get; init; }

    public required string X { get; init; }

    public required string Y { get; init; }

    public required string Kid { get; init; }

    public required string Use { get; init; }

    public required string Alg { get; init; }

    [Description("The counter of the key's CRL.")]
    public required long CrlVersion { get; init; }
}

/// <summary>A card revocation list.</summary>
[Description("The revoked cards' `rid`s under one key; `ctr` grows with every revocation.")]
internal sealed record HealthCardCrl
{
    public required string Kid { get; init; }

    [Description("Always `rid`.")]
    public required string Method { get; init; }

    public required long Ctr { get; init; }

    public required IReadOnlyList<string> Rids { get; init; }
}
