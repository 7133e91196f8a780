// References: W3C Data Integrity EdDSA Cryptosuites v1.0 §3.2 eddsa-rdfc-2022 and ECDSA Cryptosuites v1.0 §3.2
//   ecdsa-rdfc-2019 (W3C Recommendations, 15 May 2025), https://www.w3.org/TR/vc-di-eddsa/ , https://www.w3.org/TR/vc-di-ecdsa/
// Vectors: ../shared/test-vectors/vc-di-eddsa/TestVectors/eddsa-rdfc-2022 and vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256|p384.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>
/// eddsa-rdfc-2022 and ecdsa-rdfc-2019 (P-256, P-384): canonical document, canonical proof configuration, both hashes
/// and the combined hash byte-exact; Ed25519 signature byte-exact; the vectors' ECDSA signatures verify; fresh proofs
/// verify. The <c>employ</c> vectors need the citizenship v4rc1 context, which is not available offline (skipped).
/// </summary>
[TestClass]
public sealed class RdfcCryptosuiteTests
{
    /// <summary>Rows: suite, vector directory, file suffix, key file, hash.</summary>
    public static IEnumerable<object[]> Vectors =>
    [
        [EddsaRdfc2022.CryptosuiteName, EddsaDir("eddsa-rdfc-2022"), "DataInt", EddsaDir("keyPair.json"), "SHA256"],
        [EcdsaRdfc2019.CryptosuiteName, EcdsaDir("ecdsa-rdfc-2019-p256"), "ECDSAP256", EcdsaDir("p256KeyPair.json"), "SHA256"],
        [EcdsaRdfc2019.CryptosuiteName, EcdsaDir("ecdsa-rdfc-2019-p384"), "ECDSAP384", EcdsaDir("p384KeyPair.json"), "SHA384"],
    ];

    private static ICryptosuite Suite(string name) => Suites.Get(name).Value;

    private static JcsSuiteProfile Profile(string name) =>
        Suite(name) is EddsaRdfc2022 eddsa ? eddsa.Profile : ((EcdsaRdfc2019)Suite(name)).Profile;

