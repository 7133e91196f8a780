using System.Net;
using System.Text.Json.Nodes;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class PresentationTests
{
    [TestMethod]
    public async Task Verify_WithServiceChallenge_PassesOnce_ThenReplayFailsChallengeCheck()
    {
        // Arrange: hospital issues to the patient; provider asks for a challenge.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        var challenge = (await client.PostJsonAsync("/challenges", new JsonObject { ["domain"] = "clinic.example" })).AssertStatus(HttpStatusCode.OK).Body!;
        var presentation = patient.Present([credential], challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>());
        var request = new JsonObject { ["verifiablePresentation"] = presentation, ["options"] = new JsonObject { ["challenge"] = challenge["challenge"]!.GetValue<string>(), ["domain"] = "clinic.example" } };

        // Act
        var first = await client.PostJsonAsync("/presentations/verify", request.DeepClone());
        var replay = await client.PostJsonAsync("/presentations/verify", request.DeepClone());

        // Assert
        first.AssertStatus(HttpStatusCode.OK);
        var checks = first.Body!["checks"]!.AsArray().Select(c => $"{c!["check"]}:{c["status"]}").ToList();
        CollectionAssert.IsSubsetOf(new[] { "proof:passed", "challenge:passed", "domain:passed", "holderBinding:passed", "credentialStatus:passed" }, checks);
        replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
        var failed = replay.Body!["checks"]!.AsArray().Where(c => c!["status"]!.GetValue<string>() == "failed").Select(c => c!["check"]!.GetValue<string>()).ToList();
        CollectionAssert.AreEqual(new[] { "challenge" }, failed);
        Assert.IsTrue(DateTimeOffset.Parse(challenge["expires"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
    }

    [TestMethod]
    public async Task Verify_ServiceChallenge_WithoutDomainOption_UsesTheChallengesDomain()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var challenge = (await client.PostJsonAsync("/challenges", null)).Body!;
        Assert.AreEqual("localhost", challenge["domain"]!.GetValue<string>());
        var presentation = patient.Present([], challenge["challenge"]!.GetValue<string>(), "elsewhere.example");

        var response = await client.PostJsonAsync("/presentations/verify",
            new JsonObject { ["verifiablePresentation"] = presentation, ["options"] = new JsonObject { ["challenge"] = challenge["challenge"]!.GetValue<string>() } });

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "domainMismatch");
    }

    [TestMethod]
    public async Task Verify_ExpiredServiceChallenge_FailsWithChallengeExpired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new IdentityServerFactory(clock: clock);
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var challenge = (await client.PostJsonAsync("/challenges", null)).Body!;
        var value = challenge["challenge"]!.GetValue<string>();
        var presentation = patient.Present([], value, "localhost");

        clock.Advance(TimeSpan.FromMinutes(6));
        var response = await client.PostJsonAsync("/presentations/verify",
            new JsonObject { ["verifiablePresentation"] = presentation, ["options"] = new JsonObject { ["challenge"] = value, ["domain"] = "localhost" } });

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeExpired");
    }

    [TestMethod]
    public async Task Verify_CallersOwnChallenge_IsCheckedForEqualityOnly()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var presentation = patient.Present([], "verifier-nonce-42", "verifier.example");
        var request = new JsonObject { ["verifiablePresentation"] = presentation, ["options"] = new JsonObject { ["challenge"] = "verifier-nonce-42", ["domain"] = "verifier.example" } };

        (await client.PostJsonAsync("/presentations/verify", request.DeepClone())).AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync("/presentations/verify", request.DeepClone())).AssertStatus(HttpStatusCode.OK);
        var wrong = request.DeepClone().AsObject();
        wrong["options"]!["challenge"] = "another";
        (await client.PostJsonAsync("/presentations/verify", wrong)).AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeMismatch");
    }

    [TestMethod]
    public async Task Verify_RevokedCredentialInPresentation_FailsCredentialStatus()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        await client.SetStatusAsync(tenant, credential, "revocation", true);
        var presentation = patient.Present([credential], "n-1", "d.example");

        var response = await client.PostJsonAsync("/presentations/verify",
            new JsonObject { ["verifiablePresentation"] = presentation, ["options"] = new JsonObject { ["challenge"] = "n-1", ["domain"] = "d.example" } });

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
    }

    [TestMethod]
    public async Task Verify_TamperedPresentation_FailsProof()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        credential["credentialSubject"]!["bloodType"] = "O-positive";
        var presentation = patient.Present([credential], "n", "d");

        var response = await client.PostJsonAsync("/presentations/verify",
            new JsonObject { ["verifiablePresentation"] = presentation, ["options"] = new JsonObject { ["challenge"] = "n", ["domain"] = "d" } });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.Status, response.Text);
        Assert.IsTrue(response.Body!["checks"]!.AsArray().Any(c => c!["check"]!.GetValue<string>() == "proof" && c["status"]!.GetValue<string>() == "failed"));
    }

    [TestMethod]
    [DataRow("{\"verifiablePresentation\": \"ey.jwt\"}", "invalidRequest")]
    [DataRow("{\"presentation\": {}}", "invalidRequest")]
    [DataRow("{\"verifiablePresentation\": {}, \"options\": {\"challenge\": 5}}", "invalidOptions")]
    public async Task Verify_NotAPresentationRequest_IsBadRequest(string body, string code)
    {
        await using var factory = new IdentityServerFactory();
        (await factory.CreateClient().SendJsonAsync(HttpMethod.Post, "/presentations/verify", body)).AssertProblem(HttpStatusCode.BadRequest, code);
    }

    [TestMethod]
    public async Task Verify_PresentationOverCredentialLimit_IsRefusedBeforeAnyWork()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_MAX_PRESENTATION_CREDENTIALS"] = "2");
        var credentials = new JsonArray(new JsonObject(), new JsonObject(), new JsonObject());
        var body = new JsonObject
        {
            ["verifiablePresentation"] = new JsonObject { ["type"] = "VerifiablePresentation", ["verifiableCredential"] = credentials },
        };

        var response = await factory.CreateClient().PostJsonAsync("/presentations/verify", body);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        StringAssert.Contains(response.Body!["detail"]!.GetValue<string>(), "at most 2");
    }
}
