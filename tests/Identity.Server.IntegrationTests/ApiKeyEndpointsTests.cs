using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// <c>/admin/tenants/{t}/api-keys</c>: list (never a secret), create (shown once, optional expiry), revoke (401 from
/// the next request on); the admin key is required.
/// </summary>
[TestClass]
public sealed class ApiKeyEndpointsTests
{
    [TestMethod]
    public async Task List_NewTenant_ShowsItsFirstKeyWithoutTheSecretOrItsHash()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("list");
        var (id, secret) = Split(tenant.ApiKey);

        var response = (await client.GetJsonAsync("/admin/tenants/list/api-keys", IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);

        var keys = response.Body!["apiKeys"]!.AsArray();
        Assert.HasCount(1, keys);
        var key = keys[0]!.AsObject();
        Assert.AreEqual(id, key["id"]!.GetValue<string>());
        Assert.AreEqual($"idk_{id}_", key["hint"]!.GetValue<string>());
        Assert.IsNull(key["expires"]);
        Assert.IsNull(key["revoked"]);
        Assert.IsTrue(key["active"]!.GetValue<bool>());
        Assert.IsNotNull(key["created"]);
        AssertNoSecret(response.Text, secret);
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task CreateUseRevoke_RevokedKeyGets401AtOnce_OtherKeysKeepWorking(Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("cycle");

        // Act: create a second key and use it.
        var created = (await client.PostJsonAsync("/admin/tenants/cycle/api-keys", new JsonObject(), IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.Created);
        var second = tenant with { ApiKey = created.Body!["apiKey"]!.GetValue<string>() };
        var (secondId, secondSecret) = Split(second.ApiKey);
        await client.IssueAsync(second);
        var listed = (await client.GetJsonAsync("/admin/tenants/cycle/api-keys", IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        var deleted = await client.SendJsonAsync(HttpMethod.Delete, $"/admin/tenants/cycle/api-keys/{secondId}", null, IdentityServerFactory.AdminKey);
        var afterRevoke = await client.PostJsonAsync("/tenants/cycle/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, second.ApiKey);

        // Assert
        Assert.AreEqual(secondId, created.Body!["id"]!.GetValue<string>());
        Assert.AreEqual($"idk_{secondId}_", created.Body["hint"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { Split(tenant.ApiKey).Id, secondId }, listed.Body!["apiKeys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).ToArray());
        AssertNoSecret(listed.Text, secondSecret);
        Assert.AreEqual(HttpStatusCode.NoContent, deleted.Status, deleted.Text);
        afterRevoke.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        StringAssert.Contains(afterRevoke.Body!["detail"]!.GetValue<string>(), "revoked");
        await client.IssueAsync(tenant);
        var relisted = await client.GetJsonAsync("/admin/tenants/cycle/api-keys", IdentityServerFactory.AdminKey);
        var revoked = relisted.Body!["apiKeys"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == secondId)!;
        Assert.IsNotNull(revoked["revoked"]);
        Assert.IsFalse(revoked["active"]!.GetValue<bool>());
        var again = await client.SendJsonAsync(HttpMethod.Delete, $"/admin/tenants/cycle/api-keys/{secondId}", null, IdentityServerFactory.AdminKey);
        Assert.AreEqual(HttpStatusCode.NoContent, again.Status, again.Text);
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Revoke_TheKeyIssuedAtTenantCreation_Gets401(Store store)
    {
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("first");
        await client.IssueAsync(tenant);

        var deleted = await client.SendJsonAsync(HttpMethod.Delete, $"/admin/tenants/first/api-keys/{Split(tenant.ApiKey).Id}", null, IdentityServerFactory.AdminKey);
        var after = await client.PostJsonAsync("/tenants/first/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, tenant.ApiKey);

        Assert.AreEqual(HttpStatusCode.NoContent, deleted.Status, deleted.Text);
        after.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestMethod]
    public async Task Create_WithExpiry_WorksUntilThenGets401()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await using var factory = new IdentityServerFactory(clock: clock);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("exp");

        // Act
        var created = (await client.PostJsonAsync("/admin/tenants/exp/api-keys", new JsonObject { ["expires"] = "2026-01-10T10:00:00Z" }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.Created);
        var expiring = tenant with { ApiKey = created.Body!["apiKey"]!.GetValue<string>() };
        await client.IssueAsync(expiring);
        clock.Advance(TimeSpan.FromHours(1));
        var expired = await client.PostJsonAsync("/tenants/exp/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, expiring.ApiKey);

        // Assert
        Assert.AreEqual("2026-01-10T10:00:00Z", created.Body["expires"]!.GetValue<string>());
        expired.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        StringAssert.Contains(expired.Body!["detail"]!.GetValue<string>(), "expired");
        await client.IssueAsync(tenant);
        var listed = await client.GetJsonAsync("/admin/tenants/exp/api-keys", IdentityServerFactory.AdminKey);
        var listedKey = listed.Body!["apiKeys"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == Split(expiring.ApiKey).Id)!;
        Assert.IsFalse(listedKey["active"]!.GetValue<bool>());
    }

    [TestMethod]
    [DataRow("\"tomorrow\"")]
    [DataRow("\"2026-01-10\"")]
    [DataRow("\"2030-01-10T10:00:00\"")]
    [DataRow("\"2020-01-10T10:00:00Z\"")]
    [DataRow("17")]
    public async Task Create_BadExpiry_IsInvalidRequest(string expires)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("bad");

        var response = await client.PostJsonAsync("/admin/tenants/bad/api-keys", new JsonObject { ["expires"] = JsonNode.Parse(expires) }, IdentityServerFactory.AdminKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        Assert.HasCount(1, (await client.GetJsonAsync("/admin/tenants/bad/api-keys", IdentityServerFactory.AdminKey)).Body!["apiKeys"]!.AsArray());
    }

    [TestMethod]
    public async Task Endpoints_WithoutTheAdminKey_AreUnauthorized()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("auth");
        var id = Split(tenant.ApiKey).Id;

        foreach (var bearer in new[] { null, tenant.ApiKey, "not-the-admin-key" })
        {
            (await client.GetJsonAsync("/admin/tenants/auth/api-keys", bearer)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            (await client.PostJsonAsync("/admin/tenants/auth/api-keys", new JsonObject(), bearer)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            (await client.SendJsonAsync(HttpMethod.Delete, $"/admin/tenants/auth/api-keys/{id}", null, bearer)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }

        await client.IssueAsync(tenant);
    }

    [TestMethod]
    public async Task Endpoints_UnknownTenantOrAnotherTenantsKey_AreNotFound()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("one");
        var two = await client.CreateTenantAsync("two");

        (await client.GetJsonAsync("/admin/tenants/ghost/api-keys", IdentityServerFactory.AdminKey)).AssertProblem(HttpStatusCode.NotFound, "notFound");
        (await client.PostJsonAsync("/admin/tenants/ghost/api-keys", new JsonObject(), IdentityServerFactory.AdminKey)).AssertProblem(HttpStatusCode.NotFound, "notFound");
        (await client.SendJsonAsync(HttpMethod.Delete, $"/admin/tenants/one/api-keys/{Split(two.ApiKey).Id}", null, IdentityServerFactory.AdminKey))
            .AssertProblem(HttpStatusCode.NotFound, "notFound");
        await client.IssueAsync(two);
    }

    internal static (string Id, string Secret) Split(string apiKey) => (apiKey.Substring(4, 12), apiKey[17..]);

    private static void AssertNoSecret(string text, string secret)
    {
        Assert.DoesNotContain(secret, text);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        Assert.DoesNotContain(Convert.ToBase64String(hash), text);
        Assert.DoesNotContain(Convert.ToHexStringLower(hash), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(System.Buffers.Text.Base64Url.EncodeToString(hash), text);
    }
}
