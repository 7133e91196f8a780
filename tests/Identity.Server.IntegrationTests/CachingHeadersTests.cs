using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// No cache keeps what an endpoint did not mark cacheable: API keys, issued credentials, audit search and erasure answers,
/// and problems (a 404 for a log tile not yet grown) carry <c>Cache-Control: no-store</c>; the public resources keep theirs.
/// </summary>
[TestClass]
public sealed class CachingHeadersTests
{
    [TestMethod]
    public async Task PersonalAndSecretAnswers_AndProblems_AreNotStored()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var created = (await client.PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "Hospital c", ["id"] = "cache" }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.Created);
        var tenant = new Scenario.Tenant("cache", created.Body!["did"]!.GetValue<string>(), created.Body["didKey"]!.GetValue<string>(), created.Body["apiKey"]!.GetValue<string>());
        var issued = (await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential(patient.Did) }, tenant.ApiKey))
            .AssertStatus(HttpStatusCode.Created);
        var search = (await client.PostJsonAsync($"/tenants/{tenant.Id}/audit/search", new JsonObject { ["subject"] = patient.Did }, tenant.ApiKey))
            .AssertStatus(HttpStatusCode.OK);
        var erased = (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients/erase", new JsonObject { ["did"] = patient.Did }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.OK);
        var denied = (await client.PostJsonAsync($"/tenants/{tenant.Id}/audit/search", new JsonObject { ["subject"] = patient.Did }, "wrong"))
            .AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var futureTile = (await client.GetJsonAsync("/log/tile/entries/x001/000")).AssertProblem(HttpStatusCode.NotFound, "notFound");

        foreach (var (name, response) in new[] { ("tenant", created), ("issue", issued), ("search", search), ("erase", erased), ("problem", denied), ("tile 404", futureTile) })
        {
            Assert.IsTrue(response.Headers.CacheControl?.NoStore == true, $"{name}: Cache-Control {response.Headers.CacheControl}");
        }

        using var tile = await client.GetAsync("/log/tile/entries/000.p/1");
        Assert.AreEqual(HttpStatusCode.OK, tile.StatusCode);
        Assert.IsTrue(tile.Headers.CacheControl!.Public);
        Assert.IsFalse(tile.Headers.CacheControl.NoStore);
    }
}
