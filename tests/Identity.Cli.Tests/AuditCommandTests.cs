using Identity.Primitives;
using Identity.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Identity.Cli.Tests;

/// <summary>
/// <c>identity audit</c> against a real service on SQLite and on PostgreSQL: it keeps a checkpoint, accepts growth,
/// and fails with exit code 3 when the stored log is rewritten or truncated by direct SQL (the append-only triggers
/// dropped, as whoever owns the database can).
/// </summary>
[TestClass]
public sealed class AuditCommandTests
{
    private const string AdminKey = "6f0c1d2e9a8b7c6d5e4f30211203f4e5"; // openssl rand -hex 16

    [ClassCleanup]
    public static async Task StopPostgresAsync() => await PostgresCluster.DisposeSharedAsync();

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public async Task Audit_LogGrows_KeepsTheNewCheckpoint(string storage)
    {
        await using var log = await LogUnderTest.StartAsync(storage);
        await log.AddEntriesAsync(2);

        var first = (await log.AuditAsync(withKey: true)).AssertSuccess().Json;
        await log.AddEntriesAsync(3);
        var second = (await log.AuditAsync(withKey: false)).AssertSuccess().Json;

        Assert.AreEqual(first["treeSize"]!.GetValue<long>(), second["previousTreeSize"]!.GetValue<long>());
        Assert.AreEqual(first["treeSize"]!.GetValue<long>() + 3, second["treeSize"]!.GetValue<long>());
        Assert.AreEqual("127.0.0.1:" + log.Server.Port + "/log", second["origin"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public async Task Audit_EntryRewrittenBySql_FailsWithExitCode3(string storage)
    {
        // Arrange: a kept checkpoint of five entries.
        await using var log = await LogUnderTest.StartAsync(storage);
        await log.AddEntriesAsync(4);
        (await log.AuditAsync(withKey: true)).AssertSuccess();

        // Act: an earlier entry's outcome is changed in place.
        await log.SqlAsync(storage == "sqlite"
            ? "DROP TRIGGER audit_no_update; UPDATE audit SET outcome = 'denied' WHERE seq = 2"
            : "ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET outcome = 'denied' WHERE seq = 2");
        var run = await log.AuditAsync(withKey: false, json: false);

        // Assert
        Assert.AreEqual(3, run.ExitCode, run.Error);
        run.AssertFailure(ErrorCodes.LogInconsistent);
        StringAssert.Contains(run.Error, "rewritten");
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public async Task Audit_LogTruncatedBySqlAndServerReset_FailsWithExitCode3(string storage)
    {
        // Arrange: a kept checkpoint of six entries.
        await using var log = await LogUnderTest.StartAsync(storage);
        await log.AddEntriesAsync(5);
        var kept = (await log.AuditAsync(withKey: true)).AssertSuccess().Json["treeSize"]!.GetValue<long>();

        // Act: the last two entries and their tree nodes are deleted, and the service forgets its own last checkpoint.
        long size = kept - 2;
        await log.SqlAsync(storage == "sqlite"
            ? $"DROP TRIGGER audit_no_delete; DROP TRIGGER log_nodes_no_delete; DELETE FROM audit WHERE seq > {size}; DELETE FROM log_nodes WHERE ((idx + 1) << level) > {size}"
            : $"ALTER TABLE audit DISABLE TRIGGER USER; ALTER TABLE log_nodes DISABLE TRIGGER USER; DELETE FROM audit WHERE seq > {size}; DELETE FROM log_nodes WHERE ((idx + 1) << level) > {size}");
        await log.RestartForgettingCheckpointAsync();
        var run = await log.AuditAsync(withKey: false, json: false);

        // Assert
        Assert.AreEqual(3, run.ExitCode, run.Error);
        run.AssertFailure(ErrorCodes.LogInconsistent);
        StringAssert.Contains(run.Error, "truncated");
    }

    [TestMethod]
    public async Task Audit_WrongKey_FailsWithInvalidCheckpoint()
    {
        await using var log = await LogUnderTest.StartAsync("sqlite");
        using var other = Identity.Cryptography.SignatureAlgorithms.Ed25519.GenerateKey();
        var otherKey = Identity.Cryptography.TransparencyLog.NoteVerifierKey.ForEd25519($"127.0.0.1:{log.Server.Port}/log", other.PublicKey.Bytes.Span);

        var run = await Cli.RunAsync("audit", "--server", log.Server.BaseUrl, "--checkpoint", log.CheckpointFile, "--key", otherKey.ToString());

        Assert.AreEqual(3, run.ExitCode, run.Error);
        run.AssertFailure(ErrorCodes.InvalidCheckpoint);
        Assert.IsFalse(File.Exists(log.CheckpointFile));
    }

    /// <summary>One service with its data directory (and database), the kept checkpoint file and raw SQL access.</summary>
    private sealed class LogUnderTest : IAsyncDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-audit-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string> _environment = new() { ["IDENTITY_ADMIN_KEY"] = AdminKey };
        private string? _postgres;
        private int _tenants;

        public ServerProcess Server { get; private set; } = null!;

        public string CheckpointFile => Path.Combine(_directory, "kept.checkpoint");

        private string DataDirectory => Path.Combine(_directory, "data");

        public static async Task<LogUnderTest> StartAsync(string storage)
        {
            var log = new LogUnderTest();
            Directory.CreateDirectory(log.DataDirectory);
            if (storage == "postgres")
            {
                log._postgres = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("audit");
                log._environment["IDENTITY_STORAGE"] = "postgres";
                log._environment["IDENTITY_POSTGRES"] = log._postgres;
            }

            log.Server = await ServerProcess.StartAsync(log._environment, log.DataDirectory);
            return log;
        }

        public async Task AddEntriesAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                string id = $"h{++_tenants}";
                (await Cli.RunAsync("tenant", "create", $"Hospital {id}", "--id", id, "--server", Server.BaseUrl, "--admin-key", AdminKey)).AssertSuccess();
            }
        }

        public async Task<CliRun> AuditAsync(bool withKey, bool json = true)
        {
            string[] args = ["audit", "--server", Server.BaseUrl, "--checkpoint", CheckpointFile, .. (json ? new[] { "--json" } : [])];
            if (withKey)
            {
                using var http = new HttpClient();
                args = [.. args, "--key", (await http.GetStringAsync(Server.BaseUrl + "/log/key")).Trim()];
            }

            return await Cli.RunAsync(args);
        }

        public async Task SqlAsync(string sql)
        {
            if (_postgres is null)
            {
                using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "identity.db")};Pooling=false");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
                return;
            }

            await using var raw = new NpgsqlConnection(_postgres + ";Pooling=false");
            await raw.OpenAsync();
            await using var pg = new NpgsqlCommand(sql, raw);
            await pg.ExecuteNonQueryAsync();
        }

        public async Task RestartForgettingCheckpointAsync()
        {
            int port = Server.Port;
            await Server.DisposeAsync();
            File.Delete(Path.Combine(DataDirectory, "log.checkpoint"));
            Server = await ServerProcess.StartAsync(_environment, DataDirectory, port);
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            if (_postgres is not null)
            {
                await (await PostgresCluster.SharedAsync()).DropDatabaseAsync(_postgres);
            }

            Directory.Delete(_directory, recursive: true);
        }
    }
}
