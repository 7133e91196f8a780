// References: W3C Data Integrity ECDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.3 ecdsa-jcs-2019
//   (§3.3.1 Create Proof, §3.3.2 Verify Proof, §3.3.3 Transformation, §3.3.4 Hashing — SHA-256 for P-256, SHA-384 for
//   P-384, §3.3.5 Proof Configuration, §3.3.6 Proof Serialization — IEEE P1363 r‖s),
//   https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-jcs-2019 ; FIPS 186-5 §6 (ECDSA), https://doi.org/10.6028/NIST.FIPS.186-5
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// The <c>ecdsa-jcs-2019</c> cryptosuite: JCS (RFC 8785) of the document and of the proof configuration, each hashed
/// with SHA-256 (P-256 keys) or SHA-384 (P-384 keys); ECDSA signs hash(proof configuration) ‖ hash(document) with the
/// same hash as message digest, and the fixed-width r‖s signature is written as base58btc multibase (<c>z…</c>).
/// </summary>
/// <remarks>
/// ECDSA signing uses random nonces, so two proofs over the same input differ; both verify.
/// <threadsafety>Stateless; safe to use from any thread.</threadsafety>
/// </remarks>
public sealed class EcdsaJcs2019 : ICryptosuite, IProfiledCryptosuite
{
    /// <summary>The <c>cryptosuite</c> value.</summary>
    public const string CryptosuiteName = "ecdsa-jcs-2019";

    private static readonly JcsSuiteProfile s_profile = new(
        CryptosuiteName,
        [(SignatureAlgorithms.P256, HashAlgorithmName.SHA256), (SignatureAlgorithms.P384, HashAlgorithmName.SHA384)]);

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
