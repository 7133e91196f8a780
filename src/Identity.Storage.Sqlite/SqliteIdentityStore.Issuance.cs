using Identity.Primitives;

namespace Identity.Storage.Sqlite;

/// <summary>
/// Issuance as <see cref="IssuanceFlow"/> lays it out: entries reserved from a read snapshot, the document signed with no
/// lock held, and only the checks and inserts inside the write transaction. SQLite has one writer, so whatever runs
/// inside the write transaction runs one request at a time; signing is most of an issuance's work, and the fsync of the
/// commit most of the rest: issuances queued while a commit is in flight are therefore stored together, one transaction
/// and one fsync for the group (<see cref="GroupCommitQueue{TItem, TResult}"/>). In a group, an item whose id is taken
/// or whose entries were taken meanwhile (by an earlier item of the same group included) writes nothing and is answered
/// on its own; any other failure rolls the group back and each item is committed alone.
/// </summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectListRoom = "SELECT allocated < size FROM status_lists WHERE tenant_id = @tenant AND list_id = @list AND purpose = @purpose";

    // sign may run twice (before the transaction, then inside the locked path when the reserved entries were taken).
    private Task<Result<CredentialRecord>> IssueAsync(
        string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit,
        string? subjectTag, Action<SqliteSession>? alsoWrite, CancellationToken cancellationToken) =>
        IssuanceFlow.RunAsync(
            // An unknown tenant or a taken id is refused before anything is signed (the transaction checks both again).
            ct => ReadAsync(
                session => CheckNewCredential(session, tenantId, credentialId) is { } error
                    ? Result<StatusAllocation?>.Failure(error)
                    : Result<StatusAllocation?>.Success(PlanAllocation(session, tenantId)),
                snapshot: true,
                ct),
            sign,
            (allocation, document, ct) =>
            {
                var planned = new PlannedIssuance(tenantId, credentialId, allocation, document, audit, subjectTag);
                return alsoWrite is null
                    ? _issuances.CommitAsync(planned, ct)
                    : WriteAsync(session => StorePlanned(session, planned, alsoWrite), ct);
            },
            ct => WriteAsync(session => IssueInSession(session, tenantId, credentialId, listSize, sign, audit, subjectTag, alsoWrite), ct),
            cancellationToken);

    // One transaction for the group; each item answered on its own (see the class remarks).
    private async Task<IReadOnlyList<Result<CredentialRecord?>>> StoreGroupAsync(IReadOnlyList<PlannedIssuance> group)
    {
        var stored = await WriteAsync<IReadOnlyList<Result<CredentialRecord?>>>(
            session => group.Select(planned => StorePlanned(session, planned, alsoWrite: null)).ToList(),
            CancellationToken.None).ConfigureAwait(false);
        return stored.Value;
    }

    /// <summary>Random free entries in the tenant's newest lists, as a snapshot sees them; null when a list would have to
    /// be opened or is too full to draw from at random (the locked path then decides).</summary>
    private static StatusAllocation? PlanAllocation(SqliteSession session, string tenantId)
    {
        var revocation = PlanEntry(session, StatusColumns.Revocation, tenantId);
        var suspension = revocation is null ? null : PlanEntry(session, StatusColumns.Suspension, tenantId);
        return revocation is { } r && suspension is { } s ? new StatusAllocation(r.ListId, r.Index, s.ListId, s.Index) : null;
    }

    private static (string ListId, int Index)? PlanEntry(SqliteSession session, StatusColumns columns, string tenantId)
    {
        using (var reader = session.Command(SelectNewestList).With("@tenant", tenantId).With("@purpose", columns.Purpose).ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            var (listId, size, allocated) = (reader.GetString(0), reader.GetInt32(2), reader.GetInt32(3));
            reader.Close();
            if (!StatusIndexPolicy.DrawsAtRandom(size, allocated))
            {
                return null;
            }

            return (listId, PickFreeIndex(session, columns, tenantId, listId, size, allocated));
        }
    }

    /// <summary>Stores a credential signed on its planned entries; null (nothing written) when an entry was taken
    /// meanwhile or its list has filled up.</summary>
    private Result<CredentialRecord?> StorePlanned(SqliteSession session, PlannedIssuance planned, Action<SqliteSession>? alsoWrite)
    {
        var (tenantId, credentialId, allocation, document, audit, subjectTag) = planned;
        if (CheckNewCredential(session, tenantId, credentialId) is { } refused)
        {
            return refused;
        }

        if (!StillFree(session, StatusColumns.Revocation, tenantId, allocation.RevocationListId, allocation.RevocationIndex)
            || !StillFree(session, StatusColumns.Suspension, tenantId, allocation.SuspensionListId, allocation.SuspensionIndex))
        {
            return Result<CredentialRecord?>.Success(null);
        }

        session.Command(CountAllocation).With("@tenant", tenantId).With("@list", allocation.RevocationListId).ExecuteNonQuery();
        session.Command(CountAllocation).With("@tenant", tenantId).With("@list", allocation.SuspensionListId).ExecuteNonQuery();
        return Store(session, tenantId, credentialId, allocation, document, audit, subjectTag, alsoWrite);
    }

    private static bool StillFree(SqliteSession session, StatusColumns columns, string tenantId, string listId, int index) =>
        session.Command(SelectListRoom).With("@tenant", tenantId).With("@list", listId).With("@purpose", columns.Purpose).ExecuteScalar() is 1L
        && (long)session.Command(columns.IndexUsed).With("@tenant", tenantId).With("@list", listId).With("@index", index).ExecuteScalar()! == 0;
}
