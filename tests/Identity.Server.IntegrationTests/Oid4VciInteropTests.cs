// Peer: @openid4vc/openid4vci + @openid4vc/oauth2 0.4.6 (the OWF wallet libraries behind Credo) and @sd-jwt/sd-jwt-vc
// 0.19.0, through tests/interop/openid4vci-wallet.mjs (install: npm ci --prefix tests/interop), against a real server
// process over loopback HTTP.
using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Tests.Interop;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>An independent OpenID4VCI wallet receives our credentials, and our refusals reach it as the spec's errors.</summary>
[TestClass]
public sealed class Oid4VciInteropTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TheirWallet_ReceivesABatchOfSdJwtVcs_WithTxCodeAndDpop_AndTheirVerifierAcceptsThemUntilRevoked()
    {
        // Arrange: a real server (the wallet library fetches metadata, offers, status lists and did:web over HTTP).
        RequirePeer();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey,
            ["IDENTITY_OID4VCI_REQUIRE_DPOP"] = "*",
        });
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var tenant = await client.CreateTenantAsync("st-marys");
        using var wallet = new Oid4VciWallet(client, tenant, server.BaseUrl);
        var offer = await wallet.OfferAsync(txCode: true);

        // Act: their wallet runs the whole flow with two holder keys (ES256 and EdDSA), then their verifier checks each.
        var received = await RunAsync("receive", new JsonObject
        {
            ["offerUri"] = offer["offer_uri"]!.GetValue<string>(), ["txCode"] = offer["tx_code"]!.GetValue<string>(), ["keys"] = 2,
        });
        var credentials = received["credentials"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var holders = received["holderJwks"]!.AsArray();
        var verdicts = new List<JsonNode>();
        for (int i = 0; i < credentials.Count; i++)
        {
            verdicts.Add(await RunAsync("verify", new JsonObject { ["credential"] = credentials[i], ["holderJwk"] = holders[i]!.DeepClone() }));
        }

        var jti = Oid4VciCredentialTests.JwtPayload(credentials[1])["jti"]!.GetValue<string>();
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/status",
            new JsonObject { ["credentialId"] = jti, ["statusPurpose"] = "revocation", ["status"] = true }, tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        var revoked = await RunAsync("verify", new JsonObject { ["credential"] = credentials[1], ["holderJwk"] = holders[1]!.DeepClone() });

        // Assert
        Assert.AreEqual("PatientIdentityCredential_sd_jwt", received["configurationId"]!.GetValue<string>());
        Assert.AreEqual("DPoP", received["tokenType"]!.GetValue<string>());
        Assert.HasCount(2, credentials);
        foreach (var verdict in verdicts)
        {
            Assert.IsTrue(verdict["verified"]!.GetValue<bool>(), verdict.ToJsonString());
            Assert.IsTrue(verdict["cnfMatches"]!.GetValue<bool>(), verdict.ToJsonString());
            Assert.AreEqual("dc+sd-jwt", verdict["typ"]!.GetValue<string>());
            Assert.AreEqual("https://identity.example/vct/PatientIdentityCredential", verdict["vct"]!.GetValue<string>());
        }

        Assert.IsFalse(revoked["verified"]!.GetValue<bool>(), revoked.ToJsonString());
        StringAssert.Contains(revoked["error"]!.GetValue<string>(), "Status is not valid");
    }

    [TestMethod]
    public async Task TheirWallet_GetsTheSpecErrors_ForBadTxCodeReusedCodeWrongAudienceUnknownOrReusedNonceAndDpopKeyMismatch()
    {
        // Arrange
        RequirePeer();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey });
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"), server.BaseUrl);
        var offer = await wallet.OfferAsync(txCode: true);
        var other = await wallet.OfferAsync();

        // Act
        var results = await RunAsync("refuse", new JsonObject
        {
            ["offerUri"] = offer["offer_uri"]!.GetValue<string>(),
            ["txCode"] = offer["tx_code"]!.GetValue<string>(),
            ["otherOfferUri"] = other["offer_uri"]!.GetValue<string>(),
        });

        // Assert: what the library read from each of our error responses.
        Assert.AreEqual("invalid_grant", results["wrongTxCode"]!.GetValue<string>(), results.ToJsonString());
        Assert.AreEqual("invalid_grant", results["reusedCode"]!.GetValue<string>(), results.ToJsonString());
        Assert.AreEqual("invalid_proof", results["wrongAudience"]!.GetValue<string>(), results.ToJsonString());
        Assert.AreEqual("invalid_nonce", results["unknownNonce"]!.GetValue<string>(), results.ToJsonString());
        Assert.AreEqual("invalid_dpop_proof", results["dpopKeyMismatch"]!.GetValue<string>(), results.ToJsonString());
        Assert.AreEqual("accepted", results["accepted"]!.GetValue<string>(), results.ToJsonString());
        Assert.AreEqual("invalid_nonce", results["reusedNonce"]!.GetValue<string>(), results.ToJsonString());
    }

    private async Task<JsonNode> RunAsync(string command, JsonObject input) =>
        JsonNode.Parse(await NodeInteropPeer.RunAsync("openid4vci-wallet.mjs", command, input, TestContext.CancellationToken))!;

    private static void RequirePeer()
    {
        string package = Path.Combine(TestVectors.RepositoryRoot, "tests", "interop", "node_modules", "@openid4vc", "openid4vci", "package.json");
        if (!File.Exists(package))
        {
            string message = $"The OpenID4VCI interop test cannot run: {package} is not installed. Run `npm ci --prefix tests/interop`.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }
    }
}
