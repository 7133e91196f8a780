using System.Net;
using System.Text.Json.Nodes;
using Identity.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Erasure of a patient (GDPR Art. 17, docs/privacy.md) through <c>POST /tenants/{t}/patients/erase</c>: the tenant's
/// credentials about the DID are revoked first, then their documents, biometric records and the patient DID's keys go;
/// the audit keeps only pseudonymised entries.
/// </summary>
[TestClass]
public sealed class ErasureTests
{
    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Erase_RevokesThenDeletesThePatientsRecords_AndLeavesOthersAlone(Store store)
    {
        // Arrange: a credential, a biometric enrolment and a patient did:web for one patient; a credential for another.
        await using var factory = await IdentityServerFactory.CreateAsync(store, Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        using var bystander = new Scenario.Patient();
        var iris = Biometrics.RandomIris(new Random(5));
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        var binding = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris)))
            .AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
        var kept = await client.IssueAsync(tenant, Scenario.Credential(bystander.Did));
        var didWeb = (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients", new JsonObject { ["id"] = "alice", ["publicKeys"] = new JsonArray(patient.Did["did:key:".Length..]) }, tenant.ApiKey))
            .AssertStatus(HttpStatusCode.Created).Body!["did"]!.GetValue<string>();
        var onDidWeb = await client.IssueAsync(tenant, Scenario.Credential(didWeb));

        // Act
        var erased = (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients/erase", new JsonObject { ["did"] = patient.Did }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.OK);
        var erasedDidWeb = (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients/erase", new JsonObject { ["did"] = didWeb }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.OK);
        var again = (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients/erase", new JsonObject { ["did"] = patient.Did }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.OK);

        // Assert: revoked (copies held elsewhere fail), documents and the biometric record gone, the bystander untouched.
        Assert.AreEqual(2, erased.Body!["credentialsRevoked"]!.GetValue<int>());
        Assert.AreEqual(2, erased.Body["credentialsErased"]!.GetValue<int>());
        Assert.AreEqual(1, erased.Body["biometricRecordsDeleted"]!.GetValue<int>());
        Assert.IsFalse(erased.Body["patientDidErased"]!.GetValue<bool>());
        Assert.IsTrue(erasedDidWeb.Body!["patientDidErased"]!.GetValue<bool>());
        Assert.AreEqual(1, erasedDidWeb.Body["credentialsRevoked"]!.GetValue<int>());
        Assert.AreEqual(0, again.Body!["credentialsErased"]!.GetValue<int>());
        (await client.VerifyAsync(credential)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        (await client.VerifyAsync(onDidWeb)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        (await client.VerifyAsync(kept)).AssertStatus(HttpStatusCode.OK);
        (await Biometrics.VerifyWithCaptureAsync(client, patient, binding, Biometrics.IrisCapture(iris))).AssertStatus(HttpStatusCode.UnprocessableEntity);
        (await client.GetJsonAsync($"/tenants/{tenant.Id}/patients/alice/did.json")).AssertProblem(HttpStatusCode.Gone, "didDeactivated");
        var stores = factory.Services.GetRequiredService<IIdentityStore>();
        foreach (var gone in new[] { credential, binding, onDidWeb })
        {
            var row = await stores.GetCredentialAsync(tenant.Id, gone["id"]!.GetValue<string>());
            Assert.AreEqual(string.Empty, row!.Document);
            Assert.IsTrue(row.Revoked);
        }

        var recordId = binding["credentialSubject"]!["biometricBinding"]!["recordId"]!.GetValue<string>();
        Assert.IsNull(await stores.GetBiometricRecordAsync(tenant.Id, recordId));
        Assert.IsTrue((await stores.GetPatientDidAsync(tenant.Id, "alice"))!.PublicKeys.IsEmpty);
        StringAssert.StartsWith((await stores.GetCredentialAsync(tenant.Id, kept["id"]!.GetValue<string>()))!.Document, "enc1:");
        var search = (await client.PostJsonAsync($"/tenants/{tenant.Id}/audit/search", new JsonObject { ["subject"] = patient.Did }, tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        CollectionAssert.Contains(search.Body!["entries"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList(), "patient.erased");
        Assert.AreEqual(erased.Body["subject"]!.GetValue<string>(), search.Body["subject"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Erase_IsTheOperators_AndRefusesMalformedDids()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var path = $"/tenants/{tenant.Id}/patients/erase";

        (await client.PostJsonAsync(path, new JsonObject { ["did"] = "did:example:p" })).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync(path, new JsonObject { ["did"] = "did:example:p" }, tenant.ApiKey)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync(path, new JsonObject { ["did"] = "not a did" }, IdentityServerFactory.AdminKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidDid");
        (await client.PostJsonAsync(path, new JsonObject(), IdentityServerFactory.AdminKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidDid");
        (await client.PostJsonAsync("/tenants/nobody/patients/erase", new JsonObject { ["did"] = "did:example:p" }, IdentityServerFactory.AdminKey))
            .AssertProblem(HttpStatusCode.NotFound, "notFound");
    }
}
