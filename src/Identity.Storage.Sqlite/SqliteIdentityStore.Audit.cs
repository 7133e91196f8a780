using Identity.Primitives.TransparencyLog;

namespace Identity.Storage.Sqlite;

/// <summary>The audit log and its Merkle tree: appended inside the transaction of the change it records.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectAuditTail = "SELECT seq FROM audit ORDER BY seq DESC LIMIT 1";

    private const string InsertAudit = """
        INSERT INTO audit (seq, at, tenant_id, action, subject, outcome, prev_hash, hash)
        VALUES (@seq, @at, @tenant, @action, @subject, @outcome, @prev, @hash)
        """;

    private const string SelectAuditPage = """
        SELECT seq, at, tenant_id, action, subject, outcome, prev_hash, hash
        FROM audit WHERE seq > @after ORDER BY seq LIMIT @limit
        """;

    private const string SelectLogSize = "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_nodes WHERE level = 0";

    private const string SelectLogNodes = "SELECT idx, hash FROM log_nodes WHERE level = @level AND idx >= @from AND idx < @to ORDER BY idx";

    private const string SelectLogNode = "SELECT hash FROM log_nodes WHERE level = @level AND idx = @idx";

    private const string InsertLogNode = "INSERT INTO log_nodes (level, idx, hash) VALUES (@level, @idx, @hash)";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">An entry cannot be a log leaf (see <see cref="AuditLog.LeafData"/>); nothing is appended.</exception>
    public async Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
        }

        if (entries.Count == 0)
        {
            return;
        }

        await WriteAsync<int>(
            session =>
            {
                foreach (var entry in entries)
                {
                    AppendAudit(session, entry);
                }

                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<AuditRecord>>(
            session => ReadAuditRecords(session.Command(SelectAuditPage).With("@after", afterSequence).With("@limit", limit), limit),
            snapshot: false,
            cancellationToken);
    }

    private static List<AuditRecord> ReadAuditRecords(Microsoft.Data.Sqlite.SqliteCommand query, int limit)
    {
        var records = new List<AuditRecord>(Math.Min(limit, 1024));
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var entry = new AuditEntry(
                reader.GetInstant(1), reader.GetNullableString(2), reader.GetString(3), reader.GetNullableString(4), reader.GetString(5));
            records.Add(new AuditRecord(reader.GetInt64(0), entry, reader.GetBytes(6), reader.GetBytes(7)));
        }

        return records;
    }


    /// <inheritdoc />
    public Task<long> GetLogSizeAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(session => (long)session.Command(SelectLogSize).ExecuteScalar()!, snapshot: false, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above 65,536.</exception>
    public Task<IReadOnlyList<byte[]>> ReadLogNodesAsync(int level, long fromIndex, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 65_536);
        return ReadAsync<IReadOnlyList<byte[]>>(
            session =>
            {
                var hashes = new List<byte[]>(count);
                using var reader = session.Command(SelectLogNodes).With("@level", level).With("@from", fromIndex).With("@to", fromIndex + count).ExecuteReader();
                while (reader.Read() && reader.GetInt64(0) == fromIndex + hashes.Count)
                {
                    hashes.Add(reader.GetBytes(1));
                }

                return hashes;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<MerkleNode, byte[]>> ReadLogNodesAsync(IReadOnlyCollection<MerkleNode> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return ReadAsync<IReadOnlyDictionary<MerkleNode, byte[]>>(
            session =>
            {
                var found = new Dictionary<MerkleNode, byte[]>(nodes.Count);
                foreach (var node in nodes)
                {
                    if (ReadLogNode(session, node) is { } hash)
                    {
                        found[node] = hash;
                    }
                }

                return found;
            },
            snapshot: true,
            cancellationToken);
    }

    private static byte[]? ReadLogNode(SqliteSession session, MerkleNode node) =>
        session.Command(SelectLogNode).With("@level", node.Level).With("@idx", node.Index).ExecuteScalar() as byte[];

    /// <summary>Appends <paramref name="entry"/> as the next leaf and returns its sequence number. Must run inside the caller's write transaction.</summary>
    private long AppendAudit(SqliteSession session, AuditEntry entry)
    {
        long tail = session.Command(SelectAuditTail).ExecuteScalar() is long last ? last : 0;
        long sequence = checked(tail + 1);
        byte[] leaf = AuditLog.LeafHash(sequence, entry);
        var frontier = _pendingFrontier ??= LoadFrontier(session, tail);
        byte[] previousRoot = frontier.Root();
        frontier.Append(leaf, (node, hash) => InsertNode(session, node, hash));
        session.Command(InsertAudit)
            .With("@seq", sequence)
            .With("@at", entry.At)
            .With("@tenant", entry.TenantId)
            .With("@action", entry.Action)
            .With("@subject", entry.Subject)
            .With("@outcome", entry.Outcome)
            .With("@prev", previousRoot)
            .With("@hash", leaf)
            .ExecuteNonQuery();
        return sequence;
    }

    /// <summary>
    /// The tree's right edge at <paramref name="entries"/> leaves: the frontier kept from this store's last committed
    /// append when the tree still has its size (the log is append-only, so the same size means the same nodes), else read
    /// from log_nodes. Entries written before the log existed become leaves here first (once, inside the caller's
    /// transaction).
    /// </summary>
    private MerkleFrontier LoadFrontier(SqliteSession session, long entries)
    {
        long leaves = (long)session.Command(SelectLogSize).ExecuteScalar()!;
        if (leaves > entries)
        {
            throw new InvalidOperationException($"The log tree has {leaves} leaves for {entries} audit entries.");
        }

        var frontier = _committedFrontier is { } kept && kept.Size == leaves
            ? kept.Clone()
            : new MerkleFrontier(leaves, MerkleFrontier.NodesFor(leaves).Select(n => ReadLogNode(session, n)
                ?? throw new InvalidOperationException($"The log tree lacks node {n.Level}/{n.Index}.")));
        while (frontier.Size < entries)
        {
            using var reader = session.Command(SelectAuditPage).With("@after", frontier.Size).With("@limit", 1024).ExecuteReader();
            var page = new List<(long Sequence, AuditEntry Entry)>();
            while (reader.Read())
            {
                page.Add((reader.GetInt64(0), new AuditEntry(
                    reader.GetInstant(1), reader.GetNullableString(2), reader.GetString(3), reader.GetNullableString(4), reader.GetString(5))));
            }

            reader.Close();
            foreach (var (sequence, entry) in page)
            {
                frontier.Append(AuditLog.LeafHash(sequence, entry), (node, hash) => InsertNode(session, node, hash));
            }
        }

        return frontier;
    }

    private static void InsertNode(SqliteSession session, MerkleNode node, byte[] hash) =>
        session.Command(InsertLogNode).With("@level", node.Level).With("@idx", node.Index).With("@hash", hash).ExecuteNonQuery();
}
