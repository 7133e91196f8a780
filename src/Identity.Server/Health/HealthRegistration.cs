using Identity.DidMethods.Web;
using Identity.HealthCards.Fhir;

namespace Identity.Server.Health;

/// <summary>Registers FHIR validation, SMART Health Cards and SMART Health Links (docs/health.md).</summary>
internal static class HealthRegistration
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton(sp => HealthSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new FhirValidator(sp.GetRequiredService<HealthSettings>().Fhir));
        services.AddSingleton<FhirCredentials>();
        services.AddSingleton<HealthCardKeys>();
        services.AddSingleton<HealthCardIssuer>();
        services.AddSingleton(sp => new IssuerKeySource(sp.GetRequiredService<HealthCardKeys>(), sp.GetRequiredService<GuardedHttpFetcher>()));
        services.AddSingleton<HealthCardVerifier>();
        services.AddSingleton<HealthLinkService>();
        services.AddHostedService<FhirValidatorWarmup>();
        return services;
    }
}
