// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §2.1.1 Proof Sets,
//   §2.1.2 Proof Chains, §4.2 Add Proof Set/Chain, §4.5 Verify Proof Sets and Chains,
//   https://www.w3.org/TR/vc-data-integrity/#proof-chains
// Vectors: ../shared/test-vectors/vc-di-eddsa/TestVectors/proof-set-chain (w3c/vc-di-eddsa @ abb673e). They are signed
// with eddsa-rdfc-2022, and every proof in them verifies here; the same keys, ids and configurations are also reused
// with eddsa-jcs-2022, and the vector's intermediate documents (proofChainTempDoc1/2) are checked by verifying our
// chained proofs over them.
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

[TestClass]
public sealed class ProofSetChainTests
{
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };
    private static readonly DateTimeOffset s_now = new(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Vector(string file) => EddsaDir("proof-set-chain", file);

    private static PrivateKey Key(int n) =>
        DecodePrivateKey(LoadObject(Vector("multiKeyPairs.json"))[$"keyPair{n}"]!["privateKeyMultibase"]!.GetValue<string>());

    /// <summary>The vector's proof configuration as options (its cryptosuite is replaced by the caller's).</summary>
    private static ProofOptions Options(string file)
    {
        JsonObject config = LoadObject(Vector(file));
        JsonNode? previous = config["previousProof"];
        return new ProofOptions
        {
            Id = config["id"]?.GetValue<string>(),
            VerificationMethod = config["verificationMethod"]!.GetValue<string>(),
            ProofPurpose = config["proofPurpose"]!.GetValue<string>(),
            Created = DateTimeOffset.Parse(config["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            PreviousProof = previous switch
            {
                JsonArray ids => [.. ids.Select(id => id!.GetValue<string>())],
                null => [],
                _ => [previous.GetValue<string>()],
            },
        };
    }

    /// <summary>Our proof without proofValue and @context must equal the vector's configuration, bar the cryptosuite.</summary>
    private static void AssertConfigMatches(string file, JsonNode? proof)
    {
        var expected = LoadObject(Vector(file));
        expected["cryptosuite"] = EddsaJcs2022.CryptosuiteName;
        var actual = (JsonObject)proof!.DeepClone();
        actual.Remove("proofValue");
        actual.Remove("@context");
        Assert.IsTrue(JsonNode.DeepEquals(expected, actual), $"{file}: {actual.ToJsonString()}");
    }

    private static JsonObject Add(DataIntegrityProofService service, JsonObject document, string configFile, int key)
    {
        using PrivateKey privateKey = Key(key);
        Result<JsonObject> secured = service.AddProof(document, EddsaJcs2022.CryptosuiteName, Options(configFile), privateKey);
        Assert.IsTrue(secured.IsSuccess, secured.ToString());
        return secured.Value;
    }

    [TestMethod]
    public async Task AddProof_ProofSet_HasVectorShapeAndBothProofsVerify()
    {
        DataIntegrityProofService service = CreateService(s_now);

        JsonObject one = Add(service, LoadObject(Vector("unsigned.json")), "proofSetConfig1.json", 1);
        JsonObject two = Add(service, one, "proofSetConfig2.json", 2);
        IReadOnlyList<ProofVerification> results = await service.VerifyAsync(two, s_assertion);

        Assert.IsInstanceOfType<JsonObject>(one["proof"], "A single proof is an object (signedProofSet1).");
        AssertConfigMatches("proofSetConfig1.json", one["proof"]);
        JsonArray set = two["proof"]!.AsArray();
        Assert.HasCount(2, set);
        Assert.IsTrue(JsonNode.DeepEquals(one["proof"], set[0]), "Adding to a set leaves earlier proofs untouched.");
        AssertConfigMatches("proofSetConfig2.json", set[1]);
        Assert.IsTrue(results.All(r => r.Verified), string.Join("; ", results.Select(r => r.Error)));
    }

    [TestMethod]
    [DataRow("signedProofSet2.json", "proofChainConfig1.json", 3, "proofChainTempDoc1.json", DisplayName = "chain 1 (previousProof array)")]
    [DataRow("signedProofChain1.json", "proofChainConfig2.json", 4, "proofChainTempDoc2.json", DisplayName = "chain 2 (previousProof string)")]
    public void AddProof_ChainOnVectorDocument_SignsTheVectorTemporaryDocument(string input, string config, int key, string tempDoc)
    {
        // Arrange
        JsonObject document = LoadObject(Vector(input));
        int before = document["proof"] is JsonArray earlier ? earlier.Count : 1;
        using PrivateKey privateKey = Key(key);

        // Act
        JsonObject secured = Add(CreateService(s_now), document, config, key);

        // Assert: earlier proofs unchanged; the new proof verifies over exactly the vector's temporary document.
        JsonArray proofs = secured["proof"]!.AsArray();
        Assert.HasCount(before + 1, proofs);
        JsonObject proof = proofs[before]!.AsObject();
        AssertConfigMatches(config, proof);
        Result<bool> verified = new EddsaJcs2022().VerifyProof(LoadObject(Vector(tempDoc)), proof, privateKey.PublicKey);
        Assert.IsTrue(verified.IsSuccess && verified.Value, verified.ToString());
    }

    [TestMethod]
    public async Task VerifyAsync_FullChain_EveryProofVerifies()
    {
        DataIntegrityProofService service = CreateService(s_now);
        JsonObject document = LoadObject(Vector("unsigned.json"));
        document = Add(service, document, "proofSetConfig1.json", 1);
        document = Add(service, document, "proofSetConfig2.json", 2);
        document = Add(service, document, "proofChainConfig1.json", 3);
        document = Add(service, document, "proofChainConfig2.json", 4);

        IReadOnlyList<ProofVerification> results = await service.VerifyAsync(document, s_assertion);

        Assert.HasCount(4, results);
        Assert.IsTrue(results.All(r => r.Verified), string.Join("; ", results.Select(r => r.Error)));
        Assert.AreEqual("urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23", results[2].ProofId);
    }

    [TestMethod]
    public async Task VerifyAsync_TamperedPreviousProof_BreaksTheChainedProof()
    {
        DataIntegrityProofService service = CreateService(s_now);
        JsonObject document = Add(service, Add(service, LoadObject(Vector("unsigned.json")), "proofSetConfig1.json", 1), "proofSetConfig2.json", 2);
        document = Add(service, document, "proofChainConfig1.json", 3);
        document["proof"]![1]!["created"] = "2023-02-24T23:36:39Z";

        IReadOnlyList<ProofVerification> results = await service.VerifyAsync(document, s_assertion);

        CollectionAssert.AreEqual(new[] { true, false, false }, results.Select(r => r.Verified).ToArray());
        Assert.AreEqual(ErrorCodes.InvalidProof, results[2].Error?.Code);
    }

    [TestMethod]
    public async Task VerifyAsync_PreviousProofMissing_IsInvalidProof()
    {
        DataIntegrityProofService service = CreateService(s_now);
        JsonObject document = Add(service, Add(service, LoadObject(Vector("unsigned.json")), "proofSetConfig1.json", 1), "proofSetConfig2.json", 2);
        document = Add(service, document, "proofChainConfig1.json", 3);
        document["proof"]!.AsArray().RemoveAt(0);

        IReadOnlyList<ProofVerification> results = await service.VerifyAsync(document, s_assertion);

        Assert.IsTrue(results[0].Verified);
        Assert.AreEqual(ErrorCodes.InvalidProof, results[1].Error?.Code);
    }

    [TestMethod]
    public void AddProof_PreviousProofNotInDocument_IsInvalidOptions()
    {
        using PrivateKey key = Key(3);

        Result<JsonObject> secured = CreateService(s_now).AddProof(
            LoadObject(Vector("signedProofSet1.json")), EddsaJcs2022.CryptosuiteName, Options("proofChainConfig1.json"), key);

        Assert.AreEqual(ErrorCodes.InvalidOptions, secured.Error?.Code);
    }

    [TestMethod]
    [DataRow("signedProofSet1.json", 1)]
    [DataRow("signedProofSet2.json", 2)]
    [DataRow("signedProofChain1.json", 3)]
    [DataRow("signedProofChain2.json", 4)]
    public async Task VerifyAsync_RdfcVectorProofSetsAndChains_AllVerify(string file, int expectedProofs)
    {
        // The vectors are signed with eddsa-rdfc-2022, now implemented: every proof of every set and chain verifies.
        IReadOnlyList<ProofVerification> results = await CreateService(s_now).VerifyAsync(LoadObject(Vector(file)), s_assertion);

        Assert.HasCount(expectedProofs, results);
        Assert.IsTrue(results.All(r => r.Verified), string.Join("; ", results.Select(r => r.Error?.ToString())));
    }
}
