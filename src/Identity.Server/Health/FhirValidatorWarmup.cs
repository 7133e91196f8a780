using Identity.HealthCards.Fhir;

namespace Identity.Server.Health;

/// <summary>
/// Loads the FHIR R4 specification in the background at start (seconds of work), so the first issuance or verification
/// that validates FHIR does not pay for it; <c>IDENTITY_FHIR_WARM=0</c> leaves it to the first use.
/// </summary>
internal sealed partial class FhirValidatorWarmup(HealthSettings settings, ILogger<FhirValidatorWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.WarmValidator)
        {
            _ = Task.Run(() => LogWarm(logger, FhirValidator.Warm().TotalMilliseconds), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Debug, Message = "FHIR R4 validator loaded in {Milliseconds:F0} ms")]
    private static partial void LogWarm(ILogger logger, double milliseconds);
}
