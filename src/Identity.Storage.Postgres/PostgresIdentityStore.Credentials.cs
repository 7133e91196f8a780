// References:
//   W3C Bitstring Status List v1.0, §6.1 (random index assignment for herd privacy) — https://www.w3.org/TR/vc-bitstring-status-list/
//   PostgreSQL 15 SELECT … FOR UPDATE under READ COMMITTED — https://www.postgresql.org/docs/15/transaction-iso.html#XACT-READ-COMMITTED

using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Identity.Primitives;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>Credentials and their status lists.</summary>
public sealed partial class PostgresIdentityStore
{
    private const string CredentialsIdUnique = "credentials_id_unique";

    private const string PreconditionsSql = """
        SELECT EXISTS (SELECT 1 FROM tenants WHERE id = @tenant),
               EXISTS (SELECT 1 FROM credentials WHERE tenant_id = @tenant AND credential_id = @credential)
        """;

    // The row lock on the newest list is what makes allocation safe across replicas: whoever holds it sees every index
    // committed before it and no one else allocates in that list until it commits.
    private const string LockNewestList = """
        SELECT list_id, number, size, allocated FROM status_lists
        WHERE tenant_id = @tenant AND purpose = @purpose ORDER BY number DESC LIMIT 1 FOR UPDATE
        """;

    // DO NOTHING: another replica opening the same list number wins; this one then locks the list it created.
    private const string InsertList = """
        INSERT INTO status_lists (tenant_id, list_id, purpose, number, size, allocated, version, created_at, updated_at)
        VALUES (@tenant, @list, @purpose, @number, @size, 0, 0, @at, @at)
        ON CONFLICT DO NOTHING
        """;

    private const string SavepointBeforeLocks = "SAVEPOINT before_list_locks";

    private const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT before_list_locks";

    private const string CountAllocation = "UPDATE status_lists SET allocated = allocated + 1 WHERE tenant_id = @tenant AND list_id = @list";

    private const string InsertCredential = """
        INSERT INTO credentials (tenant_id, credential_id, document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at, subject_tag)
        VALUES (@tenant, @credential, @document, @revList, @revIndex, @susList, @susIndex, false, false, @issued, @subjectTag)
        """;

    private const string SelectCredential = """
        SELECT document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at
        FROM credentials WHERE tenant_id = @tenant AND credential_id = @credential
        """;

    // version = version + 1 in SQL, under the row lock the UPDATE takes, so no change is lost.
    private const string BumpListVersion = """
        UPDATE status_lists SET version = version + 1, updated_at = @at WHERE tenant_id = @tenant AND list_id = @list RETURNING version
        """;

    private const string SelectListVersion = "SELECT version FROM status_lists WHERE tenant_id = @tenant AND list_id = @list";

    // One statement, so the list row and its set bits come from one snapshot. List ids carry their purpose
    // (revocation-N, suspension-N), so at most one branch of the union can match.
    private const string SelectTokenStatusList = """
        SELECT l.size,
               ARRAY(SELECT c.rev_index FROM credentials c
                     WHERE c.tenant_id = l.tenant_id AND c.rev_list = l.list_id AND c.revoked ORDER BY c.rev_index),
               ARRAY(SELECT c.rev_index FROM credentials c
                     WHERE c.tenant_id = l.tenant_id AND c.rev_list = l.list_id AND c.suspended AND NOT c.revoked ORDER BY c.rev_index)
        FROM status_lists l WHERE l.tenant_id = @tenant AND l.list_id = @list AND l.purpose = 'revocation'
        """;

    private const string SelectList = """
        SELECT l.purpose, l.size, l.version, l.created_at, l.updated_at,
               ARRAY(SELECT i FROM (
                   SELECT c.rev_index AS i FROM credentials c WHERE c.tenant_id = l.tenant_id AND c.rev_list = l.list_id AND c.revoked
                   UNION ALL
                   SELECT c.sus_index FROM credentials c WHERE c.tenant_id = l.tenant_id AND c.sus_list = l.list_id AND c.suspended) s
                   ORDER BY i)
        FROM status_lists l WHERE l.tenant_id = @tenant AND l.list_id = @list
        """;

