// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §4.4 Verify Proof
//   (verification result), https://www.w3.org/TR/vc-data-integrity/#verify-proof
using Identity.Credentials.Verification;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>The outcome of verifying one proof of a secured document, with the proof's identifying fields.</summary>
/// <remarks>
/// Invariant: <see cref="Error"/> is set if and only if <see cref="Verified"/> is false; both agree with <see cref="Verdict"/>.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed record ProofVerification
{
    /// <summary>The proof's <c>id</c>, when it has one.</summary>
    public string? ProofId { get; init; }

    /// <summary>The proof's <c>verificationMethod</c>, when it is a string.</summary>
    public string? VerificationMethod { get; init; }

    /// <summary>The proof's <c>cryptosuite</c>, when it is a string.</summary>
    public string? Cryptosuite { get; init; }

    /// <summary>The proof's <c>proofPurpose</c>, when it is a string.</summary>
    public string? ProofPurpose { get; init; }

    /// <summary>The two-level outcome: not checked (and why), or checked and valid or invalid.</summary>
    public ProofVerdict Verdict { get; init; } = ProofVerdict.Valid;

    /// <summary>True when every check of this proof passed.</summary>
    public bool Verified { get; init; }

    /// <summary>Why the proof failed (a stable code from <see cref="ErrorCodes"/>), or null when verified.</summary>
    public Error? Error { get; init; }
}
