// References:
//   PostgreSQL 15 transaction isolation (READ COMMITTED, REPEATABLE READ) — https://www.postgresql.org/docs/15/transaction-iso.html
//   PostgreSQL 15 explicit locking (row locks, advisory locks) — https://www.postgresql.org/docs/15/explicit-locking.html
//   Npgsql 10 connection string parameters and NpgsqlDataSource — https://www.npgsql.org/doc/connection-string-parameters.html

using System.Data;
using System.Data.Common;
using System.Globalization;
using Identity.Primitives;
using Identity.Primitives.TransparencyLog;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>
/// The PostgreSQL adapter of <see cref="IIdentityStore"/>, for several stateless service replicas on one database.
/// </summary>
/// <remarks>
/// <para>Every write is one <c>READ COMMITTED</c> transaction that takes explicit locks for its read-modify-write
/// steps, in one global order so that writers never deadlock: the tenant's newest status list rows
/// (<c>SELECT … FOR UPDATE</c>, revocation before suspension) or the credential row being changed, then — always
/// last, just before commit — the transaction advisory lock that serialises the audit hash chain's tail. A status
/// change is a row update of one credential plus <c>version = version + 1</c> on its list, so concurrent changes of
/// different credentials never lose each other. Commits are durable as the server is configured
/// (<c>synchronous_commit</c>, default on).</para>
/// <para>Reads run without a transaction, or as one statement, so each sees one consistent snapshot.</para>
/// <para>Engine failures (the server unreachable, a statement timeout) surface as <see cref="NpgsqlException"/>.</para>
/// <threadsafety>Thread-safe; share one instance per database in a process. Any number of processes may share the
/// database.</threadsafety>
/// </remarks>
public sealed partial class PostgresIdentityStore : IIdentityStore, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitQueue<PlannedIssuance, Result<CredentialRecord?>> _issuances;

    // The log's right edge after the largest append this process has committed (see PublishFrontier).
    private MerkleFrontier? _committedFrontier;

    /// <summary>Creates a store over <see cref="PostgresStoreOptions.ConnectionString"/>; nothing is opened until first use.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The connection string is empty or malformed, or a limit is out of range.</exception>
    public PostgresIdentityStore(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxPoolSize, nameof(options));
        _dataSource = new NpgsqlDataSourceBuilder(EffectiveConnectionString(options)).Build();
        _issuances = new GroupCommitQueue<PlannedIssuance, Result<CredentialRecord?>>(
            StoreGroupAsync, async planned => (await StoreGroupAsync([planned]).ConfigureAwait(false))[0],
            options.GroupCommitMaxBatch, options.GroupCommitMaxWait, capacity: 1024);
    }

    /// <summary>
    /// The connection string the store opens with: <paramref name="options"/>' string plus the pool limits and
    /// defaults it does not set itself (Maximum Pool Size, Timeout, Command Timeout, Max Auto Prepare, No Reset On Close,
    /// Application Name).
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static string EffectiveConnectionString(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        NpgsqlConnectionStringBuilder builder;
        HashSet<string> given;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            var plain = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
            given = plain.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        }
        catch (ArgumentException e)
        {
            // Npgsql's message may quote the string, password included; say only which setting is wrong.
            throw new ArgumentException("The PostgreSQL connection string is malformed.", nameof(options), new FormatException(e.GetType().Name));
        }

        if (!given.Contains("MAXIMUMPOOLSIZE") && !given.Contains("MAXPOOLSIZE"))
        {
            builder.MaxPoolSize = options.MaxPoolSize;
        }

        if (!given.Contains("TIMEOUT"))
        {
            builder.Timeout = Seconds(options.ConnectionTimeout);
        }

        if (!given.Contains("COMMANDTIMEOUT"))
        {
            builder.CommandTimeout = Seconds(options.CommandTimeout);
        }

        // Automatic preparation: the store's statements are a small fixed set, so each connection parses them once.
        if (!given.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = 64;
        }

        // No reset on return to the pool: the store leaves no session state behind (its locks are transaction-scoped; the
        // migration's session lock is released before the connection is returned), and the reset costs six statements
        // on the next use of every pooled connection, several times per issuance.
        if (!given.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains("APPLICATIONNAME"))
        {
            builder.ApplicationName = "identity";
        }

        return builder.ConnectionString;
    }

    /// <inheritdoc />
    /// <remarks>Holds the session advisory lock <c>pg_advisory_lock</c> for the whole run, so replicas starting together
    /// queue: the first applies the migrations, the others find them applied. Each migration is its own transaction.</remarks>
    /// <exception cref="InvalidOperationException">The database is at a newer schema version than this build knows.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var session = new PostgresSession(connection, null);
            await session.ExecuteAsync(session.Command("SELECT pg_advisory_lock(@key)").With("@key", PostgresMigrations.MigrationLockKey), cancellationToken)
                .ConfigureAwait(false);
            try
            {
                await session.ExecuteAsync(session.Command(PostgresMigrations.CreateVersionTable), cancellationToken).ConfigureAwait(false);
                foreach (var migration in PostgresMigrations.All)
                {
                    await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await session.ExecuteAsync(session.Command("SELECT pg_advisory_unlock(@key)").With("@key", PostgresMigrations.MigrationLockKey), CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            async session =>
            {
                bool exists = (bool)(await session.ScalarAsync(session.Command("SELECT to_regclass('schema_version') IS NOT NULL"), cancellationToken).ConfigureAwait(false))!;
                return exists
                    ? (int)(await session.ScalarAsync(session.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version"), cancellationToken).ConfigureAwait(false))!
                    : 0;
            },
            cancellationToken);

    /// <summary>Stops taking issuances and closes the pooled connections.</summary>
    public void Dispose()
    {
        _issuances.Dispose();
        _dataSource.Dispose();
    }

    /// <summary>Stops taking issuances and closes the pooled connections.</summary>
    public ValueTask DisposeAsync()
    {
        _issuances.Dispose();
        return _dataSource.DisposeAsync();
    }

    private static Error NotFound(string detail) => new(ErrorCodes.NotFound, detail);

    // Keeps the largest committed frontier: transactions of this process may finish their commits out of order, and an
    // older one must not replace a newer one (a stale one would only cost a read: its size no longer matches).
    private void PublishFrontier(MerkleFrontier? committed)
    {
        var known = Volatile.Read(ref _committedFrontier);
        while (committed is not null && (known is null || committed.Size > known.Size))
        {
            var seen = Interlocked.CompareExchange(ref _committedFrontier, committed, known);
            if (ReferenceEquals(seen, known))
            {
                return;
            }

            known = seen;
        }
    }

    private static int Seconds(TimeSpan value) => Math.Max(1, (int)Math.Min(int.MaxValue, Math.Ceiling(value.TotalSeconds)));

    private static async Task ApplyAsync(NpgsqlConnection connection, PostgresMigration migration, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var session = new PostgresSession(connection, transaction);
            int current = (int)(await session.ScalarAsync(session.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version"), cancellationToken).ConfigureAwait(false))!;
            if (current > PostgresMigrations.LatestVersion)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The database is at schema version {current}, newer than this build's {PostgresMigrations.LatestVersion}."));
            }

            if (current < migration.Version)
            {
                await session.ExecuteAsync(session.Command(migration.Script), cancellationToken).ConfigureAwait(false);
                await session.ExecuteAsync(session.Command("INSERT INTO schema_version (version) VALUES (@v)").With("@v", migration.Version), cancellationToken)
                    .ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one <c>READ COMMITTED</c> transaction; commits on success, else rolls back.</summary>
    /// <remarks>The commit ignores cancellation: once the work is done, a cancelled caller must not leave the outcome unknown
    /// to this process while the server may have committed it.</remarks>
    private async Task<Result<T>> WriteAsync<T>(Func<PostgresSession, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var session = new PostgresSession(connection, transaction) { KnownFrontier = Volatile.Read(ref _committedFrontier) };
                var result = await work(session).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    PublishFrontier(session.AppendedFrontier);
                }
                else
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return result;
            }
        }
    }

    /// <summary>Runs a read on a pooled connection without a transaction; each statement sees its own snapshot.</summary>
    /// <remarks>Internal rather than private so that tests can inspect a pooled connection.</remarks>
    internal async Task<T> ReadAsync<T>(Func<PostgresSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await work(new PostgresSession(connection, null)).ConfigureAwait(false);
        }
    }
}
