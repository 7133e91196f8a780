using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

public sealed partial class Oid4VpTests
{
    [TestMethod]
    [DataRow("nonce", "challengeMismatch")]
    [DataRow("aud", "domainMismatch")]
    public async Task DirectPost_KeyBindingForAnotherNonceOrAudience_FailsTheRequest(string wrong, string code)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        string sdJwt = await Oid4Vp.IssueSdJwtAsync(client, tenant, patient.Did);
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post");
        string presented = wrong == "nonce"
            ? Oid4Vp.Present(sdJwt, patient, "another-nonce-entirely", request.ClientId)
            : Oid4Vp.Present(sdJwt, patient, request.Nonce, "decentralized_identifier:did:web:evil.example");

        // Act
        var answered = await Oid4Vp.RespondAsync(client, request, Oid4Vp.VpToken("pid", presented));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);
        var retry = await Oid4Vp.RespondAsync(client, request, Oid4Vp.VpToken("pid", Oid4Vp.Present(sdJwt, patient, request.Nonce, request.ClientId)));

        // Assert: failed for good, and the disclosed claims of a refused presentation are not kept.
        answered.AssertProblem(HttpStatusCode.BadRequest, "presentationRejected");
        Assert.AreEqual("invalid_request", answered.Body!["error"]!.GetValue<string>());
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
        Assert.Contains(code, Oid4Vp.FailedCodes(status));
        Assert.IsEmpty(status["credentials"]!.AsArray());
        retry.AssertProblem(HttpStatusCode.BadRequest, "presentationRequestFinished");
    }

    [TestMethod]
    [DataRow("undisclosed claim")]
    [DataRow("other vct")]
    [DataRow("unknown query id")]
    [DataRow("two answers")]
    public async Task DirectPost_PresentationNotAnsweringTheDcqlQuery_FailsWithDcqlMismatch(string how)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        string sdJwt = await Oid4Vp.IssueSdJwtAsync(client, tenant, patient.Did);
        var query = how switch
        {
            "undisclosed claim" => Oid4Vp.SdJwtQuery(claims: ["bloodType", "givenName"]),
            "other vct" => Oid4Vp.SdJwtQuery(vct: "https://identity.example/vct/BiometricBindingCredential"),
            _ => Oid4Vp.SdJwtQuery(),
        };
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post", query);
        string presented = Oid4Vp.Present(sdJwt, patient, request.Nonce, request.ClientId);
        var vpToken = how switch
        {
            "unknown query id" => new JsonObject { ["pid"] = new JsonArray(presented), ["extra"] = new JsonArray(presented) },
            "two answers" => Oid4Vp.VpToken("pid", presented, presented),
            _ => Oid4Vp.VpToken("pid", presented),
        };

        // Act
        var answered = await Oid4Vp.RespondAsync(client, request, vpToken);
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        answered.AssertProblem(HttpStatusCode.BadRequest, "presentationRejected");
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
        Assert.Contains("dcqlMismatch", Oid4Vp.FailedCodes(status));
    }

    [TestMethod]
    public async Task DirectPost_RevokedCredential_FailsTheRequest()
    {
        // Arrange: an SD-JWT VC revoked after issuance.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        string sdJwt = await Oid4Vp.IssueSdJwtAsync(client, tenant, patient.Did);
        string jti = JsonNode.Parse(Oid4Vp.Decode(sdJwt.Split('~')[0].Split('.')[1]))!["jti"]!.GetValue<string>();
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/status", new JsonObject
        {
            ["credentialId"] = jti, ["statusPurpose"] = "revocation", ["status"] = true,
        }, tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post");

        // Act
        var answered = await Oid4Vp.RespondAsync(client, request, Oid4Vp.VpToken("pid", Oid4Vp.Present(sdJwt, patient, request.Nonce, request.ClientId)));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        answered.AssertProblem(HttpStatusCode.BadRequest, "presentationRejected");
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
        Assert.Contains("credentialRevoked", Oid4Vp.FailedCodes(status));
    }

    [TestMethod]
    [DataRow("vp_token", "not json")]
    [DataRow("vp_token", "[]")]
    [DataRow("vp_token", "{}")]
    [DataRow("vp_token", """{"pid":"a string, not an array"}""")]
    [DataRow("vp_token", """{"pid":["not-an-sd-jwt"]}""")]
    [DataRow("vp_token", """{"pid":[{"type":"VerifiablePresentation"}]}""")]
    [DataRow("vp_token", """{"pid":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"]}""")]
    [DataRow("vp_token", """{"pid":[],"pid":[]}""")]
    [DataRow("vp_token", """{"pid":[{"type":"VerifiablePresentation","type":"x"}]}""")]
    [DataRow("response", "a.b.c.d.e")]
    [DataRow("nothing", "")]
    public async Task DirectPost_MalformedResponse_IsRefusedAndFailsTheRequest(string field, string value)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post");

        // Act
        var answered = await Oid4Vp.PostFormAsync(client, request.ResponsePath, (field, value));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert: a problem (never a 500), and the request is finished.
        Assert.AreEqual(HttpStatusCode.BadRequest, answered.Status, answered.Text);
        Assert.IsTrue(answered.Code is "invalidPresentationResponse" or "presentationRejected", answered.Text);
        Assert.AreEqual("invalid_request", answered.Body!["error"]!.GetValue<string>());
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task DirectPost_SignedPresentationCarryingNoCredential_FailsWithDcqlMismatch()
    {
        // Arrange: the holder signs the nonce and the audience correctly, but presents no credential at all.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        var query = new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = "blood",
                ["format"] = "ldp_vc",
                ["meta"] = new JsonObject { ["type_values"] = new JsonArray(new JsonArray("VerifiableCredential")) },
            }),
        };
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post", query);
        var presentation = patient.Present([], request.Nonce, request.ClientId);

        // Act
        var answered = await Oid4Vp.RespondAsync(client, request, Oid4Vp.VpToken("blood", presentation));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert: an empty answer answers no query; the request fails and nothing is reported as disclosed.
        Assert.AreEqual(HttpStatusCode.BadRequest, answered.Status, answered.Text);
        Assert.AreEqual("failed", status["status"]!.GetValue<string>(), status.ToJsonString());
        Assert.Contains("dcqlMismatch", Oid4Vp.FailedCodes(status));
        Assert.IsEmpty(status["credentials"]!.AsArray());
    }

    [TestMethod]
    [DataRow("not-a-jwe")]
    [DataRow("a.b.c.d.e")]
    [DataRow("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkExMjhHQ00ifQ..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA")]
    [DataRow("eyJhbGciOiJFQ0RILUVTIiwiZW5jIjoiQTEyOEdDTSIsImVwayI6eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUEiLCJ5IjoiQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQSJ9fQ..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task DirectPostJwt_MalformedJwe_IsRefusedAndFailsTheRequest(string jwe)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post.jwt");

        // Act
        var answered = await Oid4Vp.PostFormAsync(client, request.ResponsePath, ("response", jwe));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        answered.AssertProblem(HttpStatusCode.BadRequest, "invalidPresentationResponse");
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
        Assert.Contains("invalidPresentationResponse", Oid4Vp.FailedCodes(status));
    }

    [TestMethod]
    public async Task DirectPost_OversizedResponse_Is413AndFailsTheRequest()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post");

        // Act
        var answered = await Oid4Vp.PostFormAsync(client, request.ResponsePath, ("vp_token", new string('a', 600 * 1024)));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        answered.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge");
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Response_AfterExpiry_IsRefused_AndTheRequestReadsFailed()
    {
        // Arrange
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new IdentityServerFactory(clock: clock);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        string sdJwt = await Oid4Vp.IssueSdJwtAsync(client, tenant, patient.Did);
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post");
        string presented = Oid4Vp.Present(sdJwt, patient, request.Nonce, request.ClientId);

        // Act: the request lives IDENTITY_CHALLENGE_SECONDS (300 s by default).
        clock.Advance(TimeSpan.FromSeconds(301));
        var answered = await Oid4Vp.RespondAsync(client, request, Oid4Vp.VpToken("pid", presented));
        var fetched = await client.GetJsonAsync(new Uri(request.Created["request_uri"]!.GetValue<string>()).AbsolutePath);
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        answered.AssertProblem(HttpStatusCode.BadRequest, "presentationRequestExpired");
        fetched.AssertProblem(HttpStatusCode.BadRequest, "presentationRequestExpired");
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "presentationRequestExpired" }, Oid4Vp.FailedCodes(status));
    }

    [TestMethod]
    [DataRow("direct_post")]
    [DataRow("direct_post.jwt")]
    public async Task Response_WalletError_IsAcknowledged_AndFailsTheRequest(string mode)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        var request = await Oid4Vp.CreateAsync(client, tenant, mode);

        // Act
        var answered = await Oid4Vp.PostFormAsync(client, request.ResponsePath, ("error", "access_denied"), ("error_description", "the holder declined"));
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        answered.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("failed", status["status"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "presentationDeclined" }, Oid4Vp.FailedCodes(status));
    }
}
