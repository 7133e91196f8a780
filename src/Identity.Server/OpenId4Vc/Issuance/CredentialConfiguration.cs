// References: OpenID for Verifiable Credential Issuance 1.0 §12.2.4 (credential_configurations_supported, credential_metadata)
//   and Appendix A (format profiles: A.1.1 jwt_vc_json, A.1.2 ldp_vc, A.3 dc+sd-jwt),
//   https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.Collections.Frozen;
using System.Collections.Immutable;
using Identity.Credentials.Model;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// One credential configuration a tenant offers: a credential type in one format, with the subject claims its
/// metadata describes. Every tenant offers the same catalogue (<see cref="All"/>).
/// </summary>
/// <param name="Id">The <c>credential_configuration_id</c>, e.g. <c>PatientIdentityCredential_sd_jwt</c>.</param>
/// <param name="Type">The VC type, e.g. <c>PatientIdentityCredential</c>.</param>
/// <param name="Format">The OpenID4VCI format identifier: <c>dc+sd-jwt</c>, <c>ldp_vc</c> or <c>jwt_vc_json</c>.</param>
/// <param name="Claims">The subject claims the metadata names (a generic health credential names none: any claim goes).</param>
/// <param name="Contexts">The credential's JSON-LD contexts (all in the pinned offline set): the health context defines
/// the patient and biometric types and claims strictly; the generic credential uses VC 2.0's undefined-terms vocabulary.</param>
internal sealed record CredentialConfiguration(string Id, string Type, string Format, ImmutableArray<string> Claims, ImmutableArray<string> Contexts)
{
    public const string HealthContext = "https://identity.example/ns/health/v1";
    public const string UndefinedTermsContext = "https://www.w3.org/ns/credentials/undefined-terms/v2";

    public const string SdJwt = "dc+sd-jwt";
    public const string LdpVc = "ldp_vc";
    public const string JwtVcJson = "jwt_vc_json";

    /// <summary>The generic health credential's type: any claims a hospital attests (a diagnosis, a vaccination, an allergy).</summary>
    public const string HealthCredentialType = "HealthCredential";

    /// <summary>Every configuration, by id.</summary>
    public static FrozenDictionary<string, CredentialConfiguration> All { get; } = Catalogue().ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);

    /// <summary>The <c>options.format</c> the issuance pipeline (<c>POST /tenants/{t}/credentials/issue</c>) signs this format with.</summary>
    public string IssuanceFormat => Format switch
    {
        SdJwt => SdJwt,
        JwtVcJson => Credentials.JoseIssuance.VcJwt,
        _ => LdpVc,
    };

    private static IEnumerable<CredentialConfiguration> Catalogue()
    {
        ImmutableArray<string> health = [VcContexts.V2, HealthContext];
        (string Type, ImmutableArray<string> Claims, ImmutableArray<string> Contexts)[] types =
        [
            ("PatientIdentityCredential", ["patientId", "givenName", "familyName", "birthDate"], health),
            ("BiometricBindingCredential", ["biometricBinding"], health),
            (HealthCredentialType, [], [VcContexts.V2, UndefinedTermsContext]),
        ];
        foreach (var (type, claims, contexts) in types)
        {
            yield return new CredentialConfiguration($"{type}_sd_jwt", type, SdJwt, claims, contexts);
            yield return new CredentialConfiguration($"{type}_ldp_vc", type, LdpVc, claims, contexts);
            yield return new CredentialConfiguration($"{type}_jwt_vc_json", type, JwtVcJson, claims, contexts);
        }
    }
}
