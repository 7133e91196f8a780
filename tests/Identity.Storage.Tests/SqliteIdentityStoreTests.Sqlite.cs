using Identity.Primitives;
using Identity.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Identity.Storage.Tests;

public sealed partial class SqliteIdentityStoreTests
{
    [TestMethod]
    public async Task SqliteVersion_ReportedForTheLog_IsTheLibraryTheStoreRunsOnAndACurrentOne()
    {
        var store = OpenStore(NewDatabasePath());
        await store.MigrateAsync();

        var inUse = (string)(await store.ReadAsync(session => session.Command("SELECT sqlite_version()").ExecuteScalar(), snapshot: false, CancellationToken.None))!;

        Assert.AreEqual(inUse, SqliteIdentityStore.SqliteVersion);
        // The bundle Microsoft.Data.Sqlite 10 brings, not SQLitePCLRaw 2.0.6's 3.35.5 (2021) nor an older system copy.
        Assert.IsGreaterThanOrEqualTo(new Version(3, 49), Version.Parse(inUse));
    }

    [TestMethod]
    [DataRow(10_000)]
    [DataRow(2_500)]
    public async Task Pragmas_PooledConnection_AreWalFullForeignKeysBusyTimeoutAndCheckpointEvery10000Pages(int busyMilliseconds)
    {
        var store = OpenStore(NewDatabasePath(), TimeSpan.FromMilliseconds(busyMilliseconds));
        await store.MigrateAsync();

        var pragmas = await store.ReadAsync(
            session => (
                Journal: session.Command("PRAGMA journal_mode").ExecuteScalar(),
                Synchronous: session.Command("PRAGMA synchronous").ExecuteScalar(),
                ForeignKeys: session.Command("PRAGMA foreign_keys").ExecuteScalar(),
                BusyTimeout: session.Command("PRAGMA busy_timeout").ExecuteScalar(),
                Autocheckpoint: session.Command("PRAGMA wal_autocheckpoint").ExecuteScalar()),
            snapshot: false,
            CancellationToken.None);

        Assert.AreEqual("wal", pragmas.Journal);
        Assert.AreEqual(2L, pragmas.Synchronous); // FULL
        Assert.AreEqual(1L, pragmas.ForeignKeys);
        Assert.AreEqual((long)busyMilliseconds, pragmas.BusyTimeout);
        Assert.AreEqual(10_000L, pragmas.Autocheckpoint);
    }

    [TestMethod]
    public async Task GetSchemaVersion_BeforeAndAfterMigrate_ReturnsZeroThenLatest()
    {
        var store = OpenStore(NewDatabasePath());

        int before = await store.GetSchemaVersionAsync();
        await store.MigrateAsync();

        Assert.AreEqual(0, before);
        CollectionAssert.AreEqual(Enumerable.Range(1, SqliteMigrations.All.Length).ToList(), SqliteMigrations.All.Select(m => m.Version).ToList(), "versions are 1, 2, 3, ... without gaps");
        Assert.AreEqual(SqliteMigrations.LatestVersion, await store.GetSchemaVersionAsync());
    }

    [TestMethod]
    public async Task Migrate_Twice_IsIdempotentAndKeepsData()
    {
        string path = NewDatabasePath();
        var store = OpenStore(path);
        await store.MigrateAsync();
        await AddTenantAsync(store, "t1");

        await store.MigrateAsync();
        await OpenStore(path).MigrateAsync();

        Assert.AreEqual(SqliteMigrations.LatestVersion, await store.GetSchemaVersionAsync());
        Assert.IsNotNull(await store.GetTenantAsync("t1"));
        using var raw = OpenRaw(path);
        Assert.AreEqual((long)SqliteMigrations.All.Length, Scalar(raw, "SELECT count(*) FROM schema_version"));
    }

