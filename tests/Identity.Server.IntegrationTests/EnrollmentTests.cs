using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class EnrollmentTests
{
    [TestMethod]
    public async Task Enroll_ThreeIrisCaptures_Returns201BindingCredentialWithoutHelperDataThatVerifies()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var random = new Random(1);
        var iris = Biometrics.RandomIris(random);

        var response = await Biometrics.EnrollAsync(client, tenant, patient,
            Biometrics.IrisCapture(Biometrics.Noisy(iris, random, 100)), Biometrics.IrisCapture(Biometrics.Noisy(iris, random, 100)), Biometrics.IrisCapture(iris));

        response.AssertStatus(HttpStatusCode.Created);
        var credential = response.Body!["verifiableCredential"]!.AsObject();
        CollectionAssert.Contains(credential["type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList(), "BiometricBindingCredential");
        Assert.AreEqual(tenant.Did, credential["issuer"]!.GetValue<string>());
        var subject = credential["credentialSubject"]!.AsObject();
        Assert.AreEqual(patient.Did, subject["id"]!.GetValue<string>());
        var binding = subject["biometricBinding"]!.AsObject();
        CollectionAssert.AreEquivalent(new[] { "type", "scheme", "modality", "recordId", "recordDigest" }, binding.Select(p => p.Key).ToArray());
        Assert.AreEqual("fcs-rs32-had64-112-argon2id-v2", binding["scheme"]!.GetValue<string>());
        Assert.AreEqual("iris", binding["modality"]!.GetValue<string>());
        StringAssert.StartsWith(binding["recordDigest"]!.GetValue<string>(), "u");
        Assert.AreEqual(2, credential["credentialStatus"]!.AsArray().Count);
        var verified = (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
        CollectionAssert.Contains(Biometrics.Checks(verified, "credentialSchema"), "passed");
    }

    [TestMethod]
    public async Task VerifyPresentation_GenuineCapture_PassesBiometricMatch_ImpostorFails()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var random = new Random(2);
        var iris = Biometrics.RandomIris(random);
        var credential = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris)))
            .AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();

        var genuine = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.IrisCapture(Biometrics.Noisy(iris, random, 200)));
        var impostor = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.IrisCapture(Biometrics.RandomIris(random)));

        genuine.AssertStatus(HttpStatusCode.OK);
        CollectionAssert.AreEqual(new[] { "passed" }, Biometrics.Checks(genuine, "biometricMatch"));
        impostor.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricMismatch");
        CollectionAssert.AreEqual(new[] { "failed" }, Biometrics.Checks(impostor, "biometricMatch"));
        CollectionAssert.Contains(Biometrics.Checks(impostor, "proof"), "passed");
    }

    [TestMethod]
    public async Task Face_EnrollThreeCaptures_GenuineMatches_ImpostorFails()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var random = new Random(11);
        var face = Biometrics.RandomFace(random);

        var enrolled = await Biometrics.EnrollAsync(client, tenant, patient, "face",
            Biometrics.EmbeddingCapture(Biometrics.FaceCapture(face, random, 0.85)),
            Biometrics.EmbeddingCapture(Biometrics.FaceCapture(face, random, 0.85)),
            Biometrics.EmbeddingCapture(Biometrics.FaceCapture(face, random, 0.85)));
        var credential = enrolled.AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
        var genuine = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.EmbeddingCapture(Biometrics.FaceCapture(face, random, 0.8)));
        var impostor = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.EmbeddingCapture(Biometrics.RandomFace(random)));

        var binding = credential["credentialSubject"]!["biometricBinding"]!;
        Assert.AreEqual("face", binding["modality"]!.GetValue<string>());
        Assert.AreEqual("fcs-rp4096-sel511-bch511-67-argon2id-v1", binding["scheme"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "passed" }, Biometrics.Checks(genuine.AssertStatus(HttpStatusCode.OK), "biometricMatch"));
        impostor.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricMismatch");
    }

    [TestMethod]
    [DataRow("not-normalised")]
    [DataRow("overflow")]
    [DataRow("string-component")]
    [DataRow("511-components")]
    [DataRow("binary-for-face")]
    public async Task Face_BadEmbedding_Returns400InvalidBiometricCapture(string variant)
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var face = Biometrics.RandomFace(new Random(12));
        var capture = variant == "binary-for-face" ? Biometrics.IrisCapture(new byte[256]) : Biometrics.EmbeddingCapture(face);
        var vector = capture["vector"] as JsonArray;
        switch (variant)
        {
            case "not-normalised":
                vector![0] = face[0] + 0.5;
                break;
            case "overflow":
                vector![0] = JsonNode.Parse("1e39");
                break;
            case "string-component":
                vector![3] = "0.1";
                break;
            case "511-components":
                vector!.RemoveAt(0);
                break;
        }

        var response = await Biometrics.EnrollAsync(client, tenant, patient, "face", capture);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidBiometricCapture");
        Assert.IsFalse(response.Text.Contains(face[1].ToString("R", System.Globalization.CultureInfo.InvariantCulture)[..8], StringComparison.Ordinal), "no vector value in the problem");
    }

    [TestMethod]
    public async Task Reenroll_SamePatient_GivesAnUnlinkableRecordAndBothMatch()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var random = new Random(3);
        var iris = Biometrics.RandomIris(random);

        var first = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris))).AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
        var second = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris))).AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();

        JsonObject Binding(JsonObject c) => c["credentialSubject"]!["biometricBinding"]!.AsObject();
        Assert.AreNotEqual(Binding(first)["recordId"]!.GetValue<string>(), Binding(second)["recordId"]!.GetValue<string>());
        Assert.AreNotEqual(Binding(first)["recordDigest"]!.GetValue<string>(), Binding(second)["recordDigest"]!.GetValue<string>());
        Assert.AreNotEqual(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        foreach (var credential in new[] { first, second })
        {
            var response = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.IrisCapture(Biometrics.Noisy(iris, random, 150)));
            CollectionAssert.AreEqual(new[] { "passed" }, Biometrics.Checks(response.AssertStatus(HttpStatusCode.OK), "biometricMatch"));
        }
    }

    [TestMethod]
    public async Task Enroll_HolderProofOfAnotherDid_Returns400HolderMismatch()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        using var stranger = new Scenario.Patient();

        var response = await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", new JsonObject
        {
            ["subject"] = patient.Did,
            ["holderProof"] = await Biometrics.HolderProofAsync(client, stranger),
            ["modality"] = "iris",
            ["captures"] = new JsonArray(Biometrics.IrisCapture(Biometrics.RandomIris(new Random(4)))),
        }, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "holderMismatch");
    }

    [TestMethod]
    public async Task Enroll_ReusedOrForeignChallenge_Returns400AndForgedProof400()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var capture = Biometrics.IrisCapture(Biometrics.RandomIris(new Random(5)));
        var proof = await Biometrics.HolderProofAsync(client, patient);
        JsonObject Body(JsonObject holderProof) => new()
        {
            ["subject"] = patient.Did, ["holderProof"] = holderProof.DeepClone(), ["modality"] = "iris", ["captures"] = new JsonArray(capture.DeepClone()),
        };

        var first = await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", Body(proof), tenant.ApiKey);
        var replay = await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", Body(proof), tenant.ApiKey);
        var foreign = await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", Body(patient.Present([], "made-up-challenge", "localhost")), tenant.ApiKey);
        var forged = await Biometrics.HolderProofAsync(client, patient);
        forged["proof"]!["proofValue"] = "z" + new string('3', 86);
        var forgedResponse = await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", Body(forged), tenant.ApiKey);

        first.AssertStatus(HttpStatusCode.Created);
        replay.AssertProblem(HttpStatusCode.BadRequest, "challengeReused");
        foreign.AssertProblem(HttpStatusCode.BadRequest, "challengeUnknown");
        Assert.AreEqual(HttpStatusCode.BadRequest, forgedResponse.Status, forgedResponse.Text);
        Assert.IsNotNull(forgedResponse.Body!["checks"], "a failed holder proof reports its checks");
    }

    [TestMethod]
    [DataRow("bits-short")]
    [DataRow("mask-long")]
    [DataRow("not-base64")]
    [DataRow("six-captures")]
    [DataRow("no-captures")]
    [DataRow("embedding-for-iris")]
    [DataRow("unknown-format")]
    public async Task Enroll_BadCaptures_Return400InvalidBiometricCapture_AndKeepTheChallenge(string variant)
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var good = Biometrics.IrisCapture(Biometrics.RandomIris(new Random(6)));
        var proof = await Biometrics.HolderProofAsync(client, patient);
        JsonNode[] captures = variant switch
        {
            "bits-short" => [new JsonObject { ["format"] = "binary", ["bits"] = Convert.ToBase64String(new byte[255]), ["mask"] = good["mask"]!.DeepClone() }],
            "mask-long" => [new JsonObject { ["format"] = "binary", ["bits"] = good["bits"]!.DeepClone(), ["mask"] = Convert.ToBase64String(new byte[257]) }],
            "not-base64" => [new JsonObject { ["format"] = "binary", ["bits"] = "!!not base64!!", ["mask"] = good["mask"]!.DeepClone() }],
            "six-captures" => Enumerable.Range(0, 6).Select(_ => good.DeepClone()).ToArray(),
            "no-captures" => [],
            "embedding-for-iris" => [new JsonObject { ["format"] = "embedding", ["vector"] = new JsonArray(Enumerable.Range(0, 512).Select(i => (JsonNode)(i == 0 ? 1.0 : 0.0)).ToArray()) }],
            _ => [new JsonObject { ["format"] = "png", ["data"] = "AAAA" }],
        };

        var bad = await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", new JsonObject
        {
            ["subject"] = patient.Did, ["holderProof"] = proof.DeepClone(), ["modality"] = "iris", ["captures"] = new JsonArray(captures),
        }, tenant.ApiKey);
        var retry = await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", new JsonObject
        {
            ["subject"] = patient.Did, ["holderProof"] = proof.DeepClone(), ["modality"] = "iris", ["captures"] = new JsonArray(good.DeepClone()),
        }, tenant.ApiKey);

        bad.AssertProblem(HttpStatusCode.BadRequest, "invalidBiometricCapture");
        retry.AssertStatus(HttpStatusCode.Created);
    }

    [TestMethod]
    public async Task Enroll_WithoutTenantKeyOrWithAnotherTenantsKey_IsRefused()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var other = await client.CreateTenantAsync("county");
        var body = new JsonObject { ["subject"] = "did:example:x", ["holderProof"] = new JsonObject(), ["modality"] = "iris", ["captures"] = new JsonArray() };

        (await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", body.DeepClone())).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", body.DeepClone(), other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [TestMethod]
    public async Task VerifyPresentation_BindingWhoseRecordIsUnknown_FailsUnknownBiometricRecord()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var bogus = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
            ["type"] = new JsonArray("VerifiableCredential", "BiometricBindingCredential"),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = patient.Did,
                ["biometricBinding"] = new JsonObject
                {
                    ["type"] = "BiometricTemplateProtection2024", ["scheme"] = "fcs-bch2047-67-argon2id-v1", ["modality"] = "iris",
                    ["recordId"] = "bio-nonexistent", ["recordDigest"] = "u" + new string('A', 43),
                },
            },
        };
        var credential = await client.IssueAsync(tenant, bogus);

        var response = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.IrisCapture(Biometrics.RandomIris(new Random(7))));

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "unknownBiometricRecord");
    }

    [TestMethod]
    public async Task VerifyPresentation_CaptureButNoLocalBinding_FailsBiometricBindingRequired()
    {
        // Issue 14: a requested match that cannot run fails the verdict; it used to be skipped with verified: true.
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var plain = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));

        var response = await Biometrics.VerifyWithCaptureAsync(client, patient, plain, Biometrics.IrisCapture(Biometrics.RandomIris(new Random(8))));

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricBindingRequired");
        var check = response.Body!["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "biometricMatch")!;
        Assert.AreEqual("failed", check["status"]!.GetValue<string>());
        StringAssert.Contains(check["detail"]!.GetValue<string>(), "no BiometricBindingCredential");
    }

    [TestMethod]
    public async Task VerifyPresentation_RevokedBinding_FailsStatusAndDoesNotMatch()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var iris = Biometrics.RandomIris(new Random(9));
        var credential = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris))).Body!["verifiableCredential"]!.AsObject();
        (await client.SetStatusAsync(tenant, credential, "revocation", true)).AssertStatus(HttpStatusCode.OK);

        var response = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.IrisCapture(iris));

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        CollectionAssert.AreEqual(new[] { "skipped" }, Biometrics.Checks(response, "biometricMatch"));
    }

    [TestMethod]
    public async Task VerifyPresentation_MalformedCapture_Returns400AndKeepsTheChallenge()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        using var patient = new Scenario.Patient();
        var challenge = (await client.PostJsonAsync("/challenges", null)).Body!;
        var value = challenge["challenge"]!.GetValue<string>();
        var presentation = patient.Present([], value, "localhost");
        JsonObject Request(JsonNode? biometric)
        {
            var options = new JsonObject { ["challenge"] = value };
            if (biometric is not null)
            {
                options["biometric"] = biometric;
            }

            return new JsonObject { ["verifiablePresentation"] = presentation.DeepClone(), ["options"] = options };
        }

        var bad = await client.PostJsonAsync("/presentations/verify", Request(new JsonObject { ["format"] = "embedding", ["vector"] = new JsonArray(1.0, 2.0) }));
        var good = await client.PostJsonAsync("/presentations/verify", Request(null));
        var onCredential = await client.PostJsonAsync("/credentials/verify", new JsonObject
        {
            ["verifiableCredential"] = new JsonObject(), ["options"] = new JsonObject { ["biometric"] = Biometrics.IrisCapture(new byte[256]) },
        });

        bad.AssertProblem(HttpStatusCode.BadRequest, "invalidBiometricCapture");
        good.AssertStatus(HttpStatusCode.OK);
        onCredential.AssertProblem(HttpStatusCode.BadRequest, "invalidOptions");
    }

    [TestMethod]
    public async Task EnrollAndMatch_RawTemplateBytes_AppearNowhereInDatabaseLogsOrResponses()
    {
        // Arrange
        var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var responses = new List<string>();
        var random = new Random(10);
        var iris = Biometrics.RandomIris(random);
        var probe = Biometrics.Noisy(iris, random, 120);
        await using (factory)
        {
            var client = factory.CreateClient();
            var tenant = await client.CreateTenantAsync("st-marys");
            using var patient = new Scenario.Patient();

            // Act: enrol, match a genuine probe, fail an impostor, and send a malformed capture.
            var enrolled = await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris));
            var credential = enrolled.AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
            var matched = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.IrisCapture(probe));
            var impostor = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, Biometrics.IrisCapture(Biometrics.Noisy(probe, random, 900)));
            var malformed = await Biometrics.VerifyWithCaptureAsync(client, patient, credential, new JsonObject { ["format"] = "binary", ["bits"] = Convert.ToBase64String(iris[..200]), ["mask"] = "AA==" });
            responses.AddRange([enrolled.Text, matched.Text, impostor.Text, malformed.Text]);
            matched.AssertStatus(HttpStatusCode.OK);
            impostor.AssertProblem(HttpStatusCode.UnprocessableEntity, "biometricMismatch");
            malformed.AssertProblem(HttpStatusCode.BadRequest, "invalidBiometricCapture");

            // Assert: no 8-byte run of either template in any database file (the WAL included) ...
            foreach (var file in Directory.GetFiles(factory.DataDirectoryFromSettings, "identity.db*"))
            {
                var bytes = await ReadSharedAsync(file);
                foreach (var template in new[] { iris, probe })
                {
                    for (int offset = 0; offset + 8 <= template.Length; offset++)
                    {
                        Assert.AreEqual(-1, bytes.AsSpan().IndexOf(template.AsSpan(offset, 8)), $"{Path.GetFileName(file)} holds template bytes {offset}..{offset + 7}");
                    }
                }
            }
        }

        // ... and no encoding of them in the logs or the responses.
        var texts = responses.Append(string.Join("\n", factory.Logs)).ToList();
        foreach (var template in new[] { iris, probe })
        {
            foreach (var encoded in new[] { Convert.ToBase64String(template)[..16], Convert.ToHexString(template)[..16], Convert.ToHexString(template)[..16].ToLowerInvariant() })
            {
                Assert.IsFalse(texts.Any(t => t.Contains(encoded, StringComparison.Ordinal)), $"a log line or response holds {encoded}");
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
