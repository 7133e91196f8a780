namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task GetTokenStatusList_RevokedAndSuspended_ListedByRevocationIndex()
    {
        // Arrange: c1 revoked, c2 suspended, c3 revoked and suspended, c4 untouched; all in revocation-1.
        var store = await CreateStoreWithTenantAsync("t1");
        var records = new List<CredentialRecord>();
        foreach (var id in new[] { "c1", "c2", "c3", "c4" })
        {
            records.Add(await IssueAsync(store, "t1", id, listSize: 64));
        }

        await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t1", "c1"));
        await store.SetCredentialStatusAsync("t1", "c2", StatusPurpose.Suspension, true, T0, NewAudit("credential.suspended", "t1", "c2"));
        await store.SetCredentialStatusAsync("t1", "c3", StatusPurpose.Suspension, true, T0, NewAudit("credential.suspended", "t1", "c3"));
        await store.SetCredentialStatusAsync("t1", "c3", StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t1", "c3"));

        // Act
        var view = await store.GetTokenStatusListAsync("t1", "revocation-1");

        // Assert
        Assert.IsNotNull(view);
        Assert.AreEqual(64, view.Size);
        CollectionAssert.AreEquivalent(new[] { records[0].Status.RevocationIndex, records[2].Status.RevocationIndex }, view.RevokedIndexes.ToArray());
        CollectionAssert.AreEquivalent(new[] { records[1].Status.RevocationIndex }, view.SuspendedIndexes.ToArray());
    }

    [TestMethod]
    public async Task GetTokenStatusList_SuspensionListUnknownListOrOtherTenant_IsNull()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c1");

        Assert.IsNull(await store.GetTokenStatusListAsync("t1", "suspension-1"));
        Assert.IsNull(await store.GetTokenStatusListAsync("t1", "revocation-2"));
        Assert.IsNull(await store.GetTokenStatusListAsync("t2", "revocation-1"));
        Assert.IsEmpty((await store.GetTokenStatusListAsync("t1", "revocation-1"))!.RevokedIndexes);
    }
}
