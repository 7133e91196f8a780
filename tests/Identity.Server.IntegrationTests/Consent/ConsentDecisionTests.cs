using System.Net;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests.Consent;

/// <summary>Each way an access decision denies, with its stable reason; malformed requests are problems, never 500.</summary>
[TestClass]
public sealed class ConsentDecisionTests
{
    [TestMethod]
    public async Task Decide_ConsentForAnotherProviderPurposeOrData_DeniedWithTheReason()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        using var stranger = SignatureAlgorithms.Ed25519.GenerateKey();
        var consent = parties.Consent();
        (await parties.RegisterAsync(consent)).AssertStatus(HttpStatusCode.Created);

        // Act
        var lab = await parties.DecideAsync(consent, data: ["Observation:laboratory", "Immunization"]);
        var otherProvider = await parties.DecideAsync(consent, actor: "did:key:" + ConsentParties.Multibase(stranger));
        var otherPurpose = await parties.DecideAsync(consent, purpose: "HRESCH");
        var otherData = await parties.DecideAsync(consent, data: ["MedicationRequest"]);
        var wholeType = await parties.DecideAsync(consent, data: ["Observation"]);

        // Assert: a category is covered by itself; the whole resource type is more than the consent allows.
        Assert.AreEqual("permit", lab.AssertStatus(HttpStatusCode.OK).Body!["decision"]!.GetValue<string>(), lab.Text);
        CollectionAssert.AreEqual(new[] { "actorNotConsented" }, ConsentParties.ReasonCodes(otherProvider.AssertStatus(HttpStatusCode.OK)));
        CollectionAssert.AreEqual(new[] { "purposeNotConsented" }, ConsentParties.ReasonCodes(otherPurpose));
        CollectionAssert.AreEqual(new[] { "dataNotConsented" }, ConsentParties.ReasonCodes(otherData));
        CollectionAssert.AreEqual(new[] { "dataNotConsented" }, ConsentParties.ReasonCodes(wholeType));
        Assert.AreEqual("deny", wholeType.Body!["decision"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Decide_UnregisteredForgedOrReplayed_DeniedWithTheReason(Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        var registered = parties.Consent();
        (await parties.RegisterAsync(registered)).AssertStatus(HttpStatusCode.Created);
        var unregistered = parties.Consent();
        var forged = (JsonObject)registered.DeepClone();
        forged["credentialSubject"]!["purpose"] = new JsonArray("TREAT", "HRESCH");
        var vp = await parties.PresentAsync([registered]);
        string path = $"/tenants/{ConsentParties.Tenant}/access-decisions";
        var body = ConsentParties.DecisionBody(vp, parties.ProviderDid, ["Immunization"], "TREAT");

        // Act
        var notRegistered = await parties.DecideAsync(unregistered);
        var forgedDecision = await parties.DecideAsync(forged, purpose: "HRESCH");
        var first = await client.PostJsonAsync(path, body.DeepClone(), parties.TenantInfo.ApiKey);
        var replayed = await client.PostJsonAsync(path, body.DeepClone(), parties.TenantInfo.ApiKey);
        var none = await client.PostJsonAsync(path, ConsentParties.DecisionBody(await parties.PresentAsync([]), parties.ProviderDid, ["Immunization"], "TREAT"), parties.TenantInfo.ApiKey);

        // Assert
        CollectionAssert.AreEqual(new[] { "consentNotRegistered" }, ConsentParties.ReasonCodes(notRegistered.AssertStatus(HttpStatusCode.OK)));
        var forgedReasons = ConsentParties.ReasonCodes(forgedDecision.AssertStatus(HttpStatusCode.OK));
        Assert.AreEqual("deny", forgedDecision.Body!["decision"]!.GetValue<string>());
        CollectionAssert.Contains(forgedReasons, "invalidProof", forgedDecision.Text);
        CollectionAssert.Contains(forgedReasons, "consentNotRegistered", "The altered document is not the one registered.");
        Assert.AreEqual("permit", first.AssertStatus(HttpStatusCode.OK).Body!["decision"]!.GetValue<string>(), first.Text);
        Assert.AreEqual("deny", replayed.AssertStatus(HttpStatusCode.OK).Body!["decision"]!.GetValue<string>());
        CollectionAssert.Contains(ConsentParties.ReasonCodes(replayed), "challengeReused", replayed.Text);
        CollectionAssert.AreEqual(new[] { "consentMissing" }, ConsentParties.ReasonCodes(none.AssertStatus(HttpStatusCode.OK)));
    }

    [TestMethod]
    public async Task Decide_ExpiredConsent_DeniedWithConsentExpired()
    {
        // Arrange: a consent for one hour, decided two hours later.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new IdentityServerFactory(clock: clock);
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        var consent = parties.Consent(until: clock.GetUtcNow().AddHours(1), now: clock.GetUtcNow());
        (await parties.RegisterAsync(consent)).AssertStatus(HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromHours(2));

        // Act
        var decision = await parties.DecideAsync(consent, now: clock.GetUtcNow());

        // Assert
        Assert.AreEqual("deny", decision.AssertStatus(HttpStatusCode.OK).Body!["decision"]!.GetValue<string>());
        CollectionAssert.Contains(ConsentParties.ReasonCodes(decision), "consentExpired", decision.Text);
    }

    [TestMethod]
    public async Task Decide_MalformedOrUnauthorised_IsAProblem()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        var other = await client.CreateTenantAsync("other");
        var vp = await parties.PresentAsync([parties.Consent()]);
        string path = $"/tenants/{ConsentParties.Tenant}/access-decisions";
        var good = ConsentParties.DecisionBody(vp, parties.ProviderDid, ["Immunization"], "TREAT");
        JsonObject With(Action<JsonObject> edit)
        {
            var copy = (JsonObject)good.DeepClone();
            edit(copy);
            return copy;
        }

        (await client.PostJsonAsync(path, good.DeepClone())).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync(path, good.DeepClone(), other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.PostJsonAsync(path, With(b => b.Remove("request")), parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, With(b => b["request"]!["purpose"] = "NOPE"), parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, With(b => b["request"]!["data"] = new JsonArray("NotAResource")), parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, With(b => b["request"]!["actor"] = "not a did"), parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, With(b => b.Remove("options")), parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "challengeRequired");
        (await client.PostJsonAsync(path, With(b => b["verifiablePresentation"] = "x"), parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }
}
