using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

public sealed partial class Oid4VpTests
{
    [TestMethod]
    [DataRow("""{"response_mode":"direct_post"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[]},"response_mode":"direct_post"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"m","format":"mso_mdoc","meta":{"doctype_value":"org.iso.18013.5.1.mDL"}}]},"response_mode":"direct_post"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}],"credential_sets":[]},"response_mode":"direct_post"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]},"claims":[{"path":[{"a":1}]}]}]},"response_mode":"direct_post"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]},"claims":[{"path":["a"],"values":["b"]}]}]},"response_mode":"direct_post"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}},{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"response_mode":"direct_post"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"response_mode":"fragment"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"response_mode":"direct_post","client_id_prefix":"redirect_uri"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"response_mode":"direct_post","redirect_uri":"https://x"}""", "invalidRequest")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"response_mode":"direct_post","options":{"challenge":"c"}}""", "invalidOptions")]
    [DataRow("""{"dcql_query":{"credentials":[{"id":"p","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"response_mode":"direct_post","options":{"trustedIssuers":[]}}""", "invalidOptions")]
    public async Task CreateRequest_UnsupportedBody_Is400(string body, string code)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");

        var created = await client.PostJsonAsync("/tenants/clinic/oid4vp/requests", JsonNode.Parse(body), tenant.ApiKey);

        created.AssertProblem(HttpStatusCode.BadRequest, code);
    }

    [TestMethod]
    public async Task Requests_AreTheTenantsOwn()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var clinic = await client.CreateTenantAsync("clinic");
        var other = await client.CreateTenantAsync("other");
        var request = await Oid4Vp.CreateAsync(client, clinic, "direct_post");
        var body = new JsonObject { ["dcql_query"] = Oid4Vp.SdJwtQuery(), ["response_mode"] = "direct_post" };

        // Act and assert: the tenant key guards creation and status; another tenant sees no such request.
        (await client.PostJsonAsync("/tenants/clinic/oid4vp/requests", body)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync("/tenants/clinic/oid4vp/requests", body, other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.GetJsonAsync($"/tenants/clinic/oid4vp/requests/{request.Id}")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.GetJsonAsync($"/tenants/other/oid4vp/requests/{request.Id}", other.ApiKey)).AssertProblem(HttpStatusCode.NotFound, "notFound");
        (await client.GetJsonAsync($"/tenants/other/oid4vp/requests/{request.Id}/request")).AssertProblem(HttpStatusCode.NotFound, "notFound");
        var unknown = await Oid4Vp.PostFormAsync(client, "/tenants/clinic/oid4vp/requests/unknown/response", ("vp_token", "{}"));
        unknown.AssertProblem(HttpStatusCode.NotFound, "notFound");
        Assert.AreEqual("invalid_request_uri", unknown.Body!["error"]!.GetValue<string>());
        Assert.AreEqual("pending", (await Oid4Vp.StatusAsync(client, clinic, request))["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task DirectPost_NotAForm_IsRefused_AndTheRequestStaysPending()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post");

        using var content = new StringContent("""{"vp_token":{}}""", Encoding.UTF8, "application/json");
        var answered = await Api.ReadAsync(await client.PostAsync(request.ResponsePath, content));

        answered.AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType");
        Assert.AreEqual("pending", (await Oid4Vp.StatusAsync(client, tenant, request))["status"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task DirectPost_DataIntegrityPresentation_ChallengeIsTheNonceAndDomainTheClientId(bool rightDomain)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        var issued = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        var query = new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = "blood",
                ["format"] = "ldp_vc",
                ["meta"] = new JsonObject { ["type_values"] = new JsonArray(new JsonArray("VerifiableCredential")) },
                ["claims"] = new JsonArray(new JsonObject { ["path"] = new JsonArray("credentialSubject", "bloodType") }),
            }),
        };
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post", query);
        var presentation = patient.Present([issued], request.Nonce, rightDomain ? request.ClientId : "clinic.example");

        // Act
        var answered = await Oid4Vp.RespondAsync(client, request, Oid4Vp.VpToken("blood", presentation));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        if (rightDomain)
        {
            answered.AssertStatus(HttpStatusCode.OK);
            Assert.AreEqual("verified", status["status"]!.GetValue<string>(), status.ToJsonString());
            Assert.AreEqual("AB-negative", status["credentials"]![0]!["claims"]!["bloodType"]!.GetValue<string>());
            Assert.AreEqual("ldp_vc", status["credentials"]![0]!["format"]!.GetValue<string>());
        }
        else
        {
            answered.AssertProblem(HttpStatusCode.BadRequest, "presentationRejected");
            Assert.Contains("domainMismatch", Oid4Vp.FailedCodes(status));
        }
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task DirectPost_BiometricBindingPresentation_MatchesTheCaptureTheProviderAttached(bool samePerson)
    {
        // Arrange: an enrolled iris, and a request carrying a fresh capture (the same eye with noise, or another eye).
        await using var factory = await IdentityServerFactory.CreateAsync(Store.Sqlite, Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        var iris = Biometrics.RandomIris(new Random(41));
        var binding = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris)))
            .AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
        var capture = Biometrics.IrisCapture(samePerson ? Biometrics.Noisy(iris, new Random(5), 100) : Biometrics.RandomIris(new Random(99)));
        var query = new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = "binding",
                ["format"] = "ldp_vc",
                ["meta"] = new JsonObject { ["type_values"] = new JsonArray(new JsonArray("BiometricBindingCredential")) },
            }),
        };
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post", query, options: new JsonObject { ["biometric"] = capture });

        // Act
        var answered = await Oid4Vp.RespondAsync(client, request, Oid4Vp.VpToken("binding", patient.Present([binding], request.Nonce, request.ClientId)));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        var match = status["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "biometricMatch")!;
        Assert.AreEqual(samePerson ? "passed" : "failed", match["status"]!.GetValue<string>(), status.ToJsonString());
        Assert.AreEqual(samePerson ? "verified" : "failed", status["status"]!.GetValue<string>());
        Assert.AreEqual(samePerson ? HttpStatusCode.OK : HttpStatusCode.BadRequest, answered.Status, answered.Text);
    }

    [TestMethod]
    public async Task Sqlite_DisclosedClaimAndNonce_AreInNoFileOfTheDataDirectory()
    {
        // Arrange: a verified request whose disclosed claim is a planted value.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        string planted = "planted-" + Guid.NewGuid().ToString("N");
        string sdJwt = await Oid4Vp.IssueSdJwtAsync(client, tenant, patient.Did, planted);
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post.jwt");
        var direct = await Oid4Vp.CreateAsync(client, tenant, "direct_post");
        (await Oid4Vp.RespondAsync(client, direct, Oid4Vp.VpToken("pid", Oid4Vp.Present(sdJwt, patient, direct.Nonce, direct.ClientId)))).AssertStatus(HttpStatusCode.OK);

        // Act
        var status = await Oid4Vp.StatusAsync(client, tenant, direct);
        var found = Directory.GetFiles(factory.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(file => Contains(File.ReadAllBytes(file), planted) || Contains(File.ReadAllBytes(file), request.Nonce) || Contains(File.ReadAllBytes(file), direct.Nonce))
            .ToList();

        // Assert: the tenant reads the claim back; the files hold neither it nor a nonce.
        Assert.AreEqual(planted, status["credentials"]![0]!["claims"]!["bloodType"]!.GetValue<string>());
        Assert.IsTrue(Directory.GetFiles(factory.DataDirectory).Any(f => Contains(File.ReadAllBytes(f), direct.Id)), "the scan finds what is in clear");
        CollectionAssert.AreEqual(Array.Empty<string>(), found);
        Assert.IsFalse(factory.Logs.Any(l => l.Contains(planted, StringComparison.Ordinal)), "a disclosed claim reached the logs");
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
