using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// VC DM 2.0 §5.3 through the API: <c>relatedResource</c> digests of the VC 2.0 base context (pinned byte for byte)
/// are checked at issuance and at verification; a resource the service does not hold is never fetched, only named.
/// </summary>
[TestClass]
public sealed class RelatedResourceTests
{
    private const string V2 = "https://www.w3.org/ns/credentials/v2";

    // The published base context, whose SHA-256 VC DM 2.0 §B.1 gives; the service ships exactly these bytes.
    private static readonly byte[] s_v2 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "schemas", "contexts", "credentials-v2.jsonld"));

    private static JsonObject WithRelated(JsonObject entry)
    {
        var credential = Scenario.Credential("did:example:patient");
        credential["relatedResource"] = new JsonArray(entry);
        return credential;
    }

    [TestMethod]
    public async Task Issue_DigestOfThePinnedBaseContext_IssuedAndVerified_WrongDigestRefused()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("related");
        Assert.AreEqual("59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734", Convert.ToHexStringLower(SHA256.HashData(s_v2)));
        var good = WithRelated(new JsonObject { ["id"] = V2, ["digestSRI"] = "sha384-" + Convert.ToBase64String(SHA384.HashData(s_v2)) });
        var bad = WithRelated(new JsonObject { ["id"] = V2, ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base64Url, SHA256.HashData([.. s_v2, 0x0a])) });

        var issued = await client.IssueAsync(tenant, good);
        var refused = await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue", new JsonObject { ["credential"] = bad }, tenant.ApiKey);

        var verified = (await client.VerifyAsync(issued)).AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(verified.Body!["checks"]!.AsArray().Any(c => c!["check"]!.GetValue<string>() == "relatedResource" && c["status"]!.GetValue<string>() == "passed"), verified.Text);
        refused.AssertProblem(HttpStatusCode.BadRequest, "relatedResourceMismatch");
    }

    [TestMethod]
    public async Task Verify_WrongDigest_RelatedResourceCheckFails_UnheldResourceOnlyWarned()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var wrong = WithRelated(new JsonObject { ["id"] = V2, ["digestSRI"] = "sha384-" + Convert.ToBase64String(new byte[48]) });
        wrong["issuer"] = "did:example:issuer";
        var unheld = WithRelated(new JsonObject { ["id"] = "https://unheld.example/resource", ["digestSRI"] = "sha384-" + Convert.ToBase64String(new byte[48]) });
        unheld["issuer"] = "did:example:issuer";

        var failed = await client.VerifyAsync(wrong);
        var warned = await client.VerifyAsync(unheld);

        Assert.IsTrue(failed.Body!["checks"]!.AsArray().Any(c => c!["check"]!.GetValue<string>() == "relatedResource"
            && c["status"]!.GetValue<string>() == "failed" && c["code"]?.GetValue<string>() == "relatedResourceMismatch"), failed.Text);
        Assert.IsTrue(warned.Body!["checks"]!.AsArray().Any(c => c!["check"]!.GetValue<string>() == "relatedResource" && c["status"]!.GetValue<string>() == "skipped"), warned.Text);
        StringAssert.Contains(warned.Body!["warnings"]!.ToJsonString(), "https://unheld.example/resource");
    }
}
