// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §3 Cryptographic Suites
//   and §4 Algorithms, https://www.w3.org/TR/vc-data-integrity/#cryptographic-suites
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>
/// One Data Integrity cryptographic suite (<c>eddsa-jcs-2022</c>, <c>ecdsa-jcs-2019</c>, …): its create-proof and
/// verify-proof algorithms over a single proof. Proof sets, chains, key resolution and purpose checks belong to
/// <see cref="DataIntegrityProofService"/>.
/// </summary>
/// <remarks><threadsafety>Implementations are stateless and safe to use from any thread.</threadsafety></remarks>
public interface ICryptosuite
{
    /// <summary>The <c>cryptosuite</c> value, e.g. <c>eddsa-jcs-2022</c>.</summary>
    string Name { get; }

    /// <summary>True when this suite signs and verifies with keys of <paramref name="keyType"/>.</summary>
    bool SupportsKey(KeyType keyType);

    /// <summary>
    /// Creates a proof over <paramref name="unsecuredDocument"/> and returns the complete proof object (<c>type</c>
    /// <c>DataIntegrityProof</c>, <c>cryptosuite</c>, the options, <c>@context</c> where the suite copies it, and
    /// <c>proofValue</c>). The document must not contain <c>proof</c> except the previous proofs referenced by
    /// <see cref="ProofOptions.PreviousProof"/> (the caller arranges that). Neither input is modified.
    /// </summary>
    /// <returns>The proof; or <c>keyMismatch</c> (a key this suite cannot use), or a canonicalization error.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    Result<JsonObject> CreateProof(JsonObject unsecuredDocument, ProofOptions options, PrivateKey key);

    /// <summary>
    /// Verifies one <paramref name="proof"/> over <paramref name="unsecuredDocument"/> (the document without
    /// <c>proof</c>, or with only the previous proofs this proof chains to). Neither input is modified.
    /// </summary>
    /// <returns>
    /// The outer result fails when the proof could not be checked — <c>malformedProof</c> (missing or ill-typed fields,
    /// a <c>proofValue</c> that is not base58btc multibase or has the wrong length), <c>unsupportedCryptosuite</c> (a
    /// proof type or cryptosuite other than this one), <c>keyMismatch</c> (a key this suite cannot use); otherwise the
    /// inner value says whether the signature is valid.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    Result<bool> VerifyProof(JsonObject unsecuredDocument, JsonObject proof, PublicKey key);

    /// <summary>
    /// As <see cref="VerifyProof"/>, with the outer level typed: <see cref="ProofVerdict.NotChecked"/> says why the proof
    /// could not be checked (<see cref="UncheckedReason.MalformedProof"/>, <see cref="UncheckedReason.UnsupportedCryptosuite"/>,
    /// <see cref="UncheckedReason.KeyNotAuthorized"/>, <see cref="UncheckedReason.MalformedDocument"/>,
    /// <see cref="UncheckedReason.WorkLimitExceeded"/>); otherwise the proof is valid or invalid.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    ProofVerdict Verify(JsonObject unsecuredDocument, JsonObject proof, PublicKey key);
}
