// References: W3C Data Integrity EdDSA Cryptosuites v1.0 §3.3 (SHA-256, Ed25519), https://www.w3.org/TR/vc-di-eddsa/ ;
//   W3C Data Integrity ECDSA Cryptosuites v1.0 §3.3 (P-256 with SHA-256, P-384 with SHA-384),
//   https://www.w3.org/TR/vc-di-ecdsa/ — both W3C Recommendations of 15 May 2025.
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// What distinguishes one cryptosuite of the JCS shape from another: its name, per key type the signature and hash,
/// and the canonicalization (JCS by default; the RDFC suites use JSON-LD toRdf + RDFC-1.0 and share everything else).
/// </summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
internal sealed record JcsSuiteProfile(string Name, IReadOnlyList<(ISignatureAlgorithm Algorithm, HashAlgorithmName Hash)> Algorithms)
{
    /// <summary>The transformation: a document (or proof configuration) to the bytes that are hashed, charged to the
    /// request's work budget when one is given (null: unbounded, for trusted input), or the typed reason it cannot be
    /// transformed (JCS: the document is not I-JSON, <see cref="UncheckedReason.MalformedDocument"/>; the budget is spent,
    /// <see cref="UncheckedReason.WorkLimitExceeded"/>).</summary>
    public Func<JsonObject, WorkBudget?, CanonicalBytes> Transform { get; init; } = CanonicalizeJcs;

    /// <summary>For a transformation other than JCS, how a proof's configuration is transformed when it is verified: the
    /// proof (with <c>proofValue</c>, which is left out), whether its <c>@context</c> is replaced, by what, and the budget;
    /// null: <see cref="Transform"/> over a copy of the proof (see <see cref="RdfcProofConfiguration"/>).</summary>
    public Func<JsonObject, bool, JsonNode?, WorkBudget?, CanonicalBytes>? TransformProofConfiguration { get; init; }

    /// <summary>For a legacy suite, the proof <c>type</c> that names it (e.g. <c>Ed25519Signature2020</c>), whose proofs
    /// carry no <c>cryptosuite</c>; null for Data Integrity suites (<c>type: DataIntegrityProof</c> plus
    /// <c>cryptosuite</c>).</summary>
    public string? LegacyProofType { get; init; }

    /// <summary>JCS, charged one unit per 64 bytes written (its work is linear in the output).</summary>
    public static CanonicalBytes CanonicalizeJcs(JsonObject document, WorkBudget? budget) => Charge(Jcs.Canonicalize(document), budget);

    /// <summary>True when the transformation is JCS, which can be written straight from a document with a member left out
    /// or replaced (<see cref="JcsOverlay"/>) instead of from a modified copy.</summary>
    public bool IsJcs => Transform == (Func<JsonObject, WorkBudget?, CanonicalBytes>)CanonicalizeJcs;

    /// <summary>A JCS result as the transformation's outcome, charged one unit per 64 bytes written.</summary>
    public static CanonicalBytes Charge(Result<byte[]> canonical, WorkBudget? budget)
    {
        if (!canonical.IsSuccess)
        {
            return CanonicalBytes.Failed(UncheckedReason.MalformedDocument, canonical.Error!);
        }

        return budget is not null && !budget.TryCharge(1 + (canonical.Value.Length / 64))
            ? CanonicalBytes.Failed(UncheckedReason.WorkLimitExceeded, budget.Exceeded("JCS canonicalization"))
            : CanonicalBytes.Of(canonical.Value);
    }

    /// <summary>The transformation as a plain result (signing has no use for the reason).</summary>
    public Result<byte[]> Canonicalize(JsonObject document, WorkBudget? budget = null)
    {
        CanonicalBytes transformed = Transform(document, budget);
        return transformed.Error is { } error ? error : Result<byte[]>.Success(transformed.Bytes!);
    }

    /// <summary>The signature algorithm for <paramref name="keyType"/>, or null when the suite does not use that key type.</summary>
    public ISignatureAlgorithm? AlgorithmFor(KeyType keyType)
    {
        foreach ((ISignatureAlgorithm algorithm, _) in Algorithms)
        {
            if (algorithm.KeyType == keyType)
            {
                return algorithm;
            }
        }

        return null;
    }

    /// <summary>The hash of the transformation step for <paramref name="keyType"/> (SHA-256 unless the suite says otherwise).</summary>
    public HashAlgorithmName HashFor(KeyType keyType)
    {
        foreach ((ISignatureAlgorithm algorithm, HashAlgorithmName hash) in Algorithms)
        {
            if (algorithm.KeyType == keyType)
            {
                return hash;
            }
        }

        return HashAlgorithmName.SHA256;
    }
}

/// <summary>The outcome of a suite's transformation: the bytes to hash, or why the document cannot be transformed.</summary>
internal readonly record struct CanonicalBytes(byte[]? Bytes, UncheckedReason Reason, Error? Error)
{
    public static CanonicalBytes Of(byte[] bytes) => new(bytes, default, null);

    public static CanonicalBytes Failed(UncheckedReason reason, Error error) => new(null, reason, error);
}
