using Identity.Storage.Postgres;
using Npgsql;

namespace Identity.Storage.Tests;

public sealed partial class PostgresIdentityStoreTests
{
    [TestMethod]
    public async Task GetSchemaVersion_BeforeAndAfterMigrate_ReturnsZeroThenLatest()
    {
        var store = OpenStore(await NewDatabaseAsync());

        int before = await store.GetSchemaVersionAsync();
        await store.MigrateAsync();

        Assert.AreEqual(0, before);
        CollectionAssert.AreEqual(Enumerable.Range(1, PostgresMigrations.All.Length).ToList(), PostgresMigrations.All.Select(m => m.Version).ToList(), "versions are 1, 2, 3, ... without gaps");
        Assert.AreEqual(PostgresMigrations.LatestVersion, await store.GetSchemaVersionAsync());
    }

    [TestMethod]
    public async Task Migrate_Twice_IsIdempotentAndKeepsData()
    {
        string database = await NewDatabaseAsync();
        var store = OpenStore(database);
        await store.MigrateAsync();
        await AddTenantAsync(store, "t1");

        await store.MigrateAsync();
        await OpenStore(database).MigrateAsync();

        Assert.AreEqual(PostgresMigrations.LatestVersion, await store.GetSchemaVersionAsync());
        Assert.IsNotNull(await store.GetTenantAsync("t1"));
        await using var raw = await OpenRawAsync(database);
        Assert.AreEqual((long)PostgresMigrations.All.Length, await ScalarAsync(raw, "SELECT count(*) FROM schema_version"));
    }

