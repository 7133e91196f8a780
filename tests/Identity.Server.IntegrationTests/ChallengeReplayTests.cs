using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// A presentation bound to a challenge this service issued verifies once, whether or not the caller repeats the
/// challenge in options: the pipeline spends what the signed proof (or nonce) carries.
/// </summary>
[TestClass]
public sealed class ChallengeReplayTests
{
    private static async Task<string> ChallengeAsync(HttpClient client) =>
        (await client.PostJsonAsync("/challenges", new JsonObject { ["domain"] = "clinic.example" })).AssertStatus(HttpStatusCode.OK).Body!["challenge"]!.GetValue<string>();

    private static JsonObject Request(JsonNode presentation, JsonObject? options = null)
    {
        var request = new JsonObject { ["verifiablePresentation"] = presentation.DeepClone() };
        if (options is not null)
        {
            request["options"] = options.DeepClone();
        }

        return request;
    }

    private static string Check(ApiResponse response, string name) =>
        response.Body!["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == name && c["target"]!.GetValue<string>() == "presentation")!["status"]!.GetValue<string>();

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Verify_ReplayWithoutChallengeOption_FailsChallengeReused(Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        var presentation = patient.Present([credential], await ChallengeAsync(client), "clinic.example");

        // Act: the provider checks it properly once; a replayer leaves options out.
        var first = await client.PostJsonAsync("/presentations/verify", Request(presentation));
        var replay = await client.PostJsonAsync("/presentations/verify", Request(presentation));
        var replayWithDomain = await client.PostJsonAsync("/presentations/verify", Request(presentation, new JsonObject { ["domain"] = "clinic.example" }));

        // Assert
        first.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("passed", Check(first, "challenge"));
        replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
        replayWithDomain.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Verify_ReplayAfterTheSweeperDeletedTheChallenge_StillRefused(Store store)
    {
        // Arrange: a presentation verified once; two hours later its challenge row is swept away.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = await IdentityServerFactory.CreateAsync(store, clock: clock);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        string challenge = await ChallengeAsync(client);
        var presentation = patient.Present([credential], challenge, "clinic.example");
        string unusedChallenge = await ChallengeAsync(client);
        var unused = patient.Present([credential], unusedChallenge, "clinic.example");
        (await client.PostJsonAsync("/presentations/verify", Request(presentation))).AssertStatus(HttpStatusCode.OK);
        var issuedAt = clock.GetUtcNow();
        var stored = factory.Services.GetRequiredService<Storage.IIdentityStore>();
        Assert.IsNotNull(await stored.FindChallengeAsync(unusedChallenge, issuedAt));

        // Act: the clock's advance also fires the background sweeper (every 300 s); this sweep makes sure it has run.
        clock.Advance(TimeSpan.FromHours(2));
        await factory.Services.GetRequiredService<Challenges.ExpiredStateSweeper>().SweepAsync(clock.GetUtcNow(), CancellationToken.None);
        var replay = await client.PostJsonAsync("/presentations/verify", Request(presentation));
        var replayExpecting = await client.PostJsonAsync("/presentations/verify", Request(presentation, new JsonObject { ["challenge"] = challenge }));
        var late = await client.PostJsonAsync("/presentations/verify", Request(unused));

        // Assert: the rows are gone, yet the service knows both challenges as its own, expired.
        Assert.IsNull(await stored.FindChallengeAsync(unusedChallenge, issuedAt));
        replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeExpired");
        replayExpecting.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeExpired");
        late.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeExpired");
    }

    [TestMethod]
    public async Task Verify_FirstUseWithoutOptions_ThenWithOptions_FailsChallengeReused()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        string challenge = await ChallengeAsync(client);
        var presentation = patient.Present([], challenge, "clinic.example");

        var first = await client.PostJsonAsync("/presentations/verify", Request(presentation));
        var second = await client.PostJsonAsync("/presentations/verify", Request(presentation, new JsonObject { ["challenge"] = challenge, ["domain"] = "clinic.example" }));

        first.AssertStatus(HttpStatusCode.OK);
        second.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
    }

    [TestMethod]
    public async Task Verify_IssuedChallengeWithoutOptions_StillChecksTheChallengesDomain()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var presentation = patient.Present([], await ChallengeAsync(client), "elsewhere.example");

        var response = await client.PostJsonAsync("/presentations/verify", Request(presentation));

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "domainMismatch");
    }

    [TestMethod]
    public async Task Verify_CallersOwnNonceWithoutOptions_IsNotSpent()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var presentation = patient.Present([], "verifier-nonce-7", "verifier.example");

        var first = await client.PostJsonAsync("/presentations/verify", Request(presentation));
        var second = await client.PostJsonAsync("/presentations/verify", Request(presentation));

        first.AssertStatus(HttpStatusCode.OK);
        second.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("skipped", Check(second, "challenge"));
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task VerifyVpJwt_ReplayWithoutChallengeOption_FailsChallengeReused(Store store)
    {
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("vp-hospital");
        using var patient = new Scenario.Patient();
        var vc = await client.IssueAsync(tenant, Scenario.Credential(patient.Did), new JsonObject { ["format"] = "vc+jwt" });
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = patient.Did,
            ["verifiableCredential"] = new JsonArray(vc.DeepClone()),
        };
        string vp = VcJwt.SignPresentation(presentation, patient.Key, patient.VerificationMethod, await ChallengeAsync(client), "clinic.example");

        var first = await client.PostJsonAsync("/presentations/verify", Request(EnvelopedCredentials.Presentation(vp)));
        var replay = await client.PostJsonAsync("/presentations/verify", Request(EnvelopedCredentials.Presentation(vp)));

        first.AssertStatus(HttpStatusCode.OK);
        replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task VerifySdJwt_ReplayWithoutChallengeOption_FailsChallengeReused(Store store)
    {
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("sd-hospital");
        using var patient = new Scenario.Patient();
        var envelope = await client.IssueAsync(tenant, Scenario.Credential(patient.Did), new JsonObject { ["format"] = "dc+sd-jwt" });
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out _, out var sdJwt));
        string presented = SdJwtWallet.Present(sdJwt, ["bloodType"], patient.Key, await ChallengeAsync(client), "clinic.example", DateTimeOffset.UtcNow).Value;

        var first = await client.PostJsonAsync("/presentations/verify", Request(JsonValue.Create(presented)));
        var replay = await client.PostJsonAsync("/presentations/verify", Request(JsonValue.Create(presented)));

        first.AssertStatus(HttpStatusCode.OK);
        replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
    }
}
