namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 4: API keys may expire (null: never). Operators list, create and revoke them (/admin/tenants/{t}/api-keys).
    private const string V4ApiKeyExpiry = """
        ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
        """;
}
