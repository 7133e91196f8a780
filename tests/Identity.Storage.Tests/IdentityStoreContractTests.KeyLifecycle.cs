using Identity.Primitives;

namespace Identity.Storage.Tests;

/// <summary>Key retirement under concurrency (a tenant always keeps an active key) and the API key lifecycle.</summary>
public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task RetireTenantKey_LastActiveKey_ReturnsLastActiveKeyAndKeepsIt()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var result = await store.RetireTenantKeyAsync("t1", "key-1", T0, NewAudit("key.retired", "t1", "key-1"));

        Assert.AreEqual(ErrorCodes.LastActiveKey, result.Error?.Code);
        Assert.IsFalse((await store.GetTenantKeysAsync("t1"))[0].IsRetired);
        Assert.HasCount(1, await ReadAllAuditAsync(store));
    }

    [TestMethod]
    public async Task RetireTenantKey_ManyConcurrentRetirements_LeaveExactlyOneActiveKey()
    {
        // Arrange: eight keys, and two retirement requests for each, all released at once.
        const int keyCount = 8;
        var store = await CreateStoreWithTenantAsync("t1");
        for (int i = 2; i <= keyCount; i++)
        {
            Assert.IsTrue((await store.AddTenantKeyAsync(NewKey("t1", $"key-{i}"), NewAudit("key.added", "t1", $"key-{i}"))).IsSuccess);
        }

        using var start = new ManualResetEventSlim(false);
        var attempts = Enumerable.Range(0, keyCount * 2).Select(n => Task.Run(async () =>
        {
            start.Wait();
            string keyId = $"key-{(n % keyCount) + 1}";
            return await store.RetireTenantKeyAsync("t1", keyId, T0.AddSeconds(n), NewAudit("key.retired", "t1", keyId));
        })).ToList();

        // Act
        start.Set();
        var results = await Task.WhenAll(attempts);

        // Assert: one key survives; every refusal says why; nothing else failed.
        var keys = await store.GetTenantKeysAsync("t1");
        Assert.HasCount(1, keys.Where(k => !k.IsRetired).ToList());
        var refused = results.Where(r => !r.IsSuccess).ToList();
        Assert.IsNotEmpty(refused);
        Assert.IsTrue(refused.All(r => r.Error!.Code == ErrorCodes.LastActiveKey), string.Join(", ", refused.Select(r => r.Error!.Code)));
        string survivor = keys.Single(k => !k.IsRetired).KeyId;
        Assert.IsTrue(results.Where(r => r.IsSuccess).All(r => r.Value.KeyId != survivor));
    }

    [TestMethod]
    public async Task CreateApiKey_ListAndFind_ReturnEveryKeyOfTheTenantOnly()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");
        var expiring = new ApiKeyRecord("ak-exp", "t1", [1, 2, 3], T0.AddMinutes(1), ExpiresAt: T0.AddDays(30).AddTicks(7));

        var created = await store.CreateApiKeyAsync(expiring, NewAudit("apikey.created", "t1", "ak-exp"));

        Assert.IsTrue(created.IsSuccess, created.ToString());
        var listed = await store.ListApiKeysAsync("t1");
        CollectionAssert.AreEqual(new[] { "ak-t1", "ak-exp" }, listed.Select(k => k.Id).ToArray());
        Assert.AreEqual(T0.AddDays(30).AddTicks(7), listed[1].ExpiresAt);
        Assert.IsNull(listed[0].ExpiresAt);
        Assert.AreEqual(T0.AddDays(30).AddTicks(7), (await store.FindApiKeyAsync("ak-exp"))!.ExpiresAt);
        Assert.IsEmpty(await store.ListApiKeysAsync("t3"));
        Assert.AreEqual("apikey.created", (await ReadAllAuditAsync(store))[^1].Entry.Action);
    }

    [TestMethod]
    public async Task CreateApiKey_UnknownTenant_ReturnsNotFound()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var created = await store.CreateApiKeyAsync(NewApiKey("t9", "ak-9"), NewAudit("apikey.created", "t9", "ak-9"));

        Assert.AreEqual(ErrorCodes.NotFound, created.Error?.Code);
        Assert.IsNull(await store.FindApiKeyAsync("ak-9"));
    }

    [TestMethod]
    public async Task RevokeApiKey_Twice_KeepsTheFirstInstant()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var first = await store.RevokeApiKeyAsync("t1", "ak-t1", T0.AddHours(1), NewAudit("apikey.revoked", "t1", "ak-t1"));
        var second = await store.RevokeApiKeyAsync("t1", "ak-t1", T0.AddHours(2), NewAudit("apikey.revoked", "t1", "ak-t1"));

        Assert.AreEqual(T0.AddHours(1), first.Value.RevokedAt);
        Assert.AreEqual(T0.AddHours(1), second.Value.RevokedAt);
        Assert.AreEqual(T0.AddHours(1), (await store.FindApiKeyAsync("ak-t1"))!.RevokedAt);
        Assert.IsFalse((await store.FindApiKeyAsync("ak-t1"))!.IsUsableAt(T0));
    }

    [TestMethod]
    public async Task RevokeApiKey_KeyOfAnotherTenantOrUnknown_ReturnsNotFoundAndChangesNothing()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");

        var otherTenant = await store.RevokeApiKeyAsync("t1", "ak-t2", T0, NewAudit("apikey.revoked", "t1", "ak-t2"));
        var unknown = await store.RevokeApiKeyAsync("t1", "ak-zz", T0, NewAudit("apikey.revoked", "t1", "ak-zz"));

        Assert.AreEqual(ErrorCodes.NotFound, otherTenant.Error?.Code);
        Assert.AreEqual(ErrorCodes.NotFound, unknown.Error?.Code);
        Assert.IsNull((await store.FindApiKeyAsync("ak-t2"))!.RevokedAt);
    }
}
