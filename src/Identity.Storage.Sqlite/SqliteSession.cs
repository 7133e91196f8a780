using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Identity.Storage.Sqlite;

/// <summary>
/// One open connection with the store's pragmas applied and its prepared commands cached by SQL text.
/// </summary>
/// <remarks>
/// Invariant: a session is used by one caller at a time (the pool hands it out exclusively); it is either idle with no
/// open transaction or rented. Mutable and not thread-safe.
/// </remarks>
internal sealed class SqliteSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>WAL pages after which a commit checkpoints the WAL into the database (<c>PRAGMA wal_autocheckpoint</c>).</summary>
    internal const int WalAutocheckpointPages = 10_000;

    /// <summary>Opens a connection and applies the pragmas every connection of the store runs with.</summary>
    internal SqliteSession(string connectionString, TimeSpan busyTimeout)
    {
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            long busyMilliseconds = (long)Math.Ceiling(busyTimeout.TotalMilliseconds);

            // busy_timeout first, so that switching to WAL waits for a concurrent opener instead of failing.
            Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMilliseconds};"));
            Execute("PRAGMA journal_mode = WAL;");
            Execute("PRAGMA synchronous = FULL;");
            Execute("PRAGMA foreign_keys = ON;");

            // A checkpoint runs in the committing connection, so inside the store's write lock. Every 10,000 WAL pages
            // (about 40 MB) instead of SQLite's default 1,000, pages rewritten by many transactions (the tails of the
            // credential, audit and log tables and their indexes) are copied to the database once rather than ten
            // times: measured 14 % fewer bytes written and 6–13 % more issuance per second (docs/benchmarks.md).
            Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {WalAutocheckpointPages};"));

            // Deleted and overwritten content is zeroed in the file, so an erased row leaves no readable remnant.
            Execute("PRAGMA secure_delete = ON;");
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>True while a transaction is open on the connection (including one SQLite has not rolled back itself).</summary>
    internal bool InTransaction => raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    /// <summary>Returns the cached prepared command for <paramref name="sql"/>, its parameters cleared.</summary>
    internal SqliteCommand Command(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }

        command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        _commands.Add(sql, command);
        return command;
    }

    /// <summary>Runs a statement without caching it (pragmas, transaction control, migration scripts).</summary>
    internal int Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }
}
