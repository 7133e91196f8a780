namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 9: OpenID4VP requests (docs/oid4vc.md). state and result are sealed by the service with the tenant's data
    // key; status moves pending -> processing (one claim) -> verified | failed. Instants are UTC ticks.
    private const string V9PresentationRequests = """
        CREATE TABLE presentation_requests (
            id           TEXT    NOT NULL PRIMARY KEY,
            tenant_id    TEXT    NOT NULL REFERENCES tenants (id),
            state        TEXT    NOT NULL,
            status       TEXT    NOT NULL CHECK (status IN ('pending', 'processing', 'verified', 'failed')),
            result       TEXT,
            created_at   INTEGER NOT NULL,
            expires_at   INTEGER NOT NULL,
            finished_at  INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX presentation_requests_expiry ON presentation_requests (expires_at);
        """;
}
