using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Schemas;
using Identity.Dids;
using Identity.Server.Status;

namespace Identity.Server.Credentials;

/// <summary>Registers JOSE issuance and verification (vc+jwt, vp+jwt, JWT-VC 1.1, SD-JWT VC).</summary>
internal static class JoseRegistration
{
    public static IServiceCollection AddJoseCredentials(this IServiceCollection services)
    {
        services.AddSingleton(_ => SdJwtVcTypePolicy.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "sd-jwt")));
        services.AddSingleton<JoseIssuance>();
        services.AddSingleton(sp => new JoseCredentialVerifier(
            sp.GetRequiredService<IDidResolver>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CredentialSchemaRegistry>(),
            sp.GetRequiredService<RoutingStatusChecker>())
        {
            Challenges = sp.GetRequiredService<Identity.Credentials.Verification.IChallengeLedger>(),
        });
        services.AddSingleton<JoseVerificationService>();
        return services;
    }
}
