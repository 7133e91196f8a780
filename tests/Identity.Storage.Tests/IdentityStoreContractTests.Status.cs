using Identity.Primitives;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task SetCredentialStatus_Revoke_SetsBitAndBumpsVersion()
    {
        // Arrange
        var store = await CreateStoreWithTenantAsync("t1");
        var credential = await IssueAsync(store, "t1", "c1", listSize: 64);
        await IssueAsync(store, "t1", "c2", listSize: 64);
        var before = await store.GetStatusListAsync("t1", "revocation-1");
        var at = T0.AddHours(3).AddTicks(9);

        // Act
        var change = await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Revocation, true, at, NewAudit("credential.revoked", "t1", "c1"));

        // Assert
        Assert.IsTrue(change.IsSuccess, change.ToString());
        Assert.AreEqual(
            new StatusChange("revocation-1", credential.Status.RevocationIndex, StatusPurpose.Revocation, true, before!.Version + 1, true),
            change.Value);
        var after = await store.GetStatusListAsync("t1", "revocation-1");
        CollectionAssert.AreEqual(new[] { credential.Status.RevocationIndex }, after!.SetIndexes.ToArray());
        Assert.AreEqual(before.Version + 1, after.Version);
        Assert.AreEqual(at, after.UpdatedAt);
        Assert.AreEqual(before.CreatedAt, after.CreatedAt);
        Assert.IsEmpty((await store.GetStatusListAsync("t1", "suspension-1"))!.SetIndexes);
        var stored = await store.GetCredentialAsync("t1", "c1");
        Assert.IsTrue(stored!.Revoked);
        Assert.IsFalse(stored.Suspended);
    }

    [TestMethod]
    public async Task SetCredentialStatus_SameValueTwice_SecondIsUnchangedButAudited()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c1");
        var first = await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Suspension, true, T0, NewAudit("credential.suspended", "t1", "c1"));
        int auditCount = (await ReadAllAuditAsync(store)).Count;

        var second = await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Suspension, true, T0.AddHours(1), NewAudit("credential.suspended", "t1", "c1"));

        Assert.IsTrue(second.IsSuccess, second.ToString());
        Assert.IsTrue(first.Value.Changed);
        Assert.IsFalse(second.Value.Changed);
        Assert.IsTrue(second.Value.Value);
        Assert.AreEqual(first.Value.ListVersion, second.Value.ListVersion);
        var list = await store.GetStatusListAsync("t1", "suspension-1");
        Assert.AreEqual(first.Value.ListVersion, list!.Version);
        Assert.AreEqual(T0, list.UpdatedAt);
        Assert.HasCount(auditCount + 1, await ReadAllAuditAsync(store));
    }

    [TestMethod]
    public async Task SetCredentialStatus_ClearAfterSet_RemovesBit()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c1");
        await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Suspension, true, T0, NewAudit("credential.suspended", "t1", "c1"));

        var cleared = await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Suspension, false, T0, NewAudit("credential.reinstated", "t1", "c1"));

        Assert.IsTrue(cleared.Value.Changed);
        Assert.IsFalse(cleared.Value.Value);
        var list = await store.GetStatusListAsync("t1", "suspension-1");
        Assert.IsEmpty(list!.SetIndexes);
        Assert.AreEqual(2, list.Version - (await store.GetStatusListAsync("t1", "revocation-1"))!.Version);
        Assert.IsFalse((await store.GetCredentialAsync("t1", "c1"))!.Suspended);
    }

    [TestMethod]
    public async Task SetCredentialStatus_ClearRevocation_IsRefusedAndChangesNothing()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c1");
        await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t1", "c1"));
        var before = await store.GetStatusListAsync("t1", "revocation-1");

        var cleared = await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Revocation, false, T0.AddHours(1), NewAudit("credential.reinstated", "t1", "c1"));
        var again = await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Revocation, true, T0.AddHours(2), NewAudit("credential.revoked", "t1", "c1"));

        Assert.AreEqual(ErrorCodes.RevocationIsPermanent, cleared.Error?.Code);
        var after = await store.GetStatusListAsync("t1", "revocation-1");
        Assert.AreEqual(before!.Version, after!.Version);
        CollectionAssert.AreEqual(before.SetIndexes.ToArray(), after.SetIndexes.ToArray());
        Assert.IsTrue((await store.GetCredentialAsync("t1", "c1"))!.Revoked);
        Assert.IsTrue(again.IsSuccess, again.ToString());
        Assert.IsFalse(again.Value.Changed);
    }

    [TestMethod]
    public async Task SetCredentialStatus_UnknownCredential_ReturnsNotFound()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c1");
        int auditCount = (await ReadAllAuditAsync(store)).Count;

        var unknown = await store.SetCredentialStatusAsync("t1", "c2", StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t1", "c2"));
        var otherTenant = await store.SetCredentialStatusAsync("t2", "c1", StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t2", "c1"));

        Assert.AreEqual(ErrorCodes.NotFound, unknown.Error?.Code);
        Assert.AreEqual(ErrorCodes.NotFound, otherTenant.Error?.Code);
        Assert.HasCount(auditCount, await ReadAllAuditAsync(store));
        Assert.IsFalse((await store.GetCredentialAsync("t1", "c1"))!.Revoked);
    }

    [TestMethod]
    public async Task SetCredentialStatus_100ConcurrentOnOneList_LosesNoChange()
    {
        // Arrange
        var store = await CreateStoreWithTenantAsync("t1");
        var credentials = new List<CredentialRecord>();
        for (int i = 0; i < 100; i++)
        {
            credentials.Add(await IssueAsync(store, "t1", $"c{i}", listSize: 1024));
        }

        long versionBefore = (await store.GetStatusListAsync("t1", "revocation-1"))!.Version;

        // Act
        var changes = await Task.WhenAll(credentials.Select(c => Task.Run(() => store.SetCredentialStatusAsync(
            "t1", c.CredentialId, StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t1", c.CredentialId)))));

        // Assert
        Assert.IsTrue(changes.All(c => c.IsSuccess && c.Value.Changed));
        Assert.HasCount(100, changes.Select(c => c.Value.ListVersion).Distinct());
        var list = await store.GetStatusListAsync("t1", "revocation-1");
        Assert.AreEqual(versionBefore + 100, list!.Version);
        CollectionAssert.AreEqual(credentials.Select(c => c.Status.RevocationIndex).Order().ToArray(), list.SetIndexes.ToArray());
    }

    [TestMethod]
    public async Task GetStatusList_Unknown_ReturnsNull()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");
        await IssueAsync(store, "t1", "c1");

        Assert.IsNull(await store.GetStatusListAsync("t1", "revocation-2"));
        Assert.IsNull(await store.GetStatusListAsync("t2", "revocation-1"));
        Assert.IsNull(await store.GetStatusListAsync("t3", "revocation-1"));
    }
}
