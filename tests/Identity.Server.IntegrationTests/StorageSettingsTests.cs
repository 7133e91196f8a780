using System.Diagnostics;
using Identity.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary><c>IDENTITY_STORAGE</c> and <c>IDENTITY_POSTGRES</c>: the default, the choices, and a clear refusal to start otherwise.</summary>
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

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
