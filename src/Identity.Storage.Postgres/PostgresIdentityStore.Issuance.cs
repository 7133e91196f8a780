// References:
//   PostgreSQL 15 INSERT … ON CONFLICT DO NOTHING — https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT
//   PostgreSQL 15 explicit locking (row locks, deadlocks) — https://www.postgresql.org/docs/15/explicit-locking.html

using Identity.Primitives;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>
/// Issuance as <see cref="IssuanceFlow"/> lays it out: entries reserved in one read round trip with no lock, the document
/// signed with no lock held, and groups of signed credentials stored in one transaction each
/// (<see cref="GroupCommitQueue{TItem, TResult}"/>), so the status-list row locks and the audit lock — which every
/// replica's issuances queue on — are taken once per group, not once per credential, and never across a signature.
/// </summary>
/// <remarks>
/// A group's transaction: (1) inserts each credential with <c>ON CONFLICT DO NOTHING</c>, taking no lock, so an item
/// whose id or entries were taken meanwhile (by an earlier item of the group included), or whose tenant is gone, writes
/// nothing and never aborts the others; (2) counts the allocations on the status-list rows, sorted by (tenant, list
/// id), and takes the audit lock, in one round trip; (3) appends the audit entries of the inserted items; then commits.
/// Only (2) to the commit is serialised across replicas, so one replica's inserts overlap another's commit. Such an item goes back to its caller's locked path, which says why or allocates afresh.
/// When a list would overflow, the group rolls back and every item takes the locked path; any other failure rolls the
/// group back and each item is committed alone.
/// </remarks>
public sealed partial class PostgresIdentityStore
{
    private const string CountAllocations = """
        UPDATE status_lists SET allocated = allocated + @count WHERE tenant_id = @tenant AND list_id = @list RETURNING allocated <= size
        """;

    private const string InsertPlannedCredential = """
        INSERT INTO credentials (tenant_id, credential_id, document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at, subject_tag)
        SELECT @tenant, @credential, @document, @revList, @revIndex, @susList, @susIndex, false, false, @issued, @subjectTag
        WHERE EXISTS (SELECT 1 FROM tenants WHERE id = @tenant)
        ON CONFLICT DO NOTHING
        RETURNING true
        """;

    // sign may run twice (before the transaction, then inside the locked path when the reserved entries were taken).
    private Task<Result<CredentialRecord>> IssueAsync(
        string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit, string? subjectTag,
        CancellationToken cancellationToken) =>
        IssuanceFlow.RunAsync(
            ct => ReserveAsync(tenantId, credentialId, listSize, ct),
            sign,
            (allocation, document, ct) => _issuances.CommitAsync(new PlannedIssuance(tenantId, credentialId, allocation, document, audit, subjectTag), ct),
            ct => IssueLockedAsync(tenantId, credentialId, listSize, sign, audit, subjectTag, ct),
            cancellationToken);

    // The locked path holds a list row while it inserts; a group holds its inserted rows while it waits for that list
    // row, so when both drew the same index PostgreSQL breaks the cycle by aborting one. The group then retries its
    // items alone; this path starts again (nothing of the aborted transaction was stored).
    private const int MaxLockedAttempts = 8;

