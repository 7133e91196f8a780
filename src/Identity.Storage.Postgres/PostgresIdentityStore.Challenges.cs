namespace Identity.Storage.Postgres;

/// <summary>Presentation challenges: issued here, consumed at most once by any replica.</summary>
public sealed partial class PostgresIdentityStore
{
    private const string InsertChallenge = """
        INSERT INTO challenges (value, domain, created_at, expires_at, payload) VALUES (@value, @domain, @created, @expires, @payload)
        ON CONFLICT (value) DO NOTHING
        """;

    // The conditional UPDATE is the atomic step: a racing consumer waits for the row lock, then re-checks
    // consumed_at IS NULL against the committed row and matches nothing. The outer SELECT reads the row as it was
    // before this statement, so a row this statement did not update but saw unconsumed and unexpired was consumed
    // concurrently by another caller.
    private const string ConsumeChallenge = """
        WITH consumed AS (
            UPDATE challenges SET consumed_at = @now WHERE value = @value AND consumed_at IS NULL AND expires_at > @now RETURNING 1
        )
        SELECT domain, expires_at, consumed_at IS NOT NULL, EXISTS (SELECT 1 FROM consumed), payload FROM challenges WHERE value = @value
        """;

    private const string DeleteChallenges = "DELETE FROM challenges WHERE expires_at < @before";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    /// <exception cref="ArgumentException">A challenge with this value already exists (values are random, so this is a caller bug).</exception>
    public async Task AddChallengeAsync(ChallengeRecord challenge, CancellationToken cancellationToken = default)
    {
        if (!await TryAddChallengeAsync(challenge, cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException("A challenge with this value already exists.", nameof(challenge));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    public async Task<bool> TryAddChallengeAsync(ChallengeRecord challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        int inserted = await ReadAsync(
            session => session.ExecuteAsync(
                session.Command(InsertChallenge)
                    .With("@value", challenge.Value)
                    .With("@domain", challenge.Domain)
                    .With("@created", challenge.CreatedAt)
                    .With("@expires", challenge.ExpiresAt)
                    .With("@payload", challenge.Payload),
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    public Task<ChallengeConsumption> ConsumeChallengeAsync(string challenge, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ReadAsync(
            async session =>
            {
                await using var command = session.Command(ConsumeChallenge).With("@now", now).With("@value", challenge);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return new ChallengeConsumption(ChallengeState.NotIssued, null);
                }

                string domain = reader.GetString(0);
                bool expired = reader.GetInt64(1) <= now.UtcTicks;
                bool usedBefore = reader.GetBoolean(2);
                bool consumedNow = reader.GetBoolean(3);
                var state = consumedNow ? ChallengeState.Consumed
                    : usedBefore || !expired ? ChallengeState.AlreadyUsed
                    : ChallengeState.Expired;
                return new ChallengeConsumption(state, domain, await reader.IsDBNullAsync(4, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(4));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredChallengesAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        ReadAsync(session => session.ExecuteAsync(session.Command(DeleteChallenges).With("@before", before), cancellationToken), cancellationToken);
}
