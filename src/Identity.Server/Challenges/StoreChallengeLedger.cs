// References: W3C Data Integrity 1.0 §5.3 Replay attacks, https://www.w3.org/TR/vc-data-integrity/#replay-attacks
using Identity.Credentials.Verification;
using Identity.Storage;

namespace Identity.Server.Challenges;

/// <summary>The verifier's challenge ledger over the store: the challenges <c>POST /challenges</c> issued, spent once by any replica.</summary>
/// <remarks>A challenge whose row is gone but whose tag says this service issued it (the sweeper deletes rows an hour after
/// they expire) is spent already or expired: it is reported so, never as a relying party's own nonce.</remarks>
internal sealed class StoreChallengeLedger(IIdentityStore store, ChallengeService challenges, TimeProvider time) : IChallengeLedger
{
    public async ValueTask<ChallengeSpend> ConsumeAsync(string challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (challenge.Contains(':', StringComparison.Ordinal))
        {
            // Not one of ours (they are base64url): never spend the issuer's single-use values (oid4vci:…) as a challenge.
            return ChallengeSpend.NotIssued;
        }

        var now = time.GetUtcNow();
        var consumed = await store.ConsumeChallengeAsync(challenge, now, cancellationToken).ConfigureAwait(false);
        return consumed.State switch
        {
            ChallengeState.Consumed => new ChallengeSpend(ChallengeUse.Fresh, consumed.Domain),
            ChallengeState.AlreadyUsed => new ChallengeSpend(ChallengeUse.Reused, consumed.Domain),
            ChallengeState.Expired => new ChallengeSpend(ChallengeUse.Expired, consumed.Domain),
            _ => challenges.ExpiryOfIssued(challenge) is { } expires
                ? new ChallengeSpend(expires <= now ? ChallengeUse.Expired : ChallengeUse.Reused, null)
                : ChallengeSpend.NotIssued,
        };
    }
}
