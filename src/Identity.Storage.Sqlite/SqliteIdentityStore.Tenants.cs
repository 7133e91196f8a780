using Identity.Primitives;
using Microsoft.Data.Sqlite;

namespace Identity.Storage.Sqlite;

/// <summary>Tenants, their signing keys and their API keys.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string TenantExistsSql = "SELECT EXISTS (SELECT 1 FROM tenants WHERE id = @tenant)";
    private const string ApiKeyExistsSql = "SELECT EXISTS (SELECT 1 FROM api_keys WHERE id = @id)";
    private const string InsertTenant = "INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @created)";
    private const string SelectTenant = "SELECT id, name, created_at FROM tenants WHERE id = @id";
    private const string SelectTenants = "SELECT id, name, created_at FROM tenants ORDER BY created_at, id";

    private const string KeyColumns = "tenant_id, key_id, key_type, public_key_multibase, wrapped_private_key, created_at, retired_at";
    private const string InsertKey = $"INSERT INTO tenant_keys ({KeyColumns}) VALUES (@tenant, @key, @type, @public, @wrapped, @created, @retired)";
    private const string SelectKeys = $"SELECT {KeyColumns} FROM tenant_keys WHERE tenant_id = @tenant ORDER BY seq";
    private const string SelectKey = $"SELECT {KeyColumns} FROM tenant_keys WHERE tenant_id = @tenant AND key_id = @key";
    private const string RetireKey = "UPDATE tenant_keys SET retired_at = @retired WHERE tenant_id = @tenant AND key_id = @key";
    private const string CountActiveKeys = "SELECT count(*) FROM tenant_keys WHERE tenant_id = @tenant AND retired_at IS NULL";

    private const string ApiKeyColumns = "id, tenant_id, secret_hash, created_at, revoked_at, expires_at";
    private const string InsertApiKey = $"INSERT INTO api_keys ({ApiKeyColumns}) VALUES (@id, @tenant, @hash, @created, @revoked, @expires)";
    private const string SelectApiKey = $"SELECT {ApiKeyColumns} FROM api_keys WHERE id = @id";
    private const string SelectTenantApiKeys = $"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id = @tenant ORDER BY created_at, id";
    private const string RevokeApiKey = "UPDATE api_keys SET revoked_at = @revoked WHERE id = @id AND tenant_id = @tenant AND revoked_at IS NULL";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The key or API key belongs to another tenant, or the API key id is taken
    /// (ids are random, so this is a caller bug); nothing is written.</exception>
    public async Task<Result<TenantRecord>> CreateTenantAsync(
        TenantRecord tenant, TenantKeyRecord firstKey, ApiKeyRecord firstApiKey, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(firstKey);
        ArgumentNullException.ThrowIfNull(firstApiKey);
        ArgumentNullException.ThrowIfNull(audit);
        RequireTenant(firstKey.TenantId, tenant.Id, nameof(firstKey));
        RequireTenant(firstApiKey.TenantId, tenant.Id, nameof(firstApiKey));

        return await WriteAsync<TenantRecord>(
            session =>
            {
                if (TenantExists(session, tenant.Id))
                {
                    return Result<TenantRecord>.Failure(ErrorCodes.TenantExists, $"The tenant '{tenant.Id}' already exists.");
                }

                var stored = tenant with { CreatedAt = tenant.CreatedAt.Utc() };
                session.Command(InsertTenant).With("@id", stored.Id).With("@name", stored.Name).With("@created", stored.CreatedAt).ExecuteNonQuery();
                InsertTenantKey(session, firstKey);
                InsertApiKeyRow(session, firstApiKey, nameof(firstApiKey));
                AppendAudit(session, audit);
                return stored;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<TenantRecord?> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return ReadAsync<TenantRecord?>(
            session =>
            {
                using var reader = session.Command(SelectTenant).With("@id", tenantId).ExecuteReader();
                return reader.Read() ? ReadTenant(reader) : null;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TenantRecord>>(
            session =>
            {
                var tenants = new List<TenantRecord>();
                using var reader = session.Command(SelectTenants).ExecuteReader();
                while (reader.Read())
                {
                    tenants.Add(ReadTenant(reader));
                }

                return tenants;
            },
            snapshot: false,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantKeyRecord>> GetTenantKeysAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return ReadAsync<IReadOnlyList<TenantKeyRecord>>(
            session =>
            {
                var keys = new List<TenantKeyRecord>();
                using var reader = session.Command(SelectKeys).With("@tenant", tenantId).ExecuteReader();
                while (reader.Read())
                {
                    keys.Add(ReadKey(reader));
                }

                return keys;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<Result<TenantKeyRecord>> AddTenantKeyAsync(TenantKeyRecord key, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<TenantKeyRecord>(
            session =>
            {
                if (!TenantExists(session, key.TenantId))
                {
                    return NotFound($"The tenant '{key.TenantId}' does not exist.");
                }

                if (FindKey(session, key.TenantId, key.KeyId) is not null)
                {
                    return Result<TenantKeyRecord>.Failure(ErrorCodes.KeyExists, $"The tenant already has a key '{key.KeyId}'.");
                }

                var stored = InsertTenantKey(session, key);
                AppendAudit(session, audit);
                return stored;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>Retiring a retired key succeeds and returns it unchanged (the audit entry is still appended).</remarks>
    public async Task<Result<TenantKeyRecord>> RetireTenantKeyAsync(
        string tenantId, string keyId, DateTimeOffset retiredAt, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<TenantKeyRecord>(
            session =>
            {
                if (FindKey(session, tenantId, keyId) is not { } key)
                {
                    return NotFound(TenantExists(session, tenantId)
                        ? $"The tenant has no key '{keyId}'."
                        : $"The tenant '{tenantId}' does not exist.");
                }

                if (!key.IsRetired)
                {
                    // Inside BEGIN IMMEDIATE (the database's one write lock), so no other retirement can interleave.
                    if ((long)session.Command(CountActiveKeys).With("@tenant", tenantId).ExecuteScalar()! <= 1)
                    {
                        return Result<TenantKeyRecord>.Failure(
                            ErrorCodes.LastActiveKey, $"'{keyId}' is the tenant's only active key; add a new key before retiring it.");
                    }

                    key = key with { RetiredAt = retiredAt.Utc() };
                    session.Command(RetireKey).With("@retired", retiredAt).With("@tenant", tenantId).With("@key", keyId).ExecuteNonQuery();
                }

                AppendAudit(session, audit);
                return Result<TenantKeyRecord>.Success(key);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is null.</exception>
    /// <exception cref="ArgumentException">The tenant does not exist or the API key id is taken; nothing is written.</exception>
    public async Task AddApiKeyAsync(ApiKeyRecord apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        await WriteAsync<int>(
            session =>
            {
                if (!TenantExists(session, apiKey.TenantId))
                {
                    throw new ArgumentException("The API key's tenant does not exist.", nameof(apiKey));
                }

                InsertApiKeyRow(session, apiKey, nameof(apiKey));
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The API key id is taken (ids are random, so this is a caller bug); nothing is written.</exception>
    public async Task<Result<ApiKeyRecord>> CreateApiKeyAsync(ApiKeyRecord apiKey, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<ApiKeyRecord>(
            session =>
            {
                if (!TenantExists(session, apiKey.TenantId))
                {
                    return NotFound($"The tenant '{apiKey.TenantId}' does not exist.");
                }

                InsertApiKeyRow(session, apiKey, nameof(apiKey));
                AppendAudit(session, audit);
                return apiKey with { CreatedAt = apiKey.CreatedAt.Utc(), RevokedAt = apiKey.RevokedAt.Utc(), ExpiresAt = apiKey.ExpiresAt.Utc() };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ApiKeyRecord?> FindApiKeyAsync(string apiKeyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiKeyId);
        return ReadAsync<ApiKeyRecord?>(
            session =>
            {
                using var reader = session.Command(SelectApiKey).With("@id", apiKeyId).ExecuteReader();
                return reader.Read() ? ReadApiKey(reader) : null;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return ReadAsync<IReadOnlyList<ApiKeyRecord>>(
            session =>
            {
                var keys = new List<ApiKeyRecord>();
                using var reader = session.Command(SelectTenantApiKeys).With("@tenant", tenantId).ExecuteReader();
                while (reader.Read())
                {
                    keys.Add(ReadApiKey(reader));
                }

                return keys;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<Result<ApiKeyRecord>> RevokeApiKeyAsync(
        string tenantId, string apiKeyId, DateTimeOffset revokedAt, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(apiKeyId);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<ApiKeyRecord>(
            session =>
            {
                session.Command(RevokeApiKey).With("@revoked", revokedAt).With("@id", apiKeyId).With("@tenant", tenantId).ExecuteNonQuery();
                ApiKeyRecord? key;
                using (var reader = session.Command(SelectApiKey).With("@id", apiKeyId).ExecuteReader())
                {
                    key = reader.Read() ? ReadApiKey(reader) : null;
                }

                if (key is null || !string.Equals(key.TenantId, tenantId, StringComparison.Ordinal))
                {
                    return NotFound($"The tenant has no API key '{apiKeyId}'.");
                }

                AppendAudit(session, audit);
                return key;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static void RequireTenant(string actual, string expected, string paramName)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ArgumentException("The record belongs to another tenant.", paramName);
        }
    }

    private static bool TenantExists(SqliteSession session, string tenantId) =>
        (long)session.Command(TenantExistsSql).With("@tenant", tenantId).ExecuteScalar()! == 1;

    private static TenantKeyRecord? FindKey(SqliteSession session, string tenantId, string keyId)
    {
        using var reader = session.Command(SelectKey).With("@tenant", tenantId).With("@key", keyId).ExecuteReader();
        return reader.Read() ? ReadKey(reader) : null;
    }

    private static TenantKeyRecord InsertTenantKey(SqliteSession session, TenantKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key.WrappedPrivateKey, nameof(key));
        session.Command(InsertKey)
            .With("@tenant", key.TenantId)
            .With("@key", key.KeyId)
            .With("@type", key.KeyType)
            .With("@public", key.PublicKeyMultibase)
            .With("@wrapped", key.WrappedPrivateKey)
            .With("@created", key.CreatedAt)
            .With("@retired", key.RetiredAt)
            .ExecuteNonQuery();
        return key with { CreatedAt = key.CreatedAt.Utc(), RetiredAt = key.RetiredAt.Utc() };
    }

    private static void InsertApiKeyRow(SqliteSession session, ApiKeyRecord apiKey, string paramName)
    {
        ArgumentNullException.ThrowIfNull(apiKey.SecretHash, paramName);
        if ((long)session.Command(ApiKeyExistsSql).With("@id", apiKey.Id).ExecuteScalar()! == 1)
        {
            throw new ArgumentException("An API key with this id already exists.", paramName);
        }

        session.Command(InsertApiKey)
            .With("@id", apiKey.Id)
            .With("@tenant", apiKey.TenantId)
            .With("@hash", apiKey.SecretHash)
            .With("@created", apiKey.CreatedAt)
            .With("@revoked", apiKey.RevokedAt)
            .With("@expires", apiKey.ExpiresAt)
            .ExecuteNonQuery();
    }

    private static ApiKeyRecord ReadApiKey(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetBytes(2), reader.GetInstant(3), reader.GetNullableInstant(4), reader.GetNullableInstant(5));

    private static TenantRecord ReadTenant(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInstant(2));

    private static TenantKeyRecord ReadKey(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBytes(4),
            reader.GetInstant(5), reader.GetNullableInstant(6));
}
