using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>Stops and removes the assembly's throwaway PostgreSQL cluster after the last test.</summary>
[TestClass]
public static class AssemblyHooks
{
    [AssemblyCleanup]
    public static async Task StopPostgresAsync() => await PostgresCluster.DisposeSharedAsync();
}
