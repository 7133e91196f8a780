using Identity.Primitives;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>Tenants, their signing keys and their API keys.</summary>
public sealed partial class PostgresIdentityStore
{
    private const string TenantExistsSql = "SELECT EXISTS (SELECT 1 FROM tenants WHERE id = @tenant)";
    private const string InsertTenant = "INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @created)";
    private const string SelectTenant = "SELECT id, name, created_at FROM tenants WHERE id = @id";
    private const string SelectTenants = "SELECT id, name, created_at FROM tenants ORDER BY created_at, id";

    private const string KeyColumns = "tenant_id, key_id, key_type, public_key_multibase, wrapped_private_key, created_at, retired_at";
    private const string InsertKey = $"INSERT INTO tenant_keys ({KeyColumns}) VALUES (@tenant, @key, @type, @public, @wrapped, @created, @retired)";
    private const string SelectKeys = $"SELECT {KeyColumns} FROM tenant_keys WHERE tenant_id = @tenant ORDER BY seq";

    // The tenant's row lock serializes its retirements (any replica): the next one waits, then counts what is still active.
    private const string LockTenant = "SELECT id FROM tenants WHERE id = @tenant FOR UPDATE";
    private const string SelectKey = $"SELECT {KeyColumns} FROM tenant_keys WHERE tenant_id = @tenant AND key_id = @key";
    private const string CountActiveKeys = "SELECT count(*) FROM tenant_keys WHERE tenant_id = @tenant AND retired_at IS NULL";
    private const string RetireKey = "UPDATE tenant_keys SET retired_at = @retired WHERE tenant_id = @tenant AND key_id = @key";

    private const string ApiKeyColumns = "id, tenant_id, secret_hash, created_at, revoked_at, expires_at";
    private const string InsertApiKey = $"INSERT INTO api_keys ({ApiKeyColumns}) VALUES (@id, @tenant, @hash, @created, @revoked, @expires)";
    private const string SelectApiKey = $"SELECT {ApiKeyColumns} FROM api_keys WHERE id = @id";
    private const string SelectTenantApiKeys = $"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id = @tenant ORDER BY created_at, id";

    // COALESCE keeps the first revocation instant; RETURNING reads the row under the update's lock.
    private const string RevokeApiKey =
        $"UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @revoked) WHERE id = @id AND tenant_id = @tenant RETURNING {ApiKeyColumns}";

    private const string TenantsPrimaryKey = "tenants_pkey";
    private const string TenantKeysUnique = "tenant_keys_tenant_id_key_id_key";
    private const string ApiKeysPrimaryKey = "api_keys_pkey";

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
        ArgumentNullException.ThrowIfNull(firstKey.WrappedPrivateKey, nameof(firstKey));
        ArgumentNullException.ThrowIfNull(firstApiKey.SecretHash, nameof(firstApiKey));
        RequireTenant(firstKey.TenantId, tenant.Id, nameof(firstKey));
        RequireTenant(firstApiKey.TenantId, tenant.Id, nameof(firstApiKey));

