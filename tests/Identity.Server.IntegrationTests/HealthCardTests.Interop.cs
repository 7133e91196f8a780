// Peer: @pathcheck/shc-sdk 0.0.8 through tests/interop/shc-sdk.mjs (install: npm ci --prefix tests/interop). The SDK
// fetches {iss}/.well-known/jwks.json itself, so our key set is served to it over a real loopback HTTP server.
using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Tests.Interop;
using Identity.HealthCards.HealthCards;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

public sealed partial class HealthCardTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task OurCard_ShcSdkVerifiesItsJwsAndQr_AndRejectsATamperedOne()
    {
        // Arrange: the service's public URL is the loopback server, which serves the tenant's JWKS as the service gives it.
        string? jwks = null;
        await using var web = new LoopbackHttpServer(path => path.EndsWith("/.well-known/jwks.json", StringComparison.Ordinal) && jwks is not null ? (200, jwks) : (404, "{}"));
        string origin = $"http://127.0.0.1:{web.Port}";
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_PUBLIC_URL"] = origin);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("shc-sdk-ours");
        var issued = await IssueAsync(client, tenant, FhirFixtures.ImmunizationBundle());
        jwks = (await client.GetJsonAsync($"/tenants/{tenant.Id}/.well-known/jwks.json")).AssertStatus(HttpStatusCode.OK).Text;
        string jws = issued["verifiableCredential"]![0]!.GetValue<string>();
        string iss = $"{origin}/tenants/{tenant.Id}";

        // Act
        var theirs = JsonNode.Parse(await NodeInteropPeer.RunAsync("shc-sdk.mjs", "verify", new JsonObject
        {
            ["jws"] = jws, ["qr"] = issued["qr"]![0]!.DeepClone(), ["iss"] = iss, ["jwks"] = JsonNode.Parse(jwks),
        }, TestContext.CancellationToken))!;
        string tampered = jws[..^4] + (jws[^4] == 'A' ? 'B' : 'A') + jws[^3..];
        var rejected = JsonNode.Parse(await NodeInteropPeer.RunAsync("shc-sdk.mjs", "verify", new JsonObject
        {
            ["jws"] = tampered, ["iss"] = iss, ["jwks"] = JsonNode.Parse(jwks),
        }, TestContext.CancellationToken))!;

        // Assert
        Assert.IsTrue(theirs["verified"]!.GetValue<bool>(), theirs.ToJsonString());
        Assert.AreEqual(iss, theirs["fromQr"]!["iss"]!.GetValue<string>());
        Assert.AreEqual("Immunization", theirs["fromQr"]!["vc"]!["credentialSubject"]!["fhirBundle"]!["entry"]![1]!["resource"]!["resourceType"]!.GetValue<string>());
        Assert.IsFalse(rejected["verified"]!.GetValue<bool>());
        Assert.IsGreaterThan(0, web.RequestCount, "the SDK fetched the key set over HTTP");
    }

    [TestMethod]
    public async Task TheirCard_SignedByShcSdk_VerifiesHereAsJwsAndQr()
    {
        // Arrange: the SDK makes a key and signs a card for an issuer on loopback that publishes that key.
        string? jwks = null;
        await using var web = new LoopbackHttpServer(path => path == "/issuer/.well-known/jwks.json" && jwks is not null ? (200, jwks) : (404, "{}"));
        string iss = $"http://127.0.0.1:{web.Port}/issuer";
        var payload = HealthCard.Claims(iss, DateTimeOffset.UtcNow.AddMinutes(-1), [HealthCard.HealthCardType, Immunization], BundleMinimizer.Minimize(FhirFixtures.ImmunizationBundle()), null);
        var signed = JsonNode.Parse(await NodeInteropPeer.RunAsync("shc-sdk.mjs", "sign", new JsonObject { ["payload"] = payload }, TestContext.CancellationToken))!;
        jwks = new JsonObject { ["keys"] = new JsonArray(signed["publicJwk"]!.DeepClone()) }.ToJsonString();
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1");
        var client = factory.CreateClient();
        var trust = new JsonObject { ["trustedIssuers"] = new JsonArray(iss) };

        // Act
        var byJws = await client.PostJsonAsync("/health-cards/verify", new JsonObject { ["jws"] = signed["jws"]!.DeepClone(), ["options"] = trust.DeepClone() });
        var byQr = await client.PostJsonAsync("/health-cards/verify", new JsonObject { ["qr"] = signed["qr"]!.DeepClone(), ["options"] = trust.DeepClone() });
        var untrusted = await client.PostJsonAsync("/health-cards/verify", new JsonObject { ["jws"] = signed["jws"]!.DeepClone() });

        // Assert
        foreach (var verdict in new[] { byJws, byQr })
        {
            verdict.AssertStatus(HttpStatusCode.OK);
            var proof = verdict.Body!["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "proof")!;
            Assert.AreEqual("passed", proof["status"]!.GetValue<string>());
            Assert.AreEqual(iss, verdict.Body["healthCards"]![0]!["iss"]!.GetValue<string>());
        }

        untrusted.AssertProblem(HttpStatusCode.UnprocessableEntity, "untrustedIssuer");
    }
}
