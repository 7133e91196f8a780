// References: W3C Data Integrity EdDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.3 eddsa-jcs-2022 and
//   Appendix A.2 (test vectors), https://www.w3.org/TR/vc-di-eddsa/#representation-eddsa-jcs-2022
// Vectors: ../shared/test-vectors/vc-di-eddsa/TestVectors/eddsa-jcs-2022 (w3c/vc-di-eddsa @ abb673e).
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>eddsa-jcs-2022 against every intermediate of the W3C vector; Ed25519 is deterministic, so all are byte-exact.</summary>
[TestClass]
public sealed class EddsaJcs2022Tests
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Vector(string file) => EddsaDir("eddsa-jcs-2022", file);

    private static ProofOptions VectorOptions()
    {
        JsonObject config = LoadObject(Vector("proofConfigJCS.json"));
        return new ProofOptions
        {
            VerificationMethod = config["verificationMethod"]!.GetValue<string>(),
            ProofPurpose = config["proofPurpose"]!.GetValue<string>(),
            Created = DateTimeOffset.Parse(config["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static PrivateKey VectorKey() => DecodePrivateKey(LoadObject(EddsaDir("keyPair.json"))["privateKeyMultibase"]!.GetValue<string>());

    [TestMethod]
    public void Transformation_W3cVector_CanonicalDocumentAndHashMatch()
    {
        byte[] canonical = Jcs.Canonicalize(LoadObject(EddsaDir("unsigned.json"))).Value;

        Assert.AreEqual(LoadText(Vector("canonDocJCS.txt")), Encoding.UTF8.GetString(canonical));
        Assert.AreEqual(LoadText(Vector("docHashJCS.txt")), Convert.ToHexStringLower(SHA256.HashData(canonical)));
    }

    [TestMethod]
    public void ProofConfiguration_W3cVector_ConfigCanonicalFormAndHashMatch()
    {
        JsonObject unsigned = LoadObject(EddsaDir("unsigned.json"));

        JsonObject config = JcsProofAlgorithm.CreateProofConfig(EddsaJcs2022.CryptosuiteName, unsigned, VectorOptions());
        byte[] canonical = Jcs.Canonicalize(config).Value;

        Assert.IsTrue(JsonNode.DeepEquals(LoadObject(Vector("proofConfigJCS.json")), config), config.ToJsonString());
        Assert.AreEqual(LoadText(Vector("proofCanonJCS.txt")), Encoding.UTF8.GetString(canonical));
        Assert.AreEqual(LoadText(Vector("proofHashJCS.txt")), Convert.ToHexStringLower(SHA256.HashData(canonical)));
    }

    [TestMethod]
    public void HashData_W3cVector_IsProofHashThenDocumentHash()
    {
        JsonObject unsigned = LoadObject(EddsaDir("unsigned.json"));
        JsonObject config = JcsProofAlgorithm.CreateProofConfig(EddsaJcs2022.CryptosuiteName, unsigned, VectorOptions());

        Result<byte[]> hashData = JcsProofAlgorithm.HashData(config, unsigned, HashAlgorithmName.SHA256);

        Assert.AreEqual(LoadText(Vector("combinedHashJCS.txt")), Convert.ToHexStringLower(hashData.Value));
    }

    [TestMethod]
    public void CreateProof_W3cVector_SignatureMatchesHexAndBase58()
    {
        using PrivateKey key = VectorKey();

        Result<JsonObject> proof = new EddsaJcs2022().CreateProof(LoadObject(EddsaDir("unsigned.json")), VectorOptions(), key);

        string proofValue = proof.Value["proofValue"]!.GetValue<string>();
        Assert.AreEqual(LoadText(Vector("sigBTC58JCS.txt")), proofValue);
        Assert.AreEqual(LoadText(Vector("sigHexJCS.txt")), Convert.ToHexStringLower(Multibase.Decode(proofValue).Value));
    }

    [TestMethod]
    public void AddProof_W3cVector_SignedDocumentIsByteIdentical()
    {
        using PrivateKey key = VectorKey();
        JsonObject unsigned = LoadObject(EddsaDir("unsigned.json"));
        string before = unsigned.ToJsonString();

        Result<JsonObject> secured = CreateService(VectorTime).AddProof(unsigned, EddsaJcs2022.CryptosuiteName, VectorOptions(), key);

        Assert.AreEqual(File.ReadAllText(Vector("signedJCS.json")), secured.Value.ToJsonString(s_indented));
        Assert.AreEqual(before, unsigned.ToJsonString(), "AddProof must not modify its input.");
    }

    [TestMethod]
    public async Task VerifyAsync_W3cSignedDocument_IsVerified()
    {
        JsonObject signed = LoadObject(Vector("signedJCS.json"));

        IReadOnlyList<ProofVerification> results = await CreateService(VectorTime)
            .VerifyAsync(signed, new ProofExpectations { ProofPurpose = VerificationRelationship.AssertionMethod });

        Assert.HasCount(1, results);
        Assert.IsTrue(results[0].Verified, results[0].Error?.ToString());
        Assert.AreEqual(EddsaJcs2022.CryptosuiteName, results[0].Cryptosuite);
    }

    [TestMethod]
    public void VerifyProof_W3cProofWithWrongTypeOrSuite_IsUnsupportedCryptosuite()
    {
        JsonObject signed = LoadObject(Vector("signedJCS.json"));
        JsonObject proof = signed["proof"]!.AsObject();
        signed.Remove("proof");
        PublicKey key = Multikey.DecodePublicKey(LoadObject(EddsaDir("keyPair.json"))["publicKeyMultibase"]!.GetValue<string>()).Value;
        var suite = new EddsaJcs2022();

        JsonObject wrongType = (JsonObject)proof.DeepClone();
        wrongType["type"] = "Ed25519Signature2020";
        JsonObject wrongSuite = (JsonObject)proof.DeepClone();
        wrongSuite["cryptosuite"] = EcdsaJcs2019.CryptosuiteName;

        Assert.IsTrue(suite.VerifyProof(signed, proof, key).Value);
        Assert.AreEqual(ErrorCodes.UnsupportedCryptosuite, suite.VerifyProof(signed, wrongType, key).Error?.Code);
        Assert.AreEqual(ErrorCodes.UnsupportedCryptosuite, suite.VerifyProof(signed, wrongSuite, key).Error?.Code);
    }
}
