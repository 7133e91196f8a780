// References: W3C Verifiable Credential Data Integrity 1.0 (2025), §2.1 Proofs (challenge) and §5.3 Replay Attacks,
//   https://www.w3.org/TR/vc-data-integrity/#replay-attacks
namespace Identity.Credentials.Verification;

/// <summary>
/// The port through which the verification pipeline spends the challenges a service issued (single use, with an
/// expiry). The verifier consumes every challenge a presentation is bound to, whether or not the caller names it, so a
/// presentation made for an issued challenge verifies once.
/// </summary>
/// <remarks><threadsafety>Implementations are thread-safe; of concurrent consumers of one challenge exactly one sees
/// <see cref="ChallengeUse.Fresh"/>.</threadsafety></remarks>
public interface IChallengeLedger
{
    /// <summary>Consumes <paramref name="challenge"/>: fresh the first time for an issued, unexpired challenge.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is null.</exception>
    ValueTask<ChallengeSpend> ConsumeAsync(string challenge, CancellationToken cancellationToken);
}

/// <summary>What consuming a challenge found.</summary>
public enum ChallengeUse
{
    /// <summary>The ledger never issued it (a verifier's own nonce): only equality can be checked.</summary>
    NotIssued,

    /// <summary>Issued, unexpired, unused, and consumed by this very verification.</summary>
    Fresh,

    /// <summary>Issued and consumed by an earlier verification.</summary>
    Reused,

    /// <summary>Issued and expired.</summary>
    Expired,
}

/// <summary>The outcome of <see cref="IChallengeLedger.ConsumeAsync"/>: the use found and, for an issued challenge, the
/// domain it was issued for.</summary>
public sealed record ChallengeSpend(ChallengeUse Use, string? Domain)
{
    /// <summary>The answer for a challenge the ledger does not know.</summary>
    public static ChallengeSpend NotIssued { get; } = new(ChallengeUse.NotIssued, null);
}
