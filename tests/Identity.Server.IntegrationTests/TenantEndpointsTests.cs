using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class TenantEndpointsTests
{
    [TestMethod]
    public async Task CreateTenant_WithAdminKey_ReturnsDidsAndApiKeyOnce()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await client.PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "St Mary's", ["id"] = "st-marys" }, IdentityServerFactory.AdminKey);

        response.AssertStatus(HttpStatusCode.Created);
        var body = response.Body!;
        Assert.AreEqual("st-marys", body["id"]!.GetValue<string>());
        Assert.AreEqual("St Mary's", body["name"]!.GetValue<string>());
        Assert.AreEqual("did:web:localhost:tenants:st-marys", body["did"]!.GetValue<string>());
        StringAssert.StartsWith(body["didKey"]!.GetValue<string>(), "did:key:z6Mk");
        StringAssert.StartsWith(body["apiKey"]!.GetValue<string>(), "idk_");
        var listed = await client.GetJsonAsync("/admin/tenants", IdentityServerFactory.AdminKey);
        Assert.IsFalse(listed.Text.Contains("apiKey", StringComparison.Ordinal), "The API key is shown once, at creation.");
    }

    [TestMethod]
    public async Task CreateTenant_WithoutId_GeneratesUrlSafeId()
    {
        await using var factory = new IdentityServerFactory();
        var response = await factory.CreateClient().PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "Anonymous" }, IdentityServerFactory.AdminKey);

        response.AssertStatus(HttpStatusCode.Created);
        StringAssert.Matches(response.Body!["id"]!.GetValue<string>(), new System.Text.RegularExpressions.Regex("^[a-z0-9][a-z0-9-]*$"));
    }

    [TestMethod]
    public async Task CreateTenant_P256_HasP256KeyInDidDocument()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("heart", "P-256");

        var document = (await client.GetJsonAsync("/tenants/heart/did.json")).AssertStatus(HttpStatusCode.OK);

        StringAssert.StartsWith(tenant.DidKey, "did:key:zDn");
        StringAssert.StartsWith(document.Body!["verificationMethod"]![0]!["publicKeyMultibase"]!.GetValue<string>(), "zDn");
    }

    [TestMethod]
    [DataRow(null, "unauthorized", HttpStatusCode.Unauthorized)]
    [DataRow("not-the-admin-key", "unauthorized", HttpStatusCode.Unauthorized)]
    public async Task CreateTenant_WithoutValidAdminKey_IsRefused(string? key, string code, HttpStatusCode status)
    {
        await using var factory = new IdentityServerFactory();
        var response = await factory.CreateClient().PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "x", ["id"] = "x" }, key);
        response.AssertProblem(status, code);
    }

    [TestMethod]
    public async Task CreateTenant_WithTenantApiKey_IsRefused()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("a");

        var response = await client.PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "x", ["id"] = "x" }, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestMethod]
    public async Task CreateTenant_DuplicateId_IsConflict()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("dup");

        var response = await client.PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "again", ["id"] = "dup" }, IdentityServerFactory.AdminKey);

        response.AssertProblem(HttpStatusCode.Conflict, "tenantExists");
    }

    [TestMethod]
    [DataRow("{\"name\":\"x\",\"id\":\"Upper\"}")]
    [DataRow("{\"name\":\"x\",\"id\":\"a/b\"}")]
    [DataRow("{\"name\":\"x\",\"id\":\"-lead\"}")]
    [DataRow("{\"name\":\"x\",\"id\":7}")]
    [DataRow("{\"id\":\"noname\"}")]
    [DataRow("{\"name\":\"x\",\"id\":\"ok\",\"keyType\":\"RSA\"}")]
    public async Task CreateTenant_InvalidRequest_IsBadRequest(string body)
    {
        await using var factory = new IdentityServerFactory();
        var response = await factory.CreateClient().SendJsonAsync(HttpMethod.Post, "/admin/tenants", body, IdentityServerFactory.AdminKey);
        response.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }

    [TestMethod]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task DefaultTenant_ExistsFromFirstStart_WithEd25519DidKeyAndKeyFile()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var document = (await client.GetJsonAsync("/tenants/default/did.json")).AssertStatus(HttpStatusCode.OK);

        Assert.AreEqual("did:web:localhost:tenants:default", document.Body!["id"]!.GetValue<string>());
        var keyFile = Path.Combine(factory.DataDirectory, "default-tenant.key");
        Assert.IsTrue(File.Exists(keyFile));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var key = File.ReadAllText(keyFile).Trim();
        var issued = await client.PostJsonAsync("/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p", "did:web:localhost:tenants:default") }, key);
        issued.AssertStatus(HttpStatusCode.Created);
    }

    [TestMethod]
    public async Task DidDocument_UnknownTenant_IsNotFoundProblem()
    {
        await using var factory = new IdentityServerFactory();
        (await factory.CreateClient().GetJsonAsync("/tenants/nobody/did.json")).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task DidWeb_PublicUrlWithPort_PercentEncodesThePort()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_PUBLIC_URL"] = "https://hospital.example:8443");
        var client = factory.CreateClient();

        var tenant = await client.CreateTenantAsync("north");

        Assert.AreEqual("did:web:hospital.example%3A8443:tenants:north", tenant.Did);
        var document = await client.GetJsonAsync("/tenants/north/did.json");
        Assert.AreEqual(tenant.Did, document.Body!["id"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did + "#key-1", document.Body["assertionMethod"]![0]!.GetValue<string>());
    }
}
