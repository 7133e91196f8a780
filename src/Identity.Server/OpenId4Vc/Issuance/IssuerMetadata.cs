// References: OpenID for Verifiable Credential Issuance 1.0 §12.2 (Credential Issuer Metadata, well-known URI with the
//   issuer's path appended), §12.3 (OAuth 2.0 Authorization Server Metadata) and Appendix A,
//   https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html ; RFC 8414 §3 (path-suffixed well-known URI);
//   RFC 9449 §5.1 (dpop_signing_alg_values_supported); HAIP 1.0 §4 (dc+sd-jwt, DPoP, ES256),
//   https://openid.net/specs/openid4vc-high-assurance-interoperability-profile-1_0.html
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Server.Configuration;
using Identity.Server.Credentials;
using Identity.Server.Tenants;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// The tenant's issuer identity and the two metadata documents a wallet reads before anything else. The Credential
/// Issuer Identifier is <c>{PUBLIC_URL}/tenants/{t}</c>, and the tenant is its own authorization server (same identifier).
/// </summary>
internal sealed class IssuerMetadata(PublicUrl publicUrl, JoseIssuance jose)
{
    /// <summary>The <c>alg</c> values a wallet may sign key proofs and DPoP proofs with (HAIP asks for ES256).</summary>
    public static readonly string[] ProofAlgorithms = ["ES256", "EdDSA", "ES384"];

    public string IssuerId(string tenantId) => $"{publicUrl.Origin}/tenants/{tenantId}";

    public string TokenEndpoint(string tenantId) => $"{IssuerId(tenantId)}/oid4vci/token";

    public string NonceEndpoint(string tenantId) => $"{IssuerId(tenantId)}/oid4vci/nonce";

    public string CredentialEndpoint(string tenantId) => $"{IssuerId(tenantId)}/oid4vci/credential";

    public string OfferUri(string tenantId, string offerId) => $"{IssuerId(tenantId)}/oid4vci/offers/{offerId}";

    /// <summary>The Credential Issuer Metadata (§12.2.4) for the tenant, signing with its current keys' algorithms.</summary>
    public JsonObject CredentialIssuer(string tenantId, string displayName, TenantKeys keys)
    {
        var jwsAlgorithms = keys.Records.Where(r => !r.IsRetired)
            .Select(r => JwsAlgorithms.ForKey(TenantKeys.ParseKeyType(r.KeyType))?.JwsAlgorithm)
            .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var suites = keys.Records.Where(r => !r.IsRetired)
            .Select(r => TenantKeys.ParseKeyType(r.KeyType) == Cryptography.KeyType.Ed25519 ? IssuanceService.DefaultEd25519Suite : IssuanceService.DefaultEcdsaSuite)
            .Distinct(StringComparer.Ordinal).ToArray();
        var configurations = new JsonObject();
        foreach (var configuration in CredentialConfiguration.All.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            configurations[configuration.Id] = Describe(configuration, configuration.Format == CredentialConfiguration.LdpVc ? suites : jwsAlgorithms);
        }

        return new JsonObject
        {
            ["credential_issuer"] = IssuerId(tenantId),
            ["authorization_servers"] = new JsonArray(IssuerId(tenantId)),
            ["credential_endpoint"] = CredentialEndpoint(tenantId),
            ["nonce_endpoint"] = NonceEndpoint(tenantId),
            ["batch_credential_issuance"] = new JsonObject { ["batch_size"] = Oid4VciOptions.BatchSize },
            ["display"] = new JsonArray(new JsonObject { ["name"] = displayName, ["locale"] = "en" }),
            ["credential_configurations_supported"] = configurations,
        };
    }

    /// <summary>The tenant's OAuth 2.0 Authorization Server Metadata (RFC 8414, with the OpenID4VCI and DPoP members).</summary>
    public JsonObject AuthorizationServer(string tenantId) => new()
    {
        ["issuer"] = IssuerId(tenantId),
        ["token_endpoint"] = TokenEndpoint(tenantId),
        ["grant_types_supported"] = new JsonArray(PreAuthorizedCodeGrant.GrantType),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
        ["pre-authorized_grant_anonymous_access_supported"] = true,
        ["dpop_signing_alg_values_supported"] = new JsonArray([.. ProofAlgorithms.Select(a => (JsonNode)a)]),
    };

    private JsonObject Describe(CredentialConfiguration configuration, string[] signingAlgorithms)
    {
        var claims = new JsonArray();
        foreach (var claim in configuration.Claims)
        {
            claims.Add(new JsonObject
            {
                ["path"] = configuration.Format == CredentialConfiguration.SdJwt ? new JsonArray(claim) : new JsonArray("credentialSubject", claim),
                ["display"] = new JsonArray(new JsonObject { ["name"] = claim, ["locale"] = "en" }),
            });
        }

        var described = new JsonObject
        {
            ["format"] = configuration.Format,
            ["scope"] = configuration.Id,
            ["cryptographic_binding_methods_supported"] = configuration.Format == CredentialConfiguration.SdJwt
                ? new JsonArray("jwk")
                : new JsonArray("jwk", "did:jwk", "did:key"),
            ["credential_signing_alg_values_supported"] = new JsonArray([.. signingAlgorithms.Select(a => (JsonNode)a)]),
            ["proof_types_supported"] = new JsonObject
            {
                ["jwt"] = new JsonObject { ["proof_signing_alg_values_supported"] = new JsonArray([.. ProofAlgorithms.Select(a => (JsonNode)a)]) },
            },
            ["credential_metadata"] = new JsonObject
            {
                ["display"] = new JsonArray(new JsonObject { ["name"] = configuration.Type, ["locale"] = "en" }),
                ["claims"] = claims,
            },
        };
        switch (configuration.Format)
        {
            case CredentialConfiguration.SdJwt:
                described["vct"] = jose.VctOf(configuration.Type);
                break;
            case CredentialConfiguration.LdpVc:
                described["credential_definition"] = new JsonObject
                {
                    ["@context"] = new JsonArray([.. configuration.Contexts.Select(c => (JsonNode)c)]),
                    ["type"] = new JsonArray("VerifiableCredential", configuration.Type),
                };
                break;
            default:
                described["credential_definition"] = new JsonObject { ["type"] = new JsonArray("VerifiableCredential", configuration.Type) };
                break;
        }

        return described;
    }
}
