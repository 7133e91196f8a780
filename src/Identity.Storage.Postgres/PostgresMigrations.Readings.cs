namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 10: remote patient monitoring (docs/monitoring.md). Devices and patients appear only as the tenant's
    // pseudonyms; documents and provenance are sealed by the service with the tenant's data key. A device keeps its
    // high-water mark across bindings, so a rebound device cannot replay old sequence numbers.
    private const string V10Readings = """
        CREATE TABLE device_bindings (
            tenant_id      text   NOT NULL REFERENCES tenants (id),
            device_tag     text   NOT NULL,
            credential_id  text   NOT NULL,
            high_water     bigint NOT NULL DEFAULT 0 CHECK (high_water >= 0),
            updated_at     bigint NOT NULL,
            PRIMARY KEY (tenant_id, device_tag)
        );

        CREATE TABLE reading_batches (
            tenant_id    text   NOT NULL REFERENCES tenants (id),
            batch_id     text   NOT NULL,
            device_tag   text   NOT NULL,
            subject_tag  text   NOT NULL,
            provenance   text   NOT NULL,
            log_seq      bigint NOT NULL,
            received_at  bigint NOT NULL,
            PRIMARY KEY (tenant_id, batch_id)
        );

        CREATE TABLE readings (
            tenant_id    text   NOT NULL,
            device_tag   text   NOT NULL,
            sequence     bigint NOT NULL CHECK (sequence >= 1),
            subject_tag  text   NOT NULL,
            code         text   NOT NULL,
            effective    bigint NOT NULL,
            digest       text   NOT NULL,
            batch_id     text   NOT NULL,
            document     text   NOT NULL,
            PRIMARY KEY (tenant_id, device_tag, sequence),
            FOREIGN KEY (tenant_id, batch_id) REFERENCES reading_batches (tenant_id, batch_id)
        );
        CREATE INDEX readings_subject ON readings (tenant_id, subject_tag, effective);
        """;
}
