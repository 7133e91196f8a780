namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 11: remote-monitoring alert rules and raised alerts (docs/monitoring.md, "Alerts"). patient_tag is the
    // tenant's pseudonym of the patient's DID; rules and payload are sealed by the service with the tenant's data key.
    // alerts.seq orders a tenant's alerts; alert_id is derived from tenant, observation and rule, so one reading raises
    // a rule's alert once. Instants are UTC ticks.
    private const string V11Alerts = """
        CREATE TABLE alert_rules (
            tenant_id    TEXT    NOT NULL REFERENCES tenants (id),
            patient_tag  TEXT    NOT NULL,
            rules        TEXT    NOT NULL,
            updated_at   INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, patient_tag)
        ) WITHOUT ROWID;

        CREATE TABLE alerts (
            seq          INTEGER PRIMARY KEY,
            tenant_id    TEXT    NOT NULL REFERENCES tenants (id),
            alert_id     TEXT    NOT NULL UNIQUE,
            patient_tag  TEXT    NOT NULL,
            raised_at    INTEGER NOT NULL,
            payload      TEXT    NOT NULL
        );
        CREATE INDEX alerts_tenant_seq ON alerts (tenant_id, seq);
        CREATE INDEX alerts_tenant_raised ON alerts (tenant_id, raised_at);
        CREATE INDEX alerts_patient ON alerts (tenant_id, patient_tag);
        """;
}