    /// <inheritdoc />
    /// <remarks><see cref="CredentialRecord.IssuedAt"/> and the creation time of a new list are <paramref name="audit"/>'s
    /// <see cref="AuditEntry.At"/>. <paramref name="sign"/> usually runs with no lock held, on entries reserved from a snapshot,
    /// and may run a second time inside the locked path (see <see cref="IssuanceFlow"/>).</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="listSize"/> is not positive.</exception>
    public async Task<Result<CredentialRecord>> IssueCredentialAsync(
        string tenantId,
        string credentialId,
        int listSize,
        Func<StatusAllocation, Result<string>> sign,
        AuditEntry audit,
        string? subjectTag = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(credentialId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listSize);
        ArgumentNullException.ThrowIfNull(sign);
        ArgumentNullException.ThrowIfNull(audit);

        return await IssueAsync(tenantId, credentialId, listSize, sign, audit, subjectTag, alsoWrite: null, cancellationToken).ConfigureAwait(false);
    }

    // The locked path: the issuance transaction body with the tenant's newest lists locked while it signs. Round trips are
    // what those locks are held across, so the statements go in batches: (1) the preconditions and both list locks, (2)
    // the index probes and allocation counts, (3) the credential insert with the audit lock and tail, (4) the audit
    // insert, then the commit. alsoWrite adds rows that must commit with the credential (a biometric record).
    private async Task<Result<CredentialRecord>> IssueInSessionAsync(
        PostgresSession session, string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit,
        string? subjectTag, Func<PostgresSession, Task>? alsoWrite, CancellationToken cancellationToken)
    {
        bool tenantExists, credentialExists;
        ListState? revocation, suspension;
        await using (var batch = session.Batch())
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SavepointBeforeLocks));
            batch.BatchCommands.Add(BatchCommand(PreconditionsSql, ("@tenant", tenantId), ("@credential", credentialId)));
            batch.BatchCommands.Add(BatchCommand(LockNewestList, ("@tenant", tenantId), ("@purpose", StatusColumns.Revocation.Purpose)));
            batch.BatchCommands.Add(BatchCommand(LockNewestList, ("@tenant", tenantId), ("@purpose", StatusColumns.Suspension.Purpose)));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (reader.FieldCount == 0)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the SAVEPOINT
            }

            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (tenantExists, credentialExists) = (reader.GetBoolean(0), reader.GetBoolean(1));
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            revocation = await ReadListStateAsync(reader, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            suspension = await ReadListStateAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        if (!tenantExists)
        {
            return NotFound($"The tenant '{tenantId}' does not exist.");
        }

        if (credentialExists)
        {
            return CredentialExists(credentialId);
        }

        // Revocation before suspension, always: the global lock order (see the class remarks). Opening a revocation
        // list may wait for another transaction, which must not find this one holding a suspension list: give that
        // lock back first (rolling back to the savepoint releases the row locks taken after it), then lock in order.
        if (revocation is not { HasRoom: true })
        {
            await session.ExecuteAsync(session.Command(RollbackToSavepoint), cancellationToken).ConfigureAwait(false);
            revocation = await LockListWithRoomAsync(session, StatusColumns.Revocation, tenantId, revocation, listSize, audit.At, cancellationToken).ConfigureAwait(false);
            suspension = await LockNewestListAsync(session, StatusColumns.Suspension, tenantId, cancellationToken).ConfigureAwait(false);
        }

        if (suspension is not { HasRoom: true })
        {
            suspension = await LockListWithRoomAsync(session, StatusColumns.Suspension, tenantId, suspension, listSize, audit.At, cancellationToken).ConfigureAwait(false);
        }

        var (revocationIndex, suspensionIndex) = await AllocateBothAsync(session, tenantId, revocation, suspension, cancellationToken).ConfigureAwait(false);
        var allocation = new StatusAllocation(revocation.ListId, revocationIndex, suspension.ListId, suspensionIndex);

        var signed = sign(allocation);
        if (!signed.IsSuccess)
        {
            return signed.Error; // Rolls back the allocation, and any list it opened.
        }

        AuditTail tail;
        try
        {
            await using var batch = session.Batch();
            batch.BatchCommands.Add(BatchCommand(
                InsertCredential,
                ("@tenant", tenantId), ("@credential", credentialId), ("@document", signed.Value),
                ("@revList", revocation.ListId), ("@revIndex", revocationIndex), ("@susList", suspension.ListId), ("@susIndex", suspensionIndex),
                ("@issued", audit.At.UtcTicks), ("@subjectTag", (object?)subjectTag ?? DBNull.Value)));
            AddAuditTailCommands(batch);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            tail = await ReadAuditTailAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.IsUniqueViolation(CredentialsIdUnique))
        {
            return CredentialExists(credentialId); // Issued meanwhile by another request with the same id.
        }

        if (alsoWrite is not null)
        {
            await alsoWrite(session).ConfigureAwait(false);
        }

        await InsertAuditAsync(session, tail, [audit], cancellationToken).ConfigureAwait(false);
        return new CredentialRecord(tenantId, credentialId, signed.Value, allocation, false, false, audit.At.Utc());
    }

    /// <inheritdoc />
    public Task<CredentialRecord?> GetCredentialAsync(string tenantId, string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(credentialId);
        return ReadAsync<CredentialRecord?>(
            async session =>
            {
                await using var command = session.Command(SelectCredential).With("@tenant", tenantId).With("@credential", credentialId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var status = new StatusAllocation(reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4));
                return new CredentialRecord(
                    tenantId, credentialId, reader.GetString(0), status, reader.GetBoolean(5), reader.GetBoolean(6), reader.GetInstant(7));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Setting a bit to the value it already has succeeds with <see cref="StatusChange.Changed"/> false and leaves
    /// the list's version as it was; the audit entry is appended either way.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="purpose"/> is not a defined value.</exception>
    public async Task<Result<StatusChange>> SetCredentialStatusAsync(
        string tenantId, string credentialId, StatusPurpose purpose, bool value, DateTimeOffset at, AuditEntry audit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(credentialId);
        ArgumentNullException.ThrowIfNull(audit);
        var columns = StatusColumns.For(purpose);

        return await WriteAsync<StatusChange>(
            async session =>
            {
                string listId;
                int index;
                bool current;
                await using (var command = session.Command(columns.SelectState).With("@tenant", tenantId).With("@credential", credentialId))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return NotFound($"The tenant has no credential '{credentialId}'.");
                    }

                    (listId, index, current) = (reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2));
                }

                if (StatusChange.Refusal(purpose, current, value, credentialId) is { } refused)
                {
                    return refused;
                }

                bool changed = current != value;
                long version;
                if (changed)
                {
                    await session.ExecuteAsync(
                        session.Command(columns.UpdateFlag).With("@value", value).With("@tenant", tenantId).With("@credential", credentialId), cancellationToken)
                        .ConfigureAwait(false);
                    version = (long)(await session.ScalarAsync(
                        session.Command(BumpListVersion).With("@at", at).With("@tenant", tenantId).With("@list", listId), cancellationToken).ConfigureAwait(false))!;
                }
                else
                {
                    version = (long)(await session.ScalarAsync(
                        session.Command(SelectListVersion).With("@tenant", tenantId).With("@list", listId), cancellationToken).ConfigureAwait(false))!;
                }

                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
                return new StatusChange(listId, index, purpose, value, version, changed);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static Result<CredentialRecord> CredentialExists(string credentialId) =>
        Result<CredentialRecord>.Failure(ErrorCodes.CredentialExists, $"The tenant already has a credential '{credentialId}'.");
}
