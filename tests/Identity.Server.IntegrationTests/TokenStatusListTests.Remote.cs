using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Status;
using Identity.Cryptography;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

public sealed partial class TokenStatusListTests
{
    private static readonly Dictionary<string, string> s_loopback = new() { ["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1" };

    [TestMethod]
    public async Task RemoteList_FetchedAndVerified_EveryFaultFailsClosed()
    {
        // Arrange: another issuer (a did:key) publishes its lists on a loopback server; each path serves one case.
        using var issuer = new Scenario.Patient();
        using var mallory = new Scenario.Patient();
        var revokedAt3 = TokenStatusList.Create(2, 1024, [KeyValuePair.Create(3, TokenStatusList.Invalid), KeyValuePair.Create(4, TokenStatusList.Suspended)]);
        var now = DateTimeOffset.UtcNow;
        string Token(string uri, PrivateKey key, string kid, TokenStatusList? list = null) =>
            StatusListToken.Sign(uri, list ?? revokedAt3, now.AddSeconds(-5), now.AddMinutes(10), TimeSpan.FromMinutes(1), key, kid);
        string? origin = null;
        await using var lists = new LoopbackHttpServer(path =>
        {
            string uri = origin + path;
            string? body = path switch
            {
                "/good" => Token(uri, issuer.Key, issuer.VerificationMethod),
                "/tampered" => Tampered(Token(uri, issuer.Key, issuer.VerificationMethod)),
                "/unsigned" => Unsigned(uri),
                "/mallory" => Token(uri, mallory.Key, mallory.VerificationMethod, TokenStatusList.Create(2, 1024, [])),
                "/elsewhere" => Token(origin + "/good", issuer.Key, issuer.VerificationMethod),
                "/garbage" => "not a token",
                _ => null,
            };
            return body is null
                ? new LoopbackResponse { Status = 404, Body = Encoding.UTF8.GetBytes("{}") }
                : new LoopbackResponse { ContentType = StatusListToken.MediaType, Body = Encoding.UTF8.GetBytes(body) };
        });
        origin = $"http://127.0.0.1:{lists.Port}";
        await using var factory = new IdentityServerFactory(settings => { foreach (var (k, v) in s_loopback) { settings[k] = v; } });
        var client = factory.CreateClient();

        // Act and assert, case by case.
        foreach (var (path, index, code) in new (string, int, string?)[]
        {
            ("/good", 0, null),
            ("/good", 3, "credentialRevoked"),
            ("/good", 4, "credentialSuspended"),
            ("/tampered", 0, "invalidStatusList"),
            ("/unsigned", 0, "invalidStatusList"),
            ("/mallory", 0, "statusListIssuerMismatch"),
            ("/elsewhere", 0, "invalidStatusList"),
            ("/garbage", 0, "invalidStatusList"),
            ("/missing", 0, "statusListUnavailable"),
        })
        {
            var claims = new JsonObject
            {
                ["iss"] = issuer.Did, ["iat"] = now.ToUnixTimeSeconds(), ["vct"] = "https://vct.example/Test",
                ["status"] = TokenStatusReference.ToClaim(index, origin + path), ["bloodType"] = "O+",
            };
            string sdJwt = SdJwtIssuer.Issue(claims, new SdJwtIssueOptions { Disclosable = ["bloodType"], KeyId = issuer.VerificationMethod }, issuer.Key).Value;

            var response = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = sdJwt });

            if (code is null)
            {
                response.AssertStatus(HttpStatusCode.OK);
            }
            else
            {
                Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.Status, $"{path}[{index}]: {response.Text}");
                Assert.AreEqual(code, response.Code, $"{path}[{index}]: {response.Text}");
            }
        }
    }

    [TestMethod]
    public async Task OtherServer_FetchesTheServedStatusListToken_VerifiesItByTheIssuersDidWeb_AndSeesTheRevocation()
    {
        // Arrange: A's tenant issues two SD-JWT VCs and revokes one; B is another service on loopback.
        var loopback = new Dictionary<string, string> { ["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1", ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey };
        await using var a = await ServerProcess.StartAsync(loopback);
        await using var b = await ServerProcess.StartAsync(loopback);
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var tenant = await clientA.CreateTenantAsync("tsl-remote");
        var (revokedToken, revoked) = Unwrap(await clientA.IssueAsync(tenant, Scenario.Credential("did:example:a"), Format("dc+sd-jwt")));
        var (validToken, _) = Unwrap(await clientA.IssueAsync(tenant, Scenario.Credential("did:example:b"), Format("dc+sd-jwt")));
        (await SetStatusAsync(clientA, tenant, revoked["jti"]!.GetValue<string>(), "revocation", true)).AssertStatus(HttpStatusCode.OK);

        // Act
        var onB = await clientB.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = revokedToken });
        var validOnB = await clientB.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = validToken });

        // Assert
        StringAssert.StartsWith(TokenStatusReference.FromClaim(revoked["status"]).Value.Uri, a.BaseUrl.TrimEnd('/') + "/tenants/tsl-remote/status-lists/");
        onB.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        validOnB.AssertStatus(HttpStatusCode.OK);
    }

    private static string Tampered(string token)
    {
        // Every entry set back to VALID in the payload; the header and signature kept.
        var parts = token.Split('.');
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["status_list"]!["lst"] = TokenStatusList.Create(2, 1024, []).Encode();
        return $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
    }

    private static string Unsigned(string uri)
    {
        string header = System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"none\",\"typ\":\"statuslist+jwt\"}"u8);
        string payload = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["sub"] = uri, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["status_list"] = new JsonObject { ["bits"] = 2, ["lst"] = TokenStatusList.Create(2, 1024, []).Encode() },
        }.ToJsonString()));
        return header + "." + payload + ".";
    }
}
