// References:
//   W3C Data Integrity EdDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.3 eddsa-jcs-2022,
//   https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022
//   W3C Data Integrity ECDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.3 ecdsa-jcs-2019,
//   https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-jcs-2019
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020, https://www.rfc-editor.org/rfc/rfc8785
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Primitives;

[assembly: InternalsVisibleTo("Identity.Credentials.Tests")]

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// The shared algorithms of the JCS cryptosuites: proof configuration, JCS transformation, hashing
/// (hash(canonical proof config) ‖ hash(canonical document)), and proof serialization / verification.
/// </summary>
/// <remarks>
/// The suites differ only in name, key types, hash and signature algorithm, which <see cref="JcsSuiteProfile"/> carries.
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
/// </remarks>
internal static class JcsProofAlgorithm
{
    /// <summary>Builds the proof configuration (the proof without <c>proofValue</c>) from options, in a fixed member order.</summary>
    public static JsonObject CreateProofConfig(string suiteName, JsonObject unsecuredDocument, ProofOptions options)
    {
        var config = new JsonObject { [ProofFields.Type] = ProofFields.DataIntegrityProofType };
        Add(config, ProofFields.Id, options.Id);
        config[ProofFields.Cryptosuite] = suiteName;
        if (options.Created is { } created)
        {
            config[ProofFields.Created] = ProofFields.FormatDateTime(created);
        }

        if (options.Expires is { } expires)
        {
            config[ProofFields.Expires] = ProofFields.FormatDateTime(expires);
        }

        config[ProofFields.VerificationMethod] = options.VerificationMethod;
        config[ProofFields.ProofPurpose] = options.ProofPurpose;
        if (!options.PreviousProof.IsDefaultOrEmpty)
        {
            config[ProofFields.PreviousProof] = options.PreviousProof.Length == 1
                ? JsonValue.Create(options.PreviousProof[0])
                : new JsonArray([.. options.PreviousProof.Select(id => (JsonNode?)JsonValue.Create(id))]);
        }

        Add(config, ProofFields.Challenge, options.Challenge);
        Add(config, ProofFields.Domain, options.Domain);
        if (unsecuredDocument.TryGetPropertyValue(ProofFields.Context, out JsonNode? context))
        {
            config[ProofFields.Context] = context?.DeepClone();
        }

        return config;
    }

    /// <summary>hashData = hash(JCS(proofConfig)) ‖ hash(JCS(document)), with the profile's hash function.</summary>
    public static Result<byte[]> HashData(JsonObject proofConfig, JsonObject transformedDocument, HashAlgorithmName hash) =>
        HashData(proofConfig, transformedDocument, hash, document => Jcs.Canonicalize(document));

    /// <summary>hashData = hash(canonical(proofConfig)) ‖ hash(canonical(document)) with the given canonicalization.</summary>
    public static Result<byte[]> HashData(
        JsonObject proofConfig, JsonObject transformedDocument, HashAlgorithmName hash, Func<JsonObject, Result<byte[]>> canonicalize)
    {
        Result<byte[]> canonicalConfig = canonicalize(proofConfig);
        return canonicalConfig.IsSuccess ? HashData(canonicalConfig.Value, canonicalize(transformedDocument), hash) : canonicalConfig.Error!;
    }

    private static Result<byte[]> HashData(byte[] canonicalConfig, Result<byte[]> canonicalDocument, HashAlgorithmName hash)
    {
        if (!canonicalDocument.IsSuccess)
        {
            return canonicalDocument.Error!;
        }

        byte[] configHash = CryptographicOperations.HashData(hash, canonicalConfig);
        byte[] documentHash = CryptographicOperations.HashData(hash, canonicalDocument.Value);
        return Result<byte[]>.Success([.. configHash, .. documentHash]);
    }

    /// <summary>Creates the complete proof: the configuration plus a base58btc <c>proofValue</c>.</summary>
    public static Result<JsonObject> CreateProof(JcsSuiteProfile profile, JsonObject unsecuredDocument, ProofOptions options, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(unsecuredDocument);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        if (profile.AlgorithmFor(key.KeyType) is not { } algorithm)
        {
            return KeyMismatch(profile, key.KeyType);
        }

        JsonObject proof = CreateProofConfig(profile.Name, unsecuredDocument, options);
        Result<byte[]> hashData = HashData(proof, unsecuredDocument, profile.HashFor(key.KeyType), document => profile.Canonicalize(document, options.Budget));
        if (!hashData.IsSuccess)
        {
            return hashData.Error;
        }

        proof[ProofFields.ProofValue] = Multibase.Encode(MultibaseEncoding.Base58Btc, algorithm.Sign(key, hashData.Value));
        return proof;
    }

