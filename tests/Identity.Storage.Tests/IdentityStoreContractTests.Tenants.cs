using Identity.Primitives;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task CreateTenant_New_IsReadBackExactly()
    {
        // Arrange
        var store = await CreateStoreAsync();
        var created = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(7); // 12:00 UTC and 7 ticks
        var tenant = new TenantRecord("t1", "Hospital One", created);
        var key = NewKey("t1", "key-1");
        var apiKey = NewApiKey("t1", "ak-1");

        // Act
        var result = await store.CreateTenantAsync(tenant, key, apiKey, NewAudit("tenant.created", "t1", "t1"));

        // Assert
        Assert.IsTrue(result.IsSuccess, result.ToString());
        var read = await store.GetTenantAsync("t1");
        Assert.AreEqual(tenant, read);
        Assert.AreEqual(created.UtcTicks, read!.CreatedAt.UtcTicks);
        Assert.AreEqual(TimeSpan.Zero, read.CreatedAt.Offset);
        var keys = await store.GetTenantKeysAsync("t1");
        Assert.HasCount(1, keys);
        AssertSameKey(key, keys[0]);
        var foundApiKey = await store.FindApiKeyAsync("ak-1");
        Assert.IsNotNull(foundApiKey);
        Assert.AreEqual(apiKey with { SecretHash = foundApiKey.SecretHash }, foundApiKey);
        CollectionAssert.AreEqual(apiKey.SecretHash, foundApiKey.SecretHash);
    }

    [TestMethod]
    public async Task CreateTenant_DuplicateId_ReturnsTenantExistsAndWritesNothing()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var result = await store.CreateTenantAsync(
            new TenantRecord("t1", "Other", T0), NewKey("t1", "key-9"), NewApiKey("t1", "ak-9"), NewAudit("tenant.created", "t1"));

        Assert.AreEqual(ErrorCodes.TenantExists, result.Error?.Code);
        Assert.AreEqual("Hospital t1", (await store.GetTenantAsync("t1"))!.Name);
        Assert.HasCount(1, await store.GetTenantKeysAsync("t1"));
        Assert.IsNull(await store.FindApiKeyAsync("ak-9"));
        Assert.HasCount(1, await ReadAllAuditAsync(store));
    }

    [TestMethod]
    public async Task CreateTenant_KeyOfAnotherTenant_Throws()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.CreateTenantAsync(
            NewTenant("t1"), NewKey("t2", "key-1"), NewApiKey("t1", "ak-1"), NewAudit("tenant.created")));

        Assert.IsNull(await store.GetTenantAsync("t1"));
    }

    [TestMethod]
    public async Task GetTenant_Unknown_ReturnsNullAndNoKeys()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        Assert.IsNull(await store.GetTenantAsync("t2"));
        Assert.IsEmpty(await store.GetTenantKeysAsync("t2"));
    }

    [TestMethod]
    public async Task ListTenants_Several_ReturnsEach()
    {
        var store = await CreateStoreAsync();
        Assert.IsEmpty(await store.ListTenantsAsync());
        await AddTenantAsync(store, "b");
        await AddTenantAsync(store, "a");
        await AddTenantAsync(store, "c");

        var tenants = await store.ListTenantsAsync();

        CollectionAssert.AreEquivalent(new[] { NewTenant("a"), NewTenant("b"), NewTenant("c") }, tenants.ToArray());
    }

    [TestMethod]
    public async Task AddTenantKey_New_IsNewestEvenWithEarlierTimestamp()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        var key2 = NewKey("t1", "key-2", T0.AddDays(-1));

        var result = await store.AddTenantKeyAsync(key2, NewAudit("key.added", "t1", "key-2"));

        Assert.IsTrue(result.IsSuccess, result.ToString());
        AssertSameKey(key2, result.Value);
        var keys = await store.GetTenantKeysAsync("t1");
        CollectionAssert.AreEqual(new[] { "key-1", "key-2" }, keys.Select(k => k.KeyId).ToArray());
        AssertSameKey(key2, keys[1]);
    }

    [TestMethod]
    public async Task AddTenantKey_DuplicateKeyId_ReturnsKeyExists()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var result = await store.AddTenantKeyAsync(NewKey("t1", "key-1"), NewAudit("key.added", "t1", "key-1"));

        Assert.AreEqual(ErrorCodes.KeyExists, result.Error?.Code);
        Assert.HasCount(1, await store.GetTenantKeysAsync("t1"));
        Assert.HasCount(1, await ReadAllAuditAsync(store));
    }

    [TestMethod]
    public async Task AddTenantKey_UnknownTenant_ReturnsNotFound()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var result = await store.AddTenantKeyAsync(NewKey("t2", "key-1"), NewAudit("key.added", "t2", "key-1"));

        Assert.AreEqual(ErrorCodes.NotFound, result.Error?.Code);
        Assert.IsEmpty(await store.GetTenantKeysAsync("t2"));
    }

    [TestMethod]
    public async Task RetireTenantKey_Active_SetsRetiredAtAndKeepsKeyListed()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await store.AddTenantKeyAsync(NewKey("t1", "key-2"), NewAudit("key.added", "t1", "key-2"));
        var retiredAt = T0.AddHours(1).AddTicks(3);

        var result = await store.RetireTenantKeyAsync("t1", "key-1", retiredAt, NewAudit("key.retired", "t1", "key-1"));

        Assert.IsTrue(result.IsSuccess, result.ToString());
        Assert.AreEqual(retiredAt, result.Value.RetiredAt);
        var keys = await store.GetTenantKeysAsync("t1");
        CollectionAssert.AreEqual(new[] { "key-1", "key-2" }, keys.Select(k => k.KeyId).ToArray());
        Assert.IsTrue(keys[0].IsRetired);
        Assert.AreEqual(retiredAt.UtcTicks, keys[0].RetiredAt!.Value.UtcTicks);
        Assert.IsFalse(keys[1].IsRetired);
    }

    [TestMethod]
    public async Task RetireTenantKey_AlreadyRetired_ReturnsExistingRecord()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await store.AddTenantKeyAsync(NewKey("t1", "key-2"), NewAudit("key.added", "t1", "key-2"));
        await store.RetireTenantKeyAsync("t1", "key-1", T0.AddHours(1), NewAudit("key.retired", "t1", "key-1"));

        var again = await store.RetireTenantKeyAsync("t1", "key-1", T0.AddHours(5), NewAudit("key.retired", "t1", "key-1"));

        Assert.IsTrue(again.IsSuccess, again.ToString());
        Assert.AreEqual(T0.AddHours(1), again.Value.RetiredAt);
        Assert.AreEqual(T0.AddHours(1), (await store.GetTenantKeysAsync("t1"))[0].RetiredAt);
    }

    [TestMethod]
    public async Task RetireTenantKey_UnknownKeyOrTenant_ReturnsNotFound()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var unknownKey = await store.RetireTenantKeyAsync("t1", "key-7", T0, NewAudit("key.retired", "t1", "key-7"));
        var unknownTenant = await store.RetireTenantKeyAsync("t2", "key-1", T0, NewAudit("key.retired", "t2", "key-1"));

        Assert.AreEqual(ErrorCodes.NotFound, unknownKey.Error?.Code);
        Assert.AreEqual(ErrorCodes.NotFound, unknownTenant.Error?.Code);
        Assert.HasCount(1, await ReadAllAuditAsync(store));
    }

    [TestMethod]
    public async Task FindApiKey_AddedKey_ReturnsItAndUnknownReturnsNull()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        var apiKey = new ApiKeyRecord("ak-2", "t1", [42, 43], T0.AddMinutes(1), T0.AddMinutes(2));

        await store.AddApiKeyAsync(apiKey);

        var found = await store.FindApiKeyAsync("ak-2");
        Assert.IsNotNull(found);
        Assert.AreEqual(apiKey with { SecretHash = found.SecretHash }, found);
        CollectionAssert.AreEqual(apiKey.SecretHash, found.SecretHash);
        Assert.IsNull(await store.FindApiKeyAsync("ak-3"));
    }

    [TestMethod]
    public async Task AddApiKey_UnknownTenantOrTakenId_Throws()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.AddApiKeyAsync(NewApiKey("t2", "ak-2")));
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.AddApiKeyAsync(NewApiKey("t1", "ak-t1")));

        Assert.IsNull(await store.FindApiKeyAsync("ak-2"));
    }
}
