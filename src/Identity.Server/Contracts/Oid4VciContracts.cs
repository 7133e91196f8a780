// References: OpenID4VCI 1.0 §4.1 (credential offer), §6 (token), §7 (nonce), §12.2.4 and §12.3 (metadata);
//   RFC 8414 (authorization server metadata), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{tenant}/oid4vci/offers</c>.</summary>
[Description("What to offer: one credential configuration of the tenant's issuer metadata, the subject claims the hospital attests, and whether the wallet must also type a transaction code.")]
[Example("""{"credential_configuration_id":"PatientIdentityCredential_sd_jwt","claims":{"patientId":"MRN-1","givenName":"Ada","familyName":"Lovelace"},"tx_code":true}""")]
internal sealed record CredentialOfferRequest
{
    [JsonPropertyName("credential_configuration_id")]
    [Description("A key of `credential_configurations_supported`, e.g. `PatientIdentityCredential_sd_jwt`, `HealthCredential_ldp_vc`.")]
    public required string CredentialConfigurationId { get; init; }

    [Description("1 to 64 subject claims; no `id` (the subject is the wallet's key, bound from its proof) and no `@` keywords.")]
    public required OfferClaims Claims { get; init; }

    [JsonPropertyName("tx_code")]
    [Description("True: the response carries a 6-digit transaction code the patient must type into the wallet (given to them out of band).")]
    public bool? TxCode { get; init; }
}

/// <summary>The subject claims of an offer.</summary>
[Description("Subject claims, e.g. `givenName`, `birthDate`, `bloodType`, `biometricBinding`.")]
internal sealed record OfferClaims
{
    [Description("The patient's record number, for PatientIdentityCredential.")]
    public string? PatientId { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Claims { get; init; }
}

/// <summary>The body of a created offer.</summary>
[Description("The offer: `offer_uri` for the QR code or deep link, the offer document itself, and the transaction code when one was asked for (shown once, never again).")]
internal sealed record CreatedCredentialOffer
{
    [JsonPropertyName("offer_uri")]
    [Description("`openid-credential-offer://?credential_offer_uri=…`: the wallet fetches the offer by reference.")]
    public required string OfferUri { get; init; }

    [JsonPropertyName("credential_offer")]
    public required CredentialOffer CredentialOffer { get; init; }

    [JsonPropertyName("tx_code")]
    [Description("The 6-digit transaction code; present only when asked for.")]
    public string? TxCode { get; init; }
}

/// <summary>An OpenID4VCI credential offer.</summary>
[Description("A credential offer (OpenID4VCI 1.0 §4.1.1) with the pre-authorized code grant.")]
internal sealed record CredentialOffer
{
    [JsonPropertyName("credential_issuer")]
    [Description("The Credential Issuer Identifier, `{PUBLIC_URL}/tenants/{tenant}`.")]
    public required Uri CredentialIssuer { get; init; }

    [JsonPropertyName("credential_configuration_ids")]
    public required IReadOnlyList<string> CredentialConfigurationIds { get; init; }

    public required OfferGrants Grants { get; init; }
}

/// <summary>The grants of an offer.</summary>
[Description("The grants: only the pre-authorized code grant.")]
internal sealed record OfferGrants
{
    [JsonPropertyName("urn:ietf:params:oauth:grant-type:pre-authorized_code")]
    public required PreAuthorizedCodeGrantOffer PreAuthorizedCode { get; init; }
}

/// <summary>The pre-authorized code grant of an offer.</summary>
[Description("The single-use pre-authorized code and, when one is required, how the transaction code looks.")]
internal sealed record PreAuthorizedCodeGrantOffer
{
    [JsonPropertyName("pre-authorized_code")]
    public required string PreAuthorizedCode { get; init; }

    [JsonPropertyName("tx_code")]
    public TxCodeDescription? TxCode { get; init; }
}

/// <summary>How the transaction code looks.</summary>
[Description("`numeric`, 6 digits.")]
internal sealed record TxCodeDescription
{
    [JsonPropertyName("input_mode")]
    public required string InputMode { get; init; }

    public required int Length { get; init; }

    public string? Description { get; init; }
}

/// <summary>A nonce response.</summary>
[Description("A single-use `c_nonce` for key proofs (IDENTITY_OID4VCI_NONCE_SECONDS).")]
internal sealed record NonceResponse
{
    [JsonPropertyName("c_nonce")]
    public required string CNonce { get; init; }
}
