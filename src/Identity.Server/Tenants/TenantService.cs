using Identity.Cryptography;
using Identity.Primitives;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Tenants;

/// <summary>Creates tenants and rotates or retires their keys; private keys are wrapped before they reach the store.</summary>
internal sealed class TenantService(IIdentityStore store, TenantDirectory directory, KeyWrapper wrapper, TimeProvider time)
{
    public sealed record Created(TenantRecord Tenant, string Did, string DidKey, string ApiKey);

    public async Task<Result<Created>> CreateAsync(string id, string name, KeyType keyType, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var key = GenerateKey(keyType);
        var keyRecord = NewKeyRecord(id, "key-1", key, now);
        var (apiKey, apiKeyRecord) = ApiKeys.Create(id, now);
        var tenant = new TenantRecord(id, name, now);
        var created = await store.CreateTenantAsync(
            tenant, keyRecord, apiKeyRecord, new AuditEntry(now, id, "tenant.created", id, "ok"), cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        directory.Invalidate(id);
        return new Created(created.Value, directory.DidWebOf(id), TenantDirectory.DidKeyOf(keyRecord), apiKey);
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
        using var key = GenerateKey(keyType);
        var record = NewKeyRecord(tenantId, $"key-{next}", key, now);
        var added = await store.AddTenantKeyAsync(record, new AuditEntry(now, tenantId, "tenant.key.added", record.KeyId, "ok"), cancellationToken).ConfigureAwait(false);
        directory.Invalidate(tenantId);
        return added;
    }

    public async Task<Result<TenantKeyRecord>> RetireKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var keys = await store.GetTenantKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var active = keys.Where(k => !k.IsRetired).ToList();
        if (active.Count == 1 && active[0].KeyId == keyId)
        {
            return new Error(ErrorCodes.InvalidRequest, "A tenant's last active key cannot be retired; add a new key first.");
        }

        var now = time.GetUtcNow();
        var retired = await store.RetireTenantKeyAsync(tenantId, keyId, now, new AuditEntry(now, tenantId, "tenant.key.retired", keyId, "ok"), cancellationToken).ConfigureAwait(false);
        directory.Invalidate(tenantId);
        return retired;
    }

    private TenantKeyRecord NewKeyRecord(string tenantId, string keyId, PrivateKey key, DateTimeOffset now) => new(
        tenantId, keyId, TenantKeys.KeyTypeName(key.KeyType), Multikey.EncodePublicKey(key.PublicKey), wrapper.Wrap(key, tenantId, keyId), now);

    private static PrivateKey GenerateKey(KeyType keyType) => SignatureAlgorithms.ForKeyType(keyType).Value.GenerateKey();
}
