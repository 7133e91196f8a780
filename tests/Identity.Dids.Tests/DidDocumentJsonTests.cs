using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Dids.Tests;

[TestClass]
public sealed class DidDocumentJsonTests
{
    // DID Core v1.0 Example 13-style document (relative ids, an embedded authentication method, a service), transcribed and trimmed.
    private const string Example = """
        {
          "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
          "id": "did:example:123",
          "controller": "did:example:bcehfew7h32f32h7af3",
          "verificationMethod": [{
            "id": "#key-1",
            "type": "Multikey",
            "controller": "did:example:123",
            "publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
          }, {
            "id": "did:example:123#key-2",
            "type": "JsonWebKey",
            "controller": "did:example:123",
            "publicKeyJwk": { "kty": "EC", "crv": "P-256", "x": "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0", "y": "_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE" }
          }],
          "authentication": ["#key-1", {
            "id": "did:example:123#auth-only",
            "type": "Multikey",
            "controller": "did:example:123",
            "publicKeyMultibase": "zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"
          }],
          "assertionMethod": ["did:example:123#key-2"],
          "service": [{ "id": "#hub", "type": "LinkedDomains", "serviceEndpoint": "https://hospital.example" }]
        }
        """;

    private static DidDocument Parse(string json) => DidDocumentJson.Parse(JsonNode.Parse(json)).Value;

    [TestMethod]
    public void Parse_DidCoreExample_MakesIdsAbsoluteAndReadsKeys()
    {
        var document = Parse(Example);

        Assert.AreEqual("did:example:123", document.Id.Value);
        CollectionAssert.AreEqual(new[] { "did:example:123#key-1", "did:example:123#key-2" }, document.VerificationMethod.Select(m => m.Id).ToArray());
        Assert.AreEqual(KeyType.Ed25519, document.VerificationMethod[0].GetPublicKey().Value.KeyType);
        Assert.AreEqual(KeyType.P256, document.VerificationMethod[1].GetPublicKey().Value.KeyType);
        Assert.AreEqual("did:example:123#key-1", document.Authentication[0].Id);
        Assert.IsNotNull(document.Authentication[1].Embedded);
        Assert.AreEqual("did:example:123#hub", document.Service.Single().Id);
        Assert.AreEqual("https://hospital.example", document.Service.Single().ServiceEndpoint!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "did:example:bcehfew7h32f32h7af3" }, document.Controller.ToArray());
    }

    [TestMethod]
    public void FindVerificationMethod_ByRelationship_EnforcesAuthorisation()
    {
        var document = Parse(Example);

        Assert.IsTrue(document.FindVerificationMethod("#key-1", VerificationRelationship.Authentication).IsSuccess);
        Assert.IsTrue(document.FindVerificationMethod("did:example:123#auth-only", VerificationRelationship.Authentication).IsSuccess);
        Assert.IsTrue(document.FindVerificationMethod("did:example:123#key-2", VerificationRelationship.AssertionMethod).IsSuccess);
        Assert.AreEqual(ErrorCodes.KeyMismatch, document.FindVerificationMethod("#key-1", VerificationRelationship.AssertionMethod).Error?.Code);
        Assert.AreEqual(ErrorCodes.NotFound, document.FindVerificationMethod("#nope", VerificationRelationship.AssertionMethod).Error?.Code);
        Assert.AreEqual(ErrorCodes.NotFound, document.FindVerificationMethod("#nope").Error?.Code);
    }

    [TestMethod]
    public void ToJson_ThenParse_RoundTrips()
    {
        var document = Parse(Example);

        var json = DidDocumentJson.ToJson(document).ToJsonString();
        var again = DidDocumentJson.ToJson(Parse(json)).ToJsonString();

        Assert.AreEqual(json, again);
    }

    [TestMethod]
    [DataRow("[]", "not an object")]
    [DataRow("{}", "no id")]
    [DataRow("{\"id\": 5}", "id not a string")]
    [DataRow("{\"id\": \"not-a-did\"}", "id not a DID")]
    [DataRow("{\"id\": \"did:example:1\", \"verificationMethod\": {}}", "verificationMethod not an array")]
    [DataRow("{\"id\": \"did:example:1\", \"verificationMethod\": [{\"id\": \"#k\"}]}", "method without type/controller")]
    [DataRow("{\"id\": \"did:example:1\", \"verificationMethod\": [{\"id\": \"#k k\", \"type\": \"Multikey\", \"controller\": \"did:example:1\"}]}", "bad method id")]
    [DataRow("{\"id\": \"did:example:1\", \"authentication\": \"#k\"}", "relationship not an array")]
    [DataRow("{\"id\": \"did:example:1\", \"service\": [{\"id\": \"#s\"}]}", "service without type/endpoint")]
    [DataRow("{\"id\": \"did:example:1\", \"verificationMethod\": [{\"id\": \"#k\", \"type\": \"JsonWebKey\", \"controller\": \"did:example:1\", \"publicKeyJwk\": \"x\"}]}", "JWK not an object")]
    public void Parse_Malformed_ReturnsInvalidDidDocument(string json, string because)
    {
        var result = DidDocumentJson.Parse(JsonNode.Parse(json));

        Assert.AreEqual(ErrorCodes.InvalidDidDocument, result.Error?.Code, because);
    }

    [TestMethod]
    public void GetPublicKey_NoKeyMaterial_ReturnsInvalidPublicKey()
    {
        var method = new VerificationMethod { Id = "did:example:1#k", Type = "Multikey", Controller = "did:example:1" };

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, method.GetPublicKey().Error?.Code);
    }

    [TestMethod]
    public void GetPublicKey_LegacyBase58WithBadCharacters_ReturnsInvalidPublicKey()
    {
        var method = new VerificationMethod
        {
            Id = "did:example:1#k",
            Type = VerificationMethodTypes.Ed25519VerificationKey2018,
            Controller = "did:example:1",
            PublicKeyBase58 = "0OIl",
        };

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, method.GetPublicKey().Error?.Code);
    }
}