    [TestMethod]
    public async Task Migrate_FourStoresConcurrentlyOnOneDatabase_AppliesEachMigrationOnce()
    {
        // Four data sources share nothing in this process: only pg_advisory_lock orders them, as it orders replicas.
        string database = await NewDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore(database, maxPoolSize: 2)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));

        foreach (var store in stores)
        {
            Assert.AreEqual(PostgresMigrations.LatestVersion, await store.GetSchemaVersionAsync());
        }

        await using var raw = await OpenRawAsync(database);
        Assert.AreEqual((long)PostgresMigrations.All.Length, await ScalarAsync(raw, "SELECT count(*) FROM schema_version"));
        Assert.AreEqual(0L, await ScalarAsync(raw, "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()"));
    }

    [TestMethod]
    public async Task Migrate_DatabaseFromNewerBuild_Throws()
    {
        string database = await NewDatabaseAsync();
        await OpenStore(database).MigrateAsync();
        await using (var raw = await OpenRawAsync(database))
        {
            await ExecuteAsync(raw, "INSERT INTO schema_version (version) VALUES (99)");
        }

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => OpenStore(database).MigrateAsync());
    }

    [TestMethod]
    public async Task Reopen_AfterDispose_ReadsEverythingBack()
    {
        string database = await NewDatabaseAsync();
        var first = OpenStore(database);
        await first.MigrateAsync();
        await AddTenantAsync(first, "t1");
        var credential = await IssueAsync(first, "t1", "c1", listSize: 8);
        await first.DisposeAsync();

        var second = OpenStore(database);

        Assert.AreEqual(NewTenant("t1"), await second.GetTenantAsync("t1"));
        Assert.AreEqual(credential, await second.GetCredentialAsync("t1", "c1"));
        Assert.IsTrue((await AuditLog.VerifyAsync(second, CancellationToken.None)).Valid);
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => first.GetTenantAsync("t1"));
    }

    [TestMethod]
    public async Task IssueCredential_TwoStoresOnOneDatabase_NeverReuseAnIndexAndKeepOneChain()
    {
        // Two data sources share no pool or lock in this process: only PostgreSQL's row and advisory locks order them.
        // Issuance in one tenant is serialised by its list locks, so on a loaded machine the 80 requests queued on each
        // 8-connection pool may wait longer than the default 15 s for a connection.
        string database = await NewDatabaseAsync();
        var one = OpenStore(database + ";Timeout=120");
        var two = OpenStore(database + ";Timeout=120");
        await one.MigrateAsync();
        await AddTenantAsync(one, "t1");

        var results = await Task.WhenAll(Enumerable.Range(0, 160).Select(i =>
        {
            var store = i % 2 == 0 ? one : two;
            return Task.Run(() => store.IssueCredentialAsync("t1", $"c{i}", 32, Signer($"c{i}"), NewAudit("credential.issued", "t1", $"c{i}")));
        }));

        Assert.IsTrue(results.All(r => r.IsSuccess), string.Join(", ", results.Where(r => !r.IsSuccess)));
        Assert.HasCount(160, results.Select(r => (r.Value.Status.RevocationListId, r.Value.Status.RevocationIndex)).Distinct());
        Assert.HasCount(160, results.Select(r => (r.Value.Status.SuspensionListId, r.Value.Status.SuspensionIndex)).Distinct());
        Assert.HasCount(5, results.Select(r => r.Value.Status.RevocationListId).Distinct());
        Assert.AreEqual(new AuditLogReport(161, true, null, null), await AuditLog.VerifyAsync(two, CancellationToken.None));
    }

    [TestMethod]
    public async Task IssueCredential_SameIdFromTwoStoresAtOnce_OneSucceedsOneCredentialExists()
    {
        string database = await NewDatabaseAsync();
        var one = OpenStore(database);
        var two = OpenStore(database);
        await one.MigrateAsync();
        await AddTenantAsync(one, "t1");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).IssueCredentialAsync("t1", "same", 64, Signer("same"), NewAudit("credential.issued", "t1", "same")))));

        Assert.AreEqual(1, results.Count(r => r.IsSuccess));
        Assert.IsTrue(results.Where(r => !r.IsSuccess).All(r => r.Error!.Code == Identity.Primitives.ErrorCodes.CredentialExists));
        Assert.AreEqual(new AuditLogReport(2, true, null, null), await AuditLog.VerifyAsync(one, CancellationToken.None));
    }

    [TestMethod]
    public async Task ConsumeChallenge_RacedFromTwoStores_ExactlyOneConsumes()
    {
        string database = await NewDatabaseAsync();
        var one = OpenStore(database);
        var two = OpenStore(database);
        await one.MigrateAsync();
        await one.AddChallengeAsync(new ChallengeRecord("ch-race", "verifier.example", T0, T0.AddMinutes(5)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).ConsumeChallengeAsync("ch-race", T0.AddMinutes(1)))));

        Assert.AreEqual(1, outcomes.Count(o => o.State == ChallengeState.Consumed));
        Assert.AreEqual(15, outcomes.Count(o => o.State == ChallengeState.AlreadyUsed));
    }

    [TestMethod]
    [DataRow("UPDATE audit SET outcome = 'denied'")]
    [DataRow("DELETE FROM audit")]
    [DataRow("TRUNCATE audit")]
    public async Task AuditTable_RawUpdateDeleteOrTruncate_IsRefused(string statement)
    {
        string database = await NewDatabaseAsync();
        var store = OpenStore(database);
        await store.MigrateAsync();
        await store.AppendAuditAsync([NewAudit("test.event")]);
        await using var raw = await OpenRawAsync(database);

        var refused = await Assert.ThrowsExactlyAsync<PostgresException>(() => ExecuteAsync(raw, statement));

        Assert.Contains("append-only", refused.MessageText);
        Assert.AreEqual(new AuditLogReport(1, true, null, null), await AuditLog.VerifyAsync(store, CancellationToken.None));
    }

    [TestMethod]
    [DataRow("UPDATE audit SET outcome = 'denied' WHERE seq = 3", "The stored tree does not match the entries.")]
    [DataRow("UPDATE audit SET at = at + 1 WHERE seq = 3", "The stored tree does not match the entries.")]
    [DataRow("UPDATE log_nodes SET hash = decode(repeat('00', 32), 'hex') WHERE level = 0 AND idx = 2", "The stored tree does not match the entries.")]
    [DataRow("DELETE FROM audit WHERE seq = 3", "Expected sequence 3, found 4.")]
    public async Task VerifyAuditLog_TamperedRow_ReportsInvalidAtThatSequence(string tamper, string problem)
    {
        // Arrange
        string database = await NewDatabaseAsync();
        var store = OpenStore(database);
        await store.MigrateAsync();
        await store.AppendAuditAsync(Enumerable.Range(1, 5).Select(i => NewAudit("test.event", "t1", $"s{i}")).ToList());
        Assert.IsTrue((await AuditLog.VerifyAsync(store, CancellationToken.None)).Valid);

        // Act: the table's owner can disable the append-only triggers.
        await using (var raw = await OpenRawAsync(database))
        {
            await ExecuteAsync(raw, "ALTER TABLE audit DISABLE TRIGGER USER");
            await ExecuteAsync(raw, "ALTER TABLE log_nodes DISABLE TRIGGER USER");
            Assert.AreEqual(1, await ExecuteAsync(raw, tamper));
        }

        var report = await AuditLog.VerifyAsync(store, CancellationToken.None);

        // Assert
        Assert.AreEqual(new AuditLogReport(2, false, 3, problem), report);
    }

    [TestMethod]
    public async Task Backup_PgDumpThenPgRestoreIntoAnEmptyDatabase_RestoresEverything()
    {
        // Arrange: the README's backup procedure, on a store with a tenant, credentials, a revocation and a chain.
        var cluster = await Identity.Testing.PostgresCluster.SharedAsync();
        string source = await NewDatabaseAsync();
        var store = OpenStore(source);
        await store.MigrateAsync();
        await AddTenantAsync(store, "t1");
        var credential = await IssueAsync(store, "t1", "c1", listSize: 16);
        await IssueAsync(store, "t1", "c2", listSize: 16);
        await store.SetCredentialStatusAsync("t1", "c1", StatusPurpose.Revocation, true, T0, NewAudit("credential.revoked", "t1", "c1"));
        string dump = Path.Combine(Path.GetTempPath(), $"identity-{Guid.NewGuid():N}.dump");
        string target = await NewDatabaseAsync();

        // Act
        try
        {
            var dumped = await cluster.RunClientToolAsync("pg_dump", "--format=custom", "--file", dump, "--dbname", ToUri(source));
            Assert.AreEqual(0, dumped.ExitCode, dumped.Output);
            var restored = await cluster.RunClientToolAsync("pg_restore", "--exit-on-error", "--dbname", ToUri(target), dump);
            Assert.AreEqual(0, restored.ExitCode, restored.Output);
        }
        finally
        {
            File.Delete(dump);
        }

        // Assert: the restored copy reads back the same, its chain verifies, it is at the latest schema and stays append-only.
        var copy = OpenStore(target);
        await copy.MigrateAsync();
        Assert.AreEqual(PostgresMigrations.LatestVersion, await copy.GetSchemaVersionAsync());
        Assert.AreEqual(credential with { Revoked = true }, await copy.GetCredentialAsync("t1", "c1"));
        var original = (await store.GetStatusListAsync("t1", "revocation-1"))!;
        var restoredList = (await copy.GetStatusListAsync("t1", "revocation-1"))!;
        Assert.AreEqual(original with { SetIndexes = [] }, restoredList with { SetIndexes = [] });
        CollectionAssert.AreEqual(original.SetIndexes.ToArray(), restoredList.SetIndexes.ToArray());
        Assert.AreEqual(new AuditLogReport(4, true, null, null), await AuditLog.VerifyAsync(copy, CancellationToken.None));
        await using var raw = await OpenRawAsync(target);
        await Assert.ThrowsExactlyAsync<PostgresException>(() => ExecuteAsync(raw, "DELETE FROM audit"));
        var next = await IssueAsync(copy, "t1", "c3", listSize: 16);
        Assert.AreEqual("revocation-1", next.Status.RevocationListId);
    }

    private static string ToUri(string connectionString) => Identity.Testing.PostgresCluster.LibpqUri(connectionString);

    [TestMethod]
    public void EffectiveConnectionString_NoPoolSettings_AddsTheDefaults()
    {
        var options = new PostgresStoreOptions { ConnectionString = "Host=db.example;Database=identity;Username=identity;Password=s3cret" };

        var effective = new NpgsqlConnectionStringBuilder(PostgresIdentityStore.EffectiveConnectionString(options));

        Assert.AreEqual(20, effective.MaxPoolSize);
        Assert.AreEqual(15, effective.Timeout);
        Assert.AreEqual(30, effective.CommandTimeout);
        Assert.AreEqual(64, effective.MaxAutoPrepare);
        Assert.AreEqual("identity", effective.ApplicationName);
        Assert.AreEqual("db.example", effective.Host);
        Assert.AreEqual("s3cret", effective.Password);
    }

    [TestMethod]
    public void EffectiveConnectionString_PoolSettingsGiven_KeepsThem()
    {
        var options = new PostgresStoreOptions
        {
            ConnectionString = "Host=db;Maximum Pool Size=7;Timeout=3;Command Timeout=9;Max Auto Prepare=0;Application Name=ops",
            MaxPoolSize = 50,
        };

        var effective = new NpgsqlConnectionStringBuilder(PostgresIdentityStore.EffectiveConnectionString(options));

        Assert.AreEqual(7, effective.MaxPoolSize);
        Assert.AreEqual(3, effective.Timeout);
        Assert.AreEqual(9, effective.CommandTimeout);
        Assert.AreEqual(0, effective.MaxAutoPrepare);
        Assert.AreEqual("ops", effective.ApplicationName);
    }

    [TestMethod]
    public void Constructor_InvalidOptions_ThrowsWithoutEchoingTheConnectionString()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new PostgresIdentityStore(null!));
        Assert.ThrowsExactly<ArgumentException>(() => new PostgresIdentityStore(new PostgresStoreOptions { ConnectionString = " " }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new PostgresIdentityStore(new PostgresStoreOptions { ConnectionString = "Host=db", MaxPoolSize = 0 }));

        var malformed = Assert.ThrowsExactly<ArgumentException>(
            () => new PostgresIdentityStore(new PostgresStoreOptions { ConnectionString = "Host=db;Password=s3cret;NoSuchSetting=1" }));
        Assert.DoesNotContain("s3cret", malformed.ToString());
    }
}
