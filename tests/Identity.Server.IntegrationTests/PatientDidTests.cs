using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Server.IntegrationTests;

/// <summary>Patient DIDs a hospital registers: create with the tenant key, update only signed by the document's keys, deactivate.</summary>
[TestClass]
public sealed class PatientDidTests
{
    private static readonly DataIntegrityProofService s_proofs = new(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);

    private static string Multibase(PrivateKey key) => Multikey.EncodePublicKey(key.PublicKey);

    private static async Task<JsonObject> RegisterAsync(HttpClient client, Scenario.Tenant tenant, string id, params PrivateKey[] keys)
    {
        var body = new JsonObject { ["id"] = id, ["publicKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)Multibase(k))]) };
        return (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients", body, tenant.ApiKey)).AssertStatus(HttpStatusCode.Created).Body!;
    }

    private static async Task<JsonObject> SignedUpdateAsync(HttpClient client, string did, long version, PrivateKey signer, string signerDid, params PrivateKey[] newKeys)
    {
        var challenge = (await client.PostJsonAsync("/challenges", null)).Body!;
        var update = new JsonObject
        {
            ["did"] = did,
            ["version"] = version,
            ["publicKeys"] = new JsonArray([.. newKeys.Select(k => (JsonNode)Multibase(k))]),
        };
        return s_proofs.AddProof(update, "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = $"{signerDid}#{Multibase(signer)}",
            ProofPurpose = "authentication",
            Challenge = challenge["challenge"]!.GetValue<string>(),
            Domain = challenge["domain"]!.GetValue<string>(),
            Created = DateTimeOffset.UtcNow.AddSeconds(-1),
        }, signer).Value;
    }

    private static JsonObject Present(JsonObject credential, string holder, PrivateKey key, string challenge, string domain) =>
        PresentationBuilder.Sign(s_proofs, PresentationBuilder.Create(holder, [credential]), key, $"{holder}#{Multibase(key)}", challenge, domain, DateTimeOffset.UtcNow.AddSeconds(-1)).Value;

    private static async Task<ApiResponse> VerifyPresentationAsync(HttpClient client, JsonObject credential, string holder, PrivateKey key)
    {
        var challenge = (await client.PostJsonAsync("/challenges", null)).Body!["challenge"]!.GetValue<string>();
        return await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = Present(credential, holder, key, challenge, "localhost"),
            ["options"] = new JsonObject { ["challenge"] = challenge },
        });
    }

    [TestMethod]
    public async Task Register_ServesDidWebDocument_WithThePatientsKeys_AndResolves()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();

        var created = await RegisterAsync(client, tenant, "alice", key);
        var document = await client.GetJsonAsync("/tenants/st-marys/patients/alice/did.json");
        var resolved = await client.GetJsonAsync("/1.0/identifiers/did:web:localhost:tenants:st-marys:patients:alice");

