// Peer: @digitalbazaar/vc 7.3.0 with @digitalbazaar/vc-bitstring-status-list 2.0.1 through tests/interop/vc-did-web.mjs
// (install: npm ci --prefix tests/interop).
using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Tests.Interop;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// A JSON-LD verifier that resolves our did:web by fetching the tenant's did.json from a real running server verifies
/// what the tenant issued (both EdDSA cryptosuites), checks its Bitstring status there, and fails it once revoked.
/// </summary>
[TestClass]
public sealed class DidWebInteropTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("eddsa-jcs-2022")]
    [DataRow("eddsa-rdfc-2022")]
    public async Task TenantDidWebCredential_VerifiesInDigitalBazaarVc_UntilRevoked(string cryptosuite)
    {
        // Arrange: a real Kestrel server; the tenant issues under its did:web.
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey });
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var tenant = await client.CreateTenantAsync("interop");
        var unsigned = Scenario.Credential("did:example:patient", tenant.Did);
        unsigned["credentialSubject"] = new JsonObject { ["id"] = "did:example:patient", ["name"] = "Registered patient" }; // terms the v2 context defines
        var credential = await client.IssueAsync(tenant, unsigned, new JsonObject { ["cryptosuite"] = cryptosuite });
        Assert.StartsWith(tenant.Did + "#", credential["proof"]!["verificationMethod"]!.GetValue<string>());

        // Act
        var before = await PeerVerifyAsync(credential);
        (await client.SetStatusAsync(tenant, credential, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        var after = await PeerVerifyAsync(credential);

        // Assert
        Assert.IsTrue(before["verified"]!.GetValue<bool>(), before.ToJsonString());
        Assert.IsTrue(before["accepted"]!.GetValue<bool>(), before.ToJsonString());
        Assert.AreEqual("revocation:False", Revocation(before), before.ToJsonString());
        Assert.AreEqual("revocation:True", Revocation(after), after.ToJsonString());
        Assert.IsFalse(after["accepted"]!.GetValue<bool>(), after.ToJsonString());
    }

    [TestMethod]
    public async Task TenantDidJson_IsJsonLd_WithAContextForEveryMethodType_AndNegotiatesTheMediaType()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("ld");

        var byDefault = (await client.GetJsonAsync("/tenants/ld/did.json")).AssertStatus(HttpStatusCode.OK);
        var plain = (await client.GetJsonAsync("/tenants/ld/did.json", accept: "application/did+json")).AssertStatus(HttpStatusCode.OK);

        Assert.AreEqual("application/did+ld+json", byDefault.MediaType);
        Assert.AreEqual("application/did+json", plain.MediaType);
        foreach (var document in new[] { byDefault.Body!, plain.Body! })
        {
            var contexts = document["@context"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            CollectionAssert.AreEqual(new[] { "https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1" }, contexts);
            Assert.AreEqual("Multikey", document["verificationMethod"]![0]!["type"]!.GetValue<string>());
        }
    }

    private async Task<JsonObject> PeerVerifyAsync(JsonObject credential) =>
        JsonNode.Parse(await NodeInteropPeer.RunAsync("vc-did-web.mjs", "verify", new JsonObject { ["credential"] = credential.DeepClone() }, TestContext.CancellationToken))!.AsObject();

    private static string Revocation(JsonObject result) => string.Join(",", result["statuses"]!.AsArray()
        .Where(s => s!["statusPurpose"]!.GetValue<string>() == "revocation")
        .Select(s => $"revocation:{s!["status"]!.GetValue<bool>()}"));
}
