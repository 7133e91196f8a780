// References:
//   PostgreSQL 15 INSERT … ON CONFLICT DO NOTHING — https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT
//   PostgreSQL 15 explicit locking (row locks, deadlocks) — https://www.postgresql.org/docs/15/explicit-locking.html
//   PostgreSQL 15 SELECT … ORDER BY … FOR UPDATE (rows locked in the order returned) — https://www.postgresql.org/docs/15/sql-select.html#SQL-FOR-UPDATE-SHARE

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
/// <para>A group's transaction is two round trips and the commit: (1) locks the status-list rows its items name, in
/// ascending (tenant, list id) byte order, then inserts every item in one statement (<c>ON CONFLICT DO NOTHING</c>, so an
/// item whose id or entries were taken meanwhile — by an earlier item of the group included — or whose tenant is gone
/// writes nothing and never aborts the others) and counts the allocations on the locked rows, then takes the audit
/// lock and reads the tail; (2) appends the audit entries of the inserted items. An item not inserted goes back to its
/// caller's locked path, which says why or allocates afresh. When a list would overflow, the group rolls back and every
/// item takes the locked path; any other failure rolls the group back and each item is committed alone.</para>
/// <para>Lock order, the same for every writer, so no two can wait for each other in a cycle: status-list rows first
/// (the locked path takes the tenant's newest revocation then suspension list, which is ascending order), then the
/// audit lock, last. A credential is only inserted under the lock of both its lists, so two inserts of one status
/// entry never race; inserts of one credential id under different lists are made in ascending id order.</para>
/// </remarks>
public sealed partial class PostgresIdentityStore
{
    // ORDER BY … FOR UPDATE locks the rows in the sorted order; COLLATE "C" makes it byte order whatever the database's
    // collation, the same order LockNewestList (revocation-… before suspension-…) follows.
    private const string LockGroupLists = """
        SELECT 1 FROM status_lists
        WHERE (tenant_id, list_id) IN (SELECT k.t, k.l FROM unnest(@tenants::text[], @lists::text[]) AS k (t, l))
        ORDER BY tenant_id COLLATE "C", list_id COLLATE "C" FOR UPDATE
        """;

    // One statement for the group's inserts and its allocation counts (the list rows are already locked).
    private const string InsertGroup = """
        WITH inserted AS (
            INSERT INTO credentials (tenant_id, credential_id, document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at, subject_tag)
            SELECT p.t, p.c, p.d, p.rl, p.ri, p.sl, p.si, false, false, p.at, p.tag
            FROM unnest(@tenants::text[], @credentials::text[], @documents::text[], @revLists::text[], @revIndexes::integer[],
                        @susLists::text[], @susIndexes::integer[], @issued::bigint[], @tags::text[]) AS p (t, c, d, rl, ri, sl, si, at, tag)
            WHERE EXISTS (SELECT 1 FROM tenants WHERE id = p.t)
            ORDER BY p.t COLLATE "C", p.c COLLATE "C"
            ON CONFLICT DO NOTHING
            RETURNING tenant_id, credential_id, rev_list, sus_list
        ), counted AS (
            UPDATE status_lists l SET allocated = l.allocated + n.count
            FROM (SELECT e.t, e.l, count(*)::integer AS count
                  FROM (SELECT tenant_id, rev_list FROM inserted UNION ALL SELECT tenant_id, sus_list FROM inserted) AS e (t, l)
                  GROUP BY e.t, e.l) AS n
            WHERE l.tenant_id = n.t AND l.list_id = n.l
            RETURNING 1
        )
        SELECT tenant_id, credential_id FROM inserted
        """;

    // sign may run twice (before the transaction, then inside the locked path when the reserved entries were taken).
    private Task<Result<CredentialRecord>> IssueAsync(
        string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit, string? subjectTag,
        Func<PostgresSession, Task>? alsoWrite, CancellationToken cancellationToken) =>
        IssuanceFlow.RunAsync(
            ct => ReserveAsync(tenantId, credentialId, listSize, ct),
            sign,
            (allocation, document, ct) =>
            {
                var planned = new PlannedIssuance(tenantId, credentialId, allocation, document, audit, subjectTag);
                return alsoWrite is null ? _issuances.CommitAsync(planned, ct) : StoreOneAsync(planned, alsoWrite, ct);
            },
            ct => IssueLockedAsync(tenantId, credentialId, listSize, sign, audit, subjectTag, alsoWrite, ct),
            cancellationToken);

    // The lock order makes a deadlock impossible between issuances; the retry is kept for writers outside this file.
    private const int MaxLockedAttempts = 8;

