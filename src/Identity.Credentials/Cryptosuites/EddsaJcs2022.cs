// References: W3C Data Integrity EdDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.3 eddsa-jcs-2022
//   (§3.3.1 Create Proof, §3.3.2 Verify Proof, §3.3.3 Transformation, §3.3.4 Hashing, §3.3.5 Proof Configuration,
//   §3.3.6 Proof Serialization, §3.3.7 Proof Verification), https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022
//   RFC 8032 §5.1 (Ed25519), https://www.rfc-editor.org/rfc/rfc8032
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// The <c>eddsa-jcs-2022</c> cryptosuite: the document and the proof configuration are canonicalized with JCS
/// (RFC 8785), each hashed with SHA-256, and Ed25519 signs hash(proof configuration) ‖ hash(document); the signature
/// is written as base58btc multibase (<c>z…</c>).
/// </summary>
/// <remarks>
/// Ed25519 is deterministic, so a given document, proof options and key always give the same proof.
/// <threadsafety>Stateless; safe to use from any thread.</threadsafety>
/// </remarks>
public sealed class EddsaJcs2022 : ICryptosuite, IProfiledCryptosuite
{
    /// <summary>The <c>cryptosuite</c> value.</summary>
    public const string CryptosuiteName = "eddsa-jcs-2022";

    private static readonly JcsSuiteProfile s_profile =
        new(CryptosuiteName, [(SignatureAlgorithms.Ed25519, HashAlgorithmName.SHA256)]);

    JcsSuiteProfile IProfiledCryptosuite.Profile => s_profile;

    /// <inheritdoc />
    public string Name => CryptosuiteName;

    /// <inheritdoc />
    public bool SupportsKey(KeyType keyType) => s_profile.AlgorithmFor(keyType) is not null;

    /// <inheritdoc />
    public Result<JsonObject> CreateProof(JsonObject unsecuredDocument, ProofOptions options, PrivateKey key) =>
        JcsProofAlgorithm.CreateProof(s_profile, unsecuredDocument, options, key);

    /// <inheritdoc />
    public Result<bool> VerifyProof(JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        JcsProofAlgorithm.VerifyProof(s_profile, unsecuredDocument, proof, key);

    /// <inheritdoc />
    public Verification.ProofVerdict Verify(JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        JcsProofAlgorithm.Verify(s_profile, unsecuredDocument, proof, key);
}
