using Identity.Primitives.TransparencyLog;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>The audit log: appended, with the Merkle tree nodes it completes, inside the transaction of the change it records.</summary>
public sealed partial class PostgresIdentityStore
{
    // The transaction advisory lock serialises every append across processes: the holder reads the committed tail and
    // the tree's right edge and appends to them; the next holder starts only after this transaction ends, so it sees the new tail.
    private const string LockAuditTail = "SELECT pg_advisory_xact_lock(@key)";

    private const string SelectAuditTail = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";

    // The tree's right edge at its current size (MerkleFrontier.NodesFor): for each set bit k of the size, the complete
    // subtree at level k ending there. Read in the audit lock's round trip, so that an append after another replica's
    // needs no round trip of its own under the lock.
    private const string SelectLogFrontier = """
        SELECT l.level, n.idx, n.hash
        FROM (SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM log_nodes WHERE level = 0) s
        CROSS JOIN generate_series(0, 62) AS l (level)
        JOIN log_nodes n ON n.level = l.level AND n.idx = (s.size >> l.level) - 1
        WHERE ((s.size >> l.level) & 1) = 1
        """;

    private const string InsertAudit = """
        INSERT INTO audit (seq, at, tenant_id, action, subject, outcome, prev_hash, hash)
        SELECT * FROM unnest(@seq::bigint[], @at::bigint[], @tenant::text[], @action::text[], @subject::text[], @outcome::text[], @prev::bytea[], @hash::bytea[])
        """;

    private const string InsertLogNodes = """
        INSERT INTO log_nodes (level, idx, hash) SELECT * FROM unnest(@levels::integer[], @idxs::bigint[], @hashes::bytea[])
        """;

    private const string SelectAuditPage = """
        SELECT seq, at, tenant_id, action, subject, outcome, prev_hash, hash
        FROM audit WHERE seq > @after ORDER BY seq LIMIT @limit
        """;

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
            async session =>
            {
                await AppendAuditAsync(session, entries, cancellationToken).ConfigureAwait(false);
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
            session => ReadAuditRecordsAsync(session.Command(SelectAuditPage).With("@after", afterSequence).With("@limit", limit), limit, cancellationToken),
            cancellationToken);
    }

    private static async Task<IReadOnlyList<AuditRecord>> ReadAuditRecordsAsync(NpgsqlCommand query, int limit, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>(Math.Min(limit, 1024));
        await using var command = query;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = new AuditEntry(
                reader.GetInstant(1), reader.GetNullableString(2), reader.GetString(3), reader.GetNullableString(4), reader.GetString(5));
            records.Add(new AuditRecord(reader.GetInt64(0), entry, reader.GetBytes(6), reader.GetBytes(7)));
        }

        return records;
    }

    /// <summary>
    /// Appends <paramref name="entries"/> as the log's next leaves, in order. Must be the last step of the caller's write
    /// transaction: it takes the audit lock, which is held until commit (see the class remarks on lock order).
    /// </summary>
    /// <returns>The sequence number of the last entry appended.</returns>
    private static async Task<long> AppendAuditAsync(PostgresSession session, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        AuditTail tail;
        await using (var batch = session.Batch())
        {
            AddAuditTailCommands(batch);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            tail = await ReadAuditTailAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        return await InsertAuditAsync(session, tail, entries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the audit lock, the tail query, the log-size query and the log's right edge to a batch; they must be
    /// its last four commands (each later statement reads under the lock, in one round trip).</summary>
    private static void AddAuditTailCommands(NpgsqlBatch batch)
    {
        var lockTail = new NpgsqlBatchCommand(LockAuditTail);
        lockTail.Parameters.AddWithValue("@key", PostgresMigrations.AuditLockKey);
        batch.BatchCommands.Add(lockTail);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SelectAuditTail));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SelectLogSize));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SelectLogFrontier));
    }

    /// <summary>Moves to the tail query's result and reads it, the log size and the right edge after it (the batch's last three).</summary>
    private static async Task<AuditTail> ReadAuditTailAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        do
        {
            if (reader.FieldCount == 2 && reader.GetName(0) == "seq")
            {
                var (sequence, hash) = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetBytes(1)) : (0L, []);
                if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) || !await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The batch has no log size query after the audit tail.");
                }

                long leaves = reader.GetInt64(0);
                var edge = new Dictionary<MerkleNode, byte[]>();
                if (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        edge[new MerkleNode(reader.GetInt32(0), reader.GetInt64(1))] = reader.GetBytes(2);
                    }
                }

                return new AuditTail(sequence, hash, leaves, edge);
            }
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

        throw new InvalidOperationException("The batch has no audit tail query.");
    }

    /// <summary>Inserts <paramref name="entries"/> after <paramref name="tail"/>, which was read under the audit lock: two
    /// statements in one round trip (the entries, then the tree nodes they complete), whatever the number of entries, since
    /// every statement under the audit lock delays every replica's next write.</summary>
    private static async Task<long> InsertAuditAsync(PostgresSession session, AuditTail tail, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        // An entry that cannot be a leaf throws from LeafHash; the caller's transaction then rolls back.
        var frontier = await LoadFrontierAsync(session, tail, cancellationToken).ConfigureAwait(false);
        long sequence = tail.Sequence;
        var (sequences, previousRoots, leaves) = (new long[entries.Count], new byte[entries.Count][], new byte[entries.Count][]);
        var nodes = new List<(MerkleNode Node, byte[] Hash)>(entries.Count * 2);
        for (int i = 0; i < entries.Count; i++)
        {
            sequence = checked(sequence + 1);
            sequences[i] = sequence;
            leaves[i] = AuditLog.LeafHash(sequence, entries[i]);
            previousRoots[i] = frontier.Root();
            frontier.Append(leaves[i], (node, hash) => nodes.Add((node, hash)));
        }

        await using var batch = session.Batch();
        batch.BatchCommands.Add(BatchCommand(
            InsertAudit,
            ("@seq", sequences),
            ("@at", entries.Select(e => e.At.UtcTicks).ToArray()),
            ("@tenant", entries.Select(e => e.TenantId).ToArray()),
            ("@action", entries.Select(e => e.Action).ToArray()),
            ("@subject", entries.Select(e => e.Subject).ToArray()),
            ("@outcome", entries.Select(e => e.Outcome).ToArray()),
            ("@prev", previousRoots),
            ("@hash", leaves)));
        batch.BatchCommands.Add(BatchCommand(
            InsertLogNodes,
            ("@levels", nodes.Select(n => n.Node.Level).ToArray()),
            ("@idxs", nodes.Select(n => n.Node.Index).ToArray()),
            ("@hashes", nodes.Select(n => n.Hash).ToArray())));
        if (session.CommitsInLastBatch)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        session.AppendedFrontier = frontier;
        return sequence;
    }

    /// <summary>The last entry, the log tree's leaf count and the stored nodes of its right edge, as read under the audit
    /// lock: sequence 0 when empty (its hash is not used).</summary>
    private sealed record AuditTail(long Sequence, byte[] Hash, long LogLeaves, IReadOnlyDictionary<MerkleNode, byte[]> Edge);
}
