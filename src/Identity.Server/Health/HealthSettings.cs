using System.Collections.Immutable;
using Identity.HealthCards.Fhir;
using Identity.HealthCards.HealthCards;

namespace Identity.Server.Health;

/// <summary>
/// The health settings (docs/health.md): <c>IDENTITY_SHC_TRUSTED_ISSUERS</c> (comma-separated <c>iss</c> URLs whose cards
/// this verifier accepts besides its own tenants'), <c>IDENTITY_FHIR_MAX_BYTES</c>, <c>IDENTITY_FHIR_MAX_ENTRIES</c>,
/// <c>IDENTITY_FHIR_MAX_DEPTH</c>, <c>IDENTITY_SHC_MAX_INFLATED_BYTES</c>, and <c>IDENTITY_FHIR_WARM=0</c> to load the FHIR
/// validator at first use instead of in the background at start.
/// </summary>
internal sealed record HealthSettings(ImmutableArray<string> TrustedIssuers, FhirLimits Fhir, HealthCardLimits Cards, bool WarmValidator)
{
    public static HealthSettings From(IConfiguration configuration)
    {
        var fhir = new FhirLimits
        {
            MaxBytes = Positive(configuration, "IDENTITY_FHIR_MAX_BYTES", new FhirLimits().MaxBytes),
            MaxEntries = Positive(configuration, "IDENTITY_FHIR_MAX_ENTRIES", new FhirLimits().MaxEntries),
            MaxDepth = Positive(configuration, "IDENTITY_FHIR_MAX_DEPTH", new FhirLimits().MaxDepth),
        };
        var cards = new HealthCardLimits { MaxInflatedBytes = Positive(configuration, "IDENTITY_SHC_MAX_INFLATED_BYTES", new HealthCardLimits().MaxInflatedBytes) };
        ImmutableArray<string> trusted = [.. (configuration["IDENTITY_SHC_TRUSTED_ISSUERS"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        return new HealthSettings(trusted, fhir, cards, configuration["IDENTITY_FHIR_WARM"] is not ("0" or "false"));
    }

    private static int Positive(IConfiguration configuration, string name, int fallback) =>
        configuration[name] is { } text
            ? int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value > 0
                ? value
                : throw new Configuration.SettingsException($"{name} must be a positive whole number.")
            : fallback;
}
