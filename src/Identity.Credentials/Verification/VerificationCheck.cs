using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>
/// One named check and its outcome, e.g. <c>proof</c> passed, <c>validityPeriod</c> failed with <c>credentialExpired</c>.
/// <see cref="Target"/> says what was checked: <c>credential</c>, <c>presentation</c> or <c>verifiableCredential[i]</c>.
/// </summary>
/// <remarks>
/// Invariant: <see cref="Error"/> is set exactly when <see cref="Status"/> is <see cref="CheckStatus.Failed"/>.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed record VerificationCheck
{
    private VerificationCheck(string check, string target, CheckStatus status, string? detail, Error? error, UncheckedReason? reason = null)
    {
        Check = check;
        Target = target;
        Status = status;
        Detail = detail;
        Error = error;
        Unchecked = reason;
    }

    public string Check { get; }

    public string Target { get; }

    public CheckStatus Status { get; }

    public string? Detail { get; }

    public Error? Error { get; }

    /// <summary>
    /// For a failed proof-like check: why the thing could not be checked at all (the outer level of a
    /// <see cref="ProofVerdict"/>); null when it was checked and found invalid, or for other checks. Not on the wire.
    /// </summary>
    public UncheckedReason? Unchecked { get; }

    public static VerificationCheck Passed(string check, string target, string? detail = null) => new(check, target, CheckStatus.Passed, detail, null);

    public static VerificationCheck Skipped(string check, string target, string detail) => new(check, target, CheckStatus.Skipped, detail, null);

    public static VerificationCheck Failed(string check, string target, Error error, UncheckedReason? reason = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(check, target, CheckStatus.Failed, error.Detail, error, reason);
    }
}