    private async Task<Result<CredentialRecord>> IssueLockedAsync(
        string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit, string? subjectTag,
        CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync<CredentialRecord>(
                    session => IssueInSessionAsync(session, tenantId, credentialId, listSize, sign, audit, subjectTag, alsoWrite: null, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxLockedAttempts)
            {
                // Try again, after a short random pause so the two sides do not meet again in step.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Refuses an unknown tenant or a taken id; else a free random entry in each newest list as one snapshot
    /// sees them, or null when a list must be opened, is too full for random draws, or has another size.</summary>
    private Task<Result<StatusAllocation?>> ReserveAsync(string tenantId, string credentialId, int listSize, CancellationToken cancellationToken) =>
        ReadAsync<Result<StatusAllocation?>>(
            async session =>
            {
                await using var batch = session.Batch();
                batch.BatchCommands.Add(BatchCommand(PreconditionsSql, ("@tenant", tenantId), ("@credential", credentialId)));
                batch.BatchCommands.Add(BatchCommand(StatusColumns.Revocation.ReserveFree, ("@tenant", tenantId), ("@candidates", StatusIndexPolicy.Candidates(listSize))));
                batch.BatchCommands.Add(BatchCommand(StatusColumns.Suspension.ReserveFree, ("@tenant", tenantId), ("@candidates", StatusIndexPolicy.Candidates(listSize))));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (!reader.GetBoolean(0))
                {
                    return NotFound($"The tenant '{tenantId}' does not exist.");
                }

                if (reader.GetBoolean(1))
                {
                    return CredentialExists(credentialId).Error!;
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var revocation = await ReadReservationAsync(reader, listSize, cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var suspension = await ReadReservationAsync(reader, listSize, cancellationToken).ConfigureAwait(false);
                return revocation is { } r && suspension is { } s ? new StatusAllocation(r.ListId, r.Index, s.ListId, s.Index) : null;
            },
            cancellationToken);

    private static async Task<(string ListId, int Index)?> ReadReservationAsync(NpgsqlDataReader reader, int listSize, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(3))
        {
            return null;
        }

        var (listId, size, allocated) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2));
        return size == listSize && StatusIndexPolicy.DrawsAtRandom(size, allocated) ? (listId, reader.GetInt32(3)) : null;
    }

    // One transaction for the group; an item not stored is answered null (its caller takes the locked path).
    // A deadlock with another replica's group or locked path rolls this one back whole (PostgreSQL aborts one side): its
    // items then take the locked path, which starts again on a deadlock, rather than failing their callers.
    private async Task<IReadOnlyList<Result<CredentialRecord?>>> StoreGroupAsync(IReadOnlyList<PlannedIssuance> group)
    {
        Result<IReadOnlyList<Result<CredentialRecord?>>> stored;
        try
        {
            stored = await WriteAsync<IReadOnlyList<Result<CredentialRecord?>>>(session => StoreGroupAsync(session, group), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            stored = new Error(ErrorCodes.VersionConflict, "The group was aborted to break a deadlock.");
        }

        return stored.IsSuccess ? stored.Value : [.. group.Select(_ => Result<CredentialRecord?>.Success(null))];
    }

    private async Task<Result<IReadOnlyList<Result<CredentialRecord?>>>> StoreGroupAsync(PostgresSession session, IReadOnlyList<PlannedIssuance> group)
    {
        var inserted = new bool[group.Count];
        await using (var batch = session.Batch())
        {
            foreach (var p in group)
            {
                batch.BatchCommands.Add(BatchCommand(
                    InsertPlannedCredential,
                    ("@tenant", p.TenantId), ("@credential", p.CredentialId), ("@document", p.Document),
                    ("@revList", p.Allocation.RevocationListId), ("@revIndex", p.Allocation.RevocationIndex),
                    ("@susList", p.Allocation.SuspensionListId), ("@susIndex", p.Allocation.SuspensionIndex),
                    ("@issued", p.Audit.At.UtcTicks), ("@subjectTag", (object?)p.SubjectTag ?? DBNull.Value)));
            }

            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            for (int i = 0; i < group.Count; i++, await reader.NextResultAsync().ConfigureAwait(false))
            {
                inserted[i] = await reader.ReadAsync().ConfigureAwait(false);
            }
        }

        var stored = group.Where((_, i) => inserted[i]).ToList();
        if (stored.Count > 0)
        {
            // The list rows are locked here, sorted, then the audit lock: the order every writer follows.
            var counts = stored
                .SelectMany(p => new[] { (p.TenantId, p.Allocation.RevocationListId), (p.TenantId, p.Allocation.SuspensionListId) })
                .CountBy(key => key)
                .Order(CountOrder.Instance)
                .ToList();
            AuditTail tail;
            await using (var batch = session.Batch())
            {
                foreach (var ((tenant, list), count) in counts)
                {
                    batch.BatchCommands.Add(BatchCommand(CountAllocations, ("@tenant", tenant), ("@list", list), ("@count", count)));
                }

                AddAuditTailCommands(batch);
                await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
                bool fits = true;
                for (int i = 0; i < counts.Count; i++, await reader.NextResultAsync().ConfigureAwait(false))
                {
                    fits &= await reader.ReadAsync().ConfigureAwait(false) && reader.GetBoolean(0);
                }

                if (!fits)
                {
                    return new Error(ErrorCodes.VersionConflict, "A status list filled up meanwhile."); // Rolls the group back; never reaches a client.
                }

                tail = await ReadAuditTailAsync(reader, CancellationToken.None).ConfigureAwait(false);
            }

            await InsertAuditAsync(session, tail, [.. stored.Select(p => p.Audit)], CancellationToken.None).ConfigureAwait(false);
        }

        return group.Select((p, i) => Result<CredentialRecord?>.Success(inserted[i]
            ? new CredentialRecord(p.TenantId, p.CredentialId, p.Document, p.Allocation, false, false, p.Audit.At.Utc())
            : null)).ToList();
    }

    /// <summary>Ordinal order of (tenant, list id): the order in which a group locks list rows, so groups never deadlock.</summary>
    private sealed class CountOrder : IComparer<KeyValuePair<(string Tenant, string List), int>>
    {
        internal static CountOrder Instance { get; } = new();

        public int Compare(KeyValuePair<(string Tenant, string List), int> x, KeyValuePair<(string Tenant, string List), int> y)
        {
            int first = string.CompareOrdinal(x.Key.Tenant, y.Key.Tenant);
            return first != 0 ? first : string.CompareOrdinal(x.Key.List, y.Key.List);
        }
    }
}
