namespace Identity.Storage.Sqlite;

/// <summary>The audit hash chain: appended inside the transaction of the change it records.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectAuditTail = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";

    private const string InsertAudit = """
        INSERT INTO audit (seq, at, tenant_id, action, subject, outcome, prev_hash, hash)
        VALUES (@seq, @at, @tenant, @action, @subject, @outcome, @prev, @hash)
        """;

    private const string SelectAuditPage = """
        SELECT seq, at, tenant_id, action, subject, outcome, prev_hash, hash
        FROM audit WHERE seq > @after ORDER BY seq LIMIT @limit
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">An entry has no canonical JSON form (see <see cref="AuditChain.ComputeHash"/>); nothing is appended.</exception>
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

    /// <summary>Links <paramref name="entry"/> to the chain's tail. Must run inside the caller's write transaction.</summary>
    private static void AppendAudit(SqliteSession session, AuditEntry entry)
    {
        long sequence = 1;
        byte[] previous = AuditChain.Genesis;
        using (var reader = session.Command(SelectAuditTail).ExecuteReader())
        {
            if (reader.Read())
            {
                sequence = checked(reader.GetInt64(0) + 1);
                previous = reader.GetBytes(1);
            }
        }

        byte[] hash = AuditChain.ComputeHash(sequence, entry, previous);
        session.Command(InsertAudit)
            .With("@seq", sequence)
            .With("@at", entry.At)
            .With("@tenant", entry.TenantId)
            .With("@action", entry.Action)
            .With("@subject", entry.Subject)
            .With("@outcome", entry.Outcome)
            .With("@prev", previous)
            .With("@hash", hash)
            .ExecuteNonQuery();
    }
}