    private async Task<Result<CredentialRecord>> IssueLockedAsync(
        string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit, string? subjectTag,
        Func<PostgresSession, Task>? alsoWrite, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync<CredentialRecord>(
                    session => IssueInSessionAsync(session, tenantId, credentialId, listSize, sign, audit, subjectTag, alsoWrite, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxLockedAttempts)
            {
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

    // One transaction for the group; an item not stored is answered null (its caller takes the locked path), and so is
    // every item when a list would overflow (the CHECK on allocated refuses the count).
    private async Task<IReadOnlyList<Result<CredentialRecord?>>> StoreGroupAsync(IReadOnlyList<PlannedIssuance> group)
    {
        try
        {
            return await CommitInBatchesAsync(group).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.DeadlockDetected)
        {
            return [.. group.Select(_ => Result<CredentialRecord?>.Success(null))];
        }
    }

    // The group's transaction opens in its first batch and commits in its last: the locks it holds wait for no round
    // trip of the commit's own. A batch cut short by an error never reached its COMMIT, so the transaction is rolled back
    // here before the connection returns to the pool.
    private async Task<IReadOnlyList<Result<CredentialRecord?>>> CommitInBatchesAsync(IReadOnlyList<PlannedIssuance> group)
    {
        var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var session = new PostgresSession(connection, null) { KnownFrontier = Volatile.Read(ref _committedFrontier), CommitsInLastBatch = true };
            try
            {
                var results = await StoreGroupAsync(session, group).ConfigureAwait(false);
                PublishFrontier(session.AppendedFrontier);
                return results;
            }
            catch (Exception)
            {
                await RollBackQuietlyAsync(session).ConfigureAwait(false);
                throw;
            }
        }
    }

    private static async Task RollBackQuietlyAsync(PostgresSession session)
    {
        try
        {
            await session.ExecuteAsync(session.Command("ROLLBACK"), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection is not returned to the pool: its transaction ends with it.
        }
    }

    // An issuance with rows of its own (a biometric record) that must commit with it: one transaction, outside the queue.
    private async Task<Result<CredentialRecord?>> StoreOneAsync(PlannedIssuance planned, Func<PostgresSession, Task> alsoWrite, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync<CredentialRecord?>(
                async session =>
                {
                    var stored = (await StoreGroupAsync(session, [planned]).ConfigureAwait(false))[0];
                    if (stored.IsSuccess && stored.Value is not null)
                    {
                        await alsoWrite(session).ConfigureAwait(false);
                    }

                    return stored;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation)
        {
            return Result<CredentialRecord?>.Success(null);
        }
    }

    private async Task<IReadOnlyList<Result<CredentialRecord?>>> StoreGroupAsync(PostgresSession session, IReadOnlyList<PlannedIssuance> group)
    {
        // An id twice in one group: only its first item is sent (the others take the locked path, which refuses them).
        var sent = group.DistinctBy(p => (p.TenantId, p.CredentialId)).ToList();
        var lists = sent
            .SelectMany(p => new[] { (p.TenantId, p.Allocation.RevocationListId), (p.TenantId, p.Allocation.SuspensionListId) })
            .Distinct()
            .ToList();
        var inserted = new HashSet<(string Tenant, string Credential)>();
        AuditTail tail;
        await using (var batch = session.Batch())
        {
            if (session.CommitsInLastBatch)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
            }

            batch.BatchCommands.Add(BatchCommand(LockGroupLists, ("@tenants", lists.Select(l => l.TenantId).ToArray()), ("@lists", lists.Select(l => l.Item2).ToArray())));
            batch.BatchCommands.Add(BatchCommand(
                InsertGroup,
                ("@tenants", sent.Select(p => p.TenantId).ToArray()),
                ("@credentials", sent.Select(p => p.CredentialId).ToArray()),
                ("@documents", sent.Select(p => p.Document).ToArray()),
                ("@revLists", sent.Select(p => p.Allocation.RevocationListId).ToArray()),
                ("@revIndexes", sent.Select(p => p.Allocation.RevocationIndex).ToArray()),
                ("@susLists", sent.Select(p => p.Allocation.SuspensionListId).ToArray()),
                ("@susIndexes", sent.Select(p => p.Allocation.SuspensionIndex).ToArray()),
                ("@issued", sent.Select(p => p.Audit.At.UtcTicks).ToArray()),
                ("@tags", sent.Select(p => p.SubjectTag).ToArray())));
            AddAuditTailCommands(batch);
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            while (reader.FieldCount != 2)
            {
                await reader.NextResultAsync().ConfigureAwait(false); // past BEGIN and the list locks
            }

            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                inserted.Add((reader.GetString(0), reader.GetString(1)));
            }

            tail = await ReadAuditTailAsync(reader, CancellationToken.None).ConfigureAwait(false);
        }

        var stored = sent.Where(p => inserted.Contains((p.TenantId, p.CredentialId))).ToList();
        if (stored.Count > 0)
        {
            await InsertAuditAsync(session, tail, [.. stored.Select(p => p.Audit)], CancellationToken.None).ConfigureAwait(false);
        }
        else if (session.CommitsInLastBatch)
        {
            await session.ExecuteAsync(session.Command("COMMIT"), CancellationToken.None).ConfigureAwait(false);
        }

        var answered = new HashSet<PlannedIssuance>(stored, ReferenceEqualityComparer.Instance);
        return group.Select(p => Result<CredentialRecord?>.Success(answered.Contains(p)
            ? new CredentialRecord(p.TenantId, p.CredentialId, p.Document, p.Allocation, false, false, p.Audit.At.Utc())
            : null)).ToList();
    }
}
