using Identity.Primitives;

namespace Identity.Storage.Sqlite;

/// <summary>Remote-monitoring alert rules and raised alerts (<see cref="IAlertStore"/>).</summary>
public sealed partial class SqliteIdentityStore : IAlertStore
{
    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> is null.</exception>
    public Task<Result<AlertRuleSetRecord>> PutAlertRulesAsync(AlertRuleSetRecord rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return WriteAsync<AlertRuleSetRecord>(
            session =>
            {
                if ((long)session.Command(SelectTenantExists).With("@tenant", rules.TenantId).ExecuteScalar()! == 0)
                {
                    return NotFound($"The tenant '{rules.TenantId}' does not exist.");
                }

                session.Command(AlertSql.UpsertAlertRules)
                    .With("@tenant", rules.TenantId).With("@tag", rules.PatientTag).With("@rules", rules.Rules).With("@at", rules.UpdatedAt)
                    .ExecuteNonQuery();
                return rules;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task<AlertRuleSetRecord?> GetAlertRulesAsync(string tenantId, string patientTag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(patientTag);
        return ReadAsync<AlertRuleSetRecord?>(
            session =>
            {
                using var reader = session.Command(AlertSql.SelectAlertRules).With("@tenant", tenantId).With("@tag", patientTag).ExecuteReader();
                return reader.Read() ? new AlertRuleSetRecord(tenantId, patientTag, reader.GetString(0), reader.GetInstant(1)) : null;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="alerts"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepPerTenant"/> is below 1.</exception>
    public async Task<IReadOnlyList<AlertRecord>> AddAlertsAsync(
        IReadOnlyList<AlertRecord> alerts, DateTimeOffset keepAfter, int keepPerTenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepPerTenant, 1);
        if (alerts.Count == 0)
        {
            return [];
        }

        var stored = await WriteAsync<IReadOnlyList<AlertRecord>>(
            session =>
            {
                var added = new List<AlertRecord>(alerts.Count);
                foreach (var alert in alerts)
                {
                    var seq = session.Command(AlertSql.InsertAlert)
                        .With("@tenant", alert.TenantId).With("@id", alert.AlertId).With("@tag", alert.PatientTag)
                        .With("@at", alert.RaisedAt).With("@payload", alert.Payload)
                        .ExecuteScalar();
                    if (seq is long sequence)
                    {
                        added.Add(alert with { Sequence = sequence });
                    }
                }

                foreach (var tenant in alerts.Select(a => a.TenantId).Distinct(StringComparer.Ordinal))
                {
                    session.Command(AlertSql.PruneAlerts).With("@tenant", tenant).With("@before", keepAfter).With("@keep", keepPerTenant).ExecuteNonQuery();
                }

                return added;
            },
            cancellationToken).ConfigureAwait(false);
        return stored.Value;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<int> ErasePatientAlertsAsync(string tenantId, string patientTag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(patientTag);
        var deleted = await WriteAsync<int>(
            session =>
            {
                session.Command(AlertSql.DeletePatientRules).With("@tenant", tenantId).With("@tag", patientTag).ExecuteNonQuery();
                return session.Command(AlertSql.DeletePatientAlerts).With("@tenant", tenantId).With("@tag", patientTag).ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
        return deleted.Value;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="tenantId"/> is null.</exception>
    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(string tenantId, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return ReadAsync<IReadOnlyList<AlertRecord>>(
            session =>
            {
                var list = new List<AlertRecord>();
                using var reader = session.Command(AlertSql.SelectAlerts).With("@tenant", tenantId).With("@since", since).With("@limit", limit).ExecuteReader();
                while (reader.Read())
                {
                    list.Add(new AlertRecord(tenantId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInstant(3), reader.GetString(4)));
                }

                return list;
            },
            snapshot: false,
            cancellationToken);
    }
}
