namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 5: counted biometric match attempts per record (as SQLite's version 5). Instants are UTC ticks.
    private const string V5BiometricAttempts = """
        CREATE TABLE biometric_attempts (
            tenant_id     text    NOT NULL,
            record_id     text    NOT NULL,
            window_start  bigint  NOT NULL,
            attempts      integer NOT NULL CHECK (attempts >= 0),
            PRIMARY KEY (tenant_id, record_id)
        );
        """;
}
