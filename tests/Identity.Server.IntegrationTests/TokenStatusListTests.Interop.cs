// Peer: @sd-jwt/jwt-status-list 0.19.0 through tests/interop/jwt-status-list.mjs (install: npm ci --prefix tests/interop).
using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Credentials.Tests.Interop;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

public sealed partial class TokenStatusListTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ServedStatusListToken_TheirLibraryReadsTheRevokedAndSuspendedEntries()
    {
        // Arrange: two SD-JWT VCs of one tenant, one revoked and one suspended through the status endpoint.
        RequirePeer();
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("tsl-interop");
        var (revokedToken, revoked) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:a"), Format("dc+sd-jwt")));
        var (_, suspended) = Unwrap(await client.IssueAsync(tenant, Scenario.Credential("did:example:b"), Format("vc+jwt")));
        (await SetStatusAsync(client, tenant, revoked["jti"]!.GetValue<string>(), "revocation", true)).AssertStatus(HttpStatusCode.OK);
        (await SetStatusAsync(client, tenant, suspended["id"]!.GetValue<string>(), "suspension", true)).AssertStatus(HttpStatusCode.OK);
        var a = TokenStatusReference.FromClaim(revoked["status"]).Value;
        var b = TokenStatusReference.FromClaim(suspended["status"]).Value;
        Assert.AreEqual(a.Uri, b.Uri, "one tenant, one current list");
        using var served = await client.GetAsync(new Uri(a.Uri).AbsolutePath);
        string token = await served.Content.ReadAsStringAsync();

        // Act: their library reads our issued token's status claim and our served list.
        var reference = JsonNode.Parse(await NodeInteropPeer.RunAsync("jwt-status-list.mjs", "reference", new JsonObject { ["token"] = revokedToken.Split('~')[0] }, TestContext.CancellationToken))!;
        int clear = Enumerable.Range(0, 1000).First(i => i != a.Index && i != b.Index);
        var theirs = JsonNode.Parse(await NodeInteropPeer.RunAsync("jwt-status-list.mjs", "decode", new JsonObject
        {
            ["token"] = token, ["indexes"] = new JsonArray(a.Index, b.Index, clear),
        }, TestContext.CancellationToken))!;

        // Assert
        Assert.AreEqual(a.Index, reference["idx"]!.GetValue<int>());
        Assert.AreEqual(a.Uri, reference["uri"]!.GetValue<string>());
        Assert.AreEqual("statuslist+jwt", theirs["typ"]!.GetValue<string>());
        Assert.AreEqual(a.Uri, theirs["sub"]!.GetValue<string>());
        Assert.AreEqual(2, theirs["bits"]!.GetValue<int>());
        CollectionAssert.AreEqual(new[] { 1, 2, 0 }, theirs["statuses"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray());
    }

    private static void RequirePeer()
    {
        string package = Path.Combine(TestVectors.RepositoryRoot, "tests", "interop", "node_modules", "@sd-jwt", "jwt-status-list", "package.json");
        if (!File.Exists(package))
        {
            string message = $"The Node interop test cannot run: {package} is not installed. Run `npm ci --prefix tests/interop`.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }
    }
}
