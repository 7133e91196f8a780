// Hostile and malformed health-card input: each a 4xx problem with a stable code, never a 500.
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.HealthCards.HealthCards;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

public sealed partial class HealthCardTests
{
    [TestMethod]
    public async Task Issue_InvalidFhir_400NamingTheFhirPath()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-bad-fhir");
        var bundle = FhirFixtures.ImmunizationBundle();
        bundle["entry"]![1]!["resource"]!["status"] = "done";
        bundle["entry"]![0]!["resource"]!["birthDate"] = 1980;

        var response = (await client.PostJsonAsync($"/tenants/{tenant.Id}/health-cards", new JsonObject { ["fhirBundle"] = bundle }, tenant.ApiKey))
            .AssertProblem(HttpStatusCode.BadRequest, "invalidFhir");

        StringAssert.Contains(response.Body!["detail"]!.GetValue<string>(), "Bundle.entry[0].resource.birthDate");
    }

    [TestMethod]
    public async Task Issue_BadBundles_4xxWithStableCodes()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-bad-bundles");
        var unknownType = FhirFixtures.ImmunizationBundle(1);
        unknownType["entry"]![1]!["resource"] = new JsonObject { ["resourceType"] = "Starship" };
        var deep = FhirFixtures.ImmunizationBundle(1);
        JsonObject nested = new() { ["url"] = "http://example.org/x", ["valueString"] = "v" };
        for (int i = 0; i < 14; i++) // deeper than the FHIR bound (24), within the request bound (64)
        {
            nested = new JsonObject { ["url"] = "http://example.org/x", ["extension"] = new JsonArray(nested) };
        }

        deep["entry"]![0]!["resource"]!["extension"] = new JsonArray(nested);

        var cases = new (JsonObject Body, string Code)[]
        {
            (new JsonObject { ["fhirBundle"] = unknownType }, "invalidFhir"),
            (new JsonObject { ["fhirBundle"] = FhirFixtures.ImmunizationBundle(150) }, "fhirTooLarge"),
            (new JsonObject { ["fhirBundle"] = deep }, "fhirTooLarge"),
            (new JsonObject { ["fhirBundle"] = FhirFixtures.Patient() }, "invalidRequest"),
            (new JsonObject { ["fhirBundle"] = FhirFixtures.ImmunizationBundle(1), ["types"] = "immunization" }, "invalidRequest"),
        };
        foreach (var (body, code) in cases)
        {
            (await client.PostJsonAsync($"/tenants/{tenant.Id}/health-cards", body, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, code);
        }
    }

    [TestMethod]
    public async Task Issue_CardLargerThanTwentyQrChunks_FhirTooLarge()
    {
        // Arrange: a valid bundle within the FHIR bounds whose 40 KB of random text does not compress: its card would
        // need more QR chunks than any verifier here reads back.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-too-large");
        var bundle = FhirFixtures.ImmunizationBundle(1);
        bundle["entry"]![0]!["resource"]!["name"]![0]!["text"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30_000));

        // Act
        var response = await client.PostJsonAsync($"/tenants/{tenant.Id}/health-cards", new JsonObject { ["fhirBundle"] = bundle }, tenant.ApiKey);
        var small = await client.PostJsonAsync($"/tenants/{tenant.Id}/health-cards", new JsonObject { ["fhirBundle"] = FhirFixtures.ImmunizationBundle(1) }, tenant.ApiKey);

        // Assert: refused with the reason; a card within the bound still issues.
        StringAssert.Contains(response.AssertProblem(HttpStatusCode.BadRequest, "fhirTooLarge").Body!["detail"]!.GetValue<string>(), "QR codes");
        small.AssertStatus(HttpStatusCode.Created);
    }

    [TestMethod]
    public async Task Verify_MalformedCards_4xxWithStableCodes()
    {
        // Arrange: cards with the wrong zip or alg, a deflate bomb, bad QR chunks and an oversized token.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        const string Issuer = "http://localhost/tenants/shc-hostile";
        using var p256 = SignatureAlgorithms.P256.GenerateKey();
        using var ed25519 = SignatureAlgorithms.Ed25519.GenerateKey();
        var bomb = RawDeflate.Compress(Encoding.UTF8.GetBytes("{\"iss\":\"" + new string('a', 16 * 1024 * 1024) + "\"}"));
        var cases = new (JsonObject Body, string Code)[]
        {
            (Jws(Forge(p256, new JsonObject { ["kid"] = "k" }, Issuer)), "invalidHealthCard"),
            (Jws(Forge(p256, new JsonObject { ["kid"] = "k", ["zip"] = "GZIP" }, Issuer)), "invalidHealthCard"),
            (Jws(Forge(ed25519, new JsonObject { ["kid"] = "k", ["zip"] = "DEF" }, Issuer)), "algorithmNotAllowed"),
            (Jws(Forge(p256, new JsonObject { ["kid"] = "k", ["zip"] = "DEF" }, Issuer, bomb)), "inflateLimitExceeded"),
            (Jws(Forge(p256, new JsonObject { ["kid"] = "k", ["zip"] = "DEF" }, Issuer, [0xFF, 0xFE, 0x00])), "invalidHealthCard"),
            (Jws("not.a.jws"), "malformedJws"),
            (Jws(new string('a', 40_000) + ".b.c"), "tokenTooLarge"),
            (new JsonObject { ["qr"] = new JsonArray("shc:/1/2/5676", "shc:/1/2/5676") }, "invalidQrChunk"),
            (new JsonObject { ["qr"] = new JsonArray("shc:/1/3/5676", "shc:/2/3/5676") }, "invalidQrChunk"),
            (new JsonObject { ["qr"] = "shc:/x/2/5676" }, "invalidQrChunk"),
            (new JsonObject { ["qr"] = "shc:/5699" }, "invalidQrChunk"),
            (new JsonObject { ["jws"] = "a.b.c", ["qr"] = "shc:/56" }, "invalidRequest"),
            (new JsonObject { ["verifiableCredential"] = new JsonArray() }, "invalidRequest"),
        };

        // Act and assert
        foreach (var (body, code) in cases)
        {
            (await client.PostJsonAsync("/health-cards/verify", body)).AssertProblem(HttpStatusCode.BadRequest, code);
        }
    }

    [TestMethod]
    public async Task Verify_CardOfOurIssuerButAnotherKey_422UnknownKeyId()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-kid");
        using var stranger = SignatureAlgorithms.P256.GenerateKey();
        var forged = Forge(stranger, new JsonObject { ["kid"] = JwkConverter.Thumbprint(stranger.PublicKey), ["zip"] = "DEF" }, $"http://localhost/tenants/{tenant.Id}");

        var verdict = (await client.PostJsonAsync("/health-cards/verify", Jws(forged))).AssertProblem(HttpStatusCode.UnprocessableEntity, "unknownKeyId");

        Assert.IsFalse(verdict.Body!["verified"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task Verify_CardClaimingOurKidButSignedByAnother_422InvalidSignature()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-sig");
        var genuine = HealthCard.Read((await IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle(1)))["verifiableCredential"]![0]!.GetValue<string>(), new HealthCardLimits()).Value;
        using var stranger = SignatureAlgorithms.P256.GenerateKey();
        var forged = Forge(stranger, new JsonObject { ["kid"] = genuine.KeyId, ["zip"] = "DEF" }, genuine.Issuer);

        (await client.PostJsonAsync("/health-cards/verify", Jws(forged))).AssertProblem(HttpStatusCode.UnprocessableEntity, "invalidSignature");
    }

    [TestMethod]
    public async Task Verify_UntrustedIssuer_422AndItsKeysAreNeverFetched()
    {
        // Arrange: an issuer on loopback that would answer, but nobody trusts it.
        int requests = 0;
        await using var issuer = new LoopbackHttpServer(path => { Interlocked.Increment(ref requests); return (200, "{\"keys\":[]}"); });
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1");
        var client = factory.CreateClient();
        using var key = SignatureAlgorithms.P256.GenerateKey();
        var card = Forge(key, new JsonObject { ["kid"] = JwkConverter.Thumbprint(key.PublicKey), ["zip"] = "DEF" }, $"http://127.0.0.1:{issuer.Port}/issuer");

        // Act
        (await client.PostJsonAsync("/health-cards/verify", Jws(card))).AssertProblem(HttpStatusCode.UnprocessableEntity, "untrustedIssuer");

        // Assert
        Assert.AreEqual(0, requests);
    }

    [TestMethod]
    public async Task Verify_TrustedRemoteIssuer_JwksFetchedThroughTheGuardedFetcher()
    {
        // Arrange: a remote issuer (loopback, allowed for the test) publishing its key set; trusted by configuration.
        using var key = SignatureAlgorithms.P256.GenerateKey();
        string kid = JwkConverter.Thumbprint(key.PublicKey);
        var jwk = JsonNode.Parse(JwkConverter.ToJson(key.PublicKey))!.AsObject();
        jwk["kid"] = kid;
        jwk["use"] = "sig";
        jwk["alg"] = "ES256";
        string jwks = new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString();
        await using var issuer = new LoopbackHttpServer(path => path == "/issuer/.well-known/jwks.json" ? (200, jwks) : (404, "{}"));
        string iss = $"http://127.0.0.1:{issuer.Port}/issuer";
        await using var factory = new IdentityServerFactory(s =>
        {
            s["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1";
            s["IDENTITY_SHC_TRUSTED_ISSUERS"] = iss;
        });
        var client = factory.CreateClient();

        // Act
        var verdict = (await client.PostJsonAsync("/health-cards/verify", Jws(Forge(key, new JsonObject { ["kid"] = kid, ["zip"] = "DEF" }, iss))))
            .AssertStatus(HttpStatusCode.OK);

        // Assert: no crlVersion, so revocation is reported as not applicable.
        Assert.AreEqual("/issuer/.well-known/jwks.json", issuer.LastPath);
        var status = verdict.Body!["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "credentialStatus")!;
        Assert.AreEqual("skipped", status["status"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow(true, 3L, "passed", null, DisplayName = "current CRL of the key")]
    [DataRow(true, 4L, "passed", null, DisplayName = "CRL newer than the key set")]
    [DataRow(true, 2L, "failed", "invalidStatusList", DisplayName = "stale CRL (ctr below crlVersion)")]
    [DataRow(false, 3L, "failed", "invalidStatusList", DisplayName = "CRL of another key")]
    public async Task Verify_RemoteIssuerCrl_CountsOnlyForItsKeyAndWhenCurrent(bool sameKid, long ctr, string status, string? code)
    {
        // Arrange: a trusted remote issuer whose key says crlVersion 3; its CRL never lists the card's rid.
        using var key = SignatureAlgorithms.P256.GenerateKey();
        string kid = JwkConverter.Thumbprint(key.PublicKey);
        var jwk = JsonNode.Parse(JwkConverter.ToJson(key.PublicKey))!.AsObject();
        jwk["kid"] = kid;
        jwk["crlVersion"] = 3;
        string jwks = new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString();
        string crl = new JsonObject { ["kid"] = sameKid ? kid : "another-key", ["method"] = "rid", ["ctr"] = ctr, ["rids"] = new JsonArray("other-rid") }.ToJsonString();
        await using var issuer = new LoopbackHttpServer(path => path == "/issuer/.well-known/jwks.json" ? (200, jwks)
            : path == $"/issuer/.well-known/crl/{kid}.json" ? (200, crl) : (404, "{}"));
        string iss = $"http://127.0.0.1:{issuer.Port}/issuer";
        await using var factory = new IdentityServerFactory(s =>
        {
            s["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1";
            s["IDENTITY_SHC_TRUSTED_ISSUERS"] = iss;
        });
        var client = factory.CreateClient();
        var payload = RawDeflate.Compress(Encoding.UTF8.GetBytes(HealthCard.Claims(
            iss, DateTimeOffset.UtcNow.AddMinutes(-1), [HealthCard.HealthCardType], BundleMinimizer.Minimize(FhirFixtures.ImmunizationBundle(1)), "card-rid").ToJsonString()));

        // Act
        var verdict = await client.PostJsonAsync("/health-cards/verify", Jws(Forge(key, new JsonObject { ["kid"] = kid, ["zip"] = "DEF" }, iss, payload)));

        // Assert
        var body = code is null ? verdict.AssertStatus(HttpStatusCode.OK).Body! : verdict.AssertProblem(HttpStatusCode.UnprocessableEntity, code).Body!;
        var check = body["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "credentialStatus")!;
        Assert.AreEqual(status, check["status"]!.GetValue<string>());
    }

    private static JsonObject Jws(string jws) => new() { ["jws"] = jws };
}
