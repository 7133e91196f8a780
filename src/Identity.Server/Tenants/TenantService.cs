using Identity.Cryptography;
using Identity.Primitives;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Tenants;

/// <summary>
/// Creates tenants and rotates or retires their keys. Private keys are made by the deployment's key store: wrapped
/// before they reach the database, or created in a PKCS#11 token the database only names.
/// </summary>
internal sealed class TenantService(IIdentityStore store, TenantDirectory directory, TenantKeyStore keyStore, TimeProvider time)
{
    public sealed record Created(TenantRecord Tenant, string Did, string DidKey, string ApiKey);

    public async Task<Result<Created>> CreateAsync(string id, string name, KeyType keyType, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (apiKey, apiKeyRecord) = ApiKeys.Create(id, now);
        var tenant = new TenantRecord(id, name, now);
        TenantKeyRecord? keyRecord = null;
        var created = await WithNewKeyAsync(id, "key-1", keyType, now, record =>
        {
            keyRecord = record;
            return store.CreateTenantAsync(tenant, record, apiKeyRecord, new AuditEntry(now, id, "tenant.created", id, "ok"), cancellationToken);
        }).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        return new Created(created.Value, directory.DidWebOf(id), TenantDirectory.DidKeyOf(keyRecord!), apiKey);
    }

    /// <summary>Adds a key that later issuance uses; earlier keys stay in the DID document until retired.</summary>
    public async Task<Result<TenantKeyRecord>> AddKeyAsync(string tenantId, KeyType keyType, CancellationToken cancellationToken)
    {
        var existing = await store.GetTenantKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (existing.Count == 0)
        {
            return new Error(ErrorCodes.NotFound, $"There is no tenant '{tenantId}'.");
        }

        var next = existing.Select(k => int.TryParse(k.KeyId.AsSpan(4), out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        var now = time.GetUtcNow();
        return await WithNewKeyAsync(tenantId, $"key-{next}", keyType, now, record =>
            store.AddTenantKeyAsync(record, new AuditEntry(now, tenantId, "tenant.key.added", record.KeyId, "ok"), cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Retires a key; the store refuses (<c>lastActiveKey</c>) when it would leave the tenant without an active key.</summary>
    public async Task<Result<TenantKeyRecord>> RetireKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await store.RetireTenantKeyAsync(tenantId, keyId, now, new AuditEntry(now, tenantId, "tenant.key.retired", keyId, "ok"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new API key for the tenant (the secret is in <c>Key</c>, returned only here), optionally expiring.</summary>
    public async Task<Result<(string Key, ApiKeyRecord Record)>> CreateApiKeyAsync(string tenantId, DateTimeOffset? expires, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (expires is { } at && at <= now)
        {
            return new Error(ErrorCodes.InvalidRequest, "expires must be in the future.");
        }

        var (key, record) = ApiKeys.Create(tenantId, now, expires);
        var created = await store.CreateApiKeyAsync(record, new AuditEntry(now, tenantId, "tenant.apikey.created", record.Id, "ok"), cancellationToken).ConfigureAwait(false);
        return created.IsSuccess ? (key, created.Value) : created.Error!;
    }

    /// <summary>Revokes an API key of the tenant; every replica refuses it from the next request on (keys are checked in the store).</summary>
    public async Task<Result<ApiKeyRecord>> RevokeApiKeyAsync(string tenantId, string apiKeyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await store.RevokeApiKeyAsync(tenantId, apiKeyId, now, new AuditEntry(now, tenantId, "tenant.apikey.revoked", apiKeyId, "ok"), cancellationToken).ConfigureAwait(false);
    }

    // A key whose row is not saved (a duplicate tenant, a lost race for the key id, a failing store) is removed from
    // the key store again, so a token does not fill with keys nobody names.
    private async Task<Result<T>> WithNewKeyAsync<T>(
        string tenantId, string keyId, KeyType keyType, DateTimeOffset now, Func<TenantKeyRecord, Task<Result<T>>> save)
    {
        var (publicKey, stored) = keyStore.Create(tenantId, keyId, keyType);
        var record = new TenantKeyRecord(tenantId, keyId, TenantKeys.KeyTypeName(keyType), Multikey.EncodePublicKey(publicKey), stored, now);
        try
        {
            var saved = await save(record).ConfigureAwait(false);
            if (!saved.IsSuccess)
            {
                keyStore.Discard(stored);
            }

            return saved;
        }
        catch
        {
            keyStore.Discard(stored);
            throw;
        }
    }
}
