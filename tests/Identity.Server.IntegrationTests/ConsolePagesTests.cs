using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>The console's tenant and operator forms, in process: what each form does is what the API then sees.</summary>
[TestClass]
public sealed class ConsolePagesTests
{
    [TestMethod]
    public async Task CredentialsPage_SuspendThenReinstate_ChangesTheListAndWhatVerifiersSee()
    {
        // Arrange: a credential issued through the API, a tenant session in the console.
        await using var factory = new IdentityServerFactory();
        var api = factory.CreateClient();
        var tenant = await api.CreateTenantAsync("st-marys");
        var credential = await api.IssueAsync(tenant);
        var id = credential["id"]!.GetValue<string>();
        var client = factory.CreateClient();
        await ConsoleForms.SignInAsync(client, tenant.ApiKey);

        // Act
        var listed = await client.GetStringAsync("/console/credentials");
        using var suspend = await ConsoleForms.PostAsync(client, "/console/credentials", "Status", ("credentialId", id), ("purpose", "suspension"), ("value", "true"));
        var whileSuspended = await api.VerifyAsync(credential);
        using var reinstate = await ConsoleForms.PostAsync(client, "/console/credentials", "Status", ("credentialId", id), ("purpose", "suspension"), ("value", "false"));
        var afterwards = await api.VerifyAsync(credential);

        // Assert
        StringAssert.Contains(listed, $"data-credential=\"{id}\"");
        StringAssert.Contains(await suspend.Content.ReadAsStringAsync(), $"Suspended {id}.");
        whileSuspended.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialSuspended");
        var page = await reinstate.Content.ReadAsStringAsync();
        StringAssert.Contains(page, $"Reinstated {id}.");
        StringAssert.Contains(page, "<span class=\"badge active\">active</span>");
        afterwards.AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task OperatorPage_RetiresTheOldKey_AndRevokesAnApiKeyItCreated()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var api = factory.CreateClient();
        await api.CreateTenantAsync("clinic");
        var client = factory.CreateClient();
        await ConsoleForms.SignInAsync(client, IdentityServerFactory.AdminKey);

        // Act: rotate, retire the old key, create an API key and revoke it.
        await ConsoleForms.PostAsync(client, "/console/operator?tenant=clinic", "AddKey", ("keyType", "P-256"));
        using var retire = await ConsoleForms.PostAsync(client, "/console/operator?tenant=clinic", "RetireKey", ("keyId", "key-1"));
        using var create = await ConsoleForms.PostAsync(client, "/console/operator?tenant=clinic", "CreateApiKey", ("expires", ""));
        var created = System.Text.RegularExpressions.Regex.Match(await create.Content.ReadAsStringAsync(), "id=\"new-secret\" type=\"text\" readonly value=\"(idk_[^\"]+)\"").Groups[1].Value;
        var before = await api.GetJsonAsync("/tenants/clinic/did.json");
        var issuedWithIt = await api.PostJsonAsync("/tenants/clinic/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, created);
        using var revoke = await ConsoleForms.PostAsync(client, "/console/operator?tenant=clinic", "RevokeApiKey", ("apiKeyId", created.Split('_')[1]));
        var afterRevoke = await api.PostJsonAsync("/tenants/clinic/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, created);

        // Assert
        StringAssert.Contains(await retire.Content.ReadAsStringAsync(), "Retired key-1");
        var methods = before.Body!["verificationMethod"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        Assert.HasCount(1, methods);
        StringAssert.EndsWith(methods[0], "#key-2");
        issuedWithIt.AssertStatus(HttpStatusCode.Created);
        StringAssert.Contains(await revoke.Content.ReadAsStringAsync(), "Revoked API key");
        afterRevoke.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestMethod]
    public async Task EnrolmentsPage_EnrolsFromTheStationsRequest_ListsTheBinding_AndNeverShowsTheCapturesBack()
    {
        // Arrange: the capture station's request, as POST /tenants/{t}/enrollments takes it.
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var api = factory.CreateClient();
        var tenant = await api.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var capture = Biometrics.IrisCapture(Biometrics.RandomIris(new Random(7)));
        var request = new JsonObject
        {
            ["subject"] = patient.Did,
            ["holderProof"] = await Biometrics.HolderProofAsync(api, patient),
            ["modality"] = "iris",
            ["captures"] = new JsonArray(capture),
        };
        var client = factory.CreateClient();
        await ConsoleForms.SignInAsync(client, tenant.ApiKey);

        // Act
        using var enrolled = await ConsoleForms.PostAsync(client, "/console/enrolments", null, ("request", request.ToJsonString()));
        using var replayed = await ConsoleForms.PostAsync(client, "/console/enrolments", null, ("request", request.ToJsonString()));
        var listed = await client.GetStringAsync("/console/enrolments");

        // Assert: enrolled once; the replayed holder proof is refused with its checks shown; no capture bytes on any page.
        var page = await enrolled.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, enrolled.StatusCode, page);
        StringAssert.Contains(page, "Enrolled");
        StringAssert.Contains(listed, "BiometricBindingCredential");
        var refused = await replayed.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, replayed.StatusCode, refused);
        StringAssert.Contains(refused, "Holder proof checks");
        var bits = capture["bits"]!.GetValue<string>();
        foreach (var html in new[] { page, refused, listed })
        {
            Assert.DoesNotContain(bits[..32], html);
        }
    }
}
