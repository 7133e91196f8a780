using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Schemas;
using Identity.Credentials.Status;
using Identity.DidMethods.Web;
using Identity.Dids;
using Identity.Server.Status;

namespace Identity.Server.Credentials;

/// <summary>Registers JOSE issuance and verification (vc+jwt, vp+jwt, JWT-VC 1.1, SD-JWT VC) and their Token Status List check.</summary>
internal static class JoseRegistration
{
    public static IServiceCollection AddJoseCredentials(this IServiceCollection services)
    {
        services.AddSingleton(_ => SdJwtVcTypePolicy.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "sd-jwt")));
        services.AddSingleton<JoseIssuance>();
        services.AddSingleton(sp => new TokenStatusListChecker(
            new HttpTokenStatusListSource(sp.GetRequiredService<GuardedHttpFetcher>()), sp.GetRequiredService<IDidResolver>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RoutingTokenStatusChecker>();
        services.AddSingleton(sp => new JoseCredentialVerifier(
            sp.GetRequiredService<IDidResolver>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CredentialSchemaRegistry>(),
            sp.GetRequiredService<RoutingStatusChecker>(),
            sp.GetRequiredService<RoutingTokenStatusChecker>())
        {
            Challenges = sp.GetRequiredService<Identity.Credentials.Verification.IChallengeLedger>(),
        });
        services.AddSingleton<JoseVerificationService>();
        return services;
    }
}
