using System.Diagnostics;
using Identity.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary><c>IDENTITY_STORAGE</c>, <c>IDENTITY_POSTGRES</c> and the group-commit settings: the defaults, the choices, and a
/// clear refusal to start otherwise.</summary>
[TestClass]
public sealed class StorageSettingsTests
{
    [TestMethod]
    public async Task Start_OnSqlite_LogsTheSqliteVersionInUseOnce()
    {
        await using var factory = new IdentityServerFactory();
        using var client = factory.CreateClient();

        var lines = factory.Logs.Where(l => l.Contains("SQLite ", StringComparison.Ordinal) && l.Contains("Microsoft.Data.Sqlite", StringComparison.Ordinal)).ToList();

        Assert.HasCount(1, lines);
        Assert.Contains("SQLite " + Identity.Storage.Sqlite.SqliteIdentityStore.SqliteVersion + " ", lines[0]);
    }

    [TestMethod]
    public void From_NoStorageSetting_IsSqlite()
    {
        var settings = ServerSettings.From(Configuration([]));

        Assert.AreEqual(StorageKind.Sqlite, settings.Storage);
        Assert.IsNull(settings.PostgresConnectionString);
    }

    [TestMethod]
    [DataRow("postgres")]
    [DataRow("PostgreSQL")]
    public void From_PostgresWithConnectionString_IsPostgres(string value)
    {
        var settings = ServerSettings.From(Configuration(new() { ["IDENTITY_STORAGE"] = value, ["IDENTITY_POSTGRES"] = "Host=db;Database=identity" }));

        Assert.AreEqual(StorageKind.Postgres, settings.Storage);
        Assert.AreEqual("Host=db;Database=identity", settings.PostgresConnectionString);
    }

    [TestMethod]
    public void From_PostgresWithoutConnectionString_ThrowsNamingTheSetting()
    {
        var error = Assert.ThrowsExactly<SettingsException>(() => ServerSettings.From(Configuration(new() { ["IDENTITY_STORAGE"] = "postgres" })));

        Assert.Contains("IDENTITY_POSTGRES", error.Message);
    }

    [TestMethod]
    public void From_UnknownStorage_ThrowsListingTheChoices()
    {
        var error = Assert.ThrowsExactly<SettingsException>(() => ServerSettings.From(Configuration(new() { ["IDENTITY_STORAGE"] = "mongodb" })));

        Assert.Contains("'sqlite'", error.Message);
        Assert.Contains("'postgres'", error.Message);
        Assert.Contains("mongodb", error.Message);
    }

    [TestMethod]
    [DataRow("mongodb", "", "IDENTITY_STORAGE must be 'sqlite'")]
    [DataRow("postgres", "", "IDENTITY_STORAGE=postgres needs IDENTITY_POSTGRES")]
    [DataRow("postgres", "Host=db;Password=s3cret-pw;Bogus Keyword=1", "IDENTITY_POSTGRES is not a valid Npgsql connection string")]
    public async Task Start_BadStorageSettings_ExitsWithAClearMessage(string storage, string connectionString, string expected)
    {
        // Act
        var (exitCode, output) = await ServerProcess.RunToExitAsync(
            new Dictionary<string, string> { ["IDENTITY_STORAGE"] = storage, ["IDENTITY_POSTGRES"] = connectionString }, "http://127.0.0.1:0");

        // Assert
        Assert.AreEqual(2, exitCode, output);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("s3cret-pw", output);
    }

    [TestMethod]
    public void From_NoGroupCommitSettings_Is32AndNoWait()
    {
        var settings = ServerSettings.From(Configuration([]));

        Assert.AreEqual(32, settings.GroupCommitMaxBatch);
        Assert.AreEqual(TimeSpan.Zero, settings.GroupCommitMaxWait);
    }

    [TestMethod]
    [DataRow("1", "0", 1, 0)]
    [DataRow("1024", "100", 1024, 100)]
    [DataRow("64", "2", 64, 2)]
    public void From_GroupCommitSettingsInRange_AreTaken(string batch, string waitMs, int expectedBatch, int expectedWaitMs)
    {
        var settings = ServerSettings.From(Configuration(new() { ["IDENTITY_GROUP_COMMIT_MAX_BATCH"] = batch, ["IDENTITY_GROUP_COMMIT_MAX_WAIT_MS"] = waitMs }));

        Assert.AreEqual(expectedBatch, settings.GroupCommitMaxBatch);
        Assert.AreEqual(TimeSpan.FromMilliseconds(expectedWaitMs), settings.GroupCommitMaxWait);
    }

    [TestMethod]
    [DataRow("IDENTITY_GROUP_COMMIT_MAX_BATCH", "0", "from 1 to 1024")]
    [DataRow("IDENTITY_GROUP_COMMIT_MAX_BATCH", "1025", "from 1 to 1024")]
    [DataRow("IDENTITY_GROUP_COMMIT_MAX_BATCH", "-5", "from 1 to 1024")]
    [DataRow("IDENTITY_GROUP_COMMIT_MAX_BATCH", "lots", "from 1 to 1024")]
    [DataRow("IDENTITY_GROUP_COMMIT_MAX_WAIT_MS", "101", "from 0 to 100")]
    [DataRow("IDENTITY_GROUP_COMMIT_MAX_WAIT_MS", "-1", "from 0 to 100")]
    [DataRow("IDENTITY_GROUP_COMMIT_MAX_WAIT_MS", "0.5", "from 0 to 100")]
    public void From_GroupCommitSettingOutOfRange_ThrowsNamingTheSettingAndItsRange(string key, string value, string range)
    {
        var error = Assert.ThrowsExactly<SettingsException>(() => ServerSettings.From(Configuration(new() { [key] = value })));

        Assert.Contains(key, error.Message);
        Assert.Contains(range, error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [TestMethod]
    public async Task Start_GroupCommitBatchOutOfRange_ExitsWithAClearMessage()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(
            new Dictionary<string, string> { ["IDENTITY_GROUP_COMMIT_MAX_BATCH"] = "0" }, "http://127.0.0.1:0");

        Assert.AreEqual(2, exitCode, output);
        Assert.Contains("IDENTITY_GROUP_COMMIT_MAX_BATCH must be a whole number from 1 to 1024", output);
        Assert.DoesNotContain("   at ", output);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
