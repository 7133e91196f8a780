namespace Identity.Server.IntegrationTests;

/// <summary>
/// The store a test's in-process server runs on. Attack tests whose outcome rests on stored state (spent challenges,
/// attempt counters, status bits, keys, API keys) take one as a data row and run on both.
/// </summary>
public enum Store
{
    /// <summary>SQLite in the factory's temporary data directory (the default).</summary>
    Sqlite,

    /// <summary>A fresh database on the assembly's throwaway PostgreSQL cluster (see <see cref="Replicas"/>).</summary>
    Postgres,
}
