using System.Net;
using System.Text.Json.Nodes;
using Identity.Cryptography;

namespace Identity.Server.IntegrationTests.Consent;

/// <summary>Registering and withdrawing: only the patient's own, valid, signed consent registers; only the patient withdraws it.</summary>
[TestClass]
public sealed class ConsentRegistrationTests
{
    [TestMethod]
    public async Task Register_RefusesWhatIsNotThePatientsValidSignedConsent()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        using var stranger = SignatureAlgorithms.Ed25519.GenerateKey();
        var strangerDid = "did:key:" + ConsentParties.Multibase(stranger);
        var tampered = parties.Consent();
        tampered["credentialSubject"]!["provider"] = strangerDid;
        var good = parties.Consent();

        // Act / Assert
        (await parties.RegisterAsync(parties.Consent(edit: c => c.Remove("validUntil")))).AssertProblem(HttpStatusCode.BadRequest, "invalidConsent");
        (await parties.RegisterAsync(parties.Consent(data: ["Nonsense"]))).AssertProblem(HttpStatusCode.BadRequest, "invalidConsent");
        (await parties.RegisterAsync(parties.Consent(purposes: ["WHATEVER"]))).AssertProblem(HttpStatusCode.BadRequest, "invalidConsent");
        (await parties.RegisterAsync(parties.Consent(edit: c => c["credentialSubject"]!["custodian"] = "did:web:localhost:tenants:other"))).AssertProblem(HttpStatusCode.BadRequest, "invalidConsent");
        (await parties.RegisterAsync(parties.Consent(issuer: strangerDid, signer: stranger))).AssertProblem(HttpStatusCode.BadRequest, "consentNotByPatient");
        var strangerSigned = (await parties.RegisterAsync(parties.Consent(signer: stranger))).AssertStatus(HttpStatusCode.BadRequest);
        Assert.AreEqual("application/problem+json", strangerSigned.MediaType);
        Assert.IsNotNull(strangerSigned.Body!["checks"], "A consent that does not verify comes back with its checks.");
        (await parties.RegisterAsync(tampered)).AssertProblem(HttpStatusCode.BadRequest, "invalidProof");
        (await client.PostJsonAsync($"/tenants/{ConsentParties.Tenant}/consents", new JsonObject { ["consent"] = "x" })).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync("/tenants/nowhere/consents", new JsonObject { ["consent"] = good.DeepClone() })).AssertProblem(HttpStatusCode.NotFound, "notFound");
        (await parties.RegisterAsync(good)).AssertStatus(HttpStatusCode.Created);
        (await parties.RegisterAsync(good)).AssertProblem(HttpStatusCode.Conflict, "consentExists");

        // A did:key of the patient's own key may sign for her did:web.
        (await parties.RegisterAsync(parties.Consent(issuer: parties.KeyDid))).AssertStatus(HttpStatusCode.Created);
    }

    [TestMethod]
    public async Task Withdraw_OnlyThePatientWithAFreshChallenge()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        using var stranger = SignatureAlgorithms.Ed25519.GenerateKey();
        var consent = parties.Consent();
        var id = consent["id"]!.GetValue<string>();
        var registration = (await parties.RegisterAsync(consent)).AssertStatus(HttpStatusCode.Created).Body!["registration"]!.AsObject();
        string path = $"/tenants/{ConsentParties.Tenant}/consents/withdraw";

        // Act / Assert: strangers and unknown consents are refused; the patient's did:key withdraws; again is harmless.
        (await parties.WithdrawAsync(id, "did:key:" + ConsentParties.Multibase(stranger), stranger)).AssertProblem(HttpStatusCode.BadRequest, "consentNotByPatient");
        (await parties.WithdrawAsync("urn:uuid:00000000-0000-4000-8000-000000000000")).AssertProblem(HttpStatusCode.NotFound, "notFound");
        (await client.PostJsonAsync(path, new JsonObject { ["consentId"] = id })).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        var proof = await parties.PresentAsync([], parties.KeyDid);
        (await client.PostJsonAsync(path, new JsonObject { ["consentId"] = id, ["holderProof"] = proof.Presentation.DeepClone() })).AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync(path, new JsonObject { ["consentId"] = id, ["holderProof"] = proof.Presentation.DeepClone() })).AssertProblem(HttpStatusCode.BadRequest, "challengeReused");

        // The hospital's signed status list now says the registration is revoked: a verifier elsewhere sees it too.
        var verify = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = registration.DeepClone() });
        verify.AssertStatus(HttpStatusCode.UnprocessableEntity);
        StringAssert.Contains(verify.Text, "credentialRevoked");
    }
}
