// References:
//   W3C Bitstring Status List v1.0, §6.1 (random index assignment for herd privacy) — https://www.w3.org/TR/vc-bitstring-status-list/

using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Identity.Primitives;
using Microsoft.Data.Sqlite;

namespace Identity.Storage.Sqlite;

/// <summary>Credentials and their status lists.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string CredentialExistsSql =
        "SELECT EXISTS (SELECT 1 FROM credentials WHERE tenant_id = @tenant AND credential_id = @credential)";

    private const string SelectNewestList = """
        SELECT list_id, number, size, allocated FROM status_lists
        WHERE tenant_id = @tenant AND purpose = @purpose ORDER BY number DESC LIMIT 1
        """;

    private const string InsertList = """
        INSERT INTO status_lists (tenant_id, list_id, purpose, number, size, allocated, version, created_at, updated_at)
        VALUES (@tenant, @list, @purpose, @number, @size, 0, 0, @at, @at)
        """;

    private const string CountAllocation = "UPDATE status_lists SET allocated = allocated + 1 WHERE tenant_id = @tenant AND list_id = @list";

    private const string InsertCredential = """
        INSERT INTO credentials (tenant_id, credential_id, document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at, subject_tag)
        VALUES (@tenant, @credential, @document, @revList, @revIndex, @susList, @susIndex, 0, 0, @issued, @subjectTag)
        """;

    private const string SelectCredential = """
        SELECT document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at
        FROM credentials WHERE tenant_id = @tenant AND credential_id = @credential
        """;

    // version = version + 1 in SQL, never a value computed outside the transaction, so no change is lost.
    private const string BumpListVersion = "UPDATE status_lists SET version = version + 1, updated_at = @at WHERE tenant_id = @tenant AND list_id = @list";

    private const string SelectListVersion = "SELECT version FROM status_lists WHERE tenant_id = @tenant AND list_id = @list";

    private const string SelectList = """
        SELECT purpose, size, version, created_at, updated_at FROM status_lists WHERE tenant_id = @tenant AND list_id = @list
        """;

    private const string SelectRevocationListSize = "SELECT size FROM status_lists WHERE tenant_id = @tenant AND list_id = @list AND purpose = 'revocation'";

    private const string SelectTokenStatuses = """
        SELECT rev_index, revoked FROM credentials
        WHERE tenant_id = @tenant AND rev_list = @list AND (revoked = 1 OR suspended = 1) ORDER BY rev_index
        """;

    /// <inheritdoc />
    /// <remarks><see cref="CredentialRecord.IssuedAt"/> and the creation time of a new list are <paramref name="audit"/>'s
    /// <see cref="AuditEntry.At"/>. <paramref name="sign"/> usually runs before the write transaction, on entries drawn from a
    /// read snapshot, and may run a second time inside it when those entries were taken meanwhile; the document stored is
    /// the one signed on the entries stored.</remarks>
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

    // The issuance transaction body that allocates and signs inside the lock; alsoWrite adds rows that must commit with
    // the credential (a biometric record).
    private Result<CredentialRecord> IssueInSession(
        SqliteSession session, string tenantId, string credentialId, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit,
        string? subjectTag, Action<SqliteSession>? alsoWrite)
    {
        if (CheckNewCredential(session, tenantId, credentialId) is { } refused)
        {
            return refused;
        }

        var (revocationList, revocationIndex) = Allocate(session, StatusColumns.Revocation, tenantId, listSize, audit.At);
        var (suspensionList, suspensionIndex) = Allocate(session, StatusColumns.Suspension, tenantId, listSize, audit.At);
        var allocation = new StatusAllocation(revocationList, revocationIndex, suspensionList, suspensionIndex);

        var signed = sign(allocation);
        if (!signed.IsSuccess)
        {
            return signed.Error; // Rolls back the allocation, and any list it opened.
        }

        return Store(session, tenantId, credentialId, allocation, signed.Value, audit, subjectTag, alsoWrite);
    }

    /// <summary><c>notFound</c> for an unknown tenant, <c>credentialExists</c> for a taken id, else null.</summary>
    private static Error? CheckNewCredential(SqliteSession session, string tenantId, string credentialId)
    {
        if (!TenantExists(session, tenantId))
        {
            return NotFound($"The tenant '{tenantId}' does not exist.");
        }

        return (long)session.Command(CredentialExistsSql).With("@tenant", tenantId).With("@credential", credentialId).ExecuteScalar()! == 1
            ? new Error(ErrorCodes.CredentialExists, $"The tenant already has a credential '{credentialId}'.")
            : null;
    }

    // Writes the signed credential on its (already counted) entries, the rows alsoWrite adds, and the audit entry.
    private CredentialRecord Store(
        SqliteSession session, string tenantId, string credentialId, StatusAllocation allocation, string document, AuditEntry audit,
        string? subjectTag, Action<SqliteSession>? alsoWrite)
    {
        session.Command(InsertCredential)
            .With("@tenant", tenantId)
            .With("@credential", credentialId)
            .With("@document", document)
            .With("@revList", allocation.RevocationListId)
            .With("@revIndex", allocation.RevocationIndex)
            .With("@susList", allocation.SuspensionListId)
            .With("@susIndex", allocation.SuspensionIndex)
            .With("@issued", audit.At)
            .With("@subjectTag", subjectTag)
            .ExecuteNonQuery();
        alsoWrite?.Invoke(session);
        AppendAudit(session, audit);
        return new CredentialRecord(tenantId, credentialId, document, allocation, false, false, audit.At.Utc());
    }

    /// <inheritdoc />
    public Task<CredentialRecord?> GetCredentialAsync(string tenantId, string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(credentialId);
        return ReadAsync<CredentialRecord?>(
            session =>
            {
                using var reader = session.Command(SelectCredential).With("@tenant", tenantId).With("@credential", credentialId).ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                var status = new StatusAllocation(reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4));
                return new CredentialRecord(
                    tenantId, credentialId, reader.GetString(0), status, reader.GetInt64(5) == 1, reader.GetInt64(6) == 1, reader.GetInstant(7));
            },
            snapshot: false,
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
            session =>
            {
                string listId;
                int index;
                bool current;
                using (var reader = session.Command(columns.SelectState).With("@tenant", tenantId).With("@credential", credentialId).ExecuteReader())
                {
                    if (!reader.Read())
                    {
                        return NotFound($"The tenant has no credential '{credentialId}'.");
                    }

                    (listId, index, current) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2) == 1);
                }

                if (StatusChange.Refusal(purpose, current, value, credentialId) is { } refused)
                {
                    return refused;
                }

                bool changed = current != value;
                if (changed)
                {
                    session.Command(columns.UpdateFlag).With("@value", value ? 1 : 0).With("@tenant", tenantId).With("@credential", credentialId).ExecuteNonQuery();
                    session.Command(BumpListVersion).With("@at", at).With("@tenant", tenantId).With("@list", listId).ExecuteNonQuery();
                }

                long version = (long)session.Command(SelectListVersion).With("@tenant", tenantId).With("@list", listId).ExecuteScalar()!;
                AppendAudit(session, audit);
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
            session =>
            {
                StatusPurpose purpose;
                int size;
                long version;
                DateTimeOffset created, updated;
                using (var reader = session.Command(SelectList).With("@tenant", tenantId).With("@list", listId).ExecuteReader())
                {
                    if (!reader.Read())
                    {
                        return null;
                    }

                    purpose = reader.GetString(0) == StatusColumns.Revocation.Purpose ? StatusPurpose.Revocation : StatusPurpose.Suspension;
                    (size, version, created, updated) = (reader.GetInt32(1), reader.GetInt64(2), reader.GetInstant(3), reader.GetInstant(4));
                }

                var indexes = ImmutableArray.CreateBuilder<int>();
                using (var reader = session.Command(StatusColumns.For(purpose).SetIndexes).With("@tenant", tenantId).With("@list", listId).ExecuteReader())
                {
                    while (reader.Read())
                    {
                        indexes.Add(reader.GetInt32(0));
                    }
                }

                return new StatusListSnapshot(tenantId, listId, purpose, size, version, created, updated, indexes.ToImmutable());
            },
            snapshot: true,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<TokenStatusListSnapshot?> GetTokenStatusListAsync(string tenantId, string listId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(listId);
        return ReadAsync<TokenStatusListSnapshot?>(
            session =>
            {
                if (session.Command(SelectRevocationListSize).With("@tenant", tenantId).With("@list", listId).ExecuteScalar() is not long size)
                {
                    return null;
                }

                var revoked = ImmutableArray.CreateBuilder<int>();
                var suspended = ImmutableArray.CreateBuilder<int>();
                using var reader = session.Command(SelectTokenStatuses).With("@tenant", tenantId).With("@list", listId).ExecuteReader();
                while (reader.Read())
                {
                    (reader.GetInt64(1) == 1 ? revoked : suspended).Add(reader.GetInt32(0));
                }

                return new TokenStatusListSnapshot(tenantId, listId, (int)size, revoked.ToImmutable(), suspended.ToImmutable());
            },
            snapshot: true,
            cancellationToken);
    }

    /// <summary>
    /// Reserves a fresh index in the tenant's newest list of the purpose, opening the next list when that one is full.
    /// Must run inside the caller's write transaction.
    /// </summary>
    private static (string ListId, int Index) Allocate(SqliteSession session, StatusColumns columns, string tenantId, int listSize, DateTimeOffset at)
    {
        string? listId = null;
        long number = 0;
        int size = 0, allocated = 0;
        using (var reader = session.Command(SelectNewestList).With("@tenant", tenantId).With("@purpose", columns.Purpose).ExecuteReader())
        {
            if (reader.Read())
            {
                (listId, number, size, allocated) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3));
            }
        }

        if (listId is null || allocated >= size)
        {
            number++;
            listId = string.Create(CultureInfo.InvariantCulture, $"{columns.Purpose}-{number}");
            (size, allocated) = (listSize, 0);
            session.Command(InsertList)
                .With("@tenant", tenantId).With("@list", listId).With("@purpose", columns.Purpose)
                .With("@number", number).With("@size", size).With("@at", at)
                .ExecuteNonQuery();
        }

        int index = PickFreeIndex(session, columns, tenantId, listId, size, allocated);
        session.Command(CountAllocation).With("@tenant", tenantId).With("@list", listId).ExecuteNonQuery();
        return (listId, index);
    }

    /// <summary>The free index <see cref="StatusIndexPolicy"/> chooses. Invariant: <paramref name="allocated"/> &lt;
    /// <paramref name="size"/>, so one exists; the scan reads the used indexes in order and so always terminates.</summary>
    private static int PickFreeIndex(SqliteSession session, StatusColumns columns, string tenantId, string listId, int size, int allocated)
    {
        if (allocated == 0)
        {
            return StatusIndexPolicy.Candidate(size);
        }

        bool probe = StatusIndexPolicy.DrawsAtRandom(size, allocated);
        for (int attempt = 0; probe && attempt < StatusIndexPolicy.RandomProbes; attempt++)
        {
            int candidate = StatusIndexPolicy.Candidate(size);
            if ((long)session.Command(columns.IndexUsed).With("@tenant", tenantId).With("@list", listId).With("@index", candidate).ExecuteScalar()! == 0)
            {
                return candidate;
            }
        }

        int start = StatusIndexPolicy.Candidate(size);
        return FirstFreeFrom(session, columns, tenantId, listId, start, size)
            ?? FirstFreeFrom(session, columns, tenantId, listId, 0, start)
            ?? throw new InvalidOperationException($"The status list '{listId}' has no free index although its allocation count says it has.");
    }

    /// <summary>The first index in [<paramref name="from"/>, <paramref name="to"/>) that no credential of the list uses.</summary>
    private static int? FirstFreeFrom(SqliteSession session, StatusColumns columns, string tenantId, string listId, int from, int to)
    {
        int candidate = from;
        using SqliteDataReader reader = session.Command(columns.UsedFrom).With("@tenant", tenantId).With("@list", listId).With("@from", from).ExecuteReader();
        while (candidate < to && reader.Read())
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
