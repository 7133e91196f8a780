using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>The verifier policy, per request and per deployment, applied and reported in every verify response.</summary>
[TestClass]
public sealed class VerifierPolicyTests
{
    private static JsonObject PresentationRequest(JsonObject presentation, JsonObject? options = null)
    {
        options ??= [];
        options["challenge"] ??= "n-1";
        options["domain"] ??= "d.example";
        return new JsonObject { ["verifiablePresentation"] = presentation.DeepClone(), ["options"] = options };
    }

    private static string Check(ApiResponse response, string name) => string.Join(",", response.Body!["checks"]!.AsArray()
        .Where(c => c!["check"]!.GetValue<string>() == name).Select(c => c!["status"]!.GetValue<string>()).Distinct());

    [TestMethod]
    public async Task HolderBinding_SubjectByDefault_NoneOnRequest_AndReported()
    {
        // Arrange: the patient presents a credential about someone else.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("policy");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential("did:example:someone-else"));
        var presentation = patient.Present([credential], "n-1", "d.example");

        // Act
        var strict = await client.PostJsonAsync("/presentations/verify", PresentationRequest(presentation));
        var none = await client.PostJsonAsync("/presentations/verify", PresentationRequest(presentation, new JsonObject { ["holderBinding"] = "none" }));

        // Assert
        strict.AssertProblem(HttpStatusCode.UnprocessableEntity, "holderMismatch");
        Assert.AreEqual("subject", strict.Body!["policy"]!["holderBinding"]!.GetValue<string>());
        none.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("none", none.Body!["policy"]!["holderBinding"]!.GetValue<string>());
        Assert.AreEqual("skipped", Check(none, "holderBinding"));
    }

    [TestMethod]
    public async Task RequireChallenge_RefusesAPresentationThatAnswersNone()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var presentation = patient.Present([], null, null);
        JsonObject Request(bool require) => new()
        {
            ["verifiablePresentation"] = presentation.DeepClone(), ["options"] = new JsonObject { ["requireChallenge"] = require },
        };

        var optional = await client.PostJsonAsync("/presentations/verify", Request(false));
        var required = await client.PostJsonAsync("/presentations/verify", Request(true));

        optional.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("skipped", Check(optional, "challenge"));
        required.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeRequired");
        Assert.IsTrue(required.Body!["policy"]!["requireChallenge"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task AcceptedCryptosuitesAndTrustedIssuers_RefuseOthers_UnderThePolicyCheck()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("policy");
        var credential = await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), new JsonObject { ["cryptosuite"] = "eddsa-jcs-2022" });
        string issuer = credential["issuer"]!.GetValue<string>();
        Task<ApiResponse> Verify(JsonObject options) =>
            client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = credential.DeepClone(), ["options"] = options });

        var wrongSuite = await Verify(new JsonObject { ["acceptedCryptosuites"] = new JsonArray("eddsa-rdfc-2022") });
        var untrusted = await Verify(new JsonObject { ["trustedIssuers"] = new JsonArray("did:web:other.example") });
        var accepted = await Verify(new JsonObject { ["acceptedCryptosuites"] = new JsonArray("eddsa-jcs-2022"), ["trustedIssuers"] = new JsonArray(issuer) });
        var badOption = await Verify(new JsonObject { ["holderBinding"] = "sometimes" });

        wrongSuite.AssertProblem(HttpStatusCode.UnprocessableEntity, "cryptosuiteNotAccepted");
        untrusted.AssertProblem(HttpStatusCode.UnprocessableEntity, "untrustedIssuer");
        accepted.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("passed", Check(accepted, "policy"));
        Assert.AreEqual(issuer, accepted.Body!["policy"]!["trustedIssuers"]![0]!.GetValue<string>());
        badOption.AssertProblem(HttpStatusCode.BadRequest, "invalidOptions");
    }

    [TestMethod]
    public async Task DeploymentDefault_ComesFromTheSettings_AndARequestOverridesIt()
    {
        await using var factory = new IdentityServerFactory(settings => settings["IDENTITY_HOLDER_BINDING"] = "none");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("policy");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential("did:example:someone-else"));
        var presentation = patient.Present([credential], "n-1", "d.example");

        var byDefault = await client.PostJsonAsync("/presentations/verify", PresentationRequest(presentation));
        var strict = await client.PostJsonAsync("/presentations/verify", PresentationRequest(presentation, new JsonObject { ["holderBinding"] = "subject" }));

        byDefault.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("none", byDefault.Body!["policy"]!["holderBinding"]!.GetValue<string>());
        strict.AssertProblem(HttpStatusCode.UnprocessableEntity, "holderMismatch");
    }
}
