using Identity.Primitives;

namespace Identity.Storage.Tests;

// Concurrent issuances are stored in groups (one transaction each): one item's refusal or failure must not fail, lose
// or half-store the others, and the log must hold exactly one entry per stored credential.
public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task IssueCredential_ConcurrentWithEachIdTwice_StoresEachIdOnceAndAnswersTheOtherCredentialExists()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i =>
            Task.Run(() => store.IssueCredentialAsync("t1", $"c{i % 60}", 131072, Signer($"c{i % 60}"), NewAudit("credential.issued", "t1", $"c{i % 60}")))));

        var stored = results.Where(r => r.IsSuccess).Select(r => r.Value).ToList();
        Assert.HasCount(60, stored);
        Assert.HasCount(60, stored.Select(r => r.CredentialId).Distinct());
        Assert.IsTrue(results.Where(r => !r.IsSuccess).All(r => r.Error!.Code == ErrorCodes.CredentialExists));
        Assert.HasCount(60, stored.Select(r => r.Status.RevocationIndex).Distinct());
        foreach (var record in stored)
        {
            Assert.AreEqual(record, await store.GetCredentialAsync("t1", record.CredentialId));
        }

        var verification = await AuditLog.VerifyAsync(store, CancellationToken.None);
        Assert.IsTrue(verification.Valid, verification.Problem);
        Assert.AreEqual(61, verification.Entries);
    }

    [TestMethod]
    public async Task IssueCredential_ConcurrentWithSomeSignersFailing_OnlyThoseFailAndNothingOfThemIsStored()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        var refusal = new Error(ErrorCodes.InvalidRequest, "signer refused");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => store.IssueCredentialAsync(
                "t1", $"c{i}", 131072, i % 7 == 0 ? _ => refusal : Signer($"c{i}"), NewAudit("credential.issued", "t1", $"c{i}")))));

        for (int i = 0; i < results.Length; i++)
        {
            if (i % 7 == 0)
            {
                Assert.AreEqual(refusal, results[i].Error);
                Assert.IsNull(await store.GetCredentialAsync("t1", $"c{i}"));
            }
            else
            {
                Assert.IsTrue(results[i].IsSuccess, results[i].ToString());
                Assert.AreEqual(results[i].Value, await store.GetCredentialAsync("t1", $"c{i}"));
            }
        }

        var audit = await ReadAllAuditAsync(store);
        Assert.HasCount(1 + 85, audit);
        Assert.IsTrue((await AuditLog.VerifyAsync(store, CancellationToken.None)).Valid);
    }

    [TestMethod]
    public async Task IssueCredential_ConcurrentInTwoTenants_KeepsEachTenantsListsApart()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => store.IssueCredentialAsync($"t{1 + i % 2}", $"c{i}", 8, Signer($"c{i}"), NewAudit("credential.issued", $"t{1 + i % 2}", $"c{i}")))));

        Assert.IsTrue(results.All(r => r.IsSuccess), results.FirstOrDefault(r => !r.IsSuccess).ToString());
        foreach (var tenant in results.Select(r => r.Value).GroupBy(r => r.TenantId))
        {
            Assert.HasCount(50, tenant.Select(r => (r.Status.RevocationListId, r.Status.RevocationIndex)).Distinct());
            Assert.HasCount(50, tenant.Select(r => (r.Status.SuspensionListId, r.Status.SuspensionIndex)).Distinct());
            Assert.HasCount(7, tenant.Select(r => r.Status.RevocationListId).Distinct()); // 50 entries, 8 per list
        }

        Assert.IsTrue((await AuditLog.VerifyAsync(store, CancellationToken.None)).Valid);
    }

    [TestMethod]
    public async Task IssueCredential_EntryTakenWhileSigning_SignsAgainOnFreshEntriesAndStoresThatDocument()
    {
        // The store signs before its write transaction, holding no lock (a store that held one would deadlock here);
        // another issuance commits during that signature and takes the one entry left in the list, so the first
        // signature's entries are no longer free.
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c0", listSize: 2);
        var seen = new List<StatusAllocation>();
        Result<string> SignWhileAnotherIssuanceCommits(StatusAllocation allocation)
        {
            seen.Add(allocation);
            if (seen.Count == 1)
            {
                var other = store.IssueCredentialAsync("t1", "c1", 2, Signer("c1"), NewAudit("credential.issued", "t1", "c1")).GetAwaiter().GetResult();
                Assert.AreEqual(allocation, other.Value.Status, "the other issuance drew the same (last) entries");
            }

            return Signer("c2")(allocation);
        }

        var issued = await store.IssueCredentialAsync("t1", "c2", 2, SignWhileAnotherIssuanceCommits, NewAudit("credential.issued", "t1", "c2"));

        Assert.IsTrue(issued.IsSuccess, issued.ToString());
        Assert.HasCount(2, seen);
        Assert.AreEqual(("revocation-1", "revocation-2"), (seen[0].RevocationListId, seen[1].RevocationListId));
        Assert.AreEqual(seen[1], issued.Value.Status);
        var stored = await store.GetCredentialAsync("t1", "c2");
        Assert.AreEqual(Signer("c2")(seen[1]).Value, stored!.Document, "the stored document is the one signed on the stored entries");
        Assert.AreEqual(new AuditLogReport(4, true, null, null), await AuditLog.VerifyAsync(store, CancellationToken.None));
    }
}
