namespace Identity.Storage.Postgres;

/// <summary>Where the PostgreSQL database is and how many connections one process may hold.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Database=identity;Username=identity;Password=…</c>. Pool settings
    /// it names (<c>Maximum Pool Size</c>, <c>Timeout</c>, …) win over the defaults below.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>Connections one process keeps at most, when the connection string does not say (default 20). With
    /// several replicas, keep replicas × this below the server's <c>max_connections</c>.</summary>
    public int MaxPoolSize { get; init; } = 20;

    /// <summary>How long a caller waits for a free pooled connection before failing, when the connection string does
    /// not say (default 15 s).</summary>
    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one statement may run before it is cancelled, when the connection string does not say
    /// (default 30 s).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most issuances stored in one transaction under load (group commit; default 32, 1 turns it off): one commit,
    /// one take of the status-list locks and of the audit lock for the group.</summary>
    public int GroupCommitMaxBatch { get; init; } = 32;

    /// <summary>How long a group waits to fill once its first issuance is queued (default zero: the group is whatever
    /// queued while the previous commit was in flight, so an idle store adds no latency).</summary>
    public TimeSpan GroupCommitMaxWait { get; init; } = TimeSpan.Zero;
}
