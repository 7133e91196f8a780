namespace Identity.Storage.Sqlite;

/// <summary>Counted biometric match attempts: the per-record limit that keeps a binding credential from being a match oracle.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectAttempts = """
        SELECT window_start, attempts FROM biometric_attempts WHERE tenant_id = @tenant AND record_id = @record
        """;

    private const string UpsertAttempts = """
        INSERT INTO biometric_attempts (tenant_id, record_id, window_start, attempts) VALUES (@tenant, @record, @start, @attempts)
        ON CONFLICT (tenant_id, record_id) DO UPDATE SET window_start = excluded.window_start, attempts = excluded.attempts
        """;

    private const string DeleteAttempts = "DELETE FROM biometric_attempts WHERE tenant_id = @tenant AND record_id = @record";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> or <paramref name="limit"/> is not positive.</exception>
    public async Task<BiometricAttempt> BeginBiometricAttemptAsync(
        string tenantId, string recordId, DateTimeOffset now, TimeSpan window, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(recordId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        // BEGIN IMMEDIATE serialises writers (across processes too), so the read and the update are one atomic step.
        var result = await WriteAsync<BiometricAttempt>(
            session =>
            {
                DateTimeOffset start = now;
                int attempts = 0;
                using (var reader = session.Command(SelectAttempts).With("@tenant", tenantId).With("@record", recordId).ExecuteReader())
                {
                    if (reader.Read() && reader.GetInstant(0) + window > now)
                    {
                        start = reader.GetInstant(0);
                        attempts = reader.GetInt32(1);
                    }
                }

                if (attempts >= limit)
                {
                    return new BiometricAttempt(false, attempts, start + window);
                }

                session.Command(UpsertAttempts)
                    .With("@tenant", tenantId).With("@record", recordId).With("@start", start).With("@attempts", attempts + 1)
                    .ExecuteNonQuery();
                return new BiometricAttempt(true, attempts + 1, null);
            },
            cancellationToken).ConfigureAwait(false);
        return result.Value;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task ResetBiometricAttemptsAsync(string tenantId, string recordId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(recordId);
        await WriteAsync<int>(
            session => session.Command(DeleteAttempts).With("@tenant", tenantId).With("@record", recordId).ExecuteNonQuery(),
            cancellationToken).ConfigureAwait(false);
    }
}