    /// <summary>Verifies one proof over a document that holds no <c>proof</c> except the chained previous proofs.</summary>
    /// <returns>Not checked when the proof is malformed, names another suite, needs a key this suite cannot use, or the
    /// document cannot be transformed (or the budget is spent); else valid or invalid (<c>invalidProof</c> is added by the caller).</returns>
    public static ProofVerdict Verify(JcsSuiteProfile profile, JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        Verify(profile, unsecuredDocument, proof, key, new ProofVerificationRun(null));

    /// <summary>As <see cref="Verify(JcsSuiteProfile, JsonObject, JsonObject, PublicKey)"/>, charging the run's budget
    /// and reusing the document's canonical form the run already holds for the same <c>@context</c>.</summary>
    public static ProofVerdict Verify(JcsSuiteProfile profile, JsonObject unsecuredDocument, JsonObject proof, PublicKey key, ProofVerificationRun run) =>
        Verify(profile, unsecuredDocument, secured: false, proof, key, run);

    /// <summary>As <see cref="Verify(JcsSuiteProfile, JsonObject, JsonObject, PublicKey, ProofVerificationRun)"/> over the
    /// secured document itself: its <c>proof</c> member is left out of what is hashed, as if removed from a copy. Only a
    /// JCS suite reads it this way (no copy at all); any other transformation gets the proof-less copy it needs.</summary>
    public static ProofVerdict VerifySecured(JcsSuiteProfile profile, JsonObject securedDocument, JsonObject proof, PublicKey key, ProofVerificationRun run) =>
        profile.IsJcs
            ? Verify(profile, securedDocument, secured: true, proof, key, run)
            : Verify(profile, run.Unsecured(securedDocument), secured: false, proof, key, run);

    private static ProofVerdict Verify(JcsSuiteProfile profile, JsonObject document, bool secured, JsonObject proof, PublicKey key, ProofVerificationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(key);
        if (ReadSignature(profile, proof, key, out byte[]? signature) is { } notChecked)
        {
            return notChecked;
        }

        bool hasProofContext = proof.TryGetPropertyValue(ProofFields.Context, out JsonNode? proofContext);

        // The proof's @context must be a prefix of the document's; the document is then hashed under the proof's. When
        // the two are the same JSON (a proof made here copies the document's), the document is hashed as it is.
        bool underProofContext = false;
        if (hasProofContext)
        {
            switch (ContextPrefix(proofContext, document[ProofFields.Context]))
            {
                case Prefix.None:
                    return ProofVerdict.Invalid(new Error(ErrorCodes.InvalidProof, "The proof's @context is not a prefix of the document's."));
                case Prefix.Proper:
                    underProofContext = true;
                    break;
                default:
                    break;
            }
        }

        HashAlgorithmName hash = profile.HashFor(key.KeyType);
        CanonicalBytes config = ProofConfiguration(profile, document, proof, hasProofContext, proofContext, run.Budget);
        CanonicalBytes body = config.Error is null
            ? run.GetOrCreate(document, secured ? (profile.Transform, ProofFields.Proof) : profile.Transform, proofContext, underProofContext, () => Body(profile, document, secured, underProofContext, proofContext, run.Budget))
            : config;
        if (body.Error is { } error)
        {
            return ProofVerdict.NotChecked(body.Reason, error);
        }

        byte[] hashData = [.. CryptographicOperations.HashData(hash, config.Bytes!), .. CryptographicOperations.HashData(hash, body.Bytes!)];
        return profile.AlgorithmFor(key.KeyType)!.Verify(key, hashData, signature!)
            ? ProofVerdict.Valid
            : ProofVerdict.Invalid(new Error(ErrorCodes.InvalidProof, $"The {profile.Name} signature does not verify."));
    }

    // The proof configuration: the proof without proofValue, under the proof's @context (or else the document's, when it
    // has one). JCS writes it straight from the proof; another transformation gets a copy.
    private static CanonicalBytes ProofConfiguration(
        JcsSuiteProfile profile, JsonObject document, JsonObject proof, bool hasProofContext, JsonNode? proofContext, WorkBudget? budget)
    {
        bool replace = hasProofContext || document.ContainsKey(ProofFields.Context);
        JsonNode? context = hasProofContext ? proofContext : document[ProofFields.Context];
        if (profile.IsJcs)
        {
            return JcsSuiteProfile.Charge(Jcs.Canonicalize(proof, new JcsOverlay(ProofFields.ProofValue, replace, ProofFields.Context, context)), budget);
        }

        if (profile.TransformProofConfiguration is { } transform)
        {
            return transform(proof, replace, context, budget);
        }

        var proofOptions = (JsonObject)proof.DeepClone();
        proofOptions.Remove(ProofFields.ProofValue);
        if (replace)
        {
            proofOptions[ProofFields.Context] = context?.DeepClone();
        }

        return profile.Transform(proofOptions, budget);
    }

    // The document as hashed: without its proof when it is the secured document, under the proof's @context when the
    // proof has one.
    private static CanonicalBytes Body(JcsSuiteProfile profile, JsonObject document, bool secured, bool hasProofContext, JsonNode? proofContext, WorkBudget? budget)
    {
        if (profile.IsJcs)
        {
            var overlay = new JcsOverlay(secured ? ProofFields.Proof : null, hasProofContext, ProofFields.Context, proofContext);
            return JcsSuiteProfile.Charge(Jcs.Canonicalize(document, overlay), budget);
        }

        if (!hasProofContext)
        {
            return profile.Transform(document, budget);
        }

        var copy = (JsonObject)document.DeepClone();
        copy[ProofFields.Context] = proofContext?.DeepClone();
        return profile.Transform(copy, budget);
    }

    /// <summary>The single-level view of <see cref="Verify(JcsSuiteProfile, JsonObject, JsonObject, PublicKey)"/> that <see cref="ICryptosuite.VerifyProof"/> returns.</summary>
    public static Result<bool> VerifyProof(JcsSuiteProfile profile, JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        Verify(profile, unsecuredDocument, proof, key).ToResult();

    // Null when the signature was read; otherwise why the proof cannot be checked, typed where the failure arises.
    private static ProofVerdict? ReadSignature(JcsSuiteProfile profile, JsonObject proof, PublicKey key, out byte[]? signature)
    {
        signature = null;
        Result<string> type = ProofFields.GetRequiredString(proof, ProofFields.Type);
        Result<string> suite = profile.LegacyProofType is null
            ? ProofFields.GetRequiredString(proof, ProofFields.Cryptosuite)
            : Result<string>.Success(profile.Name); // a legacy proof names its suite by its type alone
        Result<string> proofValue = ProofFields.GetRequiredString(proof, ProofFields.ProofValue);
        if (!type.IsSuccess || !suite.IsSuccess || !proofValue.IsSuccess)
        {
            return ProofVerdict.NotChecked(UncheckedReason.MalformedProof, type.Error ?? suite.Error ?? proofValue.Error!);
        }

        if (type.Value != (profile.LegacyProofType ?? ProofFields.DataIntegrityProofType) || suite.Value != profile.Name
            || (profile.LegacyProofType is not null && proof.ContainsKey(ProofFields.Cryptosuite)))
        {
            return ProofVerdict.NotChecked(UncheckedReason.UnsupportedCryptosuite, new Error(
                ErrorCodes.UnsupportedCryptosuite,
                $"The proof is '{type.Value}' / '{suite.Value}'; this suite verifies {ProofFields.DataIntegrityProofType} / {profile.Name}."));
        }

        if (profile.AlgorithmFor(key.KeyType) is not { } algorithm)
        {
            return ProofVerdict.NotChecked(UncheckedReason.KeyNotAuthorized, KeyMismatch(profile, key.KeyType));
        }

        // Bound the input before base58's quadratic decoding; a valid value is at most ~135 characters.
        Result<byte[]> bytes = proofValue.Value.Length > 512
            ? ProofFields.Malformed("'proofValue' is far too long.")
            : Multibase.Decode(proofValue.Value, MultibaseEncoding.Base58Btc);
        if (!bytes.IsSuccess)
        {
            return ProofVerdict.NotChecked(UncheckedReason.MalformedProof, ProofFields.Malformed($"'proofValue' is not base58btc multibase: {bytes.Error.Detail}"));
        }

        if (bytes.Value.Length != algorithm.SignatureSize)
        {
            return ProofVerdict.NotChecked(UncheckedReason.MalformedProof,
                ProofFields.Malformed($"'proofValue' holds {bytes.Value.Length} bytes; a {algorithm.Name} signature has {algorithm.SignatureSize}."));
        }

        signature = bytes.Value;
        return null;
    }

    private enum Prefix
    {
        None,
        Proper,
        Whole,
    }

    // Whether the proof's @context is a prefix of the document's, and whether it is the same JSON.
    private static Prefix ContextPrefix(JsonNode? prefix, JsonNode? context)
    {
        IList<JsonNode?> expected = prefix is JsonArray a ? a : [prefix];
        IList<JsonNode?> actual = context is JsonArray b ? b : context is null ? [] : [context];
        if (expected.Count > actual.Count)
        {
            return Prefix.None;
        }

        for (int i = 0; i < expected.Count; i++)
        {
            if (!JsonNode.DeepEquals(expected[i], actual[i]))
            {
                return Prefix.None;
            }
        }

        return expected.Count == actual.Count && (prefix is JsonArray) == (context is JsonArray) ? Prefix.Whole : Prefix.Proper;
    }

    private static void Add(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static Error KeyMismatch(JcsSuiteProfile profile, KeyType keyType) =>
        new(ErrorCodes.KeyMismatch, $"{profile.Name} cannot use a {keyType} key.");
}
