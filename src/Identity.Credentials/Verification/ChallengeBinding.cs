// References: W3C Verifiable Credential Data Integrity 1.0 (2025), §2.1 Proofs (challenge, domain) and §5.3 Replay
//   Attacks, https://www.w3.org/TR/vc-data-integrity/#replay-attacks
using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>
/// The challenge rules every presentation format shares: spend, through the <see cref="IChallengeLedger"/>, each
/// challenge the presentation is bound to (what its signed proofs or Key Binding JWT carry) and the one the caller
/// expects; then record the <c>challenge</c> check from what the ledger found.
/// </summary>
/// <remarks>
/// Invariant: consumption does not depend on the caller naming the challenge, so a presentation made for a challenge
/// this service issued verifies at most once. A presentation is bound to a fresh challenge (and may then be matched
/// against a biometric record) only when every carrier holds the same issued challenge and this run consumed it.
/// </remarks>
internal static class ChallengeBinding
{
    /// <summary>The most distinct challenges one presentation may carry; more fails the check (each costs a ledger write).</summary>
    internal const int MaxDistinctChallenges = 8;

    /// <summary>Spends the expected challenge and every bound one; sets the expected domain from the ledger when the caller gave none.</summary>
    public static async ValueTask ConsumeAsync(VerificationContext context, IEnumerable<string> bound, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        if (context.Options.Challenge is { } expected)
        {
            values.Add(expected);
        }

        foreach (var value in bound)
        {
            if (!values.Contains(value, StringComparer.Ordinal))
            {
                values.Add(value);
            }
        }

        if (context.Ledger is not { } ledger)
        {
            return;
        }

        if (values.Count > MaxDistinctChallenges)
        {
            context.TooManyChallenges = true;
            values.RemoveRange(MaxDistinctChallenges, values.Count - MaxDistinctChallenges);
        }

        foreach (var value in values)
        {
            var spend = await ledger.ConsumeAsync(value, cancellationToken).ConfigureAwait(false);
            context.ChallengeSpends[value] = spend;
            if (context.Options.Domain is null && context.LedgerDomain is null && spend.Use != ChallengeUse.NotIssued)
            {
                context.LedgerDomain = spend.Domain;
            }
        }
    }

    /// <summary>
    /// Records the <c>challenge</c> check over <paramref name="bound"/>, one entry per carrier (the challenge values it
    /// holds; empty when none). Skipped only when the caller expects no challenge and none of the carried ones was
    /// issued here.
    /// </summary>
    /// <param name="context">The run.</param>
    /// <param name="bound">The challenge values of each carrier, in order.</param>
    /// <param name="carrier">How the detail names a carrier: "the proof", "the presentation's nonce", …</param>
    /// <param name="missingCode">The code for a carrier without a challenge when the caller expects one.</param>
    public static void Record(
        VerificationContext context, IReadOnlyList<IReadOnlyList<string>> bound, string carrier, string missingCode = ErrorCodes.ChallengeRequired)
    {
        var expected = context.Options.Challenge;
        bool issued = bound.Any(values => values.Any(v => Spend(context, v).Use != ChallengeUse.NotIssued));
        if (context.TooManyChallenges)
        {
            context.Failed(CheckNames.Challenge, new Error(ErrorCodes.ChallengeMismatch,
                $"The presentation carries more than {MaxDistinctChallenges} distinct challenges."));
            return;
        }

        if (expected is null && !issued)
        {
            if (context.Options.Policy.RequireChallenge)
            {
                context.Failed(CheckNames.Challenge, new Error(missingCode,
                    "The verifier's policy requires a challenge: name it in options.challenge, or present for one issued by POST /challenges."));
                return;
            }

            context.Skipped(CheckNames.Challenge, "The verifier expects no challenge.");
            return;
        }

        if (bound.Count == 0)
        {
            context.Failed(CheckNames.Challenge, new Error(missingCode, "The presentation has no authentication proof to carry a challenge."));
            return;
        }

        string? fresh = null;
        bool allFresh = true;
        foreach (var values in bound)
        {
            var error = Judge(context, expected, values, carrier, missingCode, out string? freshValue);
            allFresh &= error is null && freshValue is not null && (fresh ??= freshValue) == freshValue;
            if (error is not null)
            {
                context.Failed(CheckNames.Challenge, error);
            }
            else if (values.Count > 0 && (expected is not null || freshValue is not null))
            {
                context.Passed(CheckNames.Challenge, freshValue is not null ? "The challenge was issued by this service and is now used." : null);
            }
        }

        if (allFresh)
        {
            context.FreshChallenge = fresh;
        }
    }

    // One carrier: the expected challenge must be among its values; any issued value that is used or expired fails it.
    // It is bound to a fresh challenge only when it holds exactly one value and this run consumed it.
    private static Error? Judge(
        VerificationContext context, string? expected, IReadOnlyList<string> values, string carrier, string missingCode, out string? fresh)
    {
        fresh = null;
        if (values.Count == 0)
        {
            return expected is null ? null : new Error(missingCode, $"{Capitalize(carrier)} carries no challenge; the verifier expects one.");
        }

        if (expected is not null && !values.Contains(expected, StringComparer.Ordinal))
        {
            return new Error(ErrorCodes.ChallengeMismatch, $"The challenge of {carrier} does not match the one the verifier expects.");
        }

        var uses = values.Select(v => Spend(context, v).Use).ToList();
        if (uses.Contains(ChallengeUse.Reused))
        {
            return new Error(ErrorCodes.ChallengeReused, "This challenge was already used by an earlier verification; ask for a new one.");
        }

        if (uses.Contains(ChallengeUse.Expired))
        {
            return new Error(ErrorCodes.ChallengeExpired, "This challenge has expired; ask for a new one.");
        }

        fresh = values.Count == 1 && uses[0] == ChallengeUse.Fresh ? values[0] : null;
        return null;
    }

    private static ChallengeSpend Spend(VerificationContext context, string value) =>
        context.ChallengeSpends.TryGetValue(value, out var spend) ? spend : ChallengeSpend.NotIssued;

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
