namespace Identity.Storage;

/// <summary>
/// The alert store's SQL, the same text on SQLite and PostgreSQL (both speak <c>ON CONFLICT</c>, <c>RETURNING</c> and
/// <c>LIMIT … OFFSET</c>), written once for both adapters.
/// </summary>
public static class AlertSql
{
    /// <summary>Stores a patient's rule set, replacing the one before.</summary>
    public const string UpsertAlertRules = """
        INSERT INTO alert_rules (tenant_id, patient_tag, rules, updated_at) VALUES (@tenant, @tag, @rules, @at)
        ON CONFLICT (tenant_id, patient_tag) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at
        """;

    /// <summary>A patient's rule set and when it was stored.</summary>
    public const string SelectAlertRules = "SELECT rules, updated_at FROM alert_rules WHERE tenant_id = @tenant AND patient_tag = @tag";

    /// <summary>Records an alert once (by its id); returns its sequence number, none when it was recorded before.</summary>
    public const string InsertAlert = """
        INSERT INTO alerts (tenant_id, alert_id, patient_tag, raised_at, payload) VALUES (@tenant, @id, @tag, @at, @payload)
        ON CONFLICT (alert_id) DO NOTHING
        RETURNING seq
        """;

    /// <summary>Deletes a tenant's alerts older than <c>@before</c> and all past the newest <c>@keep</c>.</summary>
    public const string PruneAlerts = """
        DELETE FROM alerts WHERE tenant_id = @tenant AND (raised_at < @before
            OR seq <= (SELECT seq FROM alerts WHERE tenant_id = @tenant ORDER BY seq DESC LIMIT 1 OFFSET @keep))
        """;

    /// <summary>A tenant's alerts raised since <c>@since</c>, newest first.</summary>
    public const string SelectAlerts = """
        SELECT seq, alert_id, patient_tag, raised_at, payload FROM alerts
        WHERE tenant_id = @tenant AND raised_at >= @since ORDER BY seq DESC LIMIT @limit
        """;

    /// <summary>Deletes a patient's rule set (erasure).</summary>
    public const string DeletePatientRules = "DELETE FROM alert_rules WHERE tenant_id = @tenant AND patient_tag = @tag";

    /// <summary>Deletes a patient's alerts (erasure).</summary>
    public const string DeletePatientAlerts = "DELETE FROM alerts WHERE tenant_id = @tenant AND patient_tag = @tag";
}
