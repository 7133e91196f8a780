// SMART Health Cards through HTTP: issue, the tenant's JWKS and CRL, verify by JWS, QR text and file, revoke.
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.HealthCards.HealthCards;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed partial class HealthCardTests
{
    private const string Immunization = "https://smarthealth.cards#immunization";

    [TestMethod]
    public async Task Issue_Bundle_SignedCompactCardWithTheSpecHeaderAndMinimisedBundle()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-issue");

        // Act
        var issued = await IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle());
        var jwks = (await client.GetJsonAsync($"/tenants/{tenant.Id}/.well-known/jwks.json")).AssertStatus(HttpStatusCode.OK);

        // Assert: the header, the key set, the claims and the minimised bundle.
        string jws = issued["verifiableCredential"]![0]!.GetValue<string>();
        var token = CompactJws.Parse(jws).Value;
        Assert.AreEqual("ES256", token.Algorithm);
        Assert.AreEqual("DEF", token.Header["zip"]!.GetValue<string>());
        var key = jwks.Body!["keys"]!.AsArray().Single()!.AsObject();
        Assert.IsFalse(key.ContainsKey("d"), "public keys only");
        Assert.AreEqual("sig", key["use"]!.GetValue<string>());
        Assert.AreEqual("ES256", key["alg"]!.GetValue<string>());
        Assert.AreEqual("P-256", key["crv"]!.GetValue<string>());
        Assert.AreEqual(1, key["crlVersion"]!.GetValue<long>());
        var publicKey = JwkConverter.FromJson(new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = key["x"]!.DeepClone(), ["y"] = key["y"]!.DeepClone() }.ToJsonString()).Value;
        Assert.AreEqual(JwkConverter.Thumbprint(publicKey), token.KeyId, "kid is the RFC 7638 thumbprint");
        Assert.AreEqual(token.KeyId, key["kid"]!.GetValue<string>());
        Assert.IsTrue(JwsAlgorithms.Verify(token, publicKey).IsSuccess);
        var card = HealthCard.Read(jws, new HealthCardLimits()).Value;
        Assert.AreEqual($"http://localhost/tenants/{tenant.Id}", card.Issuer);
        CollectionAssert.AreEqual(new[] { HealthCard.HealthCardType, Immunization }, card.Types.Select(t => t!.GetValue<string>()).ToArray());
        Assert.AreEqual("4.0.1", card.FhirVersion);
        Assert.IsNotNull(card.RevocationId);
        Assert.AreEqual("resource:0", card.FhirBundle["entry"]![0]!["fullUrl"]!.GetValue<string>());
        Assert.IsFalse(card.FhirBundle["entry"]![0]!["resource"]!.AsObject().ContainsKey("id"));
        Assert.AreEqual("resource:0", card.FhirBundle["entry"]![1]!["resource"]!["patient"]!["reference"]!.GetValue<string>());
        Assert.AreEqual(jws, QrChunks.Decode([issued["qr"]![0]!.GetValue<string>()], 100_000).Value);
        Assert.AreEqual(jws, issued["file"]!["verifiableCredential"]![0]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Verify_IssuedCard_AsJwsQrAndFile_EveryCheckPasses()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-verify");
        var issued = await IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle());

        foreach (var body in new[]
        {
            new JsonObject { ["jws"] = issued["verifiableCredential"]![0]!.DeepClone() },
            new JsonObject { ["qr"] = issued["qr"]![0]!.DeepClone() },
            issued["file"]!.DeepClone().AsObject(),
        })
        {
            var verdict = (await client.PostJsonAsync("/health-cards/verify", body)).AssertStatus(HttpStatusCode.OK);

            Assert.IsTrue(verdict.Body!["verified"]!.GetValue<bool>());
            var checks = verdict.Body["checks"]!.AsArray().ToDictionary(c => c!["check"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());
            Assert.AreEqual("passed", checks["policy"]);
            Assert.AreEqual("passed", checks["proof"]);
            Assert.AreEqual("passed", checks["credentialStatus"]);
            Assert.AreEqual("passed", checks["validityPeriod"]);
            Assert.AreEqual("passed", checks["fhir"]);
            Assert.AreEqual("Immunization", verdict.Body["healthCards"]![0]!["fhirBundle"]!["entry"]![1]!["resource"]!["resourceType"]!.GetValue<string>());
        }
    }

    [TestMethod]
    public async Task Revoke_IssuedCard_CrlListsItsRidAndVerifyFails()
    {
        // Arrange: two cards, one revoked through the credential status endpoint.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-revoke");
        var revoked = await IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle());
        var kept = await IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle(1));
        var card = HealthCard.Read(revoked["verifiableCredential"]![0]!.GetValue<string>(), new HealthCardLimits()).Value;
        var before = (await client.GetJsonAsync($"/tenants/{tenant.Id}/.well-known/crl/{card.KeyId}.json")).AssertStatus(HttpStatusCode.OK);
        Assert.IsEmpty(before.Body!["rids"]!.AsArray(), "the CRL before the revocation (its rids are kept per list version)");

        // Act
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/status", new JsonObject
        {
            ["credentialId"] = revoked["credentialId"]!.DeepClone(), ["statusPurpose"] = "revocation", ["status"] = true,
        }, tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        var crl = (await client.GetJsonAsync($"/tenants/{tenant.Id}/.well-known/crl/{card.KeyId}.json")).AssertStatus(HttpStatusCode.OK);
        var jwks = (await client.GetJsonAsync($"/tenants/{tenant.Id}/.well-known/jwks.json")).AssertStatus(HttpStatusCode.OK);

        // Assert
        Assert.AreEqual("rid", crl.Body!["method"]!.GetValue<string>());
        Assert.AreEqual(card.KeyId, crl.Body["kid"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { card.RevocationId }, crl.Body["rids"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());
        Assert.IsGreaterThan(1, crl.Body["ctr"]!.GetValue<long>());
        Assert.AreEqual(crl.Body["ctr"]!.GetValue<long>(), jwks.Body!["keys"]![0]!["crlVersion"]!.GetValue<long>());
        var verdict = (await client.PostJsonAsync("/health-cards/verify", new JsonObject { ["jws"] = revoked["verifiableCredential"]![0]!.DeepClone() }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        Assert.IsFalse(verdict.Body!["verified"]!.GetValue<bool>());
        (await client.PostJsonAsync("/health-cards/verify", new JsonObject { ["jws"] = kept["verifiableCredential"]![0]!.DeepClone() })).AssertStatus(HttpStatusCode.OK);
        (await client.GetJsonAsync($"/tenants/{tenant.Id}/.well-known/crl/not-our-kid.json")).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task Issue_LargeBundle_NumericQrChunksThatVerifyInAnyOrder()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-chunks");

        var issued = await IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle(40));

        var qr = issued["qr"]!.AsArray().Select(q => q!.GetValue<string>()).ToList();
        Assert.IsGreaterThan(1, qr.Count, $"a {issued["verifiableCredential"]![0]!.GetValue<string>().Length}-character JWS needs chunks");
        Assert.IsTrue(qr.Select((q, i) => q.StartsWith($"shc:/{i + 1}/{qr.Count}/", StringComparison.Ordinal)).All(b => b));
        qr.Reverse();
        (await client.PostJsonAsync("/health-cards/verify", new JsonObject { ["qr"] = new JsonArray([.. qr.Select(q => (JsonNode)JsonValue.Create(q))]) }))
            .AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Issue_WithoutTheTenantKey_Unauthorized()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-auth");

        (await client.PostJsonAsync($"/tenants/{tenant.Id}/health-cards", new JsonObject { ["fhirBundle"] = FhirFixtures.ImmunizationBundle() }))
            .AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    internal static async Task<JsonObject> IssueAsync(HttpClient client, Scenario.Tenant tenant, JsonObject bundle)
    {
        var response = await client.PostJsonAsync($"/tenants/{tenant.Id}/health-cards",
            new JsonObject { ["fhirBundle"] = bundle, ["types"] = new JsonArray(Immunization) }, tenant.ApiKey);
        return response.AssertStatus(HttpStatusCode.Created).Body!;
    }

    // A card the tests sign themselves (another key, or a hostile header), for the bad-input cases.
    private static string Forge(PrivateKey key, JsonObject header, string issuer, byte[]? payload = null) =>
        CompactJws.Sign(header, payload ?? RawDeflate.Compress(Encoding.UTF8.GetBytes(HealthCard.Claims(
            issuer, DateTimeOffset.UtcNow.AddMinutes(-1), [HealthCard.HealthCardType], BundleMinimizer.Minimize(FhirFixtures.ImmunizationBundle(1)), null).ToJsonString())), key);
}
