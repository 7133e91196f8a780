namespace Identity.Storage.Sqlite;

/// <summary>Single-use values that carry a payload (OpenID4VCI offers, codes, tokens) and counted attempts against them.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectLiveChallenge = """
        SELECT domain, created_at, expires_at, payload, attempts FROM challenges
        WHERE value = @value AND consumed_at IS NULL AND expires_at > @now
        """;

    // One conditional UPDATE is the atomic step: racing attempts each bump the count once, and none passes the limit.
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
            session =>
            {
                using var reader = session.Command(SelectLiveChallenge).With("@value", challenge).With("@now", now).ExecuteReader();
                return reader.Read()
                    ? new ChallengeRecord(challenge, reader.GetString(0), reader.GetInstant(1), reader.GetInstant(2))
                    {
                        Payload = reader.IsDBNull(3) ? null : reader.GetString(3),
                        Attempts = reader.GetInt32(4),
                    }
                    : null;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<int?> BeginChallengeAttemptAsync(string challenge, int limit, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var counted = await WriteAsync<int?>(
            session => session.Command(CountChallengeAttempt).With("@value", challenge).With("@now", now).With("@limit", limit).ExecuteScalar() is long attempts
                ? Identity.Primitives.Result<int?>.Success((int)attempts)
                : Identity.Primitives.Result<int?>.Success(null),
            cancellationToken).ConfigureAwait(false);
        return counted.Value;
    }
}
