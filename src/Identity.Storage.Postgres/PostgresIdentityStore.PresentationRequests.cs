using Identity.Primitives;

namespace Identity.Storage.Postgres;

/// <summary>OpenID4VP requests: created pending, claimed by exactly one wallet response (from any replica), then finished.</summary>
public sealed partial class PostgresIdentityStore
{
    private const string InsertPresentationRequest = """
        INSERT INTO presentation_requests (id, tenant_id, state, status, created_at, expires_at)
        VALUES (@id, @tenant, @state, 'pending', @created, @expires)
        """;

    private const string SelectPresentationRequest = """
        SELECT id, tenant_id, state, status, result, created_at, expires_at, finished_at FROM presentation_requests WHERE id = @id
        """;

    // The conditional UPDATE is the atomic step: a racing claimant waits for the row lock, then re-checks
    // status = 'pending' against the committed row and matches nothing. The outer SELECT sees the row as it was before
    // this statement, so "not claimed here but pending" means another caller claimed it concurrently.
    private const string ClaimPresentationRequest = """
        WITH claimed AS (
            UPDATE presentation_requests SET status = 'processing' WHERE id = @id AND status = 'pending' AND expires_at > @now RETURNING 1
        )
        SELECT status, expires_at, EXISTS (SELECT 1 FROM claimed) FROM presentation_requests WHERE id = @id
        """;

    private const string DeletePresentationRequests = "DELETE FROM presentation_requests WHERE expires_at < @before";

    private const string FinishPresentationRequest = """
        UPDATE presentation_requests SET status = @status, result = @result, finished_at = @at WHERE id = @id AND status = 'processing'
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public Task<Result<PresentationRequestRecord>> AddPresentationRequestAsync(PresentationRequestRecord request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync<PresentationRequestRecord>(
            async session =>
            {
                if (!await TenantExistsAsync(session, request.TenantId, cancellationToken).ConfigureAwait(false))
                {
                    return NotFound($"The tenant '{request.TenantId}' does not exist.");
                }

                await session.ExecuteAsync(
                    session.Command(InsertPresentationRequest)
                        .With("@id", request.Id).With("@tenant", request.TenantId).With("@state", request.State)
                        .With("@created", request.CreatedAt).With("@expires", request.ExpiresAt),
                    cancellationToken).ConfigureAwait(false);
                return request with { Status = PresentationRequestStatus.Pending, Result = null, FinishedAt = null };
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public Task<PresentationRequestRecord?> GetPresentationRequestAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync<PresentationRequestRecord?>(
            async session =>
            {
                await using var command = session.Command(SelectPresentationRequest).With("@id", id);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new PresentationRequestRecord(
                        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInstant(5), reader.GetInstant(6),
                        PresentationRequestStatuses.Parse(reader.GetString(3)), reader.GetNullableString(4), reader.GetNullableInstant(7))
                    : null;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public Task<PresentationRequestClaim> ClaimPresentationRequestAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync(
            async session =>
            {
                await using var command = session.Command(ClaimPresentationRequest).With("@id", id).With("@now", now);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return PresentationRequestClaim.NotFound;
                }

                bool pendingBefore = reader.GetString(0) == "pending";
                bool expired = reader.GetInt64(1) <= now.UtcTicks;
                return reader.GetBoolean(2) ? PresentationRequestClaim.Claimed
                    : pendingBefore && expired ? PresentationRequestClaim.Expired
                    : PresentationRequestClaim.Finished;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task FinishPresentationRequestAsync(
        string id, PresentationRequestStatus status, string result, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(result);
        return ReadAsync(
            session => session.ExecuteAsync(
                session.Command(FinishPresentationRequest)
                    .With("@id", id).With("@status", PresentationRequestStatuses.Name(status)).With("@result", result).With("@at", at),
                cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredPresentationRequestsAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        ReadAsync(session => session.ExecuteAsync(session.Command(DeletePresentationRequests).With("@before", before), cancellationToken), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task<byte[]?> FindTenantSecretAsync(string tenantId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(
            async session => await session.ScalarAsync(session.Command(SelectSecret).With("@tenant", tenantId).With("@name", name), cancellationToken)
                .ConfigureAwait(false) as byte[],
            cancellationToken);
    }
}
