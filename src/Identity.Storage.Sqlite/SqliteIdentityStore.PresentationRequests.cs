using Identity.Primitives;

namespace Identity.Storage.Sqlite;

/// <summary>OpenID4VP requests: created pending, claimed by exactly one wallet response, then finished.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string InsertPresentationRequest = """
        INSERT INTO presentation_requests (id, tenant_id, state, status, created_at, expires_at)
        VALUES (@id, @tenant, @state, 'pending', @created, @expires)
        """;

    private const string SelectPresentationRequest = """
        SELECT id, tenant_id, state, status, result, created_at, expires_at, finished_at FROM presentation_requests WHERE id = @id
        """;

    // The single conditional UPDATE is the atomic step: of any number of racing responses, one sees a changed row.
    private const string ClaimPresentationRequest = """
        UPDATE presentation_requests SET status = 'processing' WHERE id = @id AND status = 'pending' AND expires_at > @now
        """;

    private const string FinishPresentationRequest = """
        UPDATE presentation_requests SET status = @status, result = @result, finished_at = @at WHERE id = @id AND status = 'processing'
        """;

    private const string DeletePresentationRequests = "DELETE FROM presentation_requests WHERE expires_at < @before";
    private const string SelectTenantExists = "SELECT count(*) FROM tenants WHERE id = @tenant";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public async Task<Result<PresentationRequestRecord>> AddPresentationRequestAsync(PresentationRequestRecord request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await WriteAsync<PresentationRequestRecord>(
            session =>
            {
                if ((long)session.Command(SelectTenantExists).With("@tenant", request.TenantId).ExecuteScalar()! == 0)
                {
                    return new Error(ErrorCodes.NotFound, $"The tenant '{request.TenantId}' does not exist.");
                }

                session.Command(InsertPresentationRequest)
                    .With("@id", request.Id).With("@tenant", request.TenantId).With("@state", request.State)
                    .With("@created", request.CreatedAt).With("@expires", request.ExpiresAt)
                    .ExecuteNonQuery();
                return request with { Status = PresentationRequestStatus.Pending, Result = null, FinishedAt = null };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public Task<PresentationRequestRecord?> GetPresentationRequestAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync<PresentationRequestRecord?>(
            session =>
            {
                using var reader = session.Command(SelectPresentationRequest).With("@id", id).ExecuteReader();
                return reader.Read()
                    ? new PresentationRequestRecord(
                        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInstant(5), reader.GetInstant(6),
                        PresentationRequestStatuses.Parse(reader.GetString(3)), reader.GetNullableString(4), reader.GetNullableInstant(7))
                    : null;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public async Task<PresentationRequestClaim> ClaimPresentationRequestAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var result = await WriteAsync<PresentationRequestClaim>(
            session =>
            {
                if (session.Command(ClaimPresentationRequest).With("@id", id).With("@now", now).ExecuteNonQuery() == 1)
                {
                    return PresentationRequestClaim.Claimed;
                }

                using var reader = session.Command(SelectPresentationRequest).With("@id", id).ExecuteReader();
                return !reader.Read() ? PresentationRequestClaim.NotFound
                    : reader.GetString(3) == "pending" ? PresentationRequestClaim.Expired
                    : PresentationRequestClaim.Finished;
            },
            cancellationToken).ConfigureAwait(false);
        return result.Value;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task FinishPresentationRequestAsync(
        string id, PresentationRequestStatus status, string result, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(result);
        await WriteAsync<int>(
            session => session.Command(FinishPresentationRequest)
                .With("@id", id).With("@status", PresentationRequestStatuses.Name(status)).With("@result", result).With("@at", at)
                .ExecuteNonQuery(),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> DeleteExpiredPresentationRequestsAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var result = await WriteAsync<int>(
            session => session.Command(DeletePresentationRequests).With("@before", before).ExecuteNonQuery(),
            cancellationToken).ConfigureAwait(false);
        return result.Value;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task<byte[]?> FindTenantSecretAsync(string tenantId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync<byte[]?>(
            session => session.Command(SelectSecret).With("@tenant", tenantId).With("@name", name).ExecuteScalar() as byte[],
            snapshot: false,
            cancellationToken);
    }
}
