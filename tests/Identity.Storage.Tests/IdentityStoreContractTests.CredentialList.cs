namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task ListCredentials_NewestFirst_OnlyTheTenants_UpToTheLimit_WithTheirStatus()
    {
        // Arrange: three credentials of t1 issued a second apart, one of t2; the first of t1 revoked.
        var typed = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(typed, "t2");
        for (int i = 1; i <= 3; i++)
        {
            var audit = new AuditEntry(T0.AddSeconds(i), "t1", "credential.issued", $"urn:uuid:{i}", "ok");
            Assert.IsTrue((await typed.IssueCredentialAsync("t1", $"urn:uuid:{i}", 1000, Signer($"urn:uuid:{i}"), audit)).IsSuccess);
        }

        await IssueAsync(typed, "t2", "urn:uuid:other");
        await typed.SetCredentialStatusAsync("t1", "urn:uuid:1", StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t1"));

        // Act
        var all = await typed.ListCredentialsAsync("t1", 10);
        var two = await typed.ListCredentialsAsync("t1", 2);
        var none = await typed.ListCredentialsAsync("nobody", 10);

        // Assert
        CollectionAssert.AreEqual(new[] { "urn:uuid:3", "urn:uuid:2", "urn:uuid:1" }, all.Select(c => c.CredentialId).ToArray());
        Assert.AreEqual(await typed.GetCredentialAsync("t1", "urn:uuid:1"), all[2]);
        Assert.IsTrue(all[2].Revoked);
        CollectionAssert.AreEqual(new[] { "urn:uuid:3", "urn:uuid:2" }, two.Select(c => c.CredentialId).ToArray());
        Assert.IsEmpty(none);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => typed.ListCredentialsAsync("t1", 0).GetAwaiter().GetResult());
    }
}
