using Identity.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Identity.Storage.Tests;

/// <summary>Runs the port's contract against SQLite (a temporary file per test), plus SQLite-only behaviour.</summary>
[TestClass]
public sealed partial class SqliteIdentityStoreTests : IdentityStoreContractTests
{
    private readonly List<SqliteIdentityStore> _stores = [];
    private readonly List<string> _paths = [];

    protected override async Task<IIdentityStore> CreateStoreAsync()
    {
        var store = OpenStore(NewDatabasePath());
        await store.MigrateAsync();
        return store;
    }

    [TestCleanup]
    public void DeleteDatabases()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        foreach (string path in _paths)
        {
            foreach (string file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            {
                File.Delete(file);
            }
        }
    }

    private string NewDatabasePath()
    {
        string directory = Path.Combine(Path.GetTempPath(), "identity-storage-tests");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{Guid.NewGuid():N}.db");
        _paths.Add(path);
        return path;
    }

    private SqliteIdentityStore OpenStore(string path, TimeSpan? busyTimeout = null)
    {
        var options = new SqliteStoreOptions { DatabasePath = path };
        var store = new SqliteIdentityStore(busyTimeout is { } timeout ? options with { BusyTimeout = timeout } : options);
        _stores.Add(store);
        return store;
    }

    /// <summary>A connection that bypasses the store, as an operator (or an attacker) with the file would have.</summary>
    private static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static int Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