        return await WriteAsync<TenantRecord>(
            async session =>
            {
                var stored = tenant with { CreatedAt = tenant.CreatedAt.Utc() };
                try
                {
                    await session.ExecuteAsync(
                        session.Command(InsertTenant).With("@id", stored.Id).With("@name", stored.Name).With("@created", stored.CreatedAt), cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.IsUniqueViolation(TenantsPrimaryKey))
                {
                    // Also the outcome when another replica creates the same tenant at the same moment.
                    return Result<TenantRecord>.Failure(ErrorCodes.TenantExists, $"The tenant '{tenant.Id}' already exists.");
                }

                await InsertTenantKeyAsync(session, firstKey, cancellationToken).ConfigureAwait(false);
                await InsertApiKeyRowAsync(session, firstApiKey, nameof(firstApiKey), cancellationToken).ConfigureAwait(false);
                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
                return stored;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<TenantRecord?> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return ReadAsync<TenantRecord?>(
            async session =>
            {
                await using var command = session.Command(SelectTenant).With("@id", tenantId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadTenant(reader) : null;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TenantRecord>>(
            async session =>
            {
                var tenants = new List<TenantRecord>();
                await using var command = session.Command(SelectTenants);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tenants.Add(ReadTenant(reader));
                }

                return tenants;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantKeyRecord>> GetTenantKeysAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return ReadAsync<IReadOnlyList<TenantKeyRecord>>(
            async session =>
            {
                var keys = new List<TenantKeyRecord>();
                await using var command = session.Command(SelectKeys).With("@tenant", tenantId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(ReadKey(reader));
                }

                return keys;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<Result<TenantKeyRecord>> AddTenantKeyAsync(TenantKeyRecord key, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(key.WrappedPrivateKey, nameof(key));
        return await WriteAsync<TenantKeyRecord>(
            async session =>
            {
                if (!await TenantExistsAsync(session, key.TenantId, cancellationToken).ConfigureAwait(false))
                {
                    return NotFound($"The tenant '{key.TenantId}' does not exist.");
                }

                TenantKeyRecord stored;
                try
                {
                    stored = await InsertTenantKeyAsync(session, key, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.IsUniqueViolation(TenantKeysUnique))
                {
                    return Result<TenantKeyRecord>.Failure(ErrorCodes.KeyExists, $"The tenant already has a key '{key.KeyId}'.");
                }

                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
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
            async session =>
            {
                if (await session.ScalarAsync(session.Command(LockTenant).With("@tenant", tenantId), cancellationToken).ConfigureAwait(false) is null)
                {
                    return NotFound($"The tenant '{tenantId}' does not exist.");
                }

                TenantKeyRecord? key;
                await using (var command = session.Command(SelectKey).With("@tenant", tenantId).With("@key", keyId))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    key = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadKey(reader) : null;
                }

                if (key is null)
                {
                    return NotFound($"The tenant has no key '{keyId}'.");
                }

                if (!key.IsRetired)
                {
                    // READ COMMITTED: this statement runs after the lock was granted, so it sees every earlier retirement.
                    if ((long)(await session.ScalarAsync(session.Command(CountActiveKeys).With("@tenant", tenantId), cancellationToken).ConfigureAwait(false))! <= 1)
                    {
                        return Result<TenantKeyRecord>.Failure(
                            ErrorCodes.LastActiveKey, $"'{keyId}' is the tenant's only active key; add a new key before retiring it.");
                    }

                    key = key with { RetiredAt = retiredAt.Utc() };
                    await session.ExecuteAsync(
                        session.Command(RetireKey).With("@retired", retiredAt).With("@tenant", tenantId).With("@key", keyId), cancellationToken).ConfigureAwait(false);
                }

                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
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
        ArgumentNullException.ThrowIfNull(apiKey.SecretHash, nameof(apiKey));
        await WriteAsync<int>(
            async session =>
            {
                if (!await TenantExistsAsync(session, apiKey.TenantId, cancellationToken).ConfigureAwait(false))
                {
                    throw new ArgumentException("The API key's tenant does not exist.", nameof(apiKey));
                }

                await InsertApiKeyRowAsync(session, apiKey, nameof(apiKey), cancellationToken).ConfigureAwait(false);
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
        ArgumentNullException.ThrowIfNull(apiKey.SecretHash, nameof(apiKey));
        return await WriteAsync<ApiKeyRecord>(
            async session =>
            {
                if (!await TenantExistsAsync(session, apiKey.TenantId, cancellationToken).ConfigureAwait(false))
                {
                    return NotFound($"The tenant '{apiKey.TenantId}' does not exist.");
                }

                await InsertApiKeyRowAsync(session, apiKey, nameof(apiKey), cancellationToken).ConfigureAwait(false);
                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
                return apiKey with { CreatedAt = apiKey.CreatedAt.Utc(), RevokedAt = apiKey.RevokedAt.Utc(), ExpiresAt = apiKey.ExpiresAt.Utc() };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ApiKeyRecord?> FindApiKeyAsync(string apiKeyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiKeyId);
        return ReadAsync<ApiKeyRecord?>(
            async session =>
            {
                await using var command = session.Command(SelectApiKey).With("@id", apiKeyId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadApiKey(reader) : null;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return ReadAsync<IReadOnlyList<ApiKeyRecord>>(
            async session =>
            {
                var keys = new List<ApiKeyRecord>();
                await using var command = session.Command(SelectTenantApiKeys).With("@tenant", tenantId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(ReadApiKey(reader));
                }

                return keys;
            },
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
            async session =>
            {
                ApiKeyRecord? key;
                await using (var command = session.Command(RevokeApiKey).With("@revoked", revokedAt).With("@id", apiKeyId).With("@tenant", tenantId))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    key = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadApiKey(reader) : null;
                }

                if (key is null)
                {
                    return NotFound($"The tenant has no API key '{apiKeyId}'.");
                }

                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
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

    private static async Task<bool> TenantExistsAsync(PostgresSession session, string tenantId, CancellationToken cancellationToken) =>
        (bool)(await session.ScalarAsync(session.Command(TenantExistsSql).With("@tenant", tenantId), cancellationToken).ConfigureAwait(false))!;

    private static async Task<TenantKeyRecord> InsertTenantKeyAsync(PostgresSession session, TenantKeyRecord key, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(
            session.Command(InsertKey)
                .With("@tenant", key.TenantId)
                .With("@key", key.KeyId)
                .With("@type", key.KeyType)
                .With("@public", key.PublicKeyMultibase)
                .With("@wrapped", key.WrappedPrivateKey)
                .With("@created", key.CreatedAt)
                .With("@retired", key.RetiredAt),
            cancellationToken).ConfigureAwait(false);
        return key with { CreatedAt = key.CreatedAt.Utc(), RetiredAt = key.RetiredAt.Utc() };
    }

    private static async Task InsertApiKeyRowAsync(PostgresSession session, ApiKeyRecord apiKey, string paramName, CancellationToken cancellationToken)
    {
        try
        {
            await session.ExecuteAsync(
                session.Command(InsertApiKey)
                    .With("@id", apiKey.Id)
                    .With("@tenant", apiKey.TenantId)
                    .With("@hash", apiKey.SecretHash)
                    .With("@created", apiKey.CreatedAt)
                    .With("@revoked", apiKey.RevokedAt)
                    .With("@expires", apiKey.ExpiresAt),
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.IsUniqueViolation(ApiKeysPrimaryKey))
        {
            throw new ArgumentException("An API key with this id already exists.", paramName);
        }
    }

    private static ApiKeyRecord ReadApiKey(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetBytes(2), reader.GetInstant(3), reader.GetNullableInstant(4), reader.GetNullableInstant(5));

    private static TenantRecord ReadTenant(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInstant(2));

    private static TenantKeyRecord ReadKey(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBytes(4),
            reader.GetInstant(5), reader.GetNullableInstant(6));
}
