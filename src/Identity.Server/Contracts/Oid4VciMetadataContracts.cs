// References: OpenID4VCI 1.0 §12.2.4 (Credential Issuer Metadata) and §12.3; RFC 8414 §2 (authorization server
//   metadata); RFC 9449 §5.1, https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Identity.Server.Contracts;

/// <summary>The Credential Issuer Metadata of a tenant.</summary>
[Description("OpenID4VCI 1.0 Credential Issuer Metadata: endpoints, batch size and the credential configurations offered.")]
internal sealed record CredentialIssuerMetadataDocument
{
    [JsonPropertyName("credential_issuer")]
    public required Uri CredentialIssuer { get; init; }

    [JsonPropertyName("authorization_servers")]
    public required IReadOnlyList<Uri> AuthorizationServers { get; init; }

    [JsonPropertyName("credential_endpoint")]
    public required Uri CredentialEndpoint { get; init; }

    [JsonPropertyName("nonce_endpoint")]
    public required Uri NonceEndpoint { get; init; }

    [JsonPropertyName("batch_credential_issuance")]
    public required BatchIssuance BatchCredentialIssuance { get; init; }

    public required IReadOnlyList<DisplayName> Display { get; init; }

    [JsonPropertyName("credential_configurations_supported")]
    public required IReadOnlyDictionary<string, CredentialConfigurationMetadata> CredentialConfigurationsSupported { get; init; }
}

/// <summary>Batch issuance.</summary>
[Description("Most key proofs (and so credentials) per credential request.")]
internal sealed record BatchIssuance
{
    [JsonPropertyName("batch_size")]
    public required int BatchSize { get; init; }
}

/// <summary>A display name.</summary>
[Description("A name to show, with its language.")]
internal sealed record DisplayName
{
    public required string Name { get; init; }

    public string? Locale { get; init; }
}

/// <summary>One credential configuration.</summary>
[Description("A credential type in one format (`dc+sd-jwt`, `ldp_vc` or `jwt_vc_json`), with binding methods, algorithms, proof types and `credential_metadata`.")]
internal sealed record CredentialConfigurationMetadata
{
    public required string Format { get; init; }

    public string? Scope { get; init; }

    [Description("The SD-JWT VC type (dc+sd-jwt only).")]
    public string? Vct { get; init; }

    [JsonPropertyName("credential_definition")]
    [Description("The VC types (and contexts for ldp_vc); not for dc+sd-jwt.")]
    public CredentialDefinition? CredentialDefinition { get; init; }

    [JsonPropertyName("cryptographic_binding_methods_supported")]
    public required IReadOnlyList<string> CryptographicBindingMethodsSupported { get; init; }

    [JsonPropertyName("credential_signing_alg_values_supported")]
    public required IReadOnlyList<string> CredentialSigningAlgValuesSupported { get; init; }

    [JsonPropertyName("proof_types_supported")]
    public required ProofTypesSupported ProofTypesSupported { get; init; }

    [JsonPropertyName("credential_metadata")]
    public required CredentialMetadata CredentialMetadata { get; init; }
}

/// <summary>A credential definition.</summary>
[Description("The W3C VC `type` (and `@context` for ldp_vc).")]
internal sealed record CredentialDefinition
{
    [JsonPropertyName("@context")]
    public IReadOnlyList<string>? Context { get; init; }

    public required IReadOnlyList<string> Type { get; init; }
}

/// <summary>The key proof types accepted.</summary>
[Description("Only `jwt` key proofs.")]
internal sealed record ProofTypesSupported
{
    public required ProofTypeMetadata Jwt { get; init; }
}

/// <summary>One key proof type.</summary>
[Description("The algorithms a key proof may be signed with.")]
internal sealed record ProofTypeMetadata
{
    [JsonPropertyName("proof_signing_alg_values_supported")]
    public required IReadOnlyList<string> ProofSigningAlgValuesSupported { get; init; }
}

/// <summary>Display information of a configuration (OpenID4VCI 1.0 final shape).</summary>
[Description("How a wallet shows the credential and its claims.")]
internal sealed record CredentialMetadata
{
    public required IReadOnlyList<DisplayName> Display { get; init; }

    public required IReadOnlyList<ClaimDescription> Claims { get; init; }
}

/// <summary>One claim's description.</summary>
[Description("A claim path (OpenID4VCI 1.0 Appendix B.2) and its display names.")]
internal sealed record ClaimDescription
{
    public required IReadOnlyList<string> Path { get; init; }

    public required IReadOnlyList<DisplayName> Display { get; init; }
}

/// <summary>A tenant's authorization server metadata.</summary>
[Description("RFC 8414 metadata of the tenant as its own authorization server: the token endpoint, the pre-authorized code grant without client authentication, and DPoP.")]
internal sealed record AuthorizationServerMetadataDocument
{
    public required Uri Issuer { get; init; }

    [JsonPropertyName("token_endpoint")]
    public required Uri TokenEndpoint { get; init; }

    [JsonPropertyName("grant_types_supported")]
    public required IReadOnlyList<string> GrantTypesSupported { get; init; }

    [JsonPropertyName("token_endpoint_auth_methods_supported")]
    public required IReadOnlyList<string> TokenEndpointAuthMethodsSupported { get; init; }

    [JsonPropertyName("pre-authorized_grant_anonymous_access_supported")]
    public required bool PreAuthorizedGrantAnonymousAccessSupported { get; init; }

    [JsonPropertyName("dpop_signing_alg_values_supported")]
    public required IReadOnlyList<string> DpopSigningAlgValuesSupported { get; init; }
}
