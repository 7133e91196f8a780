using Identity.Storage.Postgres;

namespace Identity.Storage.Tests;

// Issuance on two stores (replicas) of one database: the group path, the locked path and list opening all at once.
public sealed partial class PostgresIdentityStoreTests
{
    [TestMethod]
    public async Task IssueCredential_TwoStoresWhileListsFillAndOpen_NoDeadlockAndNoEntryTwice()
    {
        // Arrange: lists of 16 entries fill every few groups, so reserved entries go stale, groups and the locked path
        // (which opens lists) contend for the same list rows from two pools, as two replicas do.
        string database = await NewDatabaseAsync();
        var one = OpenStore(database + ";Timeout=120");
        var two = OpenStore(database + ";Timeout=120");
        await one.MigrateAsync();
        await AddTenantAsync(one, "t1");
        await AddTenantAsync(one, "t2");

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 240).Select(i =>
        {
            var (store, tenant) = (i % 2 == 0 ? one : two, $"t{1 + (i / 2 % 2)}");
            return Task.Run(() => store.IssueCredentialAsync(tenant, $"c{i}", 16, Signer($"c{i}"), NewAudit("credential.issued", tenant, $"c{i}")));
        }));

        // Assert: every issuance stored once, no status entry twice, one valid chain, and PostgreSQL never had to break a
        // deadlock (each costs deadlock_timeout, 1 s, and an aborted transaction).
        Assert.IsTrue(results.All(r => r.IsSuccess), string.Join(", ", results.Where(r => !r.IsSuccess)));
        foreach (var tenant in results.Select(r => r.Value).GroupBy(r => r.TenantId))
        {
            Assert.HasCount(120, tenant.Select(r => (r.Status.RevocationListId, r.Status.RevocationIndex)).Distinct());
            Assert.HasCount(120, tenant.Select(r => (r.Status.SuspensionListId, r.Status.SuspensionIndex)).Distinct());
        }

        Assert.AreEqual(new AuditLogReport(242, true, null, null), await AuditLog.VerifyAsync(two, CancellationToken.None));
        Assert.AreEqual(0L, await DeadlocksAsync(database, one, two));
    }

    // The database's deadlock count, once the stores' backends have exited (a backend reports its counts as it exits).
    private static async Task<long> DeadlocksAsync(string database, params PostgresIdentityStore[] stores)
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await using var connection = await OpenRawAsync(database);
        for (int wait = 0; wait < 100 && (long)(await ScalarAsync(connection, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"))! > 1; wait++)
        {
            await Task.Delay(100);
        }

        return (long)(await ScalarAsync(connection, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"))!;
    }
}
