namespace Identity.Storage.Sqlite;

/// <summary>Presentation challenges: issued here, consumed at most once.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string InsertChallenge = """
        INSERT INTO challenges (value, domain, created_at, expires_at, payload) VALUES (@value, @domain, @created, @expires, @payload)
        ON CONFLICT (value) DO NOTHING
        """;

    // The single conditional UPDATE is the atomic step: of any number of racing consumers, one sees a changed row.
    private const string ConsumeChallenge = """
        UPDATE challenges SET consumed_at = @now WHERE value = @value AND consumed_at IS NULL AND expires_at > @now
        """;

    private const string SelectChallenge = "SELECT domain, expires_at, consumed_at, payload FROM challenges WHERE value = @value";

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
        var inserted = await WriteAsync<bool>(
            session => session.Command(InsertChallenge)
                .With("@value", challenge.Value)
                .With("@domain", challenge.Domain)
                .With("@created", challenge.CreatedAt)
                .With("@expires", challenge.ExpiresAt)
                .With("@payload", challenge.Payload)
                .ExecuteNonQuery() == 1,
            cancellationToken).ConfigureAwait(false);
        return inserted.Value;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    public async Task<ChallengeConsumption> ConsumeChallengeAsync(string challenge, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var result = await WriteAsync<ChallengeConsumption>(
            session =>
            {
                bool consumed = session.Command(ConsumeChallenge).With("@now", now).With("@value", challenge).ExecuteNonQuery() == 1;
                using var reader = session.Command(SelectChallenge).With("@value", challenge).ExecuteReader();
                if (!reader.Read())
                {
                    return new ChallengeConsumption(ChallengeState.NotIssued, null);
                }

                string domain = reader.GetString(0);
                var state = consumed ? ChallengeState.Consumed
                    : !reader.IsDBNull(2) ? ChallengeState.AlreadyUsed
                    : ChallengeState.Expired;
                return new ChallengeConsumption(state, domain, reader.IsDBNull(3) ? null : reader.GetString(3));
            },
            cancellationToken).ConfigureAwait(false);
        return result.Value;
    }

    /// <inheritdoc />
    public async Task<int> DeleteExpiredChallengesAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var result = await WriteAsync<int>(
            session => session.Command(DeleteChallenges).With("@before", before).ExecuteNonQuery(),
            cancellationToken).ConfigureAwait(false);
        return result.Value;
    }
}
