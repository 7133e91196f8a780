using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Model;

[TestClass]
public sealed class VerifiableCredentialTests
{
    private const string Credential = """
        {"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential","X"],
         "issuer":{"id":"did:example:issuer","name":"I"},"validFrom":"2024-01-01T00:00:00Z","validUntil":"2030-01-01T00:00:00Z",
         "credentialSubject":[{"id":"did:example:a"},{"claim":1}],
         "credentialStatus":{"type":"BitstringStatusListEntry"},"credentialSchema":[{"id":"https://s.example/1","type":"JsonSchema"}],
         "proof":{"type":"DataIntegrityProof"}}
        """;

    [TestMethod]
    public void Parse_V2Credential_ExposesViews()
    {
        VerifiableCredential vc = VerifiableCredential.Parse(JsonNode.Parse(Credential)).Value;

        Assert.AreEqual(VcVersion.V2_0, vc.Version);
        Assert.AreEqual("urn:uuid:1", vc.Id);
        CollectionAssert.AreEqual(new[] { "VerifiableCredential", "X" }, vc.Types.ToArray());
        Assert.AreEqual("did:example:issuer", vc.IssuerId);
        Assert.AreEqual(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), vc.ValidFrom);
        Assert.AreEqual(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), vc.ValidUntil);
        CollectionAssert.AreEqual(new[] { "did:example:a", null }, vc.SubjectIds.ToArray());
        Assert.AreEqual(1, vc.CredentialStatus.Length);
        Assert.AreEqual("https://s.example/1", (string?)vc.CredentialSchemas[0]["id"]);
        Assert.IsTrue(vc.HasProof);
    }

    [TestMethod]
    public void Parse_V1Credential_ReadsIssuanceAndExpirationDates()
    {
        VerifiableCredential vc = VerifiableCredential.Parse(JsonNode.Parse("""
            {"@context":["https://www.w3.org/2018/credentials/v1"],"type":"VerifiableCredential","issuer":"did:example:i",
             "issuanceDate":"2020-01-01T00:00:00Z","expirationDate":"2021-01-01T00:00:00Z","credentialSubject":{"id":"did:example:s"}}
            """)).Value;

        Assert.AreEqual(VcVersion.V1_1, vc.Version);
        Assert.AreEqual(2020, vc.ValidFrom!.Value.Year);
        Assert.AreEqual(2021, vc.ValidUntil!.Value.Year);
        Assert.IsFalse(vc.HasProof);
    }

    [TestMethod]
    public void Json_IsACloneEachTime_SourceChangesDoNotLeakIn()
    {
        JsonNode source = JsonNode.Parse(Credential)!;
        VerifiableCredential vc = VerifiableCredential.Parse(source).Value;

        source["id"] = "urn:uuid:changed";
        vc.Json["id"] = "urn:uuid:changed-too";
        vc.CredentialSchemas[0]["id"] = "changed";

        Assert.AreEqual("urn:uuid:1", (string?)vc.Json["id"]);
        Assert.AreEqual("https://s.example/1", (string?)vc.CredentialSchemas[0]["id"]);
        Assert.AreEqual(VerifiableCredential.Parse(JsonNode.Parse(Credential)).Value, vc);
    }

    [TestMethod]
    public void ToString_NeverPrintsClaims() =>
        Assert.IsFalse(VerifiableCredential.Parse(JsonNode.Parse(Credential)).Value.ToString().Contains("claim", StringComparison.Ordinal));

    [TestMethod]
    [DataRow("[]")]
    [DataRow("""{"type":["VerifiableCredential"]}""")]
    [DataRow("""{"@context":["https://www.w3.org/ns/credentials/v2"]}""")]
    public void Parse_NotACredentialShape_DataModelViolation(string json) =>
        Assert.AreEqual(ErrorCodes.DataModelViolation, VerifiableCredential.Parse(JsonNode.Parse(json)).Error!.Code);

    [TestMethod]
    public void Parse_Null_DataModelViolation() =>
        Assert.AreEqual(ErrorCodes.DataModelViolation, VerifiableCredential.Parse(null).Error!.Code);
}
