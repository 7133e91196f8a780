using System.Net;
using System.Net.Http.Headers;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Status lists and did.json are cacheable by a CDN: public with a max-age from the settings, a strong ETag over the
/// bytes served, 304 for a matching conditional GET (with the validators repeated), and a new validator as soon as the
/// content changes, so a revalidating cache never keeps a stale list.
/// </summary>
[TestClass]
public sealed class CdnCachingTests
{
    [TestMethod]
    public async Task StatusList_ConditionalGet_Answers304UntilTheListChanges()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        var credential = await client.IssueAsync(tenant);
        string path = new Uri(credential["credentialStatus"]![0]!["statusListCredential"]!.GetValue<string>()).AbsolutePath;

        using var first = await client.GetAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, first.StatusCode);
        Assert.AreEqual("public, max-age=60", first.Headers.CacheControl!.ToString());
        var etag = first.Headers.ETag!;
        Assert.IsFalse(etag.IsWeak);

        using var again = await GetAsync(client, path, etag);
        Assert.AreEqual(HttpStatusCode.NotModified, again.StatusCode);
        Assert.AreEqual(etag, again.Headers.ETag);
        Assert.AreEqual("public, max-age=60", again.Headers.CacheControl!.ToString());
        Assert.AreEqual(0, (await again.Content.ReadAsByteArrayAsync()).Length);

        await client.SetStatusAsync(tenant, credential, "revocation", true);
        using var changed = await GetAsync(client, path, etag);
        Assert.AreEqual(HttpStatusCode.OK, changed.StatusCode);
        Assert.AreNotEqual(etag, changed.Headers.ETag);
        StringAssert.Contains(await changed.Content.ReadAsStringAsync(), "encodedList");
    }

    [TestMethod]
    public async Task StatusList_LastModified_IsSentOnceItsSecondIsOverAndHonouredOnlyWhenExact()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        var credential = await client.IssueAsync(tenant);
        string path = new Uri(credential["credentialStatus"]![0]!["statusListCredential"]!.GetValue<string>()).AbsolutePath;
        (await client.GetAsync(path)).Dispose();
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        using var dated = await client.GetAsync(path);
        var lastModified = dated.Content.Headers.LastModified;
        Assert.IsNotNull(lastModified);

        using var exact = new HttpRequestMessage(HttpMethod.Get, path);
        exact.Headers.IfModifiedSince = lastModified;
        using var notModified = await client.SendAsync(exact);
        Assert.AreEqual(HttpStatusCode.NotModified, notModified.StatusCode);

        using var later = new HttpRequestMessage(HttpMethod.Get, path);
        later.Headers.IfModifiedSince = lastModified.Value.AddSeconds(5);
        using var full = await client.SendAsync(later);
        Assert.AreEqual(HttpStatusCode.OK, full.StatusCode);
    }

    [TestMethod]
    public async Task StatusList_MaxAgeSetting_IsTheCacheControl()
    {
        await using var factory = new IdentityServerFactory(settings => settings["IDENTITY_STATUS_LIST_MAX_AGE"] = "0");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        var credential = await client.IssueAsync(tenant);
        string path = new Uri(credential["credentialStatus"]![0]!["statusListCredential"]!.GetValue<string>()).AbsolutePath;

        using var list = await client.GetAsync(path);

        Assert.AreEqual("public, no-cache", list.Headers.CacheControl!.ToString());
        Assert.IsNotNull(list.Headers.ETag);
    }

    [TestMethod]
    public async Task TenantDidJson_IsCacheableVariesOnAcceptAndRevalidates()
    {
        await using var factory = new IdentityServerFactory(settings => settings["IDENTITY_DID_MAX_AGE"] = "120");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");

        using var ld = await client.GetAsync("/tenants/t/did.json");
        Assert.AreEqual(HttpStatusCode.OK, ld.StatusCode);
        Assert.AreEqual("public, max-age=120", ld.Headers.CacheControl!.ToString());
        CollectionAssert.Contains(ld.Headers.Vary.ToList(), "Accept");

        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, "/tenants/t/did.json");
        plainRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/did+json"));
        using var plain = await client.SendAsync(plainRequest);
        Assert.AreNotEqual(ld.Headers.ETag, plain.Headers.ETag, "Each representation has its own validator.");

        using var again = await GetAsync(client, "/tenants/t/did.json", ld.Headers.ETag!);
        Assert.AreEqual(HttpStatusCode.NotModified, again.StatusCode);

        (await client.PostJsonAsync($"/admin/tenants/{tenant.Id}/keys", new System.Text.Json.Nodes.JsonObject(), IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.Created);
        using var rotated = await GetAsync(client, "/tenants/t/did.json", ld.Headers.ETag!);
        Assert.AreEqual(HttpStatusCode.OK, rotated.StatusCode, "A new key changes the document and its validator.");
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }
}
