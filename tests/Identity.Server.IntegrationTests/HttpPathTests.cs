using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Server.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The verify endpoints' HTTP path: the body read into pooled buffers (any size up to the limit, with or without
/// Content-Length), the answer written as UTF-8 with its length, and the status check's issuer lookup.
/// </summary>
[TestClass]
public sealed class HttpPathTests
{
    private const int Limit = 4096;

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task BodyLargerThanOneBuffer_IsReadWhole_AndVerifies(bool chunked)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var credential = await client.IssueAsync(await client.CreateTenantAsync("t"));
        // 100 kB of insignificant whitespace: the body is read across several buffers (16 kB to start without a length).
        var body = "{\"verifiableCredential\":" + credential.ToJsonString() + new string(' ', 100_000) + "}";

        var response = await SendAsync(client, "/credentials/verify", body, chunked);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(response.Body!["verified"]!.GetValue<bool>());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task BodyOfExactlyTheLimit_IsRead_AndOneByteMore_IsPayloadTooLarge(bool chunked)
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_MAX_REQUEST_BYTES"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var client = factory.CreateClient();
        var head = "{\"verifiableCredential\":{}";

        var atLimit = await SendAsync(client, "/credentials/verify", head + new string(' ', Limit - head.Length - 1) + "}", chunked);
        var overLimit = await SendAsync(client, "/credentials/verify", head + new string(' ', Limit - head.Length) + "}", chunked);

        Assert.AreNotEqual(HttpStatusCode.RequestEntityTooLarge, atLimit.Status, atLimit.Text);
        Assert.IsNotNull(atLimit.Body?["code"], "a body of exactly the limit is read and judged on its content");
        Assert.AreNotEqual("payloadTooLarge", atLimit.Body!["code"]!.GetValue<string>());
        overLimit.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge");
    }

    [TestMethod]
    public async Task Answers_AreCompactJson_WithTheirContentLength()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var credential = await client.IssueAsync(await client.CreateTenantAsync("t"));
        var tampered = credential.DeepClone().AsObject();
        tampered["credentialSubject"]!["bloodType"] = "O+ <&> Zoë";

        foreach (var (body, status, mediaType) in new[]
        {
            (credential, HttpStatusCode.OK, "application/json"),
            (tampered, HttpStatusCode.UnprocessableEntity, "application/problem+json"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify")
            {
                Content = new StringContent(new JsonObject { ["verifiableCredential"] = body.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();

            Assert.AreEqual(status, response.StatusCode);
            Assert.AreEqual(mediaType, response.Content.Headers.ContentType?.ToString());
            Assert.AreEqual(bytes.Length, response.Content.Headers.ContentLength);
            // The same bytes as the node's own compact form (default escaping), as when the answer went through a string.
            var text = Encoding.UTF8.GetString(bytes);
            Assert.AreEqual(JsonNode.Parse(text)!.ToJsonString(), text);
        }
    }

    [TestMethod]
    public async Task StatusIssuerLookup_KnowsATenantOnlyOnceItExists_AndKeepsItsFirstKey()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var directory = factory.Services.GetRequiredService<TenantDirectory>();

        Assert.IsNull(await directory.GetDidKeyAsync("later", CancellationToken.None), "an unknown tenant has no did:key");
        var tenant = await client.CreateTenantAsync("later");
        Assert.AreEqual(tenant.DidKey, await directory.GetDidKeyAsync("later", CancellationToken.None), "a tenant created after a miss is found");

        (await client.PostJsonAsync("/admin/tenants/later/keys", new JsonObject { ["keyType"] = "Ed25519" }, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual(tenant.DidKey, await directory.GetDidKeyAsync("later", CancellationToken.None), "a new key does not change the did:key");
        Assert.AreEqual((await directory.GetKeysAsync("later", CancellationToken.None))!.DidKey, await directory.GetDidKeyAsync("later", CancellationToken.None));

        // A credential issued before the rotation still passes the status check's issuer comparison.
        var credential = await client.IssueAsync(tenant, Scenario.Credential("did:example:patient", tenant.DidKey));
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
    }

    private static async Task<ApiResponse> SendAsync(HttpClient client, string path, string body, bool chunked)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = chunked;
        return await Api.ReadAsync(await client.SendAsync(request));
    }
}
