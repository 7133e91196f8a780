using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Status;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class StatusTests
{
    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Revoke_ThenVerify_FailsOnCredentialStatus_AndTheRevocationCannotBeUndone(Store store)
    {
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var credential = await client.IssueAsync(tenant);

        var revoked = (await client.SetStatusAsync(tenant, credential, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        var verify = await client.VerifyAsync(credential);

        Assert.IsTrue(revoked.Body!["status"]!.GetValue<bool>());
        verify.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        Assert.IsFalse(verify.Body!["verified"]!.GetValue<bool>());
        var failed = verify.Body["checks"]!.AsArray().Where(c => c!["status"]!.GetValue<string>() == "failed").Select(c => c!["check"]!.GetValue<string>()).ToList();
        CollectionAssert.AreEqual(new[] { "credentialStatus" }, failed);

        (await client.SetStatusAsync(tenant, credential, "revocation", false)).AssertProblem(HttpStatusCode.Conflict, "revocationIsPermanent");
        (await client.VerifyAsync(credential)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Suspend_ThenVerify_FailsWithCredentialSuspended_ReinstateVerifiesAgain(Store store)
    {
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        var credential = await client.IssueAsync(tenant);

        (await client.SetStatusAsync(tenant, credential, "suspension", true)).AssertStatus(HttpStatusCode.OK);

        (await client.VerifyAsync(credential)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialSuspended");
        (await client.SetStatusAsync(tenant, credential, "suspension", false)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task StatusList_IsSignedByTheTenant_VerifiesAndCarriesTheBit()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        var credential = await client.IssueAsync(tenant);
        var entry = credential["credentialStatus"]![0]!;
        var url = new Uri(entry["statusListCredential"]!.GetValue<string>());
        var index = int.Parse(entry["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        await client.SetStatusAsync(tenant, credential, "revocation", true);

        var list = (await client.GetJsonAsync(url.AbsolutePath)).AssertStatus(HttpStatusCode.OK);

        Assert.AreEqual("public, max-age=60", list.Headers.CacheControl!.ToString());
        Assert.IsNotNull(list.Headers.ETag);
        var subject = list.Body!["credentialSubject"]!;
        Assert.AreEqual("revocation", subject["statusPurpose"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did, list.Body["issuer"]!.GetValue<string>());
        var bits = BitstringStatusList.Decode(subject["encodedList"]!.GetValue<string>());
        Assert.AreEqual(131_072, bits.Value.Size);
        Assert.IsTrue(bits.Value[index]);
        Assert.AreEqual(1, Enumerable.Range(0, bits.Value.Size).Count(i => bits.Value[i]));
        (await client.VerifyAsync(list.Body)).AssertStatus(HttpStatusCode.OK);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url.AbsolutePath);
        conditional.Headers.IfNoneMatch.Add(list.Headers.ETag!);
        Assert.AreEqual(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
    }

    [TestMethod]
    public async Task ConcurrentRevocations_InOneList_AreAllKept()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("busy");
        var credentials = new List<JsonObject>();
        for (var i = 0; i < 40; i++)
        {
            credentials.Add(await client.IssueAsync(tenant));
        }

        var responses = await Task.WhenAll(credentials.Select(c => client.SetStatusAsync(tenant, c, "revocation", true)));

        Assert.IsTrue(responses.All(r => r.Status == HttpStatusCode.OK));
        var listPath = new Uri(credentials[0]["credentialStatus"]![0]!["statusListCredential"]!.GetValue<string>()).AbsolutePath;
        var list = await client.GetJsonAsync(listPath);
        var bits = BitstringStatusList.Decode(list.Body!["credentialSubject"]!["encodedList"]!.GetValue<string>()).Value;
        foreach (var c in credentials)
        {
            var index = int.Parse(c["credentialStatus"]![0]!["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(bits[index], $"index {index} lost its revocation");
        }

        Assert.AreEqual(40, Enumerable.Range(0, bits.Size).Count(i => bits[i]));
    }

    [TestMethod]
    public async Task SetStatus_UnknownCredential_IsNotFound()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");

        var response = await client.PostJsonAsync("/tenants/t/credentials/status",
            new JsonObject { ["credentialId"] = "urn:uuid:00000000-0000-0000-0000-000000000000", ["statusPurpose"] = "revocation", ["status"] = true }, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task SetStatus_OtherTenantsCredential_IsNotFoundForThatTenant_AndForbiddenWithWrongKey()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var a = await client.CreateTenantAsync("a");
        var b = await client.CreateTenantAsync("b");
        var credential = await client.IssueAsync(a);

        var viaB = await client.SetStatusAsync(b, credential, "revocation", true);
        var wrongKey = await client.PostJsonAsync("/tenants/a/credentials/status",
            new JsonObject { ["credentialId"] = credential["id"]!.GetValue<string>(), ["statusPurpose"] = "revocation", ["status"] = true }, b.ApiKey);

        viaB.AssertProblem(HttpStatusCode.NotFound, "notFound");
        wrongKey.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    [DataRow("{\"credentialId\":\"x\",\"statusPurpose\":\"refresh\",\"status\":true}")]
    [DataRow("{\"credentialId\":\"x\",\"statusPurpose\":\"revocation\",\"status\":\"yes\"}")]
    [DataRow("{\"statusPurpose\":\"revocation\",\"status\":true}")]
    public async Task SetStatus_MalformedBody_IsInvalidRequest(string body)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        (await client.SendJsonAsync(HttpMethod.Post, "/tenants/t/credentials/status", body, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }

    [TestMethod]
    public async Task StatusList_Unknown_IsNotFound()
    {
        await using var factory = new IdentityServerFactory();
        (await factory.CreateClient().GetJsonAsync("/tenants/default/status/revocation-99")).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }
}
