using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Server processes sharing one store, as replicas behind a reverse proxy do: one PostgreSQL database (a fresh one per
/// test on the assembly's throwaway cluster), the same master and admin keys, and the same public URL.
/// </summary>
public static class Replicas
{
    /// <summary>The public origin every replica of a test claims (as the proxy's name would be).</summary>
    public const string PublicUrl = "http://identity.replicas.test";

    /// <summary>A fresh database on the shared throwaway cluster.</summary>
    public static async Task<string> NewDatabaseAsync() => await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("replicas");

    /// <summary>The settings of a replica on <paramref name="connectionString"/>, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string> PostgresEnvironment(string connectionString, IDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["IDENTITY_STORAGE"] = "postgres",
            ["IDENTITY_POSTGRES"] = connectionString,
            ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey,
            ["IDENTITY_MASTER_KEY"] = IdentityServerFactory.MasterKey,
            ["IDENTITY_PUBLIC_URL"] = PublicUrl,
            ["IDENTITY_VERIFY_RATE_LIMIT"] = "0",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Starts two replicas on one database at the same moment (so their migrations race, too).</summary>
    public static async Task<(ServerProcess A, ServerProcess B)> StartTwoAsync(string connectionString, IDictionary<string, string>? extra = null)
    {
        var environment = PostgresEnvironment(connectionString, extra);
        var a = ServerProcess.StartAsync(environment);
        var b = ServerProcess.StartAsync(environment);
        try
        {
            await Task.WhenAll(a, b);
        }
        catch
        {
            await DisposeStartedAsync(a, b);
            throw;
        }

        return (a.Result, b.Result);
    }

    private static async Task DisposeStartedAsync(params Task<ServerProcess>[] starts)
    {
        foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
        {
            await start.Result.DisposeAsync();
        }
    }
}
