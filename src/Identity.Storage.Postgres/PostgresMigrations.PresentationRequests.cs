namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 9: OpenID4VP requests (docs/oid4vc.md). state and result are sealed by the service with the tenant's data
    // key; status moves pending -> processing (one claim) -> verified | failed. Instants are UTC ticks.
    private const string V9PresentationRequests = """
        CREATE TABLE presentation_requests (
            id           text    NOT NULL PRIMARY KEY,
            tenant_id    text    NOT NULL REFERENCES tenants (id),
            state        text    NOT NULL,
            status       text    NOT NULL CHECK (status IN ('pending', 'processing', 'verified', 'failed')),
            result       text,
            created_at   bigint  NOT NULL,
            expires_at   bigint  NOT NULL,
            finished_at  bigint
        );
        CREATE INDEX presentation_requests_expiry ON presentation_requests (expires_at);
        """;
}
