namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 4: counted biometric match attempts per record (as SQLite's version 4). Instants are UTC ticks.
    private const string V4BiometricAttempts = """
        CREATE TABLE biometric_attempts (
            tenant_id     text    NOT NULL,
            record_id     text    NOT NULL,
            window_start  bigint  NOT NULL,
            attempts      integer NOT NULL CHECK (attempts >= 0),
            PRIMARY KEY (tenant_id, record_id)
        );
        """;
}
