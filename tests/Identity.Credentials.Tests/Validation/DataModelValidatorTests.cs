using System.Text.Json.Nodes;
using Identity.Credentials.Validation;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Validation;

/// <summary>One or more cases per rule of <see cref="DataModelValidator"/>: a minimal valid credential with one change.</summary>
[TestClass]
public sealed class DataModelValidatorTests
{
    private const string Valid = """
        {"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
         "issuer":"did:example:issuer","credentialSubject":{"id":"did:example:subject","claim":"x"}}
        """;

    private const string ValidV1 = """
        {"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential"],
         "issuer":"did:example:issuer","issuanceDate":"2020-01-01T00:00:00Z","credentialSubject":{"id":"did:example:subject"}}
        """;

    [TestMethod]
    public void ValidateCredential_Minimal_NoErrors()
    {
        Assert.AreEqual(0, DataModelValidator.ValidateCredential(JsonNode.Parse(Valid)).Count);
        Assert.AreEqual(0, DataModelValidator.ValidateCredential(JsonNode.Parse(ValidV1)).Count);
    }

    [TestMethod]
    [DataRow("@context", null, "@context")]
    [DataRow("@context", """["https://www.w3.org/ns/credentials/examples/v2"]""", "@context[0]")]
    [DataRow("@context", """["https://www.w3.org/ns/credentials/v2", 7]""", "@context[1]")]
    [DataRow("@context", """["https://www.w3.org/ns/credentials/v2", "not a url"]""", "@context[1]")]
    [DataRow("type", null, "type")]
    [DataRow("type", """["Other"]""", "type")]
    [DataRow("type", """["VerifiableCredential", 2]""", "type[1]")]
    [DataRow("id", "null", "id")]
    [DataRow("id", "\"https ://x\"", "id")]
    [DataRow("id", """["urn:uuid:1", "urn:uuid:2"]""", "id")]
    [DataRow("issuer", null, "issuer")]
    [DataRow("issuer", "\"fake-issuer\"", "issuer")]
    [DataRow("issuer", """{"name":"Acme"}""", "issuer.id")]
    [DataRow("issuer", """{"id":"did:example:i","name":{"@value":"A","url":"x"}}""", "issuer.name.url")]
    [DataRow("credentialSubject", null, "credentialSubject")]
    [DataRow("credentialSubject", "{}", "credentialSubject")]
    [DataRow("credentialSubject", "[]", "credentialSubject")]
    [DataRow("credentialSubject", """[{"id":"did:example:a"},{}]""", "credentialSubject[1]")]
    [DataRow("credentialSubject", """{"id":["did:example:a","did:example:b"]}""", "credentialSubject.id")]
    [DataRow("validFrom", "\"2020-13-01T00:00:00Z\"", "validFrom")]
    [DataRow("validUntil", "\"Sun, 26 Feb 2023 01:22:14 +0000\"", "validUntil")]
    [DataRow("name", "42", "name")]
    [DataRow("description", """{"@value":"d","@direction":"up"}""", "description.@direction")]
    [DataRow("description", """[{"@language":"en"}]""", "description[0].@value")]
    [DataRow("credentialStatus", """{"id":"did:example:status"}""", "credentialStatus.type")]
    [DataRow("credentialStatus", """{"id":"https ://x","type":"T"}""", "credentialStatus.id")]
    [DataRow("credentialSchema", """{"type":"JsonSchema"}""", "credentialSchema.id")]
    [DataRow("credentialSchema", """[{"id":"did:example:s","type":"JsonSchema"},{"id":"did:example:s"}]""", "credentialSchema[1].type")]
    [DataRow("evidence", "{}", "evidence.type")]
    [DataRow("refreshService", """{"id":"did:example:r"}""", "refreshService.type")]
    [DataRow("termsOfUse", "[{}]", "termsOfUse[0].type")]
    [DataRow("proof", """{"proofPurpose":"assertionMethod"}""", "proof.type")]
    [DataRow("relatedResource", """[{"id":"https://x.example/a"}]""", "relatedResource[0]")]
    [DataRow("relatedResource", """[{"digestSRI":"sha384-abc"}]""", "relatedResource[0].id")]
    [DataRow("relatedResource", """[{"id":"https://x.example/a","digestSRI":"s"},{"id":"https://x.example/a","digestMultibase":"u"}]""", "relatedResource[1].id")]
    public void ValidateCredential_RuleBroken_ReportsPath(string property, string? json, string expectedPath)
    {
        JsonObject credential = JsonNode.Parse(Valid)!.AsObject();
        if (json is null)
        {
            credential.Remove(property);
        }
        else
        {
            credential[property] = JsonNode.Parse(json);
        }

        IReadOnlyList<Error> errors = DataModelValidator.ValidateCredential(credential);

        Assert.IsTrue(errors.Any(e => e.Detail.StartsWith(expectedPath + ":", StringComparison.Ordinal)),
            $"Expected an error at {expectedPath}; got: {string.Join("; ", errors)}");
        Assert.IsTrue(errors.All(e => e.Code == ErrorCodes.DataModelViolation));
    }

