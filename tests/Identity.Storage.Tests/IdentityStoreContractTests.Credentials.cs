using Identity.Primitives;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task IssueCredential_New_StoresSignedDocumentAndPositionsExactly()
    {
        // Arrange
        var store = await CreateStoreWithTenantAsync("t1");
        var seen = new List<StatusAllocation>();
        var audit = NewAudit("credential.issued", "t1", "urn:uuid:1");

        // Act
        var result = await store.IssueCredentialAsync("t1", "urn:uuid:1", 1000, a =>
        {
            seen.Add(a);
            return Signer("urn:uuid:1")(a);
        }, audit);

        // Assert
        Assert.IsTrue(result.IsSuccess, result.ToString());
        Assert.HasCount(1, seen);
        var record = result.Value;
        Assert.AreEqual(seen[0], record.Status);
        Assert.AreEqual(Signer("urn:uuid:1")(seen[0]).Value, record.Document);
        Assert.AreEqual("revocation-1", record.Status.RevocationListId);
        Assert.AreEqual("suspension-1", record.Status.SuspensionListId);
        Assert.IsTrue(record.Status.RevocationIndex is >= 0 and < 1000, record.Status.ToString());
        Assert.IsTrue(record.Status.SuspensionIndex is >= 0 and < 1000, record.Status.ToString());
        Assert.IsFalse(record.Revoked || record.Suspended);
        Assert.AreEqual(audit.At, record.IssuedAt);
        Assert.AreEqual(record, await store.GetCredentialAsync("t1", "urn:uuid:1"));
        var list = await store.GetStatusListAsync("t1", "revocation-1");
        Assert.IsNotNull(list);
        Assert.AreEqual(1000, list.Size);
        Assert.AreEqual(StatusPurpose.Revocation, list.Purpose);
        Assert.IsEmpty(list.SetIndexes);
        Assert.AreEqual(StatusPurpose.Suspension, (await store.GetStatusListAsync("t1", "suspension-1"))!.Purpose);
    }

    [TestMethod]
    public async Task IssueCredential_DuplicateId_ReturnsCredentialExistsWithoutSigning()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        var first = await IssueAsync(store, "t1", "c1");
        bool signed = false;

        var result = await store.IssueCredentialAsync("t1", "c1", 1000, a => { signed = true; return "x"; }, NewAudit("credential.issued", "t1", "c1"));

        Assert.AreEqual(ErrorCodes.CredentialExists, result.Error?.Code);
        Assert.IsFalse(signed);
        Assert.AreEqual(first, await store.GetCredentialAsync("t1", "c1"));
        Assert.HasCount(2, await ReadAllAuditAsync(store));
    }

    [TestMethod]
    public async Task IssueCredential_UnknownTenant_ReturnsNotFound()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        bool signed = false;

        var result = await store.IssueCredentialAsync("t2", "c1", 1000, a => { signed = true; return "x"; }, NewAudit("credential.issued", "t2", "c1"));

        Assert.AreEqual(ErrorCodes.NotFound, result.Error?.Code);
        Assert.IsFalse(signed);
        Assert.IsNull(await store.GetStatusListAsync("t2", "revocation-1"));
    }

    [TestMethod]
    public async Task IssueCredential_SignerFails_WritesNothingAndReturnsItsError()
    {
        // Arrange: a list of 2 with one slot taken, so a leaked allocation would push the next credential to list 2.
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c1", listSize: 2);
        var auditBefore = await ReadAllAuditAsync(store);
        var signerError = new Error(ErrorCodes.InvalidPrivateKey, "The key cannot sign.");

        // Act
        var failed = await store.IssueCredentialAsync("t1", "c2", 2, _ => signerError, NewAudit("credential.issued", "t1", "c2"));
        var failedOnNewList = await store.IssueCredentialAsync("t1", "c3", 2, _ => signerError, NewAudit("credential.issued", "t1", "c3"));

        // Assert
        Assert.AreEqual(signerError, failed.Error);
        Assert.AreEqual(signerError, failedOnNewList.Error);
        Assert.IsNull(await store.GetCredentialAsync("t1", "c2"));
        Assert.HasCount(auditBefore.Count, await ReadAllAuditAsync(store));
        var next = await IssueAsync(store, "t1", "c4", listSize: 2);
        Assert.AreEqual("revocation-1", next.Status.RevocationListId);
        Assert.AreEqual("suspension-1", next.Status.SuspensionListId);
        Assert.IsNull(await store.GetStatusListAsync("t1", "revocation-2"), "the failed issuance on a full list must not leave a new list");
        var last = await IssueAsync(store, "t1", "c5", listSize: 2);
        Assert.AreEqual("revocation-2", last.Status.RevocationListId);
    }

    [TestMethod]
    public async Task IssueCredential_SignerThrows_WritesNothingAndPropagates()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => store.IssueCredentialAsync(
            "t1", "c1", 8, _ => throw new InvalidOperationException("signer bug"), NewAudit("credential.issued", "t1", "c1")));

        Assert.IsNull(await store.GetCredentialAsync("t1", "c1"));
        Assert.IsNull(await store.GetStatusListAsync("t1", "revocation-1"));
        Assert.HasCount(1, await ReadAllAuditAsync(store));
        await IssueAsync(store, "t1", "c1", listSize: 8);
    }

    [TestMethod]
    public async Task IssueCredential_TwentyWithListSize8_FillsThreeListsWithoutReuse()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var records = new List<CredentialRecord>();
        for (int i = 0; i < 20; i++)
        {
            records.Add(await IssueAsync(store, "t1", $"c{i}", listSize: 8));
        }

        foreach (var (purpose, positions) in new[]
        {
            ("revocation", records.Select(r => (r.Status.RevocationListId, r.Status.RevocationIndex)).ToList()),
            ("suspension", records.Select(r => (r.Status.SuspensionListId, r.Status.SuspensionIndex)).ToList()),
        })
        {
            Assert.HasCount(20, positions.Distinct(), purpose);
            CollectionAssert.AreEqual(
                new[] { $"{purpose}-1", $"{purpose}-2", $"{purpose}-3" }, positions.Select(p => p.Item1).Distinct().Order().ToArray());
            for (int n = 1; n <= 2; n++)
            {
                var indexes = positions.Where(p => p.Item1 == $"{purpose}-{n}").Select(p => p.Item2).Order().ToArray();
                CollectionAssert.AreEqual(Enumerable.Range(0, 8).ToArray(), indexes, $"{purpose}-{n}");
            }

            var third = positions.Where(p => p.Item1 == $"{purpose}-3").Select(p => p.Item2).ToArray();
            Assert.HasCount(4, third);
            Assert.IsTrue(third.All(i => i is >= 0 and < 8));
            Assert.IsNull(await store.GetStatusListAsync("t1", $"{purpose}-4"));
        }
    }

    [TestMethod]
    [DataRow(131072)]
    [DataRow(16)]
    [DataRow(4)]
    public async Task IssueCredential_200Concurrent_NeverReusesAnIndex(int listSize)
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => store.IssueCredentialAsync("t1", $"c{i}", listSize, Signer($"c{i}"), NewAudit("credential.issued", "t1", $"c{i}")))));

        Assert.IsTrue(results.All(r => r.IsSuccess), results.FirstOrDefault(r => !r.IsSuccess).ToString());
        var records = results.Select(r => r.Value).ToList();
        Assert.HasCount(200, records.Select(r => (r.Status.RevocationListId, r.Status.RevocationIndex)).Distinct());
        Assert.HasCount(200, records.Select(r => (r.Status.SuspensionListId, r.Status.SuspensionIndex)).Distinct());
        Assert.IsTrue(records.All(r => r.Status.RevocationIndex < listSize && r.Status.SuspensionIndex < listSize));
        int expectedLists = (200 + listSize - 1) / listSize;
        Assert.HasCount(expectedLists, records.Select(r => r.Status.RevocationListId).Distinct());
        foreach (var record in records)
        {
            Assert.AreEqual(record, await store.GetCredentialAsync("t1", record.CredentialId));
        }

        var verification = await AuditLog.VerifyAsync(store, CancellationToken.None);
        Assert.IsTrue(verification.Valid, verification.Problem);
        Assert.AreEqual(201, verification.Entries);
    }

    [TestMethod]
    public async Task IssueCredential_SameIdInTwoTenants_KeepsThemApart()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");

        var one = await IssueAsync(store, "t1", "c1", listSize: 8);
        var two = await IssueAsync(store, "t2", "c1", listSize: 8);

        Assert.AreEqual("revocation-1", two.Status.RevocationListId);
        Assert.AreEqual(one, await store.GetCredentialAsync("t1", "c1"));
        Assert.AreEqual(two, await store.GetCredentialAsync("t2", "c1"));
        Assert.IsNull(await store.GetCredentialAsync("t3", "c1"));
        Assert.IsNull(await store.GetCredentialAsync("t1", "c2"));
    }
}
