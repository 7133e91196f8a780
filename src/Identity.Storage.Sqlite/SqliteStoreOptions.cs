namespace Identity.Storage.Sqlite;

/// <summary>Where the SQLite database lives and how long a write waits for another connection's lock.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file; it is created when missing, along with its <c>-wal</c> and <c>-shm</c> companions.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>How long a statement waits for a lock held by another connection or process before it fails.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most issuances stored in one transaction (one fsync) under load (group commit; default 32, 1 turns it off).</summary>
    public int GroupCommitMaxBatch { get; init; } = 32;

    /// <summary>How long a group waits to fill once its first issuance is queued (default zero: the group is whatever
    /// queued while the previous commit was in flight, so an idle store adds no latency).</summary>
    public TimeSpan GroupCommitMaxWait { get; init; } = TimeSpan.Zero;
}