        Assert.AreEqual("did:web:localhost:tenants:st-marys:patients:alice", created["did"]!.GetValue<string>());
        Assert.AreEqual(1, created["version"]!.GetValue<int>());
        document.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("application/did+ld+json", document.MediaType);
        Assert.IsNotNull(document.Body!["@context"], "did.json is the JSON-LD representation JSON-LD verifiers can expand.");
        Assert.AreEqual(created["did"]!.GetValue<string>(), document.Body!["id"]!.GetValue<string>());
        var method = document.Body["verificationMethod"]!.AsArray().Single()!;
        Assert.AreEqual(Multibase(key), method["publicKeyMultibase"]!.GetValue<string>());
        Assert.AreEqual($"{created["did"]}#{Multibase(key)}", document.Body["authentication"]!.AsArray().Single()!.GetValue<string>());
        resolved.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("1", resolved.Body!["didDocumentMetadata"]!["versionId"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Register_NeedsTheTenantsOwnKey_AndValidKeys()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var other = await client.CreateTenantAsync("other");
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var body = new JsonObject { ["id"] = "alice", ["publicKeys"] = new JsonArray(Multibase(key)) };

        (await client.PostJsonAsync("/tenants/st-marys/patients", body.DeepClone())).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync("/tenants/st-marys/patients", body.DeepClone(), other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.PostJsonAsync("/tenants/st-marys/patients", new JsonObject { ["publicKeys"] = new JsonArray() }, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync("/tenants/st-marys/patients", new JsonObject { ["publicKeys"] = new JsonArray("z6MkNotAKey") }, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidPublicKey");
        (await client.PostJsonAsync("/tenants/st-marys/patients", new JsonObject { ["id"] = "Bad_Id", ["publicKeys"] = new JsonArray(Multibase(key)) }, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync("/tenants/st-marys/patients", body.DeepClone(), tenant.ApiKey)).AssertStatus(HttpStatusCode.Created);
        (await client.PostJsonAsync("/tenants/st-marys/patients", body.DeepClone(), tenant.ApiKey)).AssertProblem(HttpStatusCode.Conflict, "patientExists");
        (await client.GetJsonAsync("/tenants/st-marys/patients/bob/did.json")).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task PresentationSignedByPatientDidWeb_Verifies()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var did = (await RegisterAsync(client, tenant, "alice", key))["did"]!.GetValue<string>();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(did));

        var response = await VerifyPresentationAsync(client, credential, did, key);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(response.Body!["verified"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task SignedUpdate_AddsDeviceKey_ThenRotationRemovesTheOldKey()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var phone = SignatureAlgorithms.Ed25519.GenerateKey();
        using var laptop = SignatureAlgorithms.Ed25519.GenerateKey();
        var did = (await RegisterAsync(client, tenant, "alice", phone))["did"]!.GetValue<string>();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(did));

        // Act: add the laptop (signed by the phone), then drop the phone (signed by the laptop).
        var added = await client.PostJsonAsync("/tenants/st-marys/patients/alice/did", await SignedUpdateAsync(client, did, 1, phone, did, phone, laptop));
        var laptopPresents = await VerifyPresentationAsync(client, credential, did, laptop);
        var rotated = await client.PostJsonAsync("/tenants/st-marys/patients/alice/did", await SignedUpdateAsync(client, did, 2, laptop, did, laptop));
        var phonePresents = await VerifyPresentationAsync(client, credential, did, phone);
        var phoneUpdates = await client.PostJsonAsync("/tenants/st-marys/patients/alice/did", await SignedUpdateAsync(client, did, 3, phone, did, phone));

        // Assert
        added.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(2, added.Body!["version"]!.GetValue<int>());
        Assert.AreEqual(2, added.Body["didDocument"]!["verificationMethod"]!.AsArray().Count);
        laptopPresents.AssertStatus(HttpStatusCode.OK);
        rotated.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(3, rotated.Body!["version"]!.GetValue<int>());
        phonePresents.AssertStatus(HttpStatusCode.UnprocessableEntity);
        Assert.IsTrue(phonePresents.Body!["checks"]!.AsArray().Any(c => c!["target"]!.GetValue<string>() == "presentation" && c["status"]!.GetValue<string>() == "failed"), phonePresents.Text);
        Assert.AreNotEqual(HttpStatusCode.OK, phoneUpdates.Status, phoneUpdates.Text);
        Assert.AreEqual("application/problem+json", phoneUpdates.MediaType);
    }

    [TestMethod]
    public async Task SignedUpdate_RefusesStrangers_Replays_StaleVersions_AndTampering()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        using var stranger = SignatureAlgorithms.Ed25519.GenerateKey();
        var did = (await RegisterAsync(client, tenant, "alice", key))["did"]!.GetValue<string>();
        const string path = "/tenants/st-marys/patients/alice/did";

        // Act
        var strangerDidKey = await client.PostJsonAsync(path, await SignedUpdateAsync(client, did, 1, stranger, "did:key:" + Multibase(stranger), stranger));
        var strangerClaimingDoc = await client.PostJsonAsync(path, await SignedUpdateAsync(client, did, 1, stranger, did, stranger));
        var tampered = await SignedUpdateAsync(client, did, 1, key, did, key);
        tampered["publicKeys"] = new JsonArray(Multibase(stranger));
        var tamperedResponse = await client.PostJsonAsync(path, tampered);
        var good = await SignedUpdateAsync(client, did, 1, key, did, key, stranger);
        var first = await client.PostJsonAsync(path, good.DeepClone());
        var replay = await client.PostJsonAsync(path, good.DeepClone());
        var stale = await client.PostJsonAsync(path, await SignedUpdateAsync(client, did, 1, key, did, key));
        var unsigned = await client.PostJsonAsync(path, new JsonObject { ["did"] = did, ["version"] = 2, ["publicKeys"] = new JsonArray(Multibase(key)) });

        // Assert
        strangerDidKey.AssertProblem(HttpStatusCode.BadRequest, "keyMismatch");
        Assert.AreEqual("application/problem+json", strangerClaimingDoc.MediaType);
        Assert.IsTrue(strangerClaimingDoc.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, strangerClaimingDoc.Text);
        tamperedResponse.AssertProblem(HttpStatusCode.BadRequest, "invalidProof");
        first.AssertStatus(HttpStatusCode.OK);
        replay.AssertProblem(HttpStatusCode.Conflict, "versionConflict");
        stale.AssertProblem(HttpStatusCode.Conflict, "versionConflict");
        unsigned.AssertProblem(HttpStatusCode.BadRequest, "invalidProof");
        Assert.AreEqual(2, (await client.GetJsonAsync("/tenants/st-marys/patients/alice/did.json")).Body!["verificationMethod"]!.AsArray().Count);
    }

    [TestMethod]
    public async Task SignedUpdate_TooCostlyToCheck_RefusedWithWorkLimitExceeded()
    {
        // Arrange: anyone may post an update; one whose rdfc proof covers half a million values must be refused on the
        // request's work budget, before the document is canonicalized, and leave the patient's document unchanged.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var did = (await RegisterAsync(client, tenant, "alice", key))["did"]!.GetValue<string>();
        var update = await SignedUpdateAsync(client, did, 1, key, did, key);
        var values = new JsonArray();
        for (int i = 0; i < 500_000; i++)
        {
            values.Add(0);
        }

        update["proof"]!["cryptosuite"] = "eddsa-rdfc-2022";

        // The values come first (and sort first), so expansion meets them before any member it would refuse.
        var hostile = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["aValues"] = "urn:example:values" }),
            ["aValues"] = values,
        };
        foreach ((string name, JsonNode? value) in update.ToList())
        {
            update.Remove(name);
            hostile[name] = value;
        }

        // Act
        var response = await client.PostJsonAsync("/tenants/st-marys/patients/alice/did", hostile);

        // Assert
        response.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.WorkLimitExceeded);
        Assert.AreEqual(1, (await client.GetJsonAsync("/tenants/st-marys/patients/alice/did.json")).Body!["verificationMethod"]!.AsArray().Count);
    }

