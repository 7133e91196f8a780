// SMART Health Links through HTTP: create, manifest, decrypt, passcode attempts, expiry, revocation, bad input.
using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.HealthCards.HealthLinks;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class HealthLinkTests
{
    private static readonly JsonObject s_recipient = new() { ["recipient"] = "Dr. Example, General Hospital" };

    [TestMethod]
    public async Task Create_ThenManifest_FilesDecryptWithTheKeyInTheLinkOnly()
    {
        // Arrange: a link to a health card file and a FHIR Patient.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shl-basic");
        var card = await HealthCardTests.IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle(1));
        var patient = FhirFixtures.Patient();

        // Act
        var created = (await Create(client, tenant, new JsonObject
        {
            ["files"] = new JsonArray(
                new JsonObject { ["contentType"] = "application/smart-health-card", ["content"] = card["file"]!.DeepClone() },
                new JsonObject { ["contentType"] = "application/fhir+json", ["content"] = patient.DeepClone() }),
            ["label"] = "Vaccines for travel",
        })).AssertStatus(HttpStatusCode.Created).Body!;
        var link = ShlPayload.Parse(created["shlink"]!.GetValue<string>()).Value;
        var manifest = (await client.PostJsonAsync(new Uri(link.Url).AbsolutePath, s_recipient)).AssertStatus(HttpStatusCode.OK).Body!;

        // Assert
        StringAssert.StartsWith(created["shlink"]!.GetValue<string>(), "shlink:/");
        Assert.AreEqual("Vaccines for travel", link.Label);
        Assert.IsNull(link.Flag);
        Assert.AreEqual(created["manifestUrl"]!.GetValue<string>(), link.Url);
        var key = Base64Url.DecodeFromChars(link.Key);
        var files = manifest["files"]!.AsArray();
        Assert.HasCount(2, files);
        var first = ShlJwe.Decrypt(key, files[0]!["embedded"]!.GetValue<string>()).Value;
        Assert.AreEqual("application/smart-health-card", first.ContentType);
        Assert.AreEqual(card["file"]!.ToJsonString(), Encoding.UTF8.GetString(first.Plaintext));
        var second = ShlJwe.Decrypt(key, files[1]!["embedded"]!.GetValue<string>()).Value;
        Assert.AreEqual(patient.ToJsonString(), Encoding.UTF8.GetString(second.Plaintext));
        Assert.IsFalse(ShlJwe.Decrypt(new byte[32], files[1]!["embedded"]!.GetValue<string>()).IsSuccess, "another key opens nothing");
        Assert.DoesNotContain(link.Key, string.Join('\n', factory.Logs), "the key never reaches the log");
    }

    [TestMethod]
    public async Task Manifest_PasscodeLink_CountsAttemptsAndLocksAfterFive()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shl-passcode");
        var created = (await Create(client, tenant, Files(FhirFixtures.Patient()), passcode: "4711")).AssertStatus(HttpStatusCode.Created).Body!;
        var link = ShlPayload.Parse(created["shlink"]!.GetValue<string>()).Value;
        string path = new Uri(link.Url).AbsolutePath;

        Assert.AreEqual("P", link.Flag);
        (await client.PostJsonAsync(path, s_recipient)).AssertProblem(HttpStatusCode.Unauthorized, "invalidPasscode");
        (await client.PostJsonAsync(path, WithPasscode("4711"))).AssertStatus(HttpStatusCode.OK);
        for (int i = 0; i < 5; i++)
        {
            (await client.PostJsonAsync(path, WithPasscode("0000"))).AssertProblem(HttpStatusCode.Unauthorized, "invalidPasscode");
        }

        (await client.PostJsonAsync(path, WithPasscode("4711"))).AssertProblem(HttpStatusCode.Forbidden, "passcodeAttemptsExceeded");
    }

    [TestMethod]
    public async Task Manifest_AfterExpiryOrRevocation_404HealthLinkInactive()
    {
        // Arrange
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new IdentityServerFactory(clock: clock);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shl-lifetime");
        var expiring = (await Create(client, tenant, Files(FhirFixtures.Patient()), expiresIn: 60)).AssertStatus(HttpStatusCode.Created).Body!;
        var revoked = (await Create(client, tenant, Files(FhirFixtures.Patient()))).AssertStatus(HttpStatusCode.Created).Body!;
        string expiringPath = new Uri(expiring["manifestUrl"]!.GetValue<string>()).AbsolutePath;
        string revokedPath = new Uri(revoked["manifestUrl"]!.GetValue<string>()).AbsolutePath;
        (await client.PostJsonAsync(expiringPath, s_recipient)).AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync(revokedPath, s_recipient)).AssertStatus(HttpStatusCode.OK);

        // Act
        clock.Advance(TimeSpan.FromSeconds(61));
        var revocation = await client.SendJsonAsync(HttpMethod.Delete, $"/tenants/{tenant.Id}/health-links/{revoked["linkId"]!.GetValue<string>()}", null, tenant.ApiKey);

        // Assert
        Assert.AreEqual(ShlPayload.Parse(expiring["shlink"]!.GetValue<string>()).Value.Expires, expiring["exp"]!.GetValue<long>());
        revocation.AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync(expiringPath, s_recipient)).AssertProblem(HttpStatusCode.NotFound, "healthLinkInactive");
        (await client.PostJsonAsync(revokedPath, s_recipient)).AssertProblem(HttpStatusCode.NotFound, "healthLinkInactive");
    }

    [TestMethod]
    public async Task BadInput_4xxWithStableCodes()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shl-bad");
        var badPatient = FhirFixtures.Patient();
        badPatient["gender"] = "robot";

        (await Create(client, tenant, new JsonObject { ["files"] = new JsonArray() })).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await Create(client, tenant, Files(badPatient))).AssertProblem(HttpStatusCode.BadRequest, "invalidFhir");
        (await Create(client, tenant, Files(FhirFixtures.Patient()), passcode: "12")).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await Create(client, tenant, Files(FhirFixtures.Patient()), expiresIn: 40_000_000)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/health-links", Files(FhirFixtures.Patient()))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        string unknown = Base64Url.EncodeToString(new byte[32]);
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/health-links/{unknown}/manifest", s_recipient)).AssertProblem(HttpStatusCode.NotFound, "healthLinkInactive");
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/health-links/short/manifest", s_recipient)).AssertProblem(HttpStatusCode.NotFound, "healthLinkInactive");
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/health-links/{unknown}/manifest", new JsonObject())).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }

    private static JsonObject Files(JsonObject fhir) => new()
    {
        ["files"] = new JsonArray(new JsonObject { ["contentType"] = "application/fhir+json", ["content"] = fhir }),
    };

    private static JsonObject WithPasscode(string passcode) => new() { ["recipient"] = "Dr. Example", ["passcode"] = passcode };

    private static Task<ApiResponse> Create(HttpClient client, Scenario.Tenant tenant, JsonObject body, string? passcode = null, long? expiresIn = null)
    {
        if (passcode is not null)
        {
            body["passcode"] = passcode;
        }

        if (expiresIn is not null)
        {
            body["expiresInSeconds"] = expiresIn;
        }

        return client.PostJsonAsync($"/tenants/{tenant.Id}/health-links", body, tenant.ApiKey);
    }
}
