using Identity.Primitives.TransparencyLog;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>One rented connection and, for writes and snapshot reads, its open transaction.</summary>
/// <remarks>Invariant: used by one caller at a time, for the length of one store operation. Not thread-safe.</remarks>
internal sealed class PostgresSession(NpgsqlConnection connection, NpgsqlTransaction? transaction)
{
    /// <summary>The log's right edge after this process's latest committed append, as known when the transaction began;
    /// usable only when the tree, read under the audit lock, still has its size.</summary>
    internal MerkleFrontier? KnownFrontier { get; init; }

    /// <summary>True when the session has no <see cref="NpgsqlTransaction"/>: its work opens the transaction in its first
    /// batch (<c>BEGIN</c>) and commits in its last (<c>COMMIT</c>), so the commit costs no round trip of its own.</summary>
    internal bool CommitsInLastBatch { get; init; }

    /// <summary>The log's right edge after this transaction's appends; published by the store once it commits.</summary>
    internal MerkleFrontier? AppendedFrontier { get; set; }

    /// <summary>A new command on the session's connection, enlisted in its transaction when there is one.</summary>
    internal NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    /// <summary>A new batch (several statements, one round trip) on the session's connection and transaction.</summary>
    internal NpgsqlBatch Batch() => new(connection) { Transaction = transaction };

    /// <summary>Runs one statement and returns the affected row count.</summary>
    internal async Task<int> ExecuteAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one statement and returns the first column of its first row (null when there is none).</summary>
    internal async Task<object?> ScalarAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }
}
