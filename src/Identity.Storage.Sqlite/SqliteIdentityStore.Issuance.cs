using Identity.Primitives;

namespace Identity.Storage.Sqlite;

/// <summary>
/// Issuance with the signature made outside the write lock. SQLite has one writer, so whatever runs inside the write
/// transaction runs one request at a time; signing (canonicalisation and a signature) is most of an issuance's work.
/// The status entries are therefore chosen first from a read snapshot, the document is signed on them with no lock
/// held, and the write transaction only checks that those entries are still free before it stores. When one was taken
/// meanwhile (two requests drew the same random index), when a list must be opened, or when the list is too full to
/// draw at random, the issuance runs as one transaction that allocates and signs inside it.
/// </summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectListRoom = "SELECT allocated < size FROM status_lists WHERE tenant_id = @tenant AND list_id = @list AND purpose = @purpose";

    // The issuance transaction, preceded by the attempt that signs before it (sign may therefore run twice; the document
    // stored is always the one signed on the entries stored with it).
    private async Task<Result<CredentialRecord>> IssueAsync(
        string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit,
        string? subjectTag, Action<SqliteSession>? alsoWrite, CancellationToken cancellationToken)
    {
        // An unknown tenant or a taken id is refused before anything is signed (the transaction checks both again).
        var (refused, planned) = await ReadAsync(
            session => CheckNewCredential(session, tenantId, credentialId) is { } error ? (error, null) : ((Error?)null, PlanAllocation(session, tenantId)),
            snapshot: true,
            cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (planned is { } allocation)
        {
            var signed = sign(allocation);
            if (!signed.IsSuccess)
            {
                return signed.Error;
            }

            var stored = await WriteAsync<CredentialRecord?>(
                session => StorePlanned(session, tenantId, credentialId, allocation, signed.Value, audit, subjectTag, alsoWrite),
                cancellationToken).ConfigureAwait(false);
            if (!stored.IsSuccess)
            {
                return stored.Error;
            }

            if (stored.Value is { } record)
            {
                return record;
            }
        }

        return await WriteAsync<CredentialRecord>(
            session => IssueInSession(session, tenantId, credentialId, listSize, sign, audit, subjectTag, alsoWrite),
            cancellationToken).ConfigureAwait(false);
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
            if ((long)(size - allocated) * ProbeWhileFreeQuarters < size)
            {
                return null;
            }

            return (listId, PickFreeIndex(session, columns, tenantId, listId, size, allocated));
        }
    }

    /// <summary>Stores a credential signed on <paramref name="allocation"/>; null (nothing written) when an entry was taken
    /// meanwhile or its list has filled up.</summary>
    private Result<CredentialRecord?> StorePlanned(
        SqliteSession session, string tenantId, string credentialId, StatusAllocation allocation, string document, AuditEntry audit,
        string? subjectTag, Action<SqliteSession>? alsoWrite)
    {
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
