namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 5: counted biometric match attempts per record (a window start and the attempts counted since), so a
    // binding credential cannot be used as an unlimited match oracle. Instants are UTC ticks.
    private const string V5BiometricAttempts = """
        CREATE TABLE biometric_attempts (
            tenant_id     TEXT    NOT NULL,
            record_id     TEXT    NOT NULL,
            window_start  INTEGER NOT NULL,
            attempts      INTEGER NOT NULL CHECK (attempts >= 0),
            PRIMARY KEY (tenant_id, record_id)
        ) WITHOUT ROWID;
        """;
}
