using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>The RDF cryptosuites through the VC-API: issued with options.cryptosuite, verified by the verify endpoint.</summary>
[TestClass]
public sealed class RdfcIssuanceTests
{
    [TestMethod]
    [DataRow("Ed25519", "eddsa-rdfc-2022")]
    [DataRow("P-256", "ecdsa-rdfc-2019")]
    [DataRow("P-384", "ecdsa-rdfc-2019")]
    public async Task Issue_RdfcCryptosuite_VerifiesAndTamperingFails(string keyType, string cryptosuite)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rdfc", keyType);

        // Act
        var credential = await client.IssueAsync(tenant, PatientCredential(), new JsonObject { ["cryptosuite"] = cryptosuite });
        var verified = (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
        var tampered = (JsonObject)credential.DeepClone();
        tampered["credentialSubject"]!["givenName"] = "Mallory";
        var rejected = await client.VerifyAsync(tampered);

        // Assert
        Assert.AreEqual(cryptosuite, credential["proof"]!["cryptosuite"]!.GetValue<string>());
        Assert.IsTrue(verified.Body!["verified"]!.GetValue<bool>());
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, rejected.Status);
    }

    [TestMethod]
    [DataRow("Ed25519", "eddsa-rdfc-2022")]
    [DataRow("P-256", "ecdsa-rdfc-2019")]
    [DataRow("Ed25519", "eddsa-jcs-2022")]
    [DataRow("P-256", "ecdsa-jcs-2019")]
    [DataRow("P-384", "ecdsa-rdfc-2019")]
    [DataRow("P-384", "ecdsa-jcs-2019")]
    public async Task Issue_Vc11Credential_AddsDataIntegrityAndStatusTerms_AndVerifies(string keyType, string cryptosuite)
    {
        // The VC 1.1 base context defines neither DataIntegrityProof nor BitstringStatusListEntry: the issuer must add
        // the Data Integrity context and the status entry's terms, or RDFC refuses (and JCS would sign undefined terms).
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("vc11", keyType);
        var requested = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1"),
            ["type"] = new JsonArray("VerifiableCredential"),
            ["issuanceDate"] = "2020-03-16T22:37:26.544Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b" },
        };

        var credential = await client.IssueAsync(tenant, requested, new JsonObject { ["cryptosuite"] = cryptosuite });
        var verified = (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);

        var contexts = credential["@context"]!.AsArray();
        Assert.AreEqual("https://www.w3.org/2018/credentials/v1", contexts[0]!.GetValue<string>());
        Assert.AreEqual("https://w3id.org/security/data-integrity/v2", contexts[1]!.GetValue<string>());
        Assert.IsNotNull(contexts[2]!["BitstringStatusListEntry"], "the status entry's terms are defined inline");
        Assert.AreEqual(cryptosuite, credential["proof"]!["cryptosuite"]!.GetValue<string>());
        Assert.IsTrue(verified.Body!["verified"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task Issue_Vc2Credential_ContextIsLeftAsGiven()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("vc2ctx");

        var credential = await client.IssueAsync(tenant, PatientCredential(), new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" });

        var contexts = credential["@context"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
        CollectionAssert.AreEqual(new[] { "https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1" }, contexts);
    }

    [TestMethod]
    public async Task Issue_RdfcWithTermNoContextDefines_IsInvalidJsonLd()
    {
        // The shipped credentials v2 context has no @vocab: "bloodType" maps to nothing, and RDFC would silently drop it
        // from what is signed. Safe mode refuses instead.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rdfc-vocab");

        var response = await client.PostJsonAsync("/tenants/rdfc-vocab/credentials/issue",
            new JsonObject { ["credential"] = Scenario.Credential("did:example:p"), ["options"] = new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" } }, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidJsonLd");
    }

    internal static JsonObject PatientCredential() => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
        ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            ["givenName"] = "Alice",
            ["familyName"] = "Example",
        },
    };

    [TestMethod]
    public async Task Issue_RdfcWithUnknownContext_IsProblemNotServerError()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rdfc-ctx");
        var credential = Scenario.Credential("did:example:p");
        credential["@context"]!.AsArray().Add("https://unknown.example/context/v1");

        var response = await client.PostJsonAsync("/tenants/rdfc-ctx/credentials/issue",
            new JsonObject { ["credential"] = credential, ["options"] = new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" } }, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidJsonLd");
    }
}
