using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// options.biometric fails closed: the match runs only for a presentation bound to a fresh challenge this service issued
/// and consumed at that verification, against a binding credential one of its tenants issued, and at most a few times
/// per record and window.
/// </summary>
[TestClass]
public sealed class BiometricMatchTests
{
    private static async Task<(IdentityServerFactory Factory, HttpClient Client, Scenario.Patient Patient, byte[] Iris, JsonObject Binding)> EnrolledAsync(
        Store store = Store.Sqlite, Action<Dictionary<string, string?>>? configure = null)
    {
        var factory = await IdentityServerFactory.CreateAsync(store, settings =>
        {
            Biometrics.FastArgon2(settings);
            configure?.Invoke(settings);
        });
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var patient = new Scenario.Patient();
        var iris = Biometrics.RandomIris(new Random(41));
        var binding = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris)))
            .AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
        return (factory, client, patient, iris, binding);
    }

    private static async Task<string> ChallengeAsync(HttpClient client) =>
        (await client.PostJsonAsync("/challenges", new JsonObject { ["domain"] = "clinic.example" })).AssertStatus(HttpStatusCode.OK).Body!["challenge"]!.GetValue<string>();

    private static Task<ApiResponse> VerifyAsync(HttpClient client, JsonObject presentation, JsonObject options) =>
        client.PostJsonAsync("/presentations/verify", new JsonObject { ["verifiablePresentation"] = presentation.DeepClone(), ["options"] = options.DeepClone() });

    private static JsonObject Options(JsonObject capture, string? challenge = null)
    {
        var options = new JsonObject { ["biometric"] = capture.DeepClone() };
        if (challenge is not null)
        {
            options["challenge"] = challenge;
        }

        return options;
    }

    [TestMethod]
    public async Task VerifyPresentation_GenuineCaptureWithoutChallenge_FailsBiometricChallengeRequired()
    {
        var (factory, client, patient, iris, binding) = await EnrolledAsync();
        await using var _ = factory;
        using var __ = patient;

        var response = await VerifyAsync(client, patient.Present([binding], null, null), Options(Biometrics.IrisCapture(iris)));

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricChallengeRequired");
        CollectionAssert.AreEqual(new[] { "failed" }, Biometrics.Checks(response, "biometricMatch"));
    }

    [TestMethod]
    public async Task VerifyPresentation_GenuineCaptureOverCallersOwnNonce_FailsBiometricChallengeRequired()
    {
        var (factory, client, patient, iris, binding) = await EnrolledAsync();
        await using var _ = factory;
        using var __ = patient;

        var response = await VerifyAsync(client, patient.Present([binding], "verifier-nonce-1", "clinic.example"), Options(Biometrics.IrisCapture(iris), "verifier-nonce-1"));

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricChallengeRequired");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task VerifyPresentation_CaptureOverUsedChallenge_FailsChallengeReusedWithoutMatching(Store store)
    {
        var (factory, client, patient, iris, binding) = await EnrolledAsync(store);
        await using var _ = factory;
        using var __ = patient;
        string challenge = await ChallengeAsync(client);
        var presentation = patient.Present([binding], challenge, "clinic.example");

        // Act: one honest verification, then replays that try the capture again, with and without the challenge option.
        var first = await VerifyAsync(client, presentation, Options(Biometrics.IrisCapture(iris), challenge));
        var withOption = await VerifyAsync(client, presentation, Options(Biometrics.IrisCapture(Biometrics.Noisy(iris, new Random(3), 30)), challenge));
        var withoutOption = await VerifyAsync(client, presentation, Options(Biometrics.IrisCapture(Biometrics.Noisy(iris, new Random(4), 30))));

        // Assert
        first.AssertStatus(HttpStatusCode.OK);
        CollectionAssert.AreEqual(new[] { "passed" }, Biometrics.Checks(first, "biometricMatch"));
        foreach (var replay in new[] { withOption, withoutOption })
        {
            replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
            CollectionAssert.AreEqual(new[] { "skipped" }, Biometrics.Checks(replay, "biometricMatch"));
        }
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task VerifyPresentation_AttemptLimitReached_FailsBiometricRecordLockedEvenForGenuineCapture(Store store)
    {
        var (factory, client, patient, iris, binding) = await EnrolledAsync(store, s => s["IDENTITY_BIOMETRIC_MAX_ATTEMPTS"] = "2");
        await using var _ = factory;
        using var __ = patient;
        var random = new Random(5);

        var results = new List<ApiResponse>();
        foreach (var capture in new[] { Biometrics.RandomIris(random), Biometrics.RandomIris(random), iris })
        {
            string challenge = await ChallengeAsync(client);
            results.Add(await VerifyAsync(client, patient.Present([binding], challenge, "clinic.example"), Options(Biometrics.IrisCapture(capture), challenge)));
        }

        results[0].AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricMismatch");
        results[1].AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricMismatch");
        results[2].AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricRecordLocked");
        StringAssert.Contains(results[2].Body!["errors"]![0]!["detail"]!.GetValue<string>(), "locked until");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task VerifyPresentation_SuccessfulMatch_ResetsTheAttemptCount(Store store)
    {
        var (factory, client, patient, iris, binding) = await EnrolledAsync(store, s => s["IDENTITY_BIOMETRIC_MAX_ATTEMPTS"] = "2");
        await using var _ = factory;
        using var __ = patient;
        var random = new Random(6);

        var results = new List<ApiResponse>();
        foreach (var capture in new[] { Biometrics.RandomIris(random), iris, Biometrics.RandomIris(random), iris })
        {
            string challenge = await ChallengeAsync(client);
            results.Add(await VerifyAsync(client, patient.Present([binding], challenge, "clinic.example"), Options(Biometrics.IrisCapture(capture), challenge)));
        }

        CollectionAssert.AreEqual(new[] { "biometricMismatch", null, "biometricMismatch", null }, results.Select(r => r.Code).ToArray());
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task VerifyPresentation_CaptureWithoutBindingCredential_FailsBiometricBindingRequired(Store store)
    {
        await using var factory = await IdentityServerFactory.CreateAsync(store, Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var plain = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        string challenge = await ChallengeAsync(client);

        var withCredential = await VerifyAsync(client, patient.Present([plain], challenge, "clinic.example"), Options(Biometrics.IrisCapture(Biometrics.RandomIris(new Random(8))), challenge));
        string second = await ChallengeAsync(client);
        var empty = await VerifyAsync(client, patient.Present([], second, "clinic.example"), Options(Biometrics.IrisCapture(Biometrics.RandomIris(new Random(9))), second));

        withCredential.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricBindingRequired");
        empty.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricBindingRequired");
        CollectionAssert.AreEqual(new[] { "failed" }, Biometrics.Checks(withCredential, "biometricMatch"));
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task VerifyPresentation_SelfIssuedBindingToARealRecord_FailsUntrustedBiometricBinding(Store store)
    {
        // Arrange: the patient re-issues the hospital's binding (same record id and digest) under their own DID.
        var (factory, client, patient, iris, binding) = await EnrolledAsync(store);
        await using var _ = factory;
        using var __ = patient;
        var forged = (JsonObject)binding.DeepClone();
        forged.Remove("proof");
        forged.Remove("credentialStatus");
        forged["issuer"] = patient.Did;
        var proofs = new DataIntegrityProofService(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);
        var signed = proofs.AddProof(forged, "eddsa-jcs-2022",
            new ProofOptions { VerificationMethod = patient.VerificationMethod, ProofPurpose = "assertionMethod", Created = DateTimeOffset.UtcNow.AddSeconds(-1) },
            patient.Key).Value;
        string challenge = await ChallengeAsync(client);

        // Act
        var response = await VerifyAsync(client, patient.Present([signed], challenge, "clinic.example"), Options(Biometrics.IrisCapture(iris), challenge));

        // Assert: every other check passes; the match is refused, not skipped.
        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "untrustedBiometricBinding");
        Assert.AreEqual(1, response.Body!["errors"]!.AsArray().Count, response.Text);
        StringAssert.Contains(response.Body["errors"]![0]!["detail"]!.GetValue<string>(), "self-issued");
    }

    [TestMethod]
    public async Task VerifyPresentation_JosePresentationWithCapture_IsInvalidOptions()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();

        var response = await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = "eyJhbGciOiJFZERTQSJ9.eyJub25jZSI6IngifQ.c2ln",
            ["options"] = new JsonObject { ["biometric"] = Biometrics.IrisCapture(new byte[Biometrics.TemplateBytes]) },
        });

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidOptions");
    }
}
