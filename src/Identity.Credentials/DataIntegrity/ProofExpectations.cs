// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §4.4 Verify Proof
//   (expectedProofPurpose, domain, challenge), https://www.w3.org/TR/vc-data-integrity/#verify-proof
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>What a verifier requires of every proof, beyond a valid signature.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record ProofExpectations
{
    /// <summary>
    /// The required <c>proofPurpose</c>, which is also the relationship the verification method must be listed under in
    /// its controller's DID document: <see cref="VerificationRelationship.AssertionMethod"/> for credentials,
    /// <see cref="VerificationRelationship.Authentication"/> for presentations.
    /// </summary>
    public required VerificationRelationship ProofPurpose { get; init; }

    /// <summary>When set, every proof must carry exactly this <c>challenge</c>.</summary>
    public string? Challenge { get; init; }

    /// <summary>When set, every proof's <c>domain</c> must be this value (or a set containing it).</summary>
    public string? Domain { get; init; }

    /// <summary>The request's work budget, charged by every canonicalization the proofs need; null for none (trusted
    /// input). Running out makes the proofs fail with <c>workLimitExceeded</c>: they could not be checked.</summary>
    public WorkBudget? Budget { get; init; }
}
