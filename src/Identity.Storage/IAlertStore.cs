using Identity.Primitives;

namespace Identity.Storage;

/// <summary>
/// The storage port of remote-monitoring alerts (docs/monitoring.md, "Alerts"): each patient's rules and the alerts they
/// raised. Both adapters of <see cref="IIdentityStore"/> implement it on the same database. Patient identifiers arrive
/// pseudonymised and contents sealed: the store never sees a DID or a measured value.
/// </summary>
/// <remarks><threadsafety>Implementations are thread-safe and safe to share between processes on one database.</threadsafety></remarks>
public interface IAlertStore
{
    /// <summary>Replaces the patient's rules (an empty sealed set included) in one statement.</summary>
    /// <returns>The stored set; <c>notFound</c> for an unknown tenant.</returns>
    Task<Result<AlertRuleSetRecord>> PutAlertRulesAsync(AlertRuleSetRecord rules, CancellationToken cancellationToken = default);

    /// <summary>The patient's stored rules, or null when the tenant set none for that pseudonym.</summary>
    Task<AlertRuleSetRecord?> GetAlertRulesAsync(string tenantId, string patientTag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores alerts in one transaction, ignoring those whose id is already stored, then applies the retention bound of
    /// each tenant written to: alerts raised before <paramref name="keepAfter"/> are deleted, and only the newest
    /// <paramref name="keepPerTenant"/> are kept.
    /// </summary>
    /// <returns>The alerts stored now (with their sequence numbers), in input order; those already stored are left out.</returns>
    Task<IReadOnlyList<AlertRecord>> AddAlertsAsync(
        IReadOnlyList<AlertRecord> alerts, DateTimeOffset keepAfter, int keepPerTenant, CancellationToken cancellationToken = default);

    /// <summary>Deletes the patient's rules and every alert raised for them, in one transaction (erasure).</summary>
    /// <returns>How many alerts were deleted.</returns>
    Task<int> ErasePatientAlertsAsync(string tenantId, string patientTag, CancellationToken cancellationToken = default);

    /// <summary>The tenant's alerts raised at or after <paramref name="since"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(string tenantId, DateTimeOffset since, int limit, CancellationToken cancellationToken = default);
}
