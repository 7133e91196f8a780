// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §4.1 Add Proof,
//   §4.2 Add Proof Set/Chain, §4.4 Verify Proof, §4.5 Verify Proof Sets and Chains,
//   https://www.w3.org/TR/vc-data-integrity/#algorithms
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>
/// Adds Data Integrity proofs to JSON documents (single proofs, proof sets and proof chains) and verifies every proof
/// of a secured document: cryptosuite, purpose, validity times, challenge and domain, chain references, key
/// resolution through <see cref="IDidResolver"/>, and the signature.
/// </summary>
/// <remarks><threadsafety>Thread-safe when the resolver is; the service itself holds no mutable state.</threadsafety></remarks>
public sealed partial class DataIntegrityProofService
{
    private readonly IDidResolver _resolver;
    private readonly CryptosuiteRegistry _suites;
    private readonly TimeProvider _time;

    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public DataIntegrityProofService(IDidResolver resolver, CryptosuiteRegistry suites, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(time);
        _resolver = resolver;
        _suites = suites;
        _time = time;
    }

    /// <summary>How far in the future a proof's <c>created</c> may lie (clocks differ); 5 minutes by default.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most proofs one document may carry; a document with more is refused with
    /// <c>workLimitExceeded</c> before any is checked (default 8: a proof set or chain rarely has more than two or three).</summary>
    public int MaxProofsPerDocument { get; init; } = 8;

    /// <summary>
    /// Adds a proof made with <paramref name="cryptosuite"/>. When the document already has proofs the new one joins
    /// them (a proof set); when <see cref="ProofOptions.PreviousProof"/> names some of them, the new proof also signs
    /// those (a proof chain). When <see cref="ProofOptions.Created"/> is null the current time is used.
    /// </summary>
    /// <returns>
    /// A new document (the input is untouched) whose <c>proof</c> is one object, or an array when there are several; or
    /// <c>unsupportedCryptosuite</c>, <c>keyMismatch</c> (the suite cannot use the key), <c>malformedProof</c> (an
    /// existing <c>proof</c> that is not an object or array of objects), <c>invalidOptions</c> (a previous proof id not
    /// in the document) or a canonicalization error.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public Result<JsonObject> AddProof(JsonObject document, string cryptosuite, ProofOptions options, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(cryptosuite);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        Result<ICryptosuite> suite = _suites.Get(cryptosuite);
        if (!suite.IsSuccess)
        {
            return suite.Error;
        }

        if (!suite.Value.SupportsKey(key.KeyType))
        {
            return new Error(ErrorCodes.KeyMismatch, $"{cryptosuite} cannot sign with a {key.KeyType} key.");
        }

        Result<List<JsonObject>> existing = ReadProofs(document);
        if (!existing.IsSuccess)
        {
            return existing.Error;
        }

        JsonObject unsecured = WithoutProof(document);
        if (!options.PreviousProof.IsDefaultOrEmpty)
        {
            Result<JsonArray> matching = FindPrevious(existing.Value, options.PreviousProof);
            if (!matching.IsSuccess)
            {
                return new Error(ErrorCodes.InvalidOptions, matching.Error.Detail);
            }

            unsecured[ProofFields.Proof] = matching.Value;
        }

        ProofOptions effective = options.Created is null ? options with { Created = _time.GetUtcNow() } : options;
        Result<JsonObject> proof = suite.Value.CreateProof(unsecured, effective, key);
        if (!proof.IsSuccess)
        {
            return proof.Error;
        }

        JsonObject secured = WithoutProof(document);
        existing.Value.Add(proof.Value);
        secured[ProofFields.Proof] = existing.Value.Count == 1
            ? existing.Value[0]
            : new JsonArray([.. existing.Value.Select(p => (JsonNode)p)]);
        return secured;
    }

    /// <summary>Reads <c>proof</c> as a list of detached copies: absent → empty, an object → one, an array of objects → all.</summary>
    private static Result<List<JsonObject>> ReadProofs(JsonObject document)
    {
        if (!document.TryGetPropertyValue(ProofFields.Proof, out JsonNode? node) || node is null)
        {
            return new List<JsonObject>();
        }

        if (node is JsonObject single)
        {
            return new List<JsonObject> { (JsonObject)single.DeepClone() };
        }

        if (node is JsonArray array && array.All(element => element is JsonObject))
        {
            return array.Select(element => (JsonObject)element!.DeepClone()).ToList();
        }

        return ProofFields.Malformed("'proof' must be an object or an array of objects.");
    }

    /// <summary>
    /// Copies of the proofs whose <c>id</c> is in <paramref name="ids"/>, in document order (Data Integrity §4.2 and
    /// §4.5 select from all proofs); every id must match a proof.
    /// </summary>
    private static Result<JsonArray> FindPrevious(IReadOnlyList<JsonObject> proofs, IReadOnlyList<string> ids)
    {
        foreach (string id in ids)
        {
            if (!proofs.Any(p => ProofFields.GetString(p, ProofFields.Id) == id))
            {
                return new Error(ErrorCodes.InvalidProof, $"previousProof '{id}' is not a proof of this document.");
            }
        }

        return new JsonArray([.. proofs
            .Where(p => ProofFields.GetString(p, ProofFields.Id) is { } id && ids.Contains(id))
            .Select(p => p.DeepClone())]);
    }

    private static JsonObject WithoutProof(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        copy.Remove(ProofFields.Proof);
        return copy;
    }
}
