// References: W3C Verifiable Credential Data Integrity 1.0 (15 May 2025), §2.4 Contexts and Vocabularies,
//   https://www.w3.org/TR/vc-data-integrity/#contexts-and-vocabularies
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Status;
using Identity.Cryptography;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>The issuer's context injection for VC 1.1 credentials: the Data Integrity terms and the status entry's terms.</summary>
[TestClass]
public sealed class DataIntegrityContextTests
{
    private const string V1 = "https://www.w3.org/2018/credentials/v1";
    private const string V2 = "https://www.w3.org/ns/credentials/v2";

    private static JsonObject Vc11() => new()
    {
        ["@context"] = new JsonArray(V1),
        ["id"] = "urn:uuid:d8b6624b-b7f3-4f8e-a9db-03731f58e4d1",
        ["type"] = new JsonArray("VerifiableCredential"),
        ["issuer"] = "did:example:issuer",
        ["issuanceDate"] = "2020-03-16T22:37:26.544Z",
        ["credentialSubject"] = new JsonObject { ["id"] = "did:example:subject" },
    };

    [TestMethod]
    public void WithProofTerms_Vc11_AppendsDataIntegrityContext_AndLeavesInputAlone()
    {
        JsonObject input = Vc11();

        JsonObject output = DataIntegrityContext.WithProofTerms(input);

        CollectionAssert.AreEqual(new[] { V1, DataIntegrityContext.Url }, Contexts(output));
        CollectionAssert.AreEqual(new[] { V1 }, Contexts(input));
    }

    [TestMethod]
    [DataRow(V2)]
    [DataRow(DataIntegrityContext.Url)]
    public void WithProofTerms_ContextAlreadyDefinesTerms_IsUnchanged(string defining)
    {
        JsonObject input = Vc11();
        input["@context"] = defining == V2 ? new JsonArray(V2) : new JsonArray(V1, defining);

        JsonObject output = DataIntegrityContext.WithProofTerms(input);

        Assert.IsTrue(JsonNode.DeepEquals(input, output));
    }

    [TestMethod]
    public void WithProofTerms_LoneContextString_BecomesTwoItemSet()
    {
        JsonObject input = Vc11();
        input["@context"] = V1;

        CollectionAssert.AreEqual(new[] { V1, DataIntegrityContext.Url }, Contexts(DataIntegrityContext.WithProofTerms(input)));
    }

    [TestMethod]
    public void WithProofTerms_NoContext_IsNotGuessed()
    {
        JsonObject input = Vc11();
        input.Remove("@context");

        Assert.IsFalse(DataIntegrityContext.WithProofTerms(input).ContainsKey("@context"));
    }

    [TestMethod]
    [DataRow("eddsa-rdfc-2022")]
    [DataRow("ecdsa-rdfc-2019")]
    public void AddProof_Vc11WithStatusEntry_SignsOnlyAfterBothInjections(string suite)
    {
        // Arrange: a VC 1.1 credential carrying a Bitstring status entry, as the issuance service builds it.
        using PrivateKey key = suite.StartsWith("eddsa", StringComparison.Ordinal)
            ? SignatureAlgorithms.Ed25519.GenerateKey()
            : SignatureAlgorithms.P256.GenerateKey();
        var service = CreateService(VectorTime);
        var options = new ProofOptions { VerificationMethod = DidKeyMethodId(key.PublicKey), ProofPurpose = "assertionMethod" };
        JsonObject credential = Vc11();
        credential["credentialStatus"] = BitstringStatusListCredential.BuildEntry("https://issuer.example/status/1", 7, "revocation");

        // Act
        var bare = service.AddProof(credential, suite, options, key);
        var onlyDataIntegrity = service.AddProof(DataIntegrityContext.WithProofTerms(credential), suite, options, key);
        var both = service.AddProof(
            BitstringStatusListCredential.WithEntryTerms(DataIntegrityContext.WithProofTerms(credential)), suite, options, key);

        // Assert: RDFC refuses terms no context defines, first DataIntegrityProof, then BitstringStatusListEntry.
        Assert.IsFalse(bare.IsSuccess);
        StringAssert.Contains(bare.Error!.Detail, "DataIntegrityProof");
        Assert.IsFalse(onlyDataIntegrity.IsSuccess);
        StringAssert.Contains(onlyDataIntegrity.Error!.Detail, "BitstringStatusListEntry");
        Assert.IsTrue(both.IsSuccess, both.Error?.ToString());
    }

    [TestMethod]
    public void WithEntryTerms_Vc2Credential_IsUnchanged()
    {
        JsonObject input = Vc11();
        input["@context"] = new JsonArray(V2);

        Assert.IsTrue(JsonNode.DeepEquals(input, BitstringStatusListCredential.WithEntryTerms(input)));
    }

    [TestMethod]
    public void WithEntryTerms_Vc11_MapsEntryTermsToTheVc2Iris()
    {
        // The inline definition must give the entry the meaning the VC 2.0 base context gives it.
        JsonObject credential = BitstringStatusListCredential.WithEntryTerms(DataIntegrityContext.WithProofTerms(Vc11()));
        credential["credentialStatus"] = BitstringStatusListCredential.BuildEntry("https://issuer.example/status/1", 7, "revocation");

        var expanded = DataIntegrityTestKit.JsonLd.Expand(credential);

        Assert.IsTrue(expanded.IsSuccess, expanded.Error?.ToString());
        string text = expanded.Value.ToJsonString();
        StringAssert.Contains(text, "https://www.w3.org/ns/credentials/status#BitstringStatusListEntry");
        StringAssert.Contains(text, "https://www.w3.org/ns/credentials/status#statusListIndex");
        StringAssert.Contains(text, "\"https://www.w3.org/ns/credentials/status#statusListCredential\":[{\"@id\":\"https://issuer.example/status/1\"}]");
    }

    private static string[] Contexts(JsonObject document) =>
        [.. document["@context"]!.AsArray().Select(c => c!.GetValue<string>())];
}