    [TestMethod]
    public async Task SignedUpdate_ReusedChallenge_IsRefused()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var did = (await RegisterAsync(client, tenant, "alice", key))["did"]!.GetValue<string>();
        var first = await SignedUpdateAsync(client, did, 1, key, did, key);
        (await client.PostJsonAsync("/tenants/st-marys/patients/alice/did", first)).AssertStatus(HttpStatusCode.OK);

        // The same challenge signed again for the new version.
        var again = new JsonObject { ["did"] = did, ["version"] = 2, ["publicKeys"] = new JsonArray(Multibase(key)) };
        var proof = first["proof"]!;
        again = s_proofs.AddProof(again, "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = proof["verificationMethod"]!.GetValue<string>(),
            ProofPurpose = "authentication",
            Challenge = proof["challenge"]!.GetValue<string>(),
            Domain = proof["domain"]!.GetValue<string>(),
            Created = DateTimeOffset.UtcNow.AddSeconds(-1),
        }, key).Value;

        (await client.PostJsonAsync("/tenants/st-marys/patients/alice/did", again)).AssertProblem(HttpStatusCode.BadRequest, "challengeReused");
    }

    [TestMethod]
    public async Task Deactivate_ByTenantOnly_ThenDocumentGone_PresentationsFail_UpdatesRefused()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var other = await client.CreateTenantAsync("other");
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var did = (await RegisterAsync(client, tenant, "alice", key))["did"]!.GetValue<string>();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(did));

        // Act
        var byOther = await client.PostJsonAsync("/tenants/st-marys/patients/alice/deactivate", null, other.ApiKey);
        var deactivated = await client.PostJsonAsync("/tenants/st-marys/patients/alice/deactivate", null, tenant.ApiKey);
        var document = await client.GetJsonAsync("/tenants/st-marys/patients/alice/did.json");
        var resolved = await client.GetJsonAsync("/1.0/identifiers/" + did);
        var presents = await VerifyPresentationAsync(client, credential, did, key);
        var update = await client.PostJsonAsync("/tenants/st-marys/patients/alice/did", await SignedUpdateAsync(client, did, 1, key, did, key));

        // Assert
        byOther.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        deactivated.AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(deactivated.Body!["deactivated"]!.GetValue<bool>());
        document.AssertProblem(HttpStatusCode.Gone, "didDeactivated");
        Assert.AreEqual(HttpStatusCode.Gone, resolved.Status, resolved.Text);
        presents.AssertStatus(HttpStatusCode.UnprocessableEntity);
        update.AssertProblem(HttpStatusCode.Gone, "didDeactivated");
    }
}
