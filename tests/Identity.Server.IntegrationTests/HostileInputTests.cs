using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Testing.Hostile;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Bounded work per request (issue 14): each class of input built to be expensive (tests/Identity.Testing/Hostile, the
/// same generators as bench/hostile) is answered through HTTP with a 4xx, <c>verified: false</c> and a limit code,
/// quickly, and the service answers an ordinary request afterwards.
/// </summary>
[TestClass]
public sealed class HostileInputTests
{
    // A guard against unbounded work (before the budget these took minutes or crashed the process), generous enough for
    // a debug build on a shared, heavily loaded 2-core machine; the release figures are bench/hostile's (docs/benchmarks.md).
    private const int MaxMilliseconds = 30_000;

    private static async Task<ApiResponse> PostTimedAsync(HttpClient client, string path, JsonObject body)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.PostJsonAsync(path, body);
        Assert.IsLessThan(MaxMilliseconds, watch.ElapsedMilliseconds, $"{path} took {watch.ElapsedMilliseconds} ms: {response.Text[..Math.Min(400, response.Text.Length)]}");
        return response;
    }

    private static void AssertRefused(ApiResponse response, params string[] codes)
    {
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.Status, response.Text);
        Assert.AreEqual("application/problem+json", response.MediaType);
        CollectionAssert.Contains(codes, response.Code, response.Text);
        Assert.IsFalse(response.Body!["verified"]!.GetValue<bool>());
    }

    // A blank-node cycle needs blank node identifiers, which the compacted-form rule for RDF-signed documents refuses
    // first (jsonLdNotCompacted); the work budget is the bound for whatever that rule lets through, and the one the
    // library itself relies on (WorkBudgetTests in Identity.JsonLd.Tests run the same cycles through RDFC-1.0).
    private static readonly string[] s_cycleCodes = [ErrorCodes.WorkLimitExceeded, ErrorCodes.JsonLdNotCompacted];

    /// <summary>The service still works: a small well-formed credential with a wrong signature gets its ordinary verdict.</summary>
    private static async Task AssertStillServingAsync(HttpClient client)
    {
        var health = await client.GetJsonAsync("/health");
        Assert.AreEqual(HttpStatusCode.OK, health.Status);
        var ordinary = await client.PostJsonAsync("/credentials/verify", HostileDocuments.VerifyCredentialBody(HostileDocuments.ManyProofsCredential(1)));
        AssertRefused(ordinary, ErrorCodes.InvalidProof);
    }

    [TestMethod]
    public async Task VerifyCredential_TwentyThousandBlankNodeCycle_WorkLimitExceeded()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/credentials/verify",
            HostileDocuments.VerifyCredentialBody(HostileDocuments.BlankNodeCycleCredential(20_000)));

        AssertRefused(response, s_cycleCodes);
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyPresentation_TwoSevenThousandNodeCycles_WorkLimitExceeded()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var presentation = HostileDocuments.Presentation(
            [HostileDocuments.BlankNodeCycleCredential(7_000), HostileDocuments.BlankNodeCycleCredential(7_000)]);

        var response = await PostTimedAsync(client, "/presentations/verify", HostileDocuments.VerifyPresentationBody(presentation));

        AssertRefused(response, s_cycleCodes);
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyCredential_TenRdfcProofsOnOneCycle_RefusedBeforeAnyCanonicalization()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/credentials/verify",
            HostileDocuments.VerifyCredentialBody(HostileDocuments.BlankNodeCycleCredential(7_000, proofs: 10)));

        AssertRefused(response, ErrorCodes.WorkLimitExceeded);
        StringAssert.Contains(response.Text, "10 proofs");
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyCredential_EightRdfcProofsOnOneCycle_ShareOneBudget()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/credentials/verify",
            HostileDocuments.VerifyCredentialBody(HostileDocuments.BlankNodeCycleCredential(7_000, proofs: 8)));

        AssertRefused(response, s_cycleCodes);
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyCredential_ScopedContextOfFiveThousandTermsUsedFiveThousandTimes_AnsweredQuickly()
    {
        // Processed once per expansion, the scoped context costs what it is: the verdict is the signature's.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/credentials/verify",
            HostileDocuments.VerifyCredentialBody(HostileDocuments.ScopedContextCredential(5_000, 5_000)));

        AssertRefused(response, ErrorCodes.InvalidProof);
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyCredential_ScopedContextNestedSixtyDeep_WorkLimitExceeded()
    {
        // Each level applies the 20,000-term scoped context to a different active context: no cache can help, the budget does.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/credentials/verify",
            HostileDocuments.VerifyCredentialBody(HostileDocuments.NestedScopedContextCredential(20_000, 60)));

        AssertRefused(response, ErrorCodes.WorkLimitExceeded);
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyPresentation_ManyCredentials_RefusedAtTheEdge()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/presentations/verify",
            HostileDocuments.VerifyPresentationBody(HostileDocuments.ManyCredentialsPresentation(1_000)));

        response.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyCredential_ManyProofs_WorkLimitExceeded()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/credentials/verify",
            HostileDocuments.VerifyCredentialBody(HostileDocuments.ManyProofsCredential(2_000)));

        AssertRefused(response, ErrorCodes.WorkLimitExceeded);
        await AssertStillServingAsync(client);
    }

    [TestMethod]
    public async Task VerifyCredential_SmallBudgetSetting_OrdinaryCredentialRefusedWithWorkLimitExceeded()
    {
        // The setting is the one budget of the request: set below what a credential with a 300-term context needs, it
        // refuses it (the default lets it through to its signature check: VerifyCredential_ScopedContext…).
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_MAX_WORK_UNITS"] = "10000");
        var client = factory.CreateClient();

        var response = await PostTimedAsync(client, "/credentials/verify",
            HostileDocuments.VerifyCredentialBody(HostileDocuments.ScopedContextCredential(300, 10)));

        AssertRefused(response, ErrorCodes.WorkLimitExceeded);
    }

    [TestMethod]
    public async Task Issue_CredentialTooCostlyToCheck_Answers400WorkLimitExceeded()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");
        var client = factory.CreateClient();
        var credential = HostileDocuments.NestedScopedContextCredential(20_000, 60);
        credential.Remove("proof");
        credential.Remove("issuer");

        var response = await PostTimedAsync(client, "/credentials/issue", new JsonObject { ["credential"] = credential });

        response.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.WorkLimitExceeded);
    }
}
