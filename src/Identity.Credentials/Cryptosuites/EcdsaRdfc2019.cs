// References: W3C Data Integrity ECDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.2 ecdsa-rdfc-2019
//   (§3.2.1 Create Proof, §3.2.2 Verify Proof, §3.2.3 Transformation — RDFC-1.0, §3.2.4 Hashing — SHA-256 for P-256,
//   SHA-384 for P-384, §3.2.5 Proof Configuration, §3.2.6 Proof Serialization — IEEE P1363 r‖s),
//   https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-rdfc-2019 ; FIPS 186-5 §6 (ECDSA), https://doi.org/10.6028/NIST.FIPS.186-5
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// The <c>ecdsa-rdfc-2019</c> cryptosuite: RDFC-1.0 canonical N-Quads of the document and of the proof configuration
/// (JSON-LD 1.1 over the offline contexts), each hashed with SHA-256 (P-256 keys) or SHA-384 (P-384 keys); ECDSA signs
/// hash(proof configuration) ‖ hash(document), and the fixed-width r‖s signature is base58btc multibase.
/// </summary>
/// <remarks>
/// ECDSA signing uses random nonces, so two proofs over the same input differ; both verify.
/// <threadsafety>Stateless over a thread-safe <see cref="JsonLdProcessor"/>; safe to use from any thread.</threadsafety>
/// </remarks>
public sealed class EcdsaRdfc2019 : ICryptosuite, IProfiledCryptosuite
{
    /// <summary>The <c>cryptosuite</c> value.</summary>
    public const string CryptosuiteName = "ecdsa-rdfc-2019";

    private readonly JcsSuiteProfile _profile;

    /// <summary>A suite that loads contexts through <paramref name="jsonLd"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="jsonLd"/> is null.</exception>
    public EcdsaRdfc2019(JsonLdProcessor jsonLd)
    {
        ArgumentNullException.ThrowIfNull(jsonLd);
        _profile = RdfcCanonicalization.Over(new JcsSuiteProfile(
            CryptosuiteName,
            [(SignatureAlgorithms.P256, HashAlgorithmName.SHA256), (SignatureAlgorithms.P384, HashAlgorithmName.SHA384)]), jsonLd);
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
