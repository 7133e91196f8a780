// References: W3C Verifiable Credential Data Integrity 1.0 (2025), §5.3 Replay Attacks, https://www.w3.org/TR/vc-data-integrity/#replay-attacks
namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// Spends, through the ledger, every challenge the presentation's <c>authentication</c> proofs carry and the one the
/// caller expects, before anything else is checked (a presentation that fails later has still used its challenge).
/// Records nothing: <see cref="CheckChallengeAndDomain"/> reports what the ledger found.
/// </summary>
internal sealed class ConsumeChallenge : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken) =>
        ChallengeBinding.ConsumeAsync(
            context,
            CheckChallengeAndDomain.AuthenticationProofs(context.Document).SelectMany(p => CheckChallengeAndDomain.Values(p[CheckNames.Challenge])),
            cancellationToken);
}
