// References: W3C Data Integrity ECDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.3 ecdsa-jcs-2019 and
//   Appendix A (test vectors for P-256 and P-384), https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-jcs-2019
// Vectors: ../shared/test-vectors/vc-di-ecdsa/TestVectors/ecdsa-jcs-2019-p256 and -p384 (w3c/vc-di-ecdsa @ 00781de).
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>
/// ecdsa-jcs-2019 for P-256 (SHA-256) and P-384 (SHA-384): every intermediate byte-exact; the vector's signature
/// verifies (ECDSA nonces are random, so our signatures differ from it) and our own fresh proofs verify.
/// </summary>
[TestClass]
public sealed class EcdsaJcs2019Tests
{
    /// <summary>Curve rows: vector folder suffix, file-name suffix, key-pair file.</summary>
    public static IEnumerable<object[]> Curves =>
    [
        ["p256", "P256", "p256KeyPair.json"],
        ["p384", "P384", "p384KeyPair.json"],
    ];

    private static string Vector(string curve, string file) => EcdsaDir($"ecdsa-jcs-2019-{curve}", file);

    private static HashAlgorithmName Hash(string curve) => curve == "p384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    private static ProofOptions OptionsFrom(JsonObject config) => new()
    {
        VerificationMethod = config["verificationMethod"]!.GetValue<string>(),
        ProofPurpose = config["proofPurpose"]!.GetValue<string>(),
        Created = DateTimeOffset.Parse(config["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
    };

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void Intermediates_W3cVector_AreByteExact(string curve, string suffix, string keyFile)
    {
        // Arrange
        JsonObject unsigned = LoadObject(EcdsaDir("unsigned.json"));
        JsonObject vectorConfig = LoadObject(Vector(curve, $"proofConfigJCSECDSA{suffix}.json"));
        _ = keyFile;

        // Act
        JsonObject config = JcsProofAlgorithm.CreateProofConfig(EcdsaJcs2019.CryptosuiteName, unsigned, OptionsFrom(vectorConfig));
        byte[] canonicalDocument = Jcs.Canonicalize(unsigned).Value;
        byte[] canonicalConfig = Jcs.Canonicalize(config).Value;
        byte[] hashData = JcsProofAlgorithm.HashData(config, unsigned, Hash(curve)).Value;

        // Assert
        Assert.IsTrue(JsonNode.DeepEquals(vectorConfig, config), config.ToJsonString());
        Assert.AreEqual(LoadText(Vector(curve, $"canonDocJCSECDSA{suffix}.txt")), Encoding.UTF8.GetString(canonicalDocument));
        Assert.AreEqual(LoadText(Vector(curve, $"proofCanonJCSECDSA{suffix}.txt")), Encoding.UTF8.GetString(canonicalConfig));
        Assert.AreEqual(LoadText(Vector(curve, $"docHashJCSECDSA{suffix}.txt")), Convert.ToHexStringLower(CryptographicOperations.HashData(Hash(curve), canonicalDocument)));
        Assert.AreEqual(LoadText(Vector(curve, $"proofHashJCSECDSA{suffix}.txt")), Convert.ToHexStringLower(CryptographicOperations.HashData(Hash(curve), canonicalConfig)));
        Assert.AreEqual(LoadText(Vector(curve, $"combinedHashJCSECDSA{suffix}.txt")), Convert.ToHexStringLower(hashData));
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void VerifyProof_W3cSignature_IsValidAndMatchesHex(string curve, string suffix, string keyFile)
    {
        JsonObject signed = LoadObject(Vector(curve, $"signedJCSECDSA{suffix}.json"));
        JsonObject proof = signed["proof"]!.AsObject();
        signed.Remove("proof");
        PublicKey key = Multikey.DecodePublicKey(LoadObject(EcdsaDir(keyFile))["publicKeyMultibase"]!.GetValue<string>()).Value;
        string proofValue = proof["proofValue"]!.GetValue<string>();

        Result<bool> verified = new EcdsaJcs2019().VerifyProof(signed, proof, key);

        Assert.IsTrue(verified.Value, verified.ToString());
        Assert.AreEqual(LoadText(Vector(curve, $"sigBTC58JCSECDSA{suffix}.txt")), proofValue);
        Assert.AreEqual(LoadText(Vector(curve, $"sigHexJCSECDSA{suffix}.txt")), Convert.ToHexStringLower(Multibase.Decode(proofValue).Value));
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public async Task VerifyAsync_W3cSignedDocument_IsVerified(string curve, string suffix, string keyFile)
    {
        _ = keyFile;
        JsonObject signed = LoadObject(Vector(curve, $"signedJCSECDSA{suffix}.json"));

        IReadOnlyList<ProofVerification> results = await CreateService(VectorTime)
            .VerifyAsync(signed, new ProofExpectations { ProofPurpose = VerificationRelationship.AssertionMethod });

        Assert.HasCount(1, results);
        Assert.IsTrue(results[0].Verified, results[0].Error?.ToString());
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public async Task AddProof_VectorKey_FreshProofHasVectorConfigAndVerifies(string curve, string suffix, string keyFile)
    {
        // Arrange
        using PrivateKey key = DecodePrivateKey(LoadObject(EcdsaDir(keyFile))["secretKeyMultibase"]!.GetValue<string>());
        JsonObject vectorConfig = LoadObject(Vector(curve, $"proofConfigJCSECDSA{suffix}.json"));
        DataIntegrityProofService service = CreateService(VectorTime);

        // Act
        Result<JsonObject> secured = service.AddProof(LoadObject(EcdsaDir("unsigned.json")), EcdsaJcs2019.CryptosuiteName, OptionsFrom(vectorConfig), key);
        IReadOnlyList<ProofVerification> results = await service
            .VerifyAsync(secured.Value, new ProofExpectations { ProofPurpose = VerificationRelationship.AssertionMethod });

        // Assert: same proof configuration as the vector, a fresh (random-nonce) signature that verifies.
        var proof = (JsonObject)secured.Value["proof"]!.DeepClone();
        proof.Remove("proofValue");
        Assert.IsTrue(JsonNode.DeepEquals(vectorConfig, proof), proof.ToJsonString());
        Assert.IsTrue(results[0].Verified, results[0].Error?.ToString());
    }
}
