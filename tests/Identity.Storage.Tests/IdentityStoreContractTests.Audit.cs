using Identity.Primitives.TransparencyLog;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task Audit_EveryStateChange_IsAppendedToAValidChain()
    {
        // Arrange
        var store = await CreateStoreAsync();
        var expected = new List<AuditEntry>
        {
            new(T0, "t1", "tenant.created", "t1", "ok"),
            new(T0.AddSeconds(1), "t1", "key.added", "key-2", "ok"),
            new(T0.AddSeconds(2), "t1", "key.retired", "key-1", "ok"),
            new(T0.AddSeconds(3), "t1", "credential.issued", "c1", "ok"),
            new(T0.AddSeconds(4), "t1", "credential.revoked", "c1", "ok"),
            new(T0.AddSeconds(5), null, "service.started", null, "ok"),
            new(T0.AddSeconds(6), "t1", "apikey.used", "ak-t1", "denied"),
        };

        // Act
        await store.CreateTenantAsync(NewTenant("t1"), NewKey("t1", "key-1"), NewApiKey("t1", "ak-t1"), expected[0]);
        await store.AddTenantKeyAsync(NewKey("t1", "key-2"), expected[1]);
        await store.RetireTenantKeyAsync("t1", "key-1", T0, expected[2]);
        await store.IssueCredentialAsync("t1", "c1", 16, Signer("c1"), expected[3]);
        await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Revocation, true, T0, expected[4]);
        await store.AppendAuditAsync(expected.Skip(5).ToList());

        // Assert
        var records = await ReadAllAuditAsync(store);
        CollectionAssert.AreEqual(expected, records.Select(r => r.Entry).ToList());
        CollectionAssert.AreEqual(Enumerable.Range(1, 7).Select(i => (long)i).ToArray(), records.Select(r => r.Sequence).ToArray());
        // Each row keeps its leaf hash and the root before it; the tree's leaves are those hashes.
        var frontier = new MerkleFrontier(0, []);
        for (int i = 0; i < records.Count; i++)
        {
            CollectionAssert.AreEqual(frontier.Root(), records[i].PreviousHash);
            CollectionAssert.AreEqual(AuditLog.LeafHash(records[i].Sequence, records[i].Entry), records[i].Hash);
            frontier.Append(records[i].Hash, static (_, _) => { });
        }

        Assert.AreEqual(7, await store.GetLogSizeAsync());
        var leaves = await store.ReadLogNodesAsync(0, 0, 256);
        CollectionAssert.AreEqual(records.Select(r => Convert.ToHexString(r.Hash)).ToArray(), leaves.Select(Convert.ToHexString).ToArray());
        var root = MerkleHash.Fold([.. (await store.ReadLogNodesAsync(MerkleFrontier.NodesFor(7).ToList())).OrderByDescending(n => n.Key.Level).Select(n => n.Value)]);
        CollectionAssert.AreEqual(frontier.Root(), root);

        Assert.AreEqual(new AuditLogReport(7, true, null, null), await AuditLog.VerifyAsync(store, CancellationToken.None));
    }

    [TestMethod]
    public async Task AuditLogVerify_EmptyStore_IsValidWithNoEntries()
    {
        var store = await CreateStoreAsync();

        Assert.AreEqual(new AuditLogReport(0, true, null, null), await AuditLog.VerifyAsync(store, CancellationToken.None));
    }

    [TestMethod]
    public async Task AppendAudit_2500InBatches_VerifiesAcrossPages()
    {
        var store = await CreateStoreAsync();
        for (int batch = 0; batch < 5; batch++)
        {
            await store.AppendAuditAsync(Enumerable.Range(0, 500).Select(i => NewAudit("test.event", "t1", $"{batch}-{i}")).ToList());
        }

        await store.AppendAuditAsync([]);
        var report = await AuditLog.VerifyAsync(store, CancellationToken.None);

        Assert.AreEqual(new AuditLogReport(2500, true, null, null), report);
    }

    [TestMethod]
    public async Task AppendAudit_InvalidEntryInBatch_AppendsNone()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.AppendAuditAsync(
            [NewAudit("ok.event"), NewAudit("bad.event", subject: "\uD800")]));

        Assert.IsEmpty(await store.ReadAuditAsync(0, 10));
        Assert.AreEqual(0, await store.GetLogSizeAsync());
    }

    [TestMethod]
    public async Task ReadLogNodes_AfterAppends_ReadsConsecutiveHashesAndStopsAtTheEdge()
    {
        var store = await CreateStoreAsync();
        await store.AppendAuditAsync(Enumerable.Range(0, 300).Select(i => NewAudit("test.event", "t1", $"e{i}")).ToList());

        var level8 = await store.ReadLogNodesAsync(8, 0, 2);
        var level0 = await store.ReadLogNodesAsync(0, 250, 100);

        Assert.HasCount(1, level8);
        Assert.HasCount(50, level0);
        Assert.AreEqual(300, await store.GetLogSizeAsync());
        var records = await store.ReadAuditAsync(0, 256);
        var frontier = new MerkleFrontier(0, []);
        foreach (var record in records)
        {
            frontier.Append(AuditLog.LeafHash(record.Sequence, record.Entry), static (_, _) => { });
        }

        CollectionAssert.AreEqual(frontier.Root(), level8[0]);
    }

    [TestMethod]
    public async Task ReadAudit_Paging_ReturnsConsecutivePages()
    {
        var store = await CreateStoreAsync();
        await store.AppendAuditAsync(Enumerable.Range(1, 25).Select(i => NewAudit("test.event", subject: i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList());

        var first = await store.ReadAuditAsync(0, 10);
        var middle = await store.ReadAuditAsync(10, 10);
        var last = await store.ReadAuditAsync(20, 10);
        var beyond = await store.ReadAuditAsync(25, 10);

        CollectionAssert.AreEqual(Enumerable.Range(1, 10).Select(i => (long)i).ToArray(), first.Select(r => r.Sequence).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(11, 10).Select(i => (long)i).ToArray(), middle.Select(r => r.Sequence).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(21, 5).Select(i => (long)i).ToArray(), last.Select(r => r.Sequence).ToArray());
        Assert.AreEqual("13", middle[2].Entry.Subject);
        Assert.IsEmpty(beyond);
        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(() => store.ReadAuditAsync(0, 0));
    }
}
