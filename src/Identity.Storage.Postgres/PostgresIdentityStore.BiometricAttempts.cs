namespace Identity.Storage.Postgres;

/// <summary>Counted biometric match attempts: the per-record limit that keeps a binding credential from being a match oracle.</summary>
public sealed partial class PostgresIdentityStore
{
    // One statement is the atomic step: the upsert takes the row lock, re-evaluates the WHERE against the committed row,
    // and counts the attempt only when the window has ended (counting restarts) or is below the limit. No row back
    // means the record is locked.
    private const string CountAttempt = """
        INSERT INTO biometric_attempts AS a (tenant_id, record_id, window_start, attempts) VALUES (@tenant, @record, @now, 1)
        ON CONFLICT (tenant_id, record_id) DO UPDATE SET
            window_start = CASE WHEN a.window_start + @window <= @now THEN @now ELSE a.window_start END,
            attempts     = CASE WHEN a.window_start + @window <= @now THEN 1 ELSE a.attempts + 1 END
        WHERE a.window_start + @window <= @now OR a.attempts < @limit
        RETURNING attempts
        """;

    private const string SelectAttempts = """
        SELECT window_start, attempts FROM biometric_attempts WHERE tenant_id = @tenant AND record_id = @record
        """;

    private const string DeleteAttempts = "DELETE FROM biometric_attempts WHERE tenant_id = @tenant AND record_id = @record";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> or <paramref name="limit"/> is not positive.</exception>
    public Task<BiometricAttempt> BeginBiometricAttemptAsync(
        string tenantId, string recordId, DateTimeOffset now, TimeSpan window, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(recordId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync(
            async session =>
            {
                var counted = await session.ScalarAsync(
                    session.Command(CountAttempt)
                        .With("@tenant", tenantId).With("@record", recordId).With("@now", now).With("@window", window.Ticks).With("@limit", limit),
                    cancellationToken).ConfigureAwait(false);
                if (counted is int attempts)
                {
                    return new BiometricAttempt(true, attempts, null);
                }

                await using var command = session.Command(SelectAttempts).With("@tenant", tenantId).With("@record", recordId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                // No row: a match reset the count in between; refusing this once is the safe side.
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new BiometricAttempt(false, reader.GetInt32(1), reader.GetInstant(0) + window)
                    : new BiometricAttempt(false, limit, now);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task ResetBiometricAttemptsAsync(string tenantId, string recordId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(recordId);
        await ReadAsync(
            session => session.ExecuteAsync(session.Command(DeleteAttempts).With("@tenant", tenantId).With("@record", recordId), cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }
}
