using System.Text.Json.Nodes;
using Identity.Credentials.Validation;
using Identity.JsonLd;
using Identity.Primitives;
using Identity.Credentials.Tests.DataIntegrity;

namespace Identity.Credentials.Tests.Validation;

/// <summary>The JSON-LD processor types its failures, and the data-model validator decides by kind, not by message.</summary>
[TestClass]
public sealed class JsonLdFailureKindTests
{
    private static JsonObject Credential(JsonNode context) => new()
    {
        ["@context"] = context,
        ["type"] = new JsonArray("VerifiableCredential"),
        ["issuer"] = "did:example:issuer",
        ["credentialSubject"] = new JsonObject { ["id"] = "did:example:patient" },
    };

    [TestMethod]
    public void TryExpand_ContextOutsideTheOfflineStore_IsContextUnavailable()
    {
        var document = Credential(new JsonArray("https://www.w3.org/ns/credentials/v2", "https://unknown.example/context/v1"));

        bool expanded = DataIntegrityTestKit.JsonLd.TryExpand(document, null, out _, out JsonLdFailure? failure);

        Assert.IsFalse(expanded);
        Assert.AreEqual(JsonLdFailureKind.ContextUnavailable, failure!.Kind);
        Assert.AreEqual(ErrorCodes.InvalidJsonLd, failure.Error.Code);
        Assert.IsEmpty(DataModelValidator.ValidateCredential(document, DataIntegrityTestKit.JsonLd));
    }

    [TestMethod]
    public void TryExpand_ProtectedTermRedefined_IsInvalidDocumentAndAViolation()
    {
        var document = Credential(new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["VerifiableCredential"] = "https://example.org/#BadVerifiableCredential" }));

        bool expanded = DataIntegrityTestKit.JsonLd.TryExpand(document, null, out _, out JsonLdFailure? failure);

        Assert.IsFalse(expanded);
        Assert.AreEqual(JsonLdFailureKind.InvalidDocument, failure!.Kind);
        var violations = DataModelValidator.ValidateCredential(document, DataIntegrityTestKit.JsonLd);
        Assert.AreEqual(ErrorCodes.DataModelViolation, violations.Single().Code);
    }
}
