// References: W3C Data Integrity EdDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.2 eddsa-rdfc-2022
//   (§3.2.1 Create Proof, §3.2.2 Verify Proof, §3.2.3 Transformation, §3.2.4 Hashing, §3.2.5 Proof Configuration,
//   §3.2.6 Proof Serialization, §3.2.7 Proof Verification), https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022
//   RFC 8032 §5.1 (Ed25519), https://www.rfc-editor.org/rfc/rfc8032
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// The <c>eddsa-rdfc-2022</c> cryptosuite: the document and the proof configuration are turned into RDF (JSON-LD 1.1,
/// contexts from the offline store) and canonicalized with RDFC-1.0; each canonical N-Quads document is hashed with
/// SHA-256, and Ed25519 signs hash(proof configuration) ‖ hash(document); the signature is base58btc multibase.
/// </summary>
/// <remarks>
/// Terms the contexts do not define make signing and verifying fail (<c>invalidJsonLd</c>) rather than being dropped.
/// <threadsafety>Stateless over a thread-safe <see cref="JsonLdProcessor"/>; safe to use from any thread.</threadsafety>
/// </remarks>
public sealed class EddsaRdfc2022 : ICryptosuite, IProfiledCryptosuite
{
    /// <summary>The <c>cryptosuite</c> value.</summary>
    public const string CryptosuiteName = "eddsa-rdfc-2022";

    private readonly JcsSuiteProfile _profile;

    /// <summary>A suite that loads contexts through <paramref name="jsonLd"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="jsonLd"/> is null.</exception>
    public EddsaRdfc2022(JsonLdProcessor jsonLd)
    {
        ArgumentNullException.ThrowIfNull(jsonLd);
        _profile = RdfcCanonicalization.Over(new JcsSuiteProfile(CryptosuiteName, [(SignatureAlgorithms.Ed25519, HashAlgorithmName.SHA256)]), jsonLd);
    }

    JcsSuiteProfile IProfiledCryptosuite.Profile => _profile;

    /// <inheritdoc />
    public string Name => CryptosuiteName;

    internal JcsSuiteProfile Profile => _profile;

    /// <inheritdoc />
    public bool SupportsKey(KeyType keyType) => _profile.AlgorithmFor(keyType) is not null;

    /// <inheritdoc />
    public Result<JsonObject> CreateProof(JsonObject unsecuredDocument, ProofOptions options, PrivateKey key) =>
        JcsProofAlgorithm.CreateProof(_profile, unsecuredDocument, options, key);

    /// <inheritdoc />
    public Result<bool> VerifyProof(JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        JcsProofAlgorithm.VerifyProof(_profile, unsecuredDocument, proof, key);

    /// <inheritdoc />
    public Verification.ProofVerdict Verify(JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        JcsProofAlgorithm.Verify(_profile, unsecuredDocument, proof, key);
}
