namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 10: remote patient monitoring (docs/monitoring.md). Devices and patients appear only as the tenant's
    // pseudonyms; documents and provenance are sealed by the service with the tenant's data key. A device keeps its
    // high-water mark across bindings, so a rebound device cannot replay old sequence numbers.
    private const string V10Readings = """
        CREATE TABLE device_bindings (
            tenant_id      TEXT    NOT NULL REFERENCES tenants (id),
            device_tag     TEXT    NOT NULL,
            credential_id  TEXT    NOT NULL,
            high_water     INTEGER NOT NULL DEFAULT 0 CHECK (high_water >= 0),
            updated_at     INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, device_tag)
        ) WITHOUT ROWID;

        CREATE TABLE reading_batches (
            tenant_id    TEXT    NOT NULL REFERENCES tenants (id),
            batch_id     TEXT    NOT NULL,
            device_tag   TEXT    NOT NULL,
            subject_tag  TEXT    NOT NULL,
            provenance   TEXT    NOT NULL,
            log_seq      INTEGER NOT NULL,
            received_at  INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, batch_id)
        ) WITHOUT ROWID;

        CREATE TABLE readings (
            tenant_id    TEXT    NOT NULL,
            device_tag   TEXT    NOT NULL,
            sequence     INTEGER NOT NULL CHECK (sequence >= 1),
            subject_tag  TEXT    NOT NULL,
            code         TEXT    NOT NULL,
            effective    INTEGER NOT NULL,
            digest       TEXT    NOT NULL,
            batch_id     TEXT    NOT NULL,
            document     TEXT    NOT NULL,
            PRIMARY KEY (tenant_id, device_tag, sequence),
            FOREIGN KEY (tenant_id, batch_id) REFERENCES reading_batches (tenant_id, batch_id)
        ) WITHOUT ROWID;
        CREATE INDEX readings_subject ON readings (tenant_id, subject_tag, effective);
        """;
}
