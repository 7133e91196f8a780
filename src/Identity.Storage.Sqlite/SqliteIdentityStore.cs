// References:
//   SQLite transactions (BEGIN IMMEDIATE) — https://www.sqlite.org/lang_transaction.html
//   SQLite write-ahead logging — https://www.sqlite.org/wal.html
//   SQLite pragmas (journal_mode, synchronous, foreign_keys, busy_timeout) — https://www.sqlite.org/pragma.html

using System.Globalization;
using Identity.Primitives;
using Identity.Primitives.TransparencyLog;
using Microsoft.Data.Sqlite;

namespace Identity.Storage.Sqlite;

/// <summary>
/// The SQLite adapter of <see cref="IIdentityStore"/>: one database file in WAL mode with <c>synchronous=FULL</c>, so a
/// completed write survives a power loss.
/// </summary>
/// <remarks>
/// <para>Every write is one <c>BEGIN IMMEDIATE</c> transaction, which takes the database's single write lock at once:
/// read-modify-write sequences (status index allocation, the audit chain's tail) are serialised across connections and
/// across processes sharing the file. Within one instance writers also queue on an async gate first, so they wait
/// without SQLite's sleeping busy handler; other processes are waited for up to <see cref="SqliteStoreOptions.BusyTimeout"/>.</para>
/// <para>Reads run concurrently on pooled connections; multi-statement reads run in one read transaction (a snapshot).</para>
/// <para>Engine failures (I/O, a lock held past the busy timeout, a corrupt file) surface as <see cref="SqliteException"/>.</para>
/// <threadsafety>Thread-safe; share one instance per database file in a process. Several processes may share the file.</threadsafety>
/// </remarks>
public sealed partial class SqliteIdentityStore : IIdentityStore, IDisposable
{
    private readonly SqliteSessionPool _pool;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly GroupCommitQueue<PlannedIssuance, Result<CredentialRecord?>> _issuances;

    // The log's right edge after this store's last committed append, and the one a write transaction is building. Both
    // are touched only under _writeGate; the pending one becomes the committed one at COMMIT and is dropped otherwise,
    // so an append that rolls back leaves nothing behind.
    private MerkleFrontier? _committedFrontier;
    private MerkleFrontier? _pendingFrontier;

    /// <summary>
    /// Creates a store over <see cref="SqliteStoreOptions.DatabasePath"/>. A missing database file is created empty with mode
    /// 0600 (owner only) before SQLite opens it, because SQLite gives the <c>-wal</c> and <c>-shm</c> files the database
    /// file's mode; no connection is opened until first use.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The path is empty or the busy timeout is negative or too large.</exception>
    public SqliteIdentityStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException("BusyTimeout must be between zero and int.MaxValue milliseconds.", nameof(options));
        }

        CreatePrivateFile(options.DatabasePath);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false, // SqliteSessionPool keeps connections (and their prepared statements) open instead.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        _pool = new SqliteSessionPool(connectionString, options.BusyTimeout);
        _issuances = new GroupCommitQueue<PlannedIssuance, Result<CredentialRecord?>>(
            StoreGroupAsync,
            planned => WriteAsync(session => StorePlanned(session, planned, alsoWrite: null), CancellationToken.None),
            options.GroupCommitMaxBatch,
            options.GroupCommitMaxWait,
            capacity: 1024);
    }

    private static readonly Lazy<string> s_sqliteVersion = new(ReadSqliteVersion);

    /// <summary>The version of the native SQLite library in use (<c>sqlite3_libversion</c>), e.g. <c>3.49.1</c>: the
    /// copy bundled with Microsoft.Data.Sqlite (SQLitePCLRaw's e_sqlite3), never the operating system's.</summary>
    public static string SqliteVersion => s_sqliteVersion.Value;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The database is at a newer schema version than this build knows.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            InTransaction<int>(session => session.Execute(SqliteMigrations.CreateVersionTable));
            foreach (var migration in SqliteMigrations.All)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // Re-read inside the write lock: another process may have applied this migration meanwhile.
                InTransaction<int>(session =>
                {
                    int current = ReadSchemaVersion(session);
                    if (current > SqliteMigrations.LatestVersion)
                    {
                        throw new InvalidOperationException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"The database is at schema version {current}, newer than this build's {SqliteMigrations.LatestVersion}."));
                    }

                    if (current < migration.Version)
                    {
                        session.Execute(migration.Script);
                        session.Command("INSERT INTO schema_version (version) VALUES (@v)").With("@v", migration.Version).ExecuteNonQuery();
                    }

                    return 0;
                });
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(ReadSchemaVersion, snapshot: true, cancellationToken);

    /// <summary>Stops taking issuances and closes the idle connections; connections in use close when their operation ends.</summary>
    public void Dispose()
    {
        _issuances.Dispose();
        _pool.Dispose();
    }

    private static void CreatePrivateFile(string path)
    {
        if (File.Exists(path) || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))))
        {
            return; // A missing directory is SQLite's error to report, at first use.
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var created = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
    }

    private static Error NotFound(string detail) => new(ErrorCodes.NotFound, detail);

    private static string ReadSqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    private static int ReadSchemaVersion(SqliteSession session)
    {
        long tables = (long)session.Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").ExecuteScalar()!;
        return tables == 0 ? 0 : checked((int)(long)session.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version").ExecuteScalar()!);
    }

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction; commits on success, else rolls back.</summary>
    private async Task<Result<T>> WriteAsync<T>(Func<SqliteSession, Result<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return InTransaction(work);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs a read on a pooled connection; <paramref name="snapshot"/> wraps several statements in one read transaction.</summary>
    /// <remarks>Internal rather than private so that tests can inspect a pooled connection's pragmas.</remarks>
    internal Task<T> ReadAsync<T>(Func<SqliteSession, T> work, bool snapshot, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var session = _pool.Rent();
        bool healthy = false;
        try
        {
            T result;
            if (snapshot)
            {
                session.Command("BEGIN").ExecuteNonQuery();
                result = work(session);
                session.Command("COMMIT").ExecuteNonQuery();
            }
            else
            {
                result = work(session);
            }

            healthy = true;
            return Task.FromResult(result);
        }
        finally
        {
            _pool.Return(session, healthy || TryRollback(session));
        }
    }

    private Result<T> InTransaction<T>(Func<SqliteSession, Result<T>> work)
    {
        var session = _pool.Rent();
        bool healthy = false;
        try
        {
            _pendingFrontier = null;
            session.Command("BEGIN IMMEDIATE").ExecuteNonQuery();
            var result = work(session);
            session.Command(result.IsSuccess ? "COMMIT" : "ROLLBACK").ExecuteNonQuery();
            healthy = true;
            if (result.IsSuccess && _pendingFrontier is not null)
            {
                _committedFrontier = _pendingFrontier;
            }

            return result;
        }
        finally
        {
            _pendingFrontier = null;
            _pool.Return(session, healthy || TryRollback(session));
        }
    }

    /// <summary>Rolls back after a failure; false when the connection's state is unknown and it must be closed.</summary>
    private static bool TryRollback(SqliteSession session)
    {
        try
        {
            if (session.InTransaction)
            {
                session.Command("ROLLBACK").ExecuteNonQuery();
            }

            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
