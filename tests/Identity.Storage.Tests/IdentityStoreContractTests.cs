using Identity.Primitives;

namespace Identity.Storage.Tests;

/// <summary>
/// The contract every <see cref="IIdentityStore"/> adapter passes. Each adapter's test class derives from it, carries
/// <c>[TestClass]</c>, and returns a fresh, migrated, empty store from <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract partial class IdentityStoreContractTests
{
    /// <summary>An instant with sub-millisecond ticks, to prove timestamps round-trip exactly.</summary>
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    /// <summary>A fresh, migrated, empty store for one test.</summary>
    protected abstract Task<IIdentityStore> CreateStoreAsync();

    protected static TenantRecord NewTenant(string id) => new(id, $"Hospital {id}", T0);

    protected static TenantKeyRecord NewKey(string tenantId, string keyId, DateTimeOffset? createdAt = null) =>
        new(tenantId, keyId, "Ed25519", "z6Mk" + keyId, [1, 2, 3, (byte)keyId.Length, 0, 255], createdAt ?? T0);

    protected static ApiKeyRecord NewApiKey(string tenantId, string id) =>
        new(id, tenantId, [9, 8, 7, (byte)id.Length], T0);

    protected static AuditEntry NewAudit(string action, string? tenantId = null, string? subject = null) =>
        new(T0, tenantId, action, subject, "ok");

    /// <summary>A signer that always succeeds and writes the allocation into the document.</summary>
    protected static Func<StatusAllocation, Result<string>> Signer(string credentialId) =>
        allocation => $$"""{"id":"{{credentialId}}","rev":"{{allocation.RevocationListId}}#{{allocation.RevocationIndex}}","sus":"{{allocation.SuspensionListId}}#{{allocation.SuspensionIndex}}"}""";

    /// <summary>A store holding tenant <paramref name="tenantId"/> with key <c>key-1</c> and API key <c>ak-{tenantId}</c>.</summary>
    protected async Task<IIdentityStore> CreateStoreWithTenantAsync(string tenantId = "t1")
    {
        var store = await CreateStoreAsync();
        await AddTenantAsync(store, tenantId);
        return store;
    }

    protected static async Task AddTenantAsync(IIdentityStore store, string tenantId)
    {
        var created = await store.CreateTenantAsync(
            NewTenant(tenantId), NewKey(tenantId, "key-1"), NewApiKey(tenantId, "ak-" + tenantId), NewAudit("tenant.created", tenantId, tenantId));
        Assert.IsTrue(created.IsSuccess, created.ToString());
    }

    protected static async Task<CredentialRecord> IssueAsync(IIdentityStore store, string tenantId, string credentialId, int listSize = 131072)
    {
        var issued = await store.IssueCredentialAsync(
            tenantId, credentialId, listSize, Signer(credentialId), NewAudit("credential.issued", tenantId, credentialId));
        Assert.IsTrue(issued.IsSuccess, issued.ToString());
        return issued.Value;
    }

    protected static async Task<IReadOnlyList<AuditRecord>> ReadAllAuditAsync(IIdentityStore store)
    {
        var all = new List<AuditRecord>();
        while (true)
        {
            var page = await store.ReadAuditAsync(all.Count == 0 ? 0 : all[^1].Sequence, 100);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
        }
    }

    protected static void AssertSameKey(TenantKeyRecord expected, TenantKeyRecord actual)
    {
        Assert.AreEqual(expected with { WrappedPrivateKey = actual.WrappedPrivateKey }, actual);
        CollectionAssert.AreEqual(expected.WrappedPrivateKey, actual.WrappedPrivateKey);
        Assert.AreEqual(TimeSpan.Zero, actual.CreatedAt.Offset);
    }
}
