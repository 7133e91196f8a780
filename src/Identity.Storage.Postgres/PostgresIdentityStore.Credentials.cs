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
    // Random probes while at least a quarter of the list is free: all 32 miss with probability at most 0.75^32 ≈ 1e-4.
    // Fuller lists go straight to the scan, which always terminates.
    private const int RandomProbes = 32;
    private const int ProbeWhileFreeQuarters = 4;

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

    private const string CountAllocation = "UPDATE status_lists SET allocated = allocated + 1 WHERE tenant_id = @tenant AND list_id = @list";

    private const string InsertCredential = """
        INSERT INTO credentials (tenant_id, credential_id, document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at)
        VALUES (@tenant, @credential, @document, @revList, @revIndex, @susList, @susIndex, false, false, @issued)
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
    /// <see cref="AuditEntry.At"/>. <paramref name="sign"/> runs while the tenant's newest lists are locked, so it should be quick.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="listSize"/> is not positive.</exception>
    public async Task<Result<CredentialRecord>> IssueCredentialAsync(
        string tenantId,
        string credentialId,
        int listSize,
        Func<StatusAllocation, Result<string>> sign,
        AuditEntry audit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(credentialId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listSize);
        ArgumentNullException.ThrowIfNull(sign);
        ArgumentNullException.ThrowIfNull(audit);

        return await WriteAsync<CredentialRecord>(
            session => IssueInSessionAsync(session, tenantId, credentialId, listSize, sign, audit, alsoWrite: null, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    // The issuance transaction body; alsoWrite adds rows that must commit with the credential (a biometric record).
    private static async Task<Result<CredentialRecord>> IssueInSessionAsync(
        PostgresSession session, string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit,
        Func<PostgresSession, Task>? alsoWrite, CancellationToken cancellationToken)
    {
        bool tenantExists, credentialExists;
        await using (var command = session.Command(PreconditionsSql).With("@tenant", tenantId).With("@credential", credentialId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (tenantExists, credentialExists) = (reader.GetBoolean(0), reader.GetBoolean(1));
        }

        if (!tenantExists)
        {
            return NotFound($"The tenant '{tenantId}' does not exist.");
        }

        if (credentialExists)
        {
            return CredentialExists(credentialId);
        }

        // Revocation before suspension, always: the global lock order (see the class remarks).
        var (revocationList, revocationIndex) = await AllocateAsync(session, StatusColumns.Revocation, tenantId, listSize, audit.At, cancellationToken).ConfigureAwait(false);
        var (suspensionList, suspensionIndex) = await AllocateAsync(session, StatusColumns.Suspension, tenantId, listSize, audit.At, cancellationToken).ConfigureAwait(false);
        var allocation = new StatusAllocation(revocationList, revocationIndex, suspensionList, suspensionIndex);

        var signed = sign(allocation);
        if (!signed.IsSuccess)
        {
            return signed.Error; // Rolls back the allocation, and any list it opened.
        }

        try
        {
            await session.ExecuteAsync(
                session.Command(InsertCredential)
                    .With("@tenant", tenantId)
                    .With("@credential", credentialId)
                    .With("@document", signed.Value)
                    .With("@revList", revocationList)
                    .With("@revIndex", revocationIndex)
                    .With("@susList", suspensionList)
                    .With("@susIndex", suspensionIndex)
                    .With("@issued", audit.At),
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.IsUniqueViolation(CredentialsIdUnique))
        {
            return CredentialExists(credentialId); // Issued meanwhile by another request with the same id.
        }

        if (alsoWrite is not null)
        {
            await alsoWrite(session).ConfigureAwait(false);
        }

        await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    public Task<StatusListSnapshot?> GetStatusListAsync(string tenantId, string listId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(listId);
        return ReadAsync<StatusListSnapshot?>(
            async session =>
            {
                await using var command = session.Command(SelectList).With("@tenant", tenantId).With("@list", listId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var purpose = reader.GetString(0) == StatusColumns.Revocation.Purpose ? StatusPurpose.Revocation : StatusPurpose.Suspension;
                var indexes = reader.GetFieldValue<int[]>(5);
                return new StatusListSnapshot(
                    tenantId, listId, purpose, reader.GetInt32(1), reader.GetInt64(2), reader.GetInstant(3), reader.GetInstant(4),
                    ImmutableArray.Create(indexes));
            },
            cancellationToken);
    }

    private static Result<CredentialRecord> CredentialExists(string credentialId) =>
        Result<CredentialRecord>.Failure(ErrorCodes.CredentialExists, $"The tenant already has a credential '{credentialId}'.");

    /// <summary>
    /// Locks the tenant's newest list of the purpose (opening the next list when that one is full or there is none) and
    /// reserves a fresh index in it. Must run inside the caller's write transaction; the lock is held until it ends.
    /// </summary>
    private static async Task<(string ListId, int Index)> AllocateAsync(
        PostgresSession session, StatusColumns columns, string tenantId, int listSize, DateTimeOffset at, CancellationToken cancellationToken)
    {
        while (true)
        {
            string? listId = null;
            long number = 0;
            int size = 0, allocated = 0;
            await using (var command = session.Command(LockNewestList).With("@tenant", tenantId).With("@purpose", columns.Purpose))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    (listId, number, size, allocated) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3));
                }
            }

            if (listId is not null && allocated < size)
            {
                int index = await PickFreeIndexAsync(session, columns, tenantId, listId, size, allocated, cancellationToken).ConfigureAwait(false);
                await session.ExecuteAsync(session.Command(CountAllocation).With("@tenant", tenantId).With("@list", listId), cancellationToken).ConfigureAwait(false);
                return (listId, index);
            }

            // Full or missing: open list number + 1 (or find that another transaction just did), then lock the newest again.
            string next = string.Create(CultureInfo.InvariantCulture, $"{columns.Purpose}-{number + 1}");
            await session.ExecuteAsync(
                session.Command(InsertList)
                    .With("@tenant", tenantId).With("@list", next).With("@purpose", columns.Purpose)
                    .With("@number", number + 1).With("@size", listSize).With("@at", at),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A uniformly random free index while at least a quarter of the list is free (random probes), else the
    /// first free index at or after a random point, wrapping around. Invariant: <paramref name="allocated"/> &lt;
    /// <paramref name="size"/>, so one exists; the scan reads the used indexes in order and so always terminates.</summary>
    private static async Task<int> PickFreeIndexAsync(
        PostgresSession session, StatusColumns columns, string tenantId, string listId, int size, int allocated, CancellationToken cancellationToken)
    {
        if (allocated == 0)
        {
            return RandomNumberGenerator.GetInt32(size);
        }

        bool probe = (long)(size - allocated) * ProbeWhileFreeQuarters >= size;
        for (int attempt = 0; probe && attempt < RandomProbes; attempt++)
        {
            int candidate = RandomNumberGenerator.GetInt32(size);
            var used = (bool)(await session.ScalarAsync(
                session.Command(columns.IndexUsed).With("@tenant", tenantId).With("@list", listId).With("@index", candidate), cancellationToken).ConfigureAwait(false))!;
            if (!used)
            {
                return candidate;
            }
        }

        int start = RandomNumberGenerator.GetInt32(size);
        return await FirstFreeFromAsync(session, columns, tenantId, listId, start, size, cancellationToken).ConfigureAwait(false)
            ?? await FirstFreeFromAsync(session, columns, tenantId, listId, 0, start, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The status list '{listId}' has no free index although its allocation count says it has.");
    }

    /// <summary>The first index in [<paramref name="from"/>, <paramref name="to"/>) that no credential of the list uses.</summary>
    private static async Task<int?> FirstFreeFromAsync(
        PostgresSession session, StatusColumns columns, string tenantId, string listId, int from, int to, CancellationToken cancellationToken)
    {
        int candidate = from;
        await using var command = session.Command(columns.UsedFrom).With("@tenant", tenantId).With("@list", listId).With("@from", from);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (candidate < to && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int used = reader.GetInt32(0);
            if (used > candidate)
            {
                break;
            }

            candidate = used + 1;
        }

        return candidate < to ? candidate : null;
    }
}
