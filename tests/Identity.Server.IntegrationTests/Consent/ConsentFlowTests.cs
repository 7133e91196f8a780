using System.Net;
using System.Text.Json.Nodes;
using Hl7.Fhir.Serialization;
using R4 = Hl7.Fhir.Model;

namespace Identity.Server.IntegrationTests.Consent;

/// <summary>The consent a patient controls, end to end through HTTP: grant, permit, withdraw, deny, and the FHIR audit export.</summary>
[TestClass]
public sealed class ConsentFlowTests
{
    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Consent_GrantPermitWithdrawDeny_AndTheAuditExportsAsFhirAuditEvents(Store store)
    {
        // Arrange: alice signs a consent for the provider and the hospital registers it.
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        var consent = parties.Consent();
        var consentId = consent["id"]!.GetValue<string>();

        // Act
        var registered = (await parties.RegisterAsync(consent)).AssertStatus(HttpStatusCode.Created);
        var permitted = (await parties.DecideAsync(consent)).AssertStatus(HttpStatusCode.OK);
        var withdrawn = (await parties.WithdrawAsync(consentId)).AssertStatus(HttpStatusCode.OK);
        var denied = (await parties.DecideAsync(consent)).AssertStatus(HttpStatusCode.OK);
        var export = await client.GetJsonAsync($"/tenants/{ConsentParties.Tenant}/audit?format=fhir&limit=1000", parties.TenantInfo.ApiKey);

        // Assert: the registration is the hospital's countersignature, with a revocation entry; the FHIR Consent parses.
        var registration = registered.Body!["registration"]!.AsObject();
        Assert.AreEqual($"did:web:localhost:tenants:{ConsentParties.Tenant}", registration["issuer"]!.GetValue<string>());
        Assert.IsNotNull(registration["credentialStatus"]);
        var fhirConsent = (R4.Consent)new FhirJsonDeserializer().DeserializeResource(registered.Body["fhirConsent"]!.ToJsonString());
        Assert.AreEqual(R4.Consent.ConsentState.Active, fhirConsent.Status);
        Assert.AreEqual("patient-privacy", fhirConsent.Scope.Coding[0].Code);
        Assert.AreEqual(parties.PatientDid, fhirConsent.Patient!.Identifier!.Value);
        Assert.AreEqual(parties.ProviderDid, fhirConsent.Provision!.Actor[0].Reference!.Identifier!.Value);
        Assert.AreEqual("TREAT", fhirConsent.Provision!.Purpose[0].Code);
        CollectionAssert.AreEquivalent(new[] { "Observation", "Immunization" }, fhirConsent.Provision!.Class.Select(c => c.Code).ToArray());
        Assert.AreEqual("given", registered.Body["consentRecord"]!["state"]!.GetValue<string>());
        Assert.AreEqual("permit", permitted.Body!["decision"]!.GetValue<string>(), permitted.Text);
        Assert.AreEqual(0, permitted.Body["reasons"]!.AsArray().Count);
        Assert.AreEqual("withdrawn", withdrawn.Body!["status"]!.GetValue<string>());
        Assert.AreEqual("deny", denied.Body!["decision"]!.GetValue<string>());
        CollectionAssert.Contains(ConsentParties.ReasonCodes(denied), "consentWithdrawn");

        // The export: a FHIR Bundle of AuditEvents (permit then deny), pseudonymised, read back by Firely.
        export.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("application/fhir+json", export.MediaType);
        var bundle = (R4.Bundle)new FhirJsonDeserializer().DeserializeResource(export.Text);
        var decisions = bundle.Entry.Select(e => e.Resource).OfType<R4.AuditEvent>().Where(a => a.Subtype.Any(s => s.Code == "access.decision")).ToList();
        Assert.HasCount(2, decisions);
        Assert.AreEqual(R4.AuditEvent.AuditEventOutcome.N0, decisions[0].Outcome);
        Assert.AreEqual(R4.AuditEvent.AuditEventOutcome.N4, decisions[1].Outcome);
        StringAssert.Contains(decisions[1].OutcomeDesc, "consentWithdrawn");
        Assert.AreEqual("TREAT", decisions[0].PurposeOfEvent[0].Coding[0].Code);
        Assert.IsTrue(decisions[0].Entity.Any(e => e.What?.Identifier?.Value?.StartsWith("ps1:", StringComparison.Ordinal) == true && e.Role?.Code == "1"));
        Assert.IsTrue(bundle.Entry.Any(e => e.Resource is R4.Provenance), "The registration is recorded as a Provenance.");
        Assert.IsTrue(bundle.Entry.Any(e => e.Resource is R4.AuditEvent { Subtype: [{ Code: "consent.withdrawn" }] }));
        Assert.IsFalse(export.Text.Contains(parties.PatientDid, StringComparison.Ordinal), "No patient identifier in clear.");
        Assert.IsFalse(export.Text.Contains(parties.ProviderDid, StringComparison.Ordinal));
        Assert.IsFalse(export.Text.Contains(consentId, StringComparison.Ordinal));
        Assert.IsNotNull(new FhirJsonDeserializer().DeserializeResource(permitted.Body["auditEvent"]!.ToJsonString()) as R4.AuditEvent);
    }

    [TestMethod]
    public async Task AuditExport_NeedsTheTenantsKey_AndFormatFhir()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await ConsentParties.CreateAsync(client);
        var other = await client.CreateTenantAsync("other");
        string path = $"/tenants/{ConsentParties.Tenant}/audit";

        (await client.GetJsonAsync(path + "?format=fhir")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.GetJsonAsync(path + "?format=fhir", other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.GetJsonAsync(path, parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.GetJsonAsync(path + "?format=fhir&limit=0", parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.GetJsonAsync(path + "?format=fhir&after=-1", parties.TenantInfo.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        var page = await client.GetJsonAsync(path + "?format=fhir&limit=1", parties.TenantInfo.ApiKey);
        var bundle = (R4.Bundle)new FhirJsonDeserializer().DeserializeResource(page.AssertStatus(HttpStatusCode.OK).Text);
        Assert.HasCount(1, bundle.Entry);
        StringAssert.Contains(bundle.Link.Single(l => l.Relation == "next").Url, "after=");
    }
}
