using Identity.Primitives.TransparencyLog;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>The audit log's Merkle tree (<c>log_nodes</c>): reads for tiles and proofs, and the right edge appends extend.</summary>
public sealed partial class PostgresIdentityStore
{
    private const string SelectLogSize = "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_nodes WHERE level = 0";

    private const string SelectLogNodes = "SELECT idx, hash FROM log_nodes WHERE level = @level AND idx >= @from AND idx < @to ORDER BY idx";

    private const string SelectLogNodeSet = """
        SELECT n.level, n.idx, n.hash FROM log_nodes n
        JOIN unnest(@levels, @idxs) AS wanted (level, idx) ON n.level = wanted.level AND n.idx = wanted.idx
        """;

    private const string InsertLogNode = "INSERT INTO log_nodes (level, idx, hash) VALUES (@level, @idx, @hash)";

    private const string SelectAuditEntries = """
        SELECT seq, at, tenant_id, action, subject, outcome FROM audit WHERE seq > @after ORDER BY seq LIMIT @limit
        """;

    /// <inheritdoc />
    public Task<long> GetLogSizeAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async session => (long)(await session.ScalarAsync(session.Command(SelectLogSize), cancellationToken).ConfigureAwait(false))!, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above 65,536.</exception>
    public Task<IReadOnlyList<byte[]>> ReadLogNodesAsync(int level, long fromIndex, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 65_536);
        return ReadAsync<IReadOnlyList<byte[]>>(
            async session =>
            {
                var hashes = new List<byte[]>(count);
                await using var command = session.Command(SelectLogNodes).With("@level", level).With("@from", fromIndex).With("@to", fromIndex + count);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt64(0) == fromIndex + hashes.Count)
                {
                    hashes.Add(reader.GetBytes(1));
                }

                return hashes;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<MerkleNode, byte[]>> ReadLogNodesAsync(IReadOnlyCollection<MerkleNode> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return ReadAsync<IReadOnlyDictionary<MerkleNode, byte[]>>(session => ReadNodeSetAsync(session, nodes, cancellationToken), cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<MerkleNode, byte[]>> ReadNodeSetAsync(
        PostgresSession session, IReadOnlyCollection<MerkleNode> nodes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<MerkleNode, byte[]>(nodes.Count);
        if (nodes.Count == 0)
        {
            return found;
        }

        await using var command = session.Command(SelectLogNodeSet)
            .With("@levels", nodes.Select(n => n.Level).ToArray())
            .With("@idxs", nodes.Select(n => n.Index).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found[new MerkleNode(reader.GetInt32(0), reader.GetInt64(1))] = reader.GetBytes(2);
        }

        return found;
    }

    private static NpgsqlBatchCommand InsertNodeCommand(MerkleNode node, byte[] hash)
    {
        var insert = new NpgsqlBatchCommand(InsertLogNode);
        insert.Parameters.AddWithValue("@level", node.Level);
        insert.Parameters.AddWithValue("@idx", node.Index);
        insert.Parameters.AddWithValue("@hash", hash);
        return insert;
    }

    /// <summary>
    /// The tree's right edge at the tail's entry count, for the tree the tail read under the audit lock. Entries written
    /// before the log existed become leaves here first (once, inside the caller's transaction).
    /// </summary>
    private static async Task<MerkleFrontier> LoadFrontierAsync(PostgresSession session, AuditTail tail, CancellationToken cancellationToken)
    {
        var (entries, leaves) = (tail.Sequence, tail.LogLeaves);
        if (leaves > entries)
        {
            throw new InvalidOperationException($"The log tree has {leaves} leaves for {entries} audit entries.");
        }

        // The frontier this process committed last is the tree's when the size matches (the log is append-only); else the
        // edge read with the tail is (another replica appended last), and only when that is short are the nodes read again.
        var frontier = session.AppendedFrontier?.Clone() ?? (session.KnownFrontier is { } known && known.Size == leaves ? known.Clone() : null);
        if (frontier is null || frontier.Size != leaves)
        {
            var wanted = MerkleFrontier.NodesFor(leaves);
            var stored = wanted.All(tail.Edge.ContainsKey) ? tail.Edge : await ReadNodeSetAsync(session, [.. wanted], cancellationToken).ConfigureAwait(false);
            frontier = new MerkleFrontier(leaves, wanted.Select(n => stored.TryGetValue(n, out var h) ? h
                : throw new InvalidOperationException($"The log tree lacks node {n.Level}/{n.Index}.")));
        }

        while (frontier.Size < entries)
        {
            var page = new List<(long Sequence, AuditEntry Entry)>();
            await using (var command = session.Command(SelectAuditEntries).With("@after", frontier.Size).With("@limit", 1024))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    page.Add((reader.GetInt64(0), new AuditEntry(
                        reader.GetInstant(1), reader.GetNullableString(2), reader.GetString(3), reader.GetNullableString(4), reader.GetString(5))));
                }
            }

            await using var batch = session.Batch();
            foreach (var (sequence, entry) in page)
            {
                frontier.Append(AuditLog.LeafHash(sequence, entry), (node, hash) => batch.BatchCommands.Add(InsertNodeCommand(node, hash)));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return frontier;
    }
}
