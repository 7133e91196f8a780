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

    private static JsonObject PatientCredential() => new()
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
