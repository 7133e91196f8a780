using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Status;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Token Status List for JOSE credentials (SD-JWT VC, vc+jwt): the status claim issued, the signed statuslist+jwt
/// served, revocation and suspension through POST /tenants/{t}/credentials/status, and the verify verdicts.
/// </summary>
[TestClass]
public sealed partial class TokenStatusListTests
{
    private static JsonObject Format(string format) => new() { ["format"] = format };

    private static (string Token, JsonObject Payload) Unwrap(JsonObject envelope)
    {
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out _, out var token));
        var jws = CompactJws.Parse(token.Split('~')[0]).Value;
        return (token, jws.PayloadObject()!);
    }

    private static Task<ApiResponse> SetStatusAsync(HttpClient client, Scenario.Tenant tenant, string credentialId, string purpose, bool value) =>
        client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/status", new JsonObject
        {
            ["credentialId"] = credentialId,
            ["statusPurpose"] = purpose,
            ["status"] = value,
        }, tenant.ApiKey);

    [TestMethod]
    [DataRow("dc+sd-jwt", "jti")]
    [DataRow("vc+jwt", "id")]
    public async Task Issue_JoseFormat_CarriesStatusClaimNamingTheTenantsTokenList(string format, string idClaim)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("tsl-issue");

        var (_, payload) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format(format)));

        var reference = TokenStatusReference.FromClaim(payload["status"]);
        Assert.IsTrue(reference.IsSuccess, reference.ToString());
        StringAssert.StartsWith(reference.Value.Uri, $"{client.BaseAddress!.GetLeftPart(UriPartial.Authority)}/tenants/{tenant.Id}/status-lists/");
        Assert.IsNotNull(payload[idClaim]);
    }

    [TestMethod]
    [DataRow("dc+sd-jwt", Store.Sqlite)]
    [DataRow("vc+jwt", Store.Sqlite)]
    [DataRow("dc+sd-jwt", Store.Postgres)]
    [DataRow("vc+jwt", Store.Postgres)]
    public async Task RevokeSuspendReinstate_ByCredentialId_VerifyFollowsTheTokenStatusList(string format, Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("tsl-cycle");
        var (token, payload) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format(format)));
        string credentialId = (payload["jti"] ?? payload["id"])!.GetValue<string>();
        Task<ApiResponse> Verify() => client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = token });

        // Act and assert, step by step: valid, suspended, reinstated, revoked, and revoked for good.
        var fresh = await Verify();
        fresh.AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(fresh.Body!["checks"]!.AsArray().Any(c => c!["check"]!.GetValue<string>() == "credentialStatus"
            && c["status"]!.GetValue<string>() == "passed" && c["detail"]?.GetValue<string>()?.Contains("Token Status List", StringComparison.Ordinal) == true),
            fresh.Text);

        (await SetStatusAsync(client, tenant, credentialId, "suspension", true)).AssertStatus(HttpStatusCode.OK);
        var suspended = await Verify();
        suspended.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialSuspended");

        (await SetStatusAsync(client, tenant, credentialId, "suspension", false)).AssertStatus(HttpStatusCode.OK);
        (await Verify()).AssertStatus(HttpStatusCode.OK);

        (await SetStatusAsync(client, tenant, credentialId, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        var revoked = await Verify();
        revoked.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");

        (await SetStatusAsync(client, tenant, credentialId, "revocation", false)).AssertProblem(HttpStatusCode.Conflict, "revocationIsPermanent");
        (await Verify()).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
    }

    [TestMethod]
    public async Task VcJwt_RevokedAndSuspended_TheStatusClaimFailsOnItsOwn()
    {
        // vc+jwt also carries Bitstring credentialStatus entries; the Token Status List check must fail by itself too.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("tsl-vcjwt");
        var (token, payload) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format("vc+jwt")));

        (await SetStatusAsync(client, tenant, payload["id"]!.GetValue<string>(), "suspension", true)).AssertStatus(HttpStatusCode.OK);
        var suspended = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = token });

        var failed = suspended.Body!["checks"]!.AsArray()
            .Where(c => c!["check"]!.GetValue<string>() == "credentialStatus" && c["status"]!.GetValue<string>() == "failed").ToList();
        Assert.AreEqual(2, failed.Count, suspended.Text); // The Bitstring suspension entry and the status claim.
        Assert.IsTrue(failed.All(c => c!.ToJsonString().Contains("credentialSuspended", StringComparison.Ordinal)), suspended.Text);
    }

    [TestMethod]
    public async Task StatusListToken_IsServedAsSignedStatuslistJwt_WhoseSubIsItsUrl()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("tsl-serve");
        var (_, payload) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format("dc+sd-jwt")));
        var reference = TokenStatusReference.FromClaim(payload["status"]).Value;
        (await SetStatusAsync(client, tenant, payload["jti"]!.GetValue<string>(), "revocation", true)).AssertStatus(HttpStatusCode.OK);

        // Act
        using var response = await client.GetAsync(new Uri(reference.Uri).AbsolutePath);
        string text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        Assert.AreEqual("application/statuslist+jwt", response.Content.Headers.ContentType!.MediaType);
        var jws = CompactJws.Parse(text, int.MaxValue).Value;
        Assert.AreEqual("statuslist+jwt", jws.Type);
        StringAssert.StartsWith(jws.KeyId, tenant.Did + "#");
        var read = StatusListToken.Read(jws, reference.Uri, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        Assert.IsTrue(read.IsSuccess, read.ToString());
        Assert.AreEqual(2, read.Value.List.Bits);
        Assert.AreEqual(TokenStatusList.Invalid, read.Value.List[reference.Index]);
        Assert.IsNotNull(read.Value.ExpiresAt);
        Assert.IsNotNull(read.Value.TimeToLive);
    }

    [TestMethod]
    public async Task StatusListToken_AfterItsSigningKeyIsRetired_IsSignedByTheActiveKey()
    {
        // Arrange: the token is signed (and cached) under key-1.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("tsl-rotate");
        var (_, payload) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format("dc+sd-jwt")));
        string path = new Uri(TokenStatusReference.FromClaim(payload["status"]).Value.Uri).AbsolutePath;
        async Task<string?> KidAsync()
        {
            using var response = await client.GetAsync(path);
            return CompactJws.Parse(await response.Content.ReadAsStringAsync(), int.MaxValue).Value.KeyId;
        }

        string? before = await KidAsync();

        // Act: rotate and retire key-1 with no status change.
        await KeyLifecycleTests.AddKeyAsync(client, tenant.Id);
        (await client.PostJsonAsync($"/admin/tenants/{tenant.Id}/keys/key-1/retire", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        string? after = await KidAsync();

        // Assert
        Assert.AreEqual(tenant.Did + "#key-1", before);
        Assert.AreEqual(tenant.Did + "#key-2", after);
        var (fresh, freshPayload) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format("dc+sd-jwt")));
        (await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = fresh })).AssertStatus(HttpStatusCode.OK);
        (await SetStatusAsync(client, tenant, freshPayload["jti"]!.GetValue<string>(), "revocation", true)).AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = fresh }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
    }

    [TestMethod]
    public async Task StatusListToken_UnknownOrSuspensionList_Is404Problem()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("tsl-404");
        await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format("dc+sd-jwt"));

        (await client.GetJsonAsync($"/tenants/{tenant.Id}/status-lists/suspension-1")).AssertProblem(HttpStatusCode.NotFound, "notFound");
        (await client.GetJsonAsync($"/tenants/{tenant.Id}/status-lists/revocation-99")).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }
}
