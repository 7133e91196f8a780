using System.Net;
using System.Text;
using Hl7.Fhir.Serialization;
using Identity.Server.IntegrationTests.Consent;
using Microsoft.Extensions.DependencyInjection;
using R4 = Hl7.Fhir.Model;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>A provider reads a patient's readings back as FHIR only with the token of a permit; every read is audited.</summary>
[TestClass]
public sealed class ObservationReadTests
{
    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Read_ConsentedProvider_GetsObservationsWithProvenance_AndTheReadIsAudited(Store store)
    {
        // Arrange: alice's CGM is bound and sends three readings; she consents to her provider reading laboratory results.
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        using var consent = await ConsentParties.CreateAsync(client);
        using var device = MonitoringParties.For(consent);
        await device.BindAsync();
        var jws = device.Sign(MonitoringParties.Bundle([device.Glucose(1, 95), device.Glucose(2, 64), device.Glucose(3, 6.1m, "mmol/L", code: "15074-8")]));
        Assert.AreEqual(3, (await device.PostAsync(jws)).AssertStatus(HttpStatusCode.OK).Body!["accepted"]!.GetValue<int>());
        var registered = consent.Consent(data: ["Observation:laboratory"]);
        (await consent.RegisterAsync(registered)).AssertStatus(HttpStatusCode.Created);
        var permit = (await consent.DecideAsync(registered, data: ["Observation:laboratory"])).AssertStatus(HttpStatusCode.OK);
        var token = permit.Body!["accessToken"]!.GetValue<string>();
        string path = $"/tenants/{ConsentParties.Tenant}/patients/{Uri.EscapeDataString(consent.PatientDid)}/observations";

        // Act
        var all = await client.GetJsonAsync(path, token);
        var glucoseMass = await client.GetJsonAsync(path + "?code=2339-0", token);
        var byId = await client.GetJsonAsync($"/tenants/{ConsentParties.Tenant}/patients/alice/observations?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"))}", token);
        await factory.Services.GetRequiredService<Audit.AuditWriter>().FlushAsync(CancellationToken.None);
        var audit = await client.GetJsonAsync($"/tenants/{ConsentParties.Tenant}/audit?format=fhir&limit=1000", consent.TenantInfo.ApiKey);

        // Assert: valid FHIR; three Observations and the batch's Provenance carrying the device's JWS byte for byte.
        Assert.AreEqual("application/fhir+json", all.AssertStatus(HttpStatusCode.OK).MediaType);
        var bundle = (R4.Bundle)new FhirJsonDeserializer().DeserializeResource(all.Text);
        Assert.AreEqual(R4.Bundle.BundleType.Searchset, bundle.Type);
        var observations = bundle.Entry.Select(e => e.Resource).OfType<R4.Observation>().ToList();
        var provenance = bundle.Entry.Select(e => e.Resource).OfType<R4.Provenance>().Single();
        Assert.AreEqual(3, observations.Count);
        Assert.AreEqual(3, provenance.Target.Count);
        Assert.AreEqual(device.DeviceDid, provenance.Agent.Single().Who!.Identifier!.Value);
        Assert.AreEqual(jws, Encoding.ASCII.GetString(provenance.Signature.Single().Data!));
        Assert.AreEqual(consent.PatientDid, observations[0].Subject!.Identifier!.Value);
        Assert.AreEqual(2, ((R4.Bundle)new FhirJsonDeserializer().DeserializeResource(glucoseMass.AssertStatus(HttpStatusCode.OK).Text)).Entry.Select(e => e.Resource).OfType<R4.Observation>().Count(), glucoseMass.Text);
        Assert.AreEqual(0, ((R4.Bundle)new FhirJsonDeserializer().DeserializeResource(byId.AssertStatus(HttpStatusCode.OK).Text)).Total, "since excludes readings taken before it");
        var reads = ((R4.Bundle)new FhirJsonDeserializer().DeserializeResource(audit.AssertStatus(HttpStatusCode.OK).Text)).Entry
            .Select(e => e.Resource).OfType<R4.AuditEvent>().Where(a => a.Subtype.Any(s => s.Code == "observations.read")).ToList();
        Assert.AreEqual(3, reads.Count);
        Assert.IsTrue(reads.All(r => r.Action == R4.AuditEvent.AuditEventAction.R && r.Outcome == R4.AuditEvent.AuditEventOutcome.N0));
        Assert.IsTrue(reads.All(r => r.PurposeOfEvent.Single().Coding.Single().Code == "TREAT"));
        Assert.IsFalse(audit.Text.Contains(consent.PatientDid, StringComparison.Ordinal), "the audit names the patient by pseudonym only");
    }

    [TestMethod]
    public async Task Read_TokenScope_CategoryWithdrawalPatientIdAndSince_RefusedOrRejected()
    {
        // Arrange: alice's CGM sends glucose (a laboratory result); her consent covers vital signs and laboratory results,
        // the provider asks once for vital signs only and once for both.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var consent = await ConsentParties.CreateAsync(client);
        using var device = MonitoringParties.For(consent);
        await device.BindAsync();
        (await device.SendAsync(device.Glucose(1))).AssertStatus(HttpStatusCode.OK);
        var registered = consent.Consent(data: ["Observation:vital-signs", "Observation:laboratory"]);
        (await consent.RegisterAsync(registered)).AssertStatus(HttpStatusCode.Created);
        string vitalOnly = (await consent.DecideAsync(registered, data: ["Observation:vital-signs"])).AssertStatus(HttpStatusCode.OK).Body!["accessToken"]!.GetValue<string>();
        string both = (await consent.DecideAsync(registered, data: ["Observation:vital-signs", "Observation:laboratory"])).AssertStatus(HttpStatusCode.OK).Body!["accessToken"]!.GetValue<string>();
        string path = $"/tenants/{ConsentParties.Tenant}/patients/alice/observations";

        // Act
        var vitalAll = await client.GetJsonAsync(path, vitalOnly);
        var vitalGlucose = await client.GetJsonAsync(path + "?code=2339-0", vitalOnly);
        var badId = await client.GetJsonAsync($"/tenants/{ConsentParties.Tenant}/patients/al%20ice/observations", both);
        var localSince = await client.GetJsonAsync(path + "?since=2026-01-01T00:00:00", both);
        var trailing = await client.GetJsonAsync(path + "?since=" + Uri.EscapeDataString("2026-01-01T00:00:00Z\n"), both);
        var before = await client.GetJsonAsync(path, both);
        (await consent.WithdrawAsync(registered["id"]!.GetValue<string>())).AssertStatus(HttpStatusCode.OK);
        var after = await client.GetJsonAsync(path, both);

        // Assert: vital signs do not include glucose; a withdrawal ends the token's reads; bad input is a 4xx, not a 500.
        Assert.AreEqual(0, vitalAll.AssertStatus(HttpStatusCode.OK).Body!["total"]!.GetValue<int>());
        vitalGlucose.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
        badId.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
        localSince.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        trailing.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        Assert.AreEqual(1, before.AssertStatus(HttpStatusCode.OK).Body!["total"]!.GetValue<int>());
        after.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
    }

    [TestMethod]
    public async Task Read_WithoutAPermitForThisPatientAndData_IsRefused()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var consent = await ConsentParties.CreateAsync(client);
        using var device = MonitoringParties.For(consent);
        await device.BindAsync();
        (await device.SendAsync(device.Glucose(1))).AssertStatus(HttpStatusCode.OK);
        var labOnly = consent.Consent(data: ["Immunization"]);
        (await consent.RegisterAsync(labOnly)).AssertStatus(HttpStatusCode.Created);
        var permitForImmunizations = await consent.DecideAsync(labOnly, data: ["Immunization"]);
        var deny = await consent.DecideAsync(labOnly, data: ["Observation:vital-signs"]);
        (await client.PostJsonAsync($"/tenants/{ConsentParties.Tenant}/patients", new System.Text.Json.Nodes.JsonObject { ["id"] = "bob", ["publicKeys"] = new System.Text.Json.Nodes.JsonArray(ConsentParties.Multibase(consent.ProviderKey)) }, consent.TenantInfo.ApiKey)).AssertStatus(HttpStatusCode.Created);
        string path = $"/tenants/{ConsentParties.Tenant}/patients/alice/observations";

        // Act
        var anonymous = await client.GetJsonAsync(path);
        var apiKey = await client.GetJsonAsync(path, consent.TenantInfo.ApiKey);
        var made = await client.GetJsonAsync(path, "not-a-token");
        var wrongData = await client.GetJsonAsync(path, permitForImmunizations.Body!["accessToken"]!.GetValue<string>());
        var otherPatient = await client.GetJsonAsync($"/tenants/{ConsentParties.Tenant}/patients/bob/observations", permitForImmunizations.Body!["accessToken"]!.GetValue<string>());

        // Assert
        Assert.AreEqual("deny", deny.AssertStatus(HttpStatusCode.OK).Body!["decision"]!.GetValue<string>());
        Assert.IsNull(deny.Body!["accessToken"], "a deny carries no token");
        anonymous.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
        apiKey.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
        made.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
        wrongData.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
        otherPatient.AssertProblem(HttpStatusCode.Forbidden, "accessNotPermitted");
    }
}
