namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 2: patient DIDs registered by a tenant. public_keys is a JSON array of publicKeyMultibase strings, in
    // document order; version is bumped by each signed update (compare-and-set on it).
    private const string V2PatientDids = """
        CREATE TABLE patient_dids (
            tenant_id       TEXT    NOT NULL REFERENCES tenants (id),
            patient_id      TEXT    NOT NULL,
            public_keys     TEXT    NOT NULL,
            version         INTEGER NOT NULL CHECK (version >= 1),
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            deactivated_at  INTEGER,
            PRIMARY KEY (tenant_id, patient_id)
        ) WITHOUT ROWID;
        """;
}
