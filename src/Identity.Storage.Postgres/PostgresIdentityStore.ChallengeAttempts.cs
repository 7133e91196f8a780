namespace Identity.Storage.Postgres;

/// <summary>Single-use values that carry a payload (OpenID4VCI offers, codes, tokens) and counted attempts against them.</summary>
public sealed partial class PostgresIdentityStore
{
    private const string SelectLiveChallenge = """
        SELECT domain, created_at, expires_at, payload, attempts FROM challenges
        WHERE value = @value AND consumed_at IS NULL AND expires_at > @now
        """;

    // The conditional UPDATE takes the row lock and re-checks the count against the committed row, so racing attempts
    // from any replica each bump it once and none passes the limit.
    private const string CountChallengeAttempt = """
        UPDATE challenges SET attempts = attempts + 1
        WHERE value = @value AND consumed_at IS NULL AND expires_at > @now AND attempts < @limit
        RETURNING attempts
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    public Task<ChallengeRecord?> FindChallengeAsync(string challenge, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ReadAsync<ChallengeRecord?>(
            async session =>
            {
                await using var command = session.Command(SelectLiveChallenge).With("@value", challenge).With("@now", now);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new ChallengeRecord(
                    challenge, reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero))
                {
                    Payload = await reader.IsDBNullAsync(3, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(3),
                    Attempts = reader.GetInt32(4),
                };
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<int?> BeginChallengeAttemptAsync(string challenge, int limit, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var attempts = await ReadAsync(
            session => session.ScalarAsync(session.Command(CountChallengeAttempt).With("@value", challenge).With("@now", now).With("@limit", limit), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return attempts is int counted ? counted : null;
    }
}