    private static ProofOptions OptionsFrom(JsonObject config) => new()
    {
        VerificationMethod = config["verificationMethod"]!.GetValue<string>(),
        ProofPurpose = config["proofPurpose"]!.GetValue<string>(),
        Created = DateTimeOffset.Parse(config["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
    };

    private static JsonObject Unsigned(string directory) => LoadObject(Path.Combine(directory, "..", "unsigned.json"));

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Intermediates_W3cVector_AreByteExact(string suite, string directory, string suffix, string keyFile, string hash)
    {
        // Arrange
        _ = keyFile;
        JsonObject unsigned = Unsigned(directory);
        JsonObject vectorConfig = LoadObject(Path.Combine(directory, $"proofConfig{suffix}.json"));
        JcsSuiteProfile profile = Profile(suite);
        var hashName = new HashAlgorithmName(hash);

        // Act
        JsonObject config = JcsProofAlgorithm.CreateProofConfig(suite, unsigned, OptionsFrom(vectorConfig));
        byte[] canonicalDocument = profile.Canonicalize(unsigned).Value;
        byte[] canonicalConfig = profile.Canonicalize(config).Value;
        byte[] hashData = JcsProofAlgorithm.HashData(config, unsigned, hashName, d => profile.Canonicalize(d)).Value;

        // Assert
        Assert.IsTrue(JsonNode.DeepEquals(vectorConfig, config), config.ToJsonString());
        Assert.AreEqual(File.ReadAllText(Path.Combine(directory, $"canonDoc{suffix}.txt")).TrimEnd('\n') + "\n", Encoding.UTF8.GetString(canonicalDocument));
        Assert.AreEqual(File.ReadAllText(Path.Combine(directory, $"proofCanon{suffix}.txt")).TrimEnd('\n') + "\n", Encoding.UTF8.GetString(canonicalConfig));
        Assert.AreEqual(LoadText(Path.Combine(directory, $"docHash{suffix}.txt")), Convert.ToHexStringLower(CryptographicOperations.HashData(hashName, canonicalDocument)));
        Assert.AreEqual(LoadText(Path.Combine(directory, $"proofHash{suffix}.txt")), Convert.ToHexStringLower(CryptographicOperations.HashData(hashName, canonicalConfig)));
        Assert.AreEqual(LoadText(Path.Combine(directory, $"combinedHash{suffix}.txt")), Convert.ToHexStringLower(hashData));
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void VerifyProof_W3cSignature_IsValidAndMatchesHex(string suite, string directory, string suffix, string keyFile, string hash)
    {
        _ = hash;
        JsonObject signed = LoadObject(Path.Combine(directory, $"signed{suffix}.json"));
        JsonObject proof = signed["proof"]!.AsObject();
        signed.Remove("proof");
        PublicKey key = Multikey.DecodePublicKey(LoadObject(keyFile)["publicKeyMultibase"]!.GetValue<string>()).Value;
        string proofValue = proof["proofValue"]!.GetValue<string>();

        Result<bool> verified = Suite(suite).VerifyProof(signed, proof, key);

        Assert.IsTrue(verified.IsSuccess && verified.Value, verified.ToString());
        Assert.AreEqual(LoadText(Path.Combine(directory, $"sigBTC58{suffix}.txt")), proofValue);
        Assert.AreEqual(LoadText(Path.Combine(directory, $"sigHex{suffix}.txt")), Convert.ToHexStringLower(Multibase.Decode(proofValue).Value));
    }

    [TestMethod]
    public void CreateProof_Ed25519VectorKey_SignatureIsByteExact()
    {
        // Ed25519 is deterministic: our proof over the vector's inputs must be the vector's proof, byte for byte.
        string directory = EddsaDir("eddsa-rdfc-2022");
        JsonObject vectorConfig = LoadObject(Path.Combine(directory, "proofConfigDataInt.json"));
        JsonObject keyPair = LoadObject(EddsaDir("keyPair.json"));
        using PrivateKey key = DecodePrivateKey(keyPair["privateKeyMultibase"]!.GetValue<string>());

        Result<JsonObject> proof = Suite(EddsaRdfc2022.CryptosuiteName).CreateProof(Unsigned(directory), OptionsFrom(vectorConfig), key);

        Assert.IsTrue(proof.IsSuccess, proof.ToString());
        Assert.AreEqual(LoadText(Path.Combine(directory, "sigBTC58DataInt.txt")), proof.Value["proofValue"]!.GetValue<string>());
        JsonObject expected = LoadObject(Path.Combine(directory, "signedDataInt.json"))["proof"]!.AsObject();
        proof.Value.Remove("@context");
        Assert.IsTrue(JsonNode.DeepEquals(expected, proof.Value), proof.Value.ToJsonString());
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public async Task AddProof_VectorKey_FreshProofVerifiesAndTamperingIsDetected(string suite, string directory, string suffix, string keyFile, string hash)
    {
        // Arrange
        _ = hash;
        JsonObject keyPair = LoadObject(keyFile);
        using PrivateKey key = DecodePrivateKey((keyPair["secretKeyMultibase"] ?? keyPair["privateKeyMultibase"])!.GetValue<string>());
        JsonObject vectorConfig = LoadObject(Path.Combine(directory, $"proofConfig{suffix}.json"));
        DataIntegrityProofService service = CreateService(VectorTime);
        var expectations = new ProofExpectations { ProofPurpose = VerificationRelationship.AssertionMethod };

        // Act
        Result<JsonObject> secured = service.AddProof(Unsigned(directory), suite, OptionsFrom(vectorConfig), key);
        IReadOnlyList<ProofVerification> results = await service.VerifyAsync(secured.Value, expectations);
        var tampered = (JsonObject)secured.Value.DeepClone();
        tampered["credentialSubject"]!["alumniOf"] = "Another School";
        IReadOnlyList<ProofVerification> tamperedResults = await service.VerifyAsync(tampered, expectations);

        // Assert
        Assert.IsTrue(results[0].Verified, results[0].Error?.ToString());
        Assert.IsFalse(tamperedResults[0].Verified);
    }

    [TestMethod]
    public void CreateProof_UndefinedTerm_FailsInSafeMode()
    {
        // With @vocab removed, "alumniOf" maps to nothing: RDFC would silently drop it, so signing must refuse.
        JsonObject unsigned = Unsigned(EddsaDir("eddsa-rdfc-2022"));
        unsigned["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["@vocab"] = null });
        using PrivateKey key = DecodePrivateKey(LoadObject(EddsaDir("keyPair.json"))["privateKeyMultibase"]!.GetValue<string>());
        var options = new ProofOptions { VerificationMethod = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", ProofPurpose = "assertionMethod" };

        Result<JsonObject> proof = Suite(EddsaRdfc2022.CryptosuiteName).CreateProof(unsigned, options, key);

        Assert.AreEqual(ErrorCodes.InvalidJsonLd, proof.Error?.Code);
    }
}
