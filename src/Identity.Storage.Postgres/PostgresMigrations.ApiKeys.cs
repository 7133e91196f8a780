namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 4: API keys may expire (null: never), as SQLite's version 4.
    private const string V4ApiKeyExpiry = """
        ALTER TABLE api_keys ADD COLUMN expires_at bigint;
        """;
}
