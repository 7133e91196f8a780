// References: W3C Data Integrity EdDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, Appendix: the legacy
//   Ed25519Signature2020 suite (proof type Ed25519Signature2020, no cryptosuite member; RDFC-1.0 transformation,
//   SHA-256 hashing of the proof options and the document, Ed25519), https://www.w3.org/TR/vc-di-eddsa/ ;
//   W3C CCG Ed25519 Signature 2020, https://w3c-ccg.github.io/di-eddsa-2020/
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// The legacy <c>Ed25519Signature2020</c> proofs, verify only: credentials issued elsewhere before Data Integrity 1.0
/// still verify here, and this service never issues them (it signs <c>DataIntegrityProof</c> only). The algorithm is
/// that of <c>eddsa-rdfc-2022</c> (the same RDFC transformation, with its safe mode and compacted-form rule, the
/// proof options under the document's <c>@context</c>, hash(options) ‖ hash(document), Ed25519); only the proof's
/// shape differs: <c>type: Ed25519Signature2020</c> and no <c>cryptosuite</c>.
/// </summary>
/// <remarks><threadsafety>Stateless over a thread-safe <see cref="JsonLdProcessor"/>; safe to use from any thread.</threadsafety></remarks>
public sealed class Ed25519Signature2020 : ICryptosuite, IProfiledCryptosuite
{
    /// <summary>The proof <c>type</c>, which is also this suite's registry name.</summary>
    public const string ProofType = "Ed25519Signature2020";

    private readonly JcsSuiteProfile _profile;

    /// <summary>A suite that loads contexts through <paramref name="jsonLd"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="jsonLd"/> is null.</exception>
    public Ed25519Signature2020(JsonLdProcessor jsonLd)
    {
        ArgumentNullException.ThrowIfNull(jsonLd);
        _profile = RdfcCanonicalization.Over(new JcsSuiteProfile(ProofType, [(SignatureAlgorithms.Ed25519, HashAlgorithmName.SHA256)])
        {
            LegacyProofType = ProofType,
        }, jsonLd);
    }

    JcsSuiteProfile IProfiledCryptosuite.Profile => _profile;

    /// <inheritdoc />
    public string Name => ProofType;

    /// <inheritdoc />
    public bool SupportsKey(KeyType keyType) => _profile.AlgorithmFor(keyType) is not null;

    /// <inheritdoc />
    /// <returns>Always <c>unsupportedCryptosuite</c>: legacy proofs are verified, never issued.</returns>
    public Result<JsonObject> CreateProof(JsonObject unsecuredDocument, ProofOptions options, PrivateKey key) =>
        new Error(ErrorCodes.UnsupportedCryptosuite, $"{ProofType} is verified but never issued; sign with eddsa-rdfc-2022 or eddsa-jcs-2022.");

    /// <inheritdoc />
    public Result<bool> VerifyProof(JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        JcsProofAlgorithm.VerifyProof(_profile, unsecuredDocument, proof, key);

    /// <inheritdoc />
    public Verification.ProofVerdict Verify(JsonObject unsecuredDocument, JsonObject proof, PublicKey key) =>
        JcsProofAlgorithm.Verify(_profile, unsecuredDocument, proof, key);
}