    [TestMethod]
    public async Task Migrate_FourStoresConcurrentlyOnOneFile_AppliesEachMigrationOnce()
    {
        string path = NewDatabasePath();
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore(path)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));

        foreach (var store in stores)
        {
            Assert.AreEqual(SqliteMigrations.LatestVersion, await store.GetSchemaVersionAsync());
        }

        using var raw = OpenRaw(path);
        Assert.AreEqual((long)SqliteMigrations.All.Length, Scalar(raw, "SELECT count(*) FROM schema_version"));
        Assert.AreEqual(1L, Scalar(raw, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'credentials'"));
    }

    [TestMethod]
    public async Task Migrate_DatabaseFromNewerBuild_Throws()
    {
        string path = NewDatabasePath();
        await OpenStore(path).MigrateAsync();
        using (var raw = OpenRaw(path))
        {
            Execute(raw, "INSERT INTO schema_version (version) VALUES (99)");
        }

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => OpenStore(path).MigrateAsync());
    }

    [TestMethod]
    public async Task Reopen_AfterDispose_ReadsEverythingBack()
    {
        string path = NewDatabasePath();
        var first = OpenStore(path);
        await first.MigrateAsync();
        await AddTenantAsync(first, "t1");
        var credential = await IssueAsync(first, "t1", "c1", listSize: 8);
        first.Dispose();

        var second = OpenStore(path);

        Assert.AreEqual(NewTenant("t1"), await second.GetTenantAsync("t1"));
        Assert.AreEqual(credential, await second.GetCredentialAsync("t1", "c1"));
        Assert.IsTrue((await AuditLog.VerifyAsync(second, CancellationToken.None)).Valid);
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => first.GetTenantAsync("t1"));
    }

    [TestMethod]
    public async Task IssueCredential_TwoStoresOnOneFile_NeverReuseAnIndexAndKeepOneChain()
    {
        // Two instances share no gate or connection: only SQLite's write lock (BEGIN IMMEDIATE) orders them.
        string path = NewDatabasePath();
        var one = OpenStore(path);
        var two = OpenStore(path);
        await one.MigrateAsync();
        await AddTenantAsync(one, "t1");

        var results = await Task.WhenAll(Enumerable.Range(0, 160).Select(i =>
        {
            var store = i % 2 == 0 ? one : two;
            return Task.Run(() => store.IssueCredentialAsync("t1", $"c{i}", 32, Signer($"c{i}"), NewAudit("credential.issued", "t1", $"c{i}")));
        }));

        Assert.IsTrue(results.All(r => r.IsSuccess));
        Assert.HasCount(160, results.Select(r => (r.Value.Status.RevocationListId, r.Value.Status.RevocationIndex)).Distinct());
        Assert.HasCount(160, results.Select(r => (r.Value.Status.SuspensionListId, r.Value.Status.SuspensionIndex)).Distinct());
        Assert.HasCount(5, results.Select(r => r.Value.Status.RevocationListId).Distinct());
        Assert.AreEqual(new AuditLogReport(161, true, null, null), await AuditLog.VerifyAsync(two, CancellationToken.None));
    }

    [TestMethod]
    public async Task RetireTenantKey_FourStoresOnOneFile_LeaveOneActiveKey()
    {
        // Four instances share no gate: only SQLite's write lock orders the check-and-retire steps, as between processes.
        string path = NewDatabasePath();
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore(path)).ToList();
        await stores[0].MigrateAsync();
        await AddTenantAsync(stores[0], "t1");
        for (int i = 2; i <= 6; i++)
        {
            await stores[0].AddTenantKeyAsync(NewKey("t1", $"key-{i}"), NewAudit("key.added", "t1", $"key-{i}"));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
        {
            var store = stores[i % 4];
            string keyId = $"key-{(i % 6) + 1}";
            return Task.Run(() => store.RetireTenantKeyAsync("t1", keyId, T0, NewAudit("key.retired", "t1", keyId)));
        }));

        Assert.HasCount(1, (await stores[3].GetTenantKeysAsync("t1")).Where(k => !k.IsRetired).ToList());
        Assert.IsTrue(results.Where(r => !r.IsSuccess).All(r => r.Error!.Code == ErrorCodes.LastActiveKey));
        Assert.IsTrue((await AuditLog.VerifyAsync(stores[1], CancellationToken.None)).Valid);
    }

    [TestMethod]
    public async Task AuditTable_RawUpdateOrDelete_IsRefused()
    {
        string path = NewDatabasePath();
        var store = OpenStore(path);
        await store.MigrateAsync();
        await store.AppendAuditAsync([NewAudit("test.event")]);
        using var raw = OpenRaw(path);

        var update = Assert.ThrowsExactly<SqliteException>(() => Execute(raw, "UPDATE audit SET outcome = 'denied'"));
        var delete = Assert.ThrowsExactly<SqliteException>(() => Execute(raw, "DELETE FROM audit"));

        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.IsTrue((await AuditLog.VerifyAsync(store, CancellationToken.None)).Valid);
    }

    [TestMethod]
    [DataRow("UPDATE audit SET outcome = 'denied' WHERE seq = 3", 1, "The stored tree does not match the entries.")]
    [DataRow("UPDATE audit SET at = at + 1 WHERE seq = 3", 1, "The stored tree does not match the entries.")]
    [DataRow("UPDATE log_nodes SET hash = zeroblob(32) WHERE level = 0 AND idx = 2", 1, "The stored tree does not match the entries.")]
    [DataRow("UPDATE log_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 1", 1, "The stored tree does not match the entries.")]
    [DataRow("DELETE FROM audit WHERE seq = 3", 1, "Expected sequence 3, found 4.")]
    public async Task VerifyAuditLog_TamperedRow_ReportsInvalidAtThatSequence(string tamper, int rows, string problem)
    {
        // Arrange
        string path = NewDatabasePath();
        var store = OpenStore(path);
        await store.MigrateAsync();
        await store.AppendAuditAsync(Enumerable.Range(1, 5).Select(i => NewAudit("test.event", "t1", $"s{i}")).ToList());
        Assert.IsTrue((await AuditLog.VerifyAsync(store, CancellationToken.None)).Valid);

        // Act: whoever can write the file can drop the append-only triggers.
        using (var raw = OpenRaw(path))
        {
            Execute(raw, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER log_nodes_no_update; DROP TRIGGER log_nodes_no_delete;");
            Assert.AreEqual(rows, Execute(raw, tamper));
        }

        var report = await AuditLog.VerifyAsync(store, CancellationToken.None);

        // Assert
        Assert.AreEqual(new AuditLogReport(2, false, 3, problem), report);
    }

    [TestMethod]
    public async Task AppendAudit_EntriesFromBeforeTheLog_BecomeLeavesFirst()
    {
        // Arrange: a database whose audit rows predate log_nodes (as after the upgrade to schema 6).
        string path = NewDatabasePath();
        var store = OpenStore(path);
        await store.MigrateAsync();
        await store.AppendAuditAsync(Enumerable.Range(1, 300).Select(i => NewAudit("test.event", "t1", $"s{i}")).ToList());
        using (var raw = OpenRaw(path))
        {
            Execute(raw, "DROP TRIGGER log_nodes_no_delete; DELETE FROM log_nodes;");
        }

        // Act
        await store.AppendAuditAsync([NewAudit("test.event", "t1", "after")]);

        // Assert
        Assert.AreEqual(301, await store.GetLogSizeAsync());
        Assert.AreEqual(new AuditLogReport(301, true, null, null), await AuditLog.VerifyAsync(store, CancellationToken.None));
    }

    [TestMethod]
    public async Task VerifyAuditLog_LastEntriesDeleted_ReportsTheTreeOutgrowingTheEntries()
    {
        string path = NewDatabasePath();
        var store = OpenStore(path);
        await store.MigrateAsync();
        await store.AppendAuditAsync(Enumerable.Range(1, 5).Select(i => NewAudit("test.event", "t1", $"s{i}")).ToList());

        using (var raw = OpenRaw(path))
        {
            Execute(raw, "DROP TRIGGER audit_no_delete;");
            Assert.AreEqual(2, Execute(raw, "DELETE FROM audit WHERE seq > 3"));
        }

        Assert.AreEqual(new AuditLogReport(3, false, 4, "The tree has 5 leaves for 3 entries."), await AuditLog.VerifyAsync(store, CancellationToken.None));
    }

    [TestMethod]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new SqliteIdentityStore(null!));
        Assert.ThrowsExactly<ArgumentException>(() => new SqliteIdentityStore(new SqliteStoreOptions { DatabasePath = " " }));
        Assert.ThrowsExactly<ArgumentException>(
            () => new SqliteIdentityStore(new SqliteStoreOptions { DatabasePath = "x.db", BusyTimeout = TimeSpan.FromSeconds(-1) }));
    }
}
