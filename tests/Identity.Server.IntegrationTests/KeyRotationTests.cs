using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class KeyRotationTests
{
    [TestMethod]
    public async Task AddKey_LaterIssuanceUsesIt_OldCredentialsStillVerify_UntilRetired()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rot");
        var before = await client.IssueAsync(tenant);

        // Act: rotate
        var added = await client.PostJsonAsync("/admin/tenants/rot/keys", new JsonObject { ["keyType"] = "Ed25519" }, IdentityServerFactory.AdminKey);
        var after = await client.IssueAsync(tenant);

        // Assert
        added.AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual("key-2", added.Body!["id"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did + "#key-1", before["proof"]!["verificationMethod"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did + "#key-2", after["proof"]!["verificationMethod"]!.GetValue<string>());
        var document = await client.GetJsonAsync("/tenants/rot/did.json");
        Assert.AreEqual(2, document.Body!["verificationMethod"]!.AsArray().Count);
        (await client.VerifyAsync(before)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(after)).AssertStatus(HttpStatusCode.OK);

        // Retire the old key: it leaves the document, and what it signed no longer verifies.
        (await client.PostJsonAsync("/admin/tenants/rot/keys/key-1/retire", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        document = await client.GetJsonAsync("/tenants/rot/did.json");
        Assert.AreEqual(1, document.Body!["verificationMethod"]!.AsArray().Count);
        var old = await client.VerifyAsync(before);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, old.Status, old.Text);
        (await client.VerifyAsync(after)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task RetireKey_LastActiveKey_IsRefused()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("solo");

        var response = await client.PostJsonAsync("/admin/tenants/solo/keys/key-1/retire", null, IdentityServerFactory.AdminKey);

        response.AssertProblem(HttpStatusCode.Conflict, "lastActiveKey");
    }

    [TestMethod]
    public async Task AddKey_UnknownTenant_IsNotFound()
    {
        await using var factory = new IdentityServerFactory();
        var response = await factory.CreateClient().PostJsonAsync("/admin/tenants/ghost/keys", new JsonObject(), IdentityServerFactory.AdminKey);
        response.AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task AddKey_P256_EcdsaIssuanceUsesIt()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("mixed");
        (await client.PostJsonAsync("/admin/tenants/mixed/keys", new JsonObject { ["keyType"] = "P-256" }, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.Created);

        var ecdsa = await client.IssueAsync(tenant, options: new JsonObject { ["cryptosuite"] = "ecdsa-jcs-2019" });
        var eddsa = await client.IssueAsync(tenant, options: new JsonObject { ["cryptosuite"] = "eddsa-jcs-2022" });

        Assert.AreEqual(tenant.Did + "#key-2", ecdsa["proof"]!["verificationMethod"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did + "#key-1", eddsa["proof"]!["verificationMethod"]!.GetValue<string>());
        (await client.VerifyAsync(ecdsa)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(eddsa)).AssertStatus(HttpStatusCode.OK);
    }
}
