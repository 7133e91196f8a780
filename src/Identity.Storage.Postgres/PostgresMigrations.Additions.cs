namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 2: patient DIDs registered by a tenant (as SQLite's version 2). public_keys is a JSON array of
    // publicKeyMultibase strings in document order; version is bumped by each signed update (compare-and-set).
    private const string V2PatientDids = """
        CREATE TABLE patient_dids (
            tenant_id       text   NOT NULL REFERENCES tenants (id),
            patient_id      text   NOT NULL,
            public_keys     text   NOT NULL,
            version         bigint NOT NULL CHECK (version >= 1),
            created_at      bigint NOT NULL,
            updated_at      bigint NOT NULL,
            deactivated_at  bigint,
            PRIMARY KEY (tenant_id, patient_id)
        );
        """;

    // Version 3: biometric records (salt, helper data, tag; never templates) and wrapped per-tenant secrets such as the
    // biometric pepper (as SQLite's version 3).
    private const string V3Biometrics = """
        CREATE TABLE biometric_records (
            tenant_id      text   NOT NULL REFERENCES tenants (id),
            record_id      text   NOT NULL,
            credential_id  text   NOT NULL,
            record         bytea  NOT NULL,
            created_at     bigint NOT NULL,
            PRIMARY KEY (tenant_id, record_id)
        );

        CREATE TABLE tenant_secrets (
            tenant_id   text   NOT NULL REFERENCES tenants (id),
            name        text   NOT NULL,
            wrapped     bytea  NOT NULL,
            created_at  bigint NOT NULL,
            PRIMARY KEY (tenant_id, name)
        );
        """;
}
