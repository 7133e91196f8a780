using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class IssuanceTests
{
    [TestMethod]
    public async Task Issue_ForcesIssuerAddsIdStatusAndProof_AndVerifies()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");

        var credential = await client.IssueAsync(tenant);

        Assert.AreEqual(tenant.Did, credential["issuer"]!.GetValue<string>());
        StringAssert.StartsWith(credential["id"]!.GetValue<string>(), "urn:uuid:");
        var status = credential["credentialStatus"]!.AsArray();
        Assert.AreEqual(2, status.Count);
        Assert.AreEqual("revocation", status[0]!["statusPurpose"]!.GetValue<string>());
        Assert.AreEqual("suspension", status[1]!["statusPurpose"]!.GetValue<string>());
        Assert.AreEqual("BitstringStatusListEntry", status[0]!["type"]!.GetValue<string>());
        StringAssert.StartsWith(status[0]!["statusListCredential"]!.GetValue<string>(), "http://localhost/tenants/st-marys/status/");
        var index = int.Parse(status[0]!["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(index is >= 0 and < 131_072);
        Assert.AreEqual("eddsa-jcs-2022", credential["proof"]!["cryptosuite"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did + "#key-1", credential["proof"]!["verificationMethod"]!.GetValue<string>());

        var verified = (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(verified.Body!["verified"]!.GetValue<bool>());
        var checks = verified.Body["checks"]!.AsArray().Select(c => (c!["check"]!.GetValue<string>(), c["status"]!.GetValue<string>())).ToList();
        CollectionAssert.Contains(checks, ("proof", "passed"));
        CollectionAssert.Contains(checks, ("credentialStatus", "passed"));
    }

    [TestMethod]
    public async Task Issue_KeepsGivenIdAndAcceptsTenantDidKeyAsIssuer()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("keyed");
        var requested = Scenario.Credential("did:example:p", tenant.DidKey);
        requested["id"] = "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5";

        var credential = await client.IssueAsync(tenant, requested);

        Assert.AreEqual("urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5", credential["id"]!.GetValue<string>());
        var multibase = tenant.DidKey["did:key:".Length..];
        Assert.AreEqual($"{tenant.DidKey}#{multibase}", credential["proof"]!["verificationMethod"]!.GetValue<string>());
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);

        var again = await client.PostJsonAsync($"/tenants/keyed/credentials/issue", new JsonObject { ["credential"] = requested.DeepClone() }, tenant.ApiKey);
        again.AssertProblem(HttpStatusCode.Conflict, "credentialExists");
    }

    [TestMethod]
    public async Task Issue_EcdsaOnP256Tenant_VerifiesAndEddsaIsKeyMismatch()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("p256", "P-256");

        var credential = await client.IssueAsync(tenant);
        var eddsa = await client.PostJsonAsync("/tenants/p256/credentials/issue",
            new JsonObject { ["credential"] = Scenario.Credential("did:example:p"), ["options"] = new JsonObject { ["cryptosuite"] = "eddsa-jcs-2022" } }, tenant.ApiKey);

        Assert.AreEqual("ecdsa-jcs-2019", credential["proof"]!["cryptosuite"]!.GetValue<string>());
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
        eddsa.AssertProblem(HttpStatusCode.BadRequest, "keyMismatch");
    }

    [TestMethod]
    public async Task Issue_IssuerIsAnotherTenant_IsIssuerMismatch_AndNothingIsWritten()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var a = await client.CreateTenantAsync("a");
        var b = await client.CreateTenantAsync("b");
        var entriesBefore = await AuditEntriesAsync(client);

        var response = await client.PostJsonAsync("/tenants/a/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p", b.Did) }, a.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "issuerMismatch");
        Assert.AreEqual(entriesBefore, await AuditEntriesAsync(client));
    }

    [TestMethod]
    public async Task Issue_WithAnotherTenantsKey_IsForbidden()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("a");
        var b = await client.CreateTenantAsync("b");

        var response = await client.PostJsonAsync("/tenants/a/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, b.ApiKey);

        response.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("idk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [DataRow("garbage")]
    public async Task Issue_WithoutValidKey_IsUnauthorized(string? key)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("a");

        var response = await client.PostJsonAsync("/tenants/a/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, key);

        response.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestMethod]
    [DataRow("{\"credential\": 5}", "invalidRequest")]
    [DataRow("{\"verifiableCredential\": {}}", "invalidRequest")]
    [DataRow("{\"credential\": {\"type\": [\"VerifiableCredential\"], \"credentialSubject\": {\"id\": \"did:example:p\"}}}", "dataModelViolation")]
    [DataRow("{\"credential\": {\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": [\"VerifiableCredential\"], \"credentialSubject\": {}}, \"options\": {\"cryptosuite\": \"nope-2099\"}}", "unsupportedCryptosuite")]
    [DataRow("{\"credential\": {\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": [\"VerifiableCredential\"], \"credentialSubject\": {\"id\": \"did:example:p\"}}, \"options\": 3}", "invalidOptions")]
    public async Task Issue_BadRequests_AreSpecificProblems(string body, string code)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("a");

        var response = await client.SendJsonAsync(HttpMethod.Post, "/tenants/a/credentials/issue", body, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, code);
    }

    [TestMethod]
    public async Task DefaultIssue_InDevMode_NeedsNoKey_OtherwiseNeedsDefaultTenantKey()
    {
        var request = new JsonObject { ["credential"] = Scenario.Credential("did:example:p") };
        await using (var closed = new IdentityServerFactory())
        {
            var client = closed.CreateClient();
            (await client.PostJsonAsync("/credentials/issue", request.DeepClone())).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            var other = await client.CreateTenantAsync("other");
            (await client.PostJsonAsync("/credentials/issue", request.DeepClone(), other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        }

        await using var open = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");
        request["credential"]!["issuer"] = "did:web:localhost:tenants:default";
        var response = (await open.CreateClient().PostJsonAsync("/credentials/issue", request.DeepClone())).AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual("did:web:localhost:tenants:default", response.Body!["verifiableCredential"]!["issuer"]!.GetValue<string>());
        Assert.IsTrue(open.Logs.Any(l => l.Contains("LOCAL (DEV) MODE", StringComparison.Ordinal)), "Dev mode is announced loudly at start.");
    }

    [TestMethod]
    public async Task Issue_WithoutIssuer_RefusedAtTheVcApiPath_FilledInAtTheTenantPath()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("fills-issuer");
        var request = new JsonObject { ["credential"] = Scenario.Credential("did:example:p") };

        var refused = await client.PostJsonAsync("/credentials/issue", request.DeepClone());
        var filled = await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue", request.DeepClone(), tenant.ApiKey);

        refused.AssertProblem(HttpStatusCode.BadRequest, "dataModelViolation");
        StringAssert.Contains(refused.Body!["detail"]!.GetValue<string>(), "no issuer");
        Assert.AreEqual(tenant.Did, filled.AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!["issuer"]!.GetValue<string>());
    }

    internal static async Task<long> AuditEntriesAsync(HttpClient client)
    {
        var report = (await client.GetJsonAsync("/admin/audit/verify", IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(report.Body!["valid"]!.GetValue<bool>(), report.Text);
        return report.Body["entries"]!.GetValue<long>();
    }

    [TestMethod]
    public async Task Issue_NullIssuer_IsDataModelViolation_NotReplaced()
    {
        // Only an absent issuer is filled in with the tenant's DID; "issuer": null is a malformed issuer.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("null-issuer");
        var requested = Scenario.Credential("did:example:p");
        requested["issuer"] = null;

        var response = await client.PostJsonAsync("/tenants/null-issuer/credentials/issue", new JsonObject { ["credential"] = requested }, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "dataModelViolation");
    }
}
