using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>What the verifier expects, beyond what the document says about itself.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record VerificationOptions
{
    public static VerificationOptions Default { get; } = new();

    /// <summary>The challenge the presentation's proof must carry; null when the verifier sets none.</summary>
    public string? Challenge { get; init; }

    /// <summary>The domain the presentation's proof must carry; null when the verifier sets none.</summary>
    public string? Domain { get; init; }

    /// <summary>The verifier's policy (holder binding, required challenge, accepted cryptosuites, trusted issuers).</summary>
    public VerifierPolicy Policy { get; init; } = VerifierPolicy.Default;

    /// <summary>Tolerance for clocks that disagree, applied to validFrom/validUntil and proof created/expires.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The work this verification may spend, shared by every step, proof and embedded credential (JSON-LD expansion,
    /// context processing, canonicalization); null for none (trusted input only). Once it is spent the run stops and
    /// the verdict fails with <c>workLimitExceeded</c>: the input could not be checked. Create one per request.
    /// </summary>
    public WorkBudget? Budget { get; init; }
}
