using System.Net;
using System.Text.Json.Nodes;
using Identity.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The audit log names patients only by the tenant's keyed pseudonym (docs/privacy.md): no DID, name or claim in clear,
/// and the tenant finds a patient's entries through <c>POST /tenants/{t}/audit/search</c> with the DID.
/// </summary>
[TestClass]
public sealed class AuditMinimisationTests
{
    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Audit_HoldsNoPatientIdentifier_AndTheTenantFindsThePatientsEntriesByDid(Store store)
    {
        // Arrange: issue to a patient, revoke, register a patient did:web, and verify a presentation.
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var other = await client.CreateTenantAsync("st-johns");
        using var patient = new Scenario.Patient();
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        var revocable = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        await client.SetStatusAsync(tenant, revocable, "revocation", true);
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients", new JsonObject { ["id"] = "alice", ["publicKeys"] = new JsonArray(patient.Did["did:key:".Length..]) }, tenant.ApiKey))
            .AssertStatus(HttpStatusCode.Created);
        var challenge = (await client.PostJsonAsync("/challenges", null)).Body!;
        (await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = patient.Present([credential], challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>()),
            ["options"] = new JsonObject { ["challenge"] = challenge["challenge"]!.DeepClone(), ["domain"] = challenge["domain"]!.DeepClone() },
        })).AssertStatus(HttpStatusCode.OK);

        // Act
        var found = (await client.PostJsonAsync($"/tenants/{tenant.Id}/audit/search", new JsonObject { ["subject"] = patient.Did }, tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        var byCredential = (await client.PostJsonAsync($"/tenants/{tenant.Id}/audit/search", new JsonObject { ["subject"] = revocable["id"]!.DeepClone() }, tenant.ApiKey))
            .AssertStatus(HttpStatusCode.OK);
        var elsewhere = (await client.PostJsonAsync($"/tenants/{other.Id}/audit/search", new JsonObject { ["subject"] = patient.Did }, other.ApiKey)).AssertStatus(HttpStatusCode.OK);
        var entries = await factory.Services.GetRequiredService<IIdentityStore>().ReadAuditAsync(0, 10_000);

        // Assert: nothing in clear, yet the tenant's search by DID finds the issuances and the verification.
        var patientDidWeb = "did:web:localhost:tenants:st-marys:patients:alice";
        foreach (var entry in entries.Select(e => e.Entry))
        {
            var text = $"{entry.Action} {entry.Subject} {entry.Outcome}";
            Assert.IsFalse(text.Contains(patient.Did, StringComparison.Ordinal) || text.Contains(patientDidWeb, StringComparison.Ordinal) || text.Contains("AB-negative", StringComparison.Ordinal), text);
            Assert.IsFalse(entry.Subject?.Contains("urn:uuid:", StringComparison.Ordinal) == true, text);
        }

        var subject = found.Body!["subject"]!.GetValue<string>();
        StringAssert.StartsWith(subject, "ps1:");
        var actions = found.Body["entries"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        CollectionAssert.AreEqual(new[] { "credential.issued", "credential.issued", "presentation.verified" }, actions);
        CollectionAssert.AreEqual(new[] { "credential.revocation" }, byCredential.Body!["entries"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList());
        Assert.AreNotEqual(subject, elsewhere.Body!["subject"]!.GetValue<string>());
        Assert.AreEqual(0, elsewhere.Body["entries"]!.AsArray().Count);
        Assert.IsTrue(entries.Any(e => e.Entry.Action == "patient.did.created" && e.Entry.Subject!.StartsWith("ps1:", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task AuditSearch_RefusesStrangersAndMalformedQueries()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var other = await client.CreateTenantAsync("st-johns");
        var path = $"/tenants/{tenant.Id}/audit/search";

        (await client.PostJsonAsync(path, new JsonObject { ["subject"] = "did:example:p" })).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync(path, new JsonObject { ["subject"] = "did:example:p" }, other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.PostJsonAsync(path, new JsonObject { ["subject"] = "did:example:p" }, IdentityServerFactory.AdminKey)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync(path, new JsonObject(), tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, new JsonObject { ["subject"] = new string('x', 2049) }, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, new JsonObject { ["subject"] = "did:example:p", ["limit"] = 1001 }, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, new JsonObject { ["subject"] = "did:example:p", ["after"] = -1 }, tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }
}