    [TestMethod]
    public void ValidateCredential_ValidUntilBeforeValidFrom_Reported()
    {
        JsonObject credential = JsonNode.Parse(Valid)!.AsObject();
        credential["validFrom"] = "2025-01-01T00:00:00Z";
        credential["validUntil"] = "2024-12-31T23:59:59-01:00"; // 2025-01-01T00:59:59Z: later, so fine.
        Assert.AreEqual(0, DataModelValidator.ValidateCredential(credential).Count);

        credential["validUntil"] = "2024-12-31T23:59:59Z";
        Assert.AreEqual("validUntil: must not be earlier than validFrom.", DataModelValidator.ValidateCredential(credential).Single().Detail);
    }

    [TestMethod]
    public void ValidateCredential_V1WithoutIssuanceDate_Reported()
    {
        JsonObject credential = JsonNode.Parse(ValidV1)!.AsObject();
        credential.Remove("issuanceDate");

        Assert.AreEqual("issuanceDate: is required.", DataModelValidator.ValidateCredential(credential).Single().Detail);
    }

    [TestMethod]
    public void ValidateCredential_NotAnObject_Reported() =>
        Assert.AreEqual(ErrorCodes.DataModelViolation, DataModelValidator.ValidateCredential(JsonValue.Create("x")).Single().Code);

    [TestMethod]
    public void ValidateCredential_ErrorDetails_NeverRepeatClaimValues()
    {
        JsonObject credential = JsonNode.Parse(Valid)!.AsObject();
        credential["credentialSubject"] = JsonNode.Parse("""{"id":"SECRET-not-a-url","diagnosis":"SECRET"}""");

        IReadOnlyList<Error> errors = DataModelValidator.ValidateCredential(credential);

        Assert.AreEqual(1, errors.Count);
        Assert.IsFalse(errors[0].Detail.Contains("SECRET", StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("""{"holder":"z6Mk"}""", "holder")]
    [DataRow("""{"holder":{"name":"Acme"}}""", "holder.id")]
    [DataRow("""{"verifiableCredential":["eyJhbGciOi.x.y"]}""", "verifiableCredential[0]")]
    [DataRow("""{"verifiableCredential":[{"@context":["https://www.w3.org/ns/credentials/v2"],"type":[],"issuer":"did:example:i","credentialSubject":{"id":"did:example:s"}}]}""", "verifiableCredential[0].type")]
    [DataRow("""{"verifiableCredential":{"@context":"https://www.w3.org/ns/credentials/v2","type":"EnvelopedVerifiableCredential","id":"https://x.example"}}""", "verifiableCredential.id")]
    [DataRow("""{"type":["Other"]}""", "type")]
    public void ValidatePresentation_RuleBroken_ReportsPath(string overrides, string expectedPath)
    {
        JsonObject presentation = JsonNode.Parse("""{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"]}""")!.AsObject();
        foreach ((string key, JsonNode? value) in JsonNode.Parse(overrides)!.AsObject())
        {
            presentation[key] = value?.DeepClone();
        }

        IReadOnlyList<Error> errors = DataModelValidator.ValidatePresentation(presentation);

        Assert.IsTrue(errors.Any(e => e.Detail.StartsWith(expectedPath + ":", StringComparison.Ordinal)),
            $"Expected an error at {expectedPath}; got: {string.Join("; ", errors)}");
    }
}
