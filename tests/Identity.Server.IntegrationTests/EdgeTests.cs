using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>Bad input at the HTTP edge: each a specific problem, the service stays up, nothing partial is written.</summary>
[TestClass]
public sealed class EdgeTests
{
    [TestMethod]
    public async Task MalformedJson_IsInvalidJson()
    {
        await using var factory = new IdentityServerFactory();
        var response = await factory.CreateClient().SendJsonAsync(HttpMethod.Post, "/credentials/verify", "{\"verifiableCredential\": {");
        response.AssertProblem(HttpStatusCode.BadRequest, "invalidJson");
    }

    [TestMethod]
    [DataRow("{\"verifiableCredential\": {}, \"verifiableCredential\": {}}")]
    [DataRow("{\"verifiableCredential\": {\"id\": \"a\", \"id\": \"b\"}}")]
    [DataRow("{\"verifiablePresentation\": {\"proof\": {\"type\": 1, \"type\": 2}}}")]
    public async Task DuplicateMemberNames_AreInvalidJson(string body)
    {
        await using var factory = new IdentityServerFactory();
        var path = body.Contains("Presentation", StringComparison.Ordinal) ? "/presentations/verify" : "/credentials/verify";
        var response = await factory.CreateClient().SendJsonAsync(HttpMethod.Post, path, body);
        response.AssertProblem(HttpStatusCode.BadRequest, "invalidJson");
    }

    [TestMethod]
    [DataRow("text/plain")]
    [DataRow("application/x-www-form-urlencoded")]
    public async Task WrongContentType_IsUnsupportedMediaType(string contentType)
    {
        await using var factory = new IdentityServerFactory();
        var response = await factory.CreateClient().SendJsonAsync(HttpMethod.Post, "/credentials/verify", "{}", contentType: contentType);
        response.AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType");
    }

    [TestMethod]
    public async Task TwentyMegabyteBody_IsPayloadTooLarge_AndServiceStaysUp()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        var entries = await IssuanceTests.AuditEntriesAsync(client);
        var huge = "{\"credential\":{\"x\":\"" + new string('a', 20 * 1024 * 1024) + "\"}}";

        var response = await client.SendJsonAsync(HttpMethod.Post, "/tenants/t/credentials/issue", huge, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge");
        Assert.AreEqual(entries, await IssuanceTests.AuditEntriesAsync(client));
        (await client.GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task ChunkedOversizedBody_WithoutContentLength_IsPayloadTooLarge()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("[" + new string(' ', 2 * 1024 * 1024) + "]"))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await Api.ReadAsync(await client.SendAsync(request));

        response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge");
    }

    [TestMethod]
    public async Task TenThousandDeepNesting_IsJsonTooDeep()
    {
        await using var factory = new IdentityServerFactory();
        var deep = "{\"verifiableCredential\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        var response = await factory.CreateClient().SendJsonAsync(HttpMethod.Post, "/credentials/verify", deep);
        response.AssertProblem(HttpStatusCode.BadRequest, "jsonTooDeep");
    }

    [TestMethod]
    public async Task UnknownRouteAndWrongMethod_AreProblems()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        (await client.GetJsonAsync("/nowhere")).AssertProblem(HttpStatusCode.NotFound, "notFound");
        (await client.GetJsonAsync("/credentials/verify")).AssertProblem(HttpStatusCode.MethodNotAllowed, "methodNotAllowed");
    }

    [TestMethod]
    public async Task RateLimit_OnVerify_Is429Problem()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_VERIFY_RATE_LIMIT"] = "1");
        var client = factory.CreateClient();
        var responses = new List<ApiResponse>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = new JsonObject() }));
        }

        var limited = responses.Where(r => r.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.IsTrue(limited.Count >= 1, "a burst over the limit is refused");
        limited[0].AssertProblem(HttpStatusCode.TooManyRequests, "rateLimited");
    }

    [TestMethod]
    public async Task Health_And_OpenApi_DescribeEveryEndpoint()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var health = (await client.GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);
        var openApi = (await client.GetJsonAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK);

        Assert.AreEqual("ok", health.Body!["status"]!.GetValue<string>());
        var paths = openApi.Body!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[]
        {
            "/admin/tenants", "/admin/tenants/{tenant}/keys", "/admin/tenants/{tenant}/keys/{keyId}/retire", "/admin/audit/verify",
            "/tenants/{tenant}/did.json", "/1.0/identifiers/{did}", "/tenants/{tenant}/credentials/issue", "/credentials/issue",
            "/credentials/verify", "/presentations/verify", "/tenants/{tenant}/credentials/status", "/tenants/{tenant}/status/{list}",
            "/challenges", "/health",
        })
        {
            Assert.IsTrue(paths.Contains(path), $"OpenAPI lacks {path}; has {string.Join(", ", paths)}");
        }
    }

    [TestMethod]
    public async Task VerifyNonCredential_IsBadRequest_ButAnInvalidCredentialIs422()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        (await client.SendJsonAsync(HttpMethod.Post, "/credentials/verify", "{\"verifiableCredential\": [1,2]}")).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.SendJsonAsync(HttpMethod.Post, "/credentials/verify", "[]")).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        var invalid = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = new JsonObject { ["type"] = "nope" } });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, invalid.Status, invalid.Text);
        Assert.AreEqual("application/problem+json", invalid.MediaType);
    }
}
