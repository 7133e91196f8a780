using Identity.Storage.Postgres;
using Identity.Testing;
using Npgsql;

namespace Identity.Storage.Tests;

/// <summary>
/// Runs the port's contract against PostgreSQL (a fresh database per test on the assembly's throwaway cluster), plus
/// PostgreSQL-only behaviour. Without a PostgreSQL installation these tests fail, saying how to install it.
/// </summary>
[TestClass]
public sealed partial class PostgresIdentityStoreTests : IdentityStoreContractTests
{
    private readonly List<PostgresIdentityStore> _stores = [];
    private readonly List<string> _databases = [];

    protected override async Task<IIdentityStore> CreateStoreAsync()
    {
        var store = OpenStore(await NewDatabaseAsync());
        await store.MigrateAsync();
        return store;
    }

    [TestCleanup]
    public async Task DropDatabases()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        var cluster = await PostgresCluster.SharedAsync();
        foreach (string database in _databases)
        {
            await cluster.DropDatabaseAsync(database);
        }
    }

    private async Task<string> NewDatabaseAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        string connectionString = await cluster.CreateDatabaseAsync("store");
        _databases.Add(connectionString);
        return connectionString;
    }

    private PostgresIdentityStore OpenStore(string connectionString, int maxPoolSize = 8)
    {
        var store = new PostgresIdentityStore(new PostgresStoreOptions { ConnectionString = connectionString, MaxPoolSize = maxPoolSize });
        _stores.Add(store);
        return store;
    }

    /// <summary>A connection that bypasses the store, as an operator (or an attacker) with database access would have.</summary>
    private static async Task<NpgsqlConnection> OpenRawAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }
}
