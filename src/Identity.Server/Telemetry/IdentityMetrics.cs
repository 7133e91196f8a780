using System.Diagnostics.Metrics;
using Identity.Credentials.Verification;
using Identity.Primitives;

namespace Identity.Server.Telemetry;

/// <summary>
/// The service's own counters on the <c>Identity.Server</c> meter: credentials issued, verifications by outcome,
/// status changes and biometric matches. Tags carry only tenant ids, purposes and stable error codes: never a
/// credential, a subject, a key or biometric data. Read them with OpenTelemetry (see <see cref="TelemetrySetup"/>)
/// or <c>dotnet-counters monitor --counters Identity.Server</c>. Thread-safe.
/// </summary>
internal sealed class IdentityMetrics
{
    public const string MeterName = "Identity.Server";

    private readonly Counter<long> _issued;
    private readonly Counter<long> _verifications;
    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _biometricMatches;

    public IdentityMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _issued = meter.CreateCounter<long>("identity.credentials.issued", "{credential}", "Credentials issued, by tenant.");
        _verifications = meter.CreateCounter<long>(
            "identity.verifications", "{verification}",
            "Verify requests by kind (credential, presentation) and outcome (verified, failed, rejected), with the first error code.");
        _statusChanges = meter.CreateCounter<long>("identity.status.changes", "{change}", "Status changes, by tenant, purpose and new value.");
        _biometricMatches = meter.CreateCounter<long>(
            "identity.biometric.matches", "{match}", "Biometric match attempts by outcome (passed, failed, skipped) and error code.");
    }

    public void Issued(string tenant) => _issued.Add(1, new KeyValuePair<string, object?>("identity.tenant", tenant));

    public void StatusChanged(string tenant, string purpose, bool value) => _statusChanges.Add(
        1, new("identity.tenant", tenant), new("identity.status_purpose", purpose), new("identity.status", value));

    /// <summary>Counts one verify request of <paramref name="kind"/> and the biometric matches its verdict holds.</summary>
    public void Verified(string kind, Result<VerificationResult> outcome)
    {
        if (!outcome.IsSuccess)
        {
            _verifications.Add(1, new("identity.kind", kind), new("identity.outcome", "rejected"), new("identity.code", outcome.Error!.Code));
            return;
        }

        var result = outcome.Value;
        _verifications.Add(1,
            new("identity.kind", kind),
            new("identity.outcome", result.Verified ? "verified" : "failed"),
            new("identity.code", result.Verified ? null : result.Errors[0].Code));
        foreach (var check in result.Checks.Where(c => c.Check == CheckNames.BiometricMatch))
        {
            _biometricMatches.Add(1,
                new("identity.outcome", check.Status switch { CheckStatus.Passed => "passed", CheckStatus.Failed => "failed", _ => "skipped" }),
                new("identity.code", check.Error?.Code));
        }
    }
}
