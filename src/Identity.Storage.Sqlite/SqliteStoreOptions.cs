namespace Identity.Storage.Sqlite;

/// <summary>Where the SQLite database lives and how long a write waits for another connection's lock.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file; it is created when missing, along with its <c>-wal</c> and <c>-shm</c> companions.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>How long a statement waits for a lock held by another connection or process before it fails.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
