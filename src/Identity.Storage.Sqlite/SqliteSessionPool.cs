using System.Collections.Concurrent;

namespace Identity.Storage.Sqlite;

/// <summary>
/// A small pool of open <see cref="SqliteSession"/>s. It replaces Microsoft.Data.Sqlite's own pooling because that
/// pooling (6.0.7) finalizes a connection's prepared statements on every close, and keeping sessions open lets each
/// one keep its prepared commands and pragmas for its whole life.
/// </summary>
/// <remarks>
/// Invariant: at most <see cref="MaxIdle"/> sessions wait in the pool; surplus sessions, sessions returned after
/// <see cref="Dispose"/>, and sessions a failure left in an unknown state are closed instead.
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
internal sealed class SqliteSessionPool : IDisposable
{
    /// <summary>How many idle connections stay open; more are opened on demand under load.</summary>
    internal const int MaxIdle = 16;

    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private int _idleCount;
    private volatile bool _disposed;

    internal SqliteSessionPool(string connectionString, TimeSpan busyTimeout)
    {
        _connectionString = connectionString;
        _busyTimeout = busyTimeout;
    }

    /// <summary>Takes an idle session or opens a new one.</summary>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    internal SqliteSession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }

        return new SqliteSession(_connectionString, _busyTimeout);
    }

    /// <summary>Gives a session back; <paramref name="healthy"/> false closes it (its state is unknown after a failure).</summary>
    internal void Return(SqliteSession session, bool healthy)
    {
        if (!healthy || _disposed)
        {
            session.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }

        _idle.Add(session);
        if (_disposed)
        {
            // Disposal raced with the add: drain what is left so no connection outlives the pool.
            Drain();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
        }
    }
}
