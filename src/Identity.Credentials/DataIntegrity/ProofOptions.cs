// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §2.1 Proofs,
//   https://www.w3.org/TR/vc-data-integrity/#proofs
using System.Collections.Immutable;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>
/// The options of a proof to create: every proof property except <c>type</c>, <c>cryptosuite</c> and
/// <c>proofValue</c>, which the cryptosuite writes.
/// </summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record ProofOptions
{
    /// <summary>The absolute DID URL of the verification method whose key signs (e.g. <c>did:key:z6Mk…#z6Mk…</c>).</summary>
    public required string VerificationMethod { get; init; }

    /// <summary>The proof purpose: <c>assertionMethod</c> for credentials, <c>authentication</c> for presentations.</summary>
    public required string ProofPurpose { get; init; }

    /// <summary>The creation time, written as an XML Schema dateTime in UTC with whole seconds (<c>yyyy-MM-ddTHH:mm:ssZ</c>).</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>The time after which the proof must no longer be accepted; written like <see cref="Created"/>.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>A verifier-chosen value that binds the proof to one request (presentations).</summary>
    public string? Challenge { get; init; }

    /// <summary>The security domain (usually the verifier's origin) the proof is restricted to.</summary>
    public string? Domain { get; init; }

    /// <summary>The proof's own id (a URL); later proofs of a chain refer to it through <see cref="PreviousProof"/>.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// The ids of earlier proofs this proof chains to. One id is written as a string, several as an array, none not at
    /// all (Data Integrity §2.1.2 Proof Chains).
    /// </summary>
    public ImmutableArray<string> PreviousProof { get; init; } = [];

    /// <summary>The request's work budget for the canonicalization signing needs (never written into the proof); null for
    /// none. Running out fails with <c>workLimitExceeded</c>.</summary>
    public WorkBudget? Budget { get; init; }
}
