// FHIR R4 content in W3C credentials through POST /tenants/{t}/credentials/issue: validated at issuance, typed by schema.
using System.Net;
using System.Text.Json.Nodes;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class FhirCredentialTests
{
    [TestMethod]
    [DataRow("FhirPatientIdentityCredential", "fhirResource", "Patient")]
    [DataRow("FhirImmunizationCredential", "fhirBundle", "Bundle")]
    [DataRow("FhirLabResultCredential", "fhirResource", "Observation")]
    public async Task Issue_FhirTypes_CarryTheirSchemaAndVerify(string type, string member, string resourceType)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("fhir-" + type.ToLowerInvariant()[..8]);
        JsonObject content = resourceType switch
        {
            "Patient" => FhirFixtures.Patient(),
            "Bundle" => FhirFixtures.ImmunizationBundle(),
            _ => FhirFixtures.Observation(),
        };

        // Act
        var issued = await client.IssueAsync(tenant, Credential(type, member, content));
        var verdict = await client.VerifyAsync(issued);

        // Assert
        Assert.AreEqual($"https://identity.example/schemas/credentials/{type}.schema.json", issued["credentialSchema"]!["id"]!.GetValue<string>());
        Assert.AreEqual(resourceType, issued["credentialSubject"]![member]!["resourceType"]!.GetValue<string>());
        verdict.AssertStatus(HttpStatusCode.OK);
        var schemaCheck = verdict.Body!["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "credentialSchema")!;
        Assert.AreEqual("passed", schemaCheck["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Issue_InvalidFhir_400NamingTheFhirPaths()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("fhir-invalid");
        var patient = FhirFixtures.Patient();
        patient["birthDate"] = 1980;
        var immunizations = FhirFixtures.ImmunizationBundle();
        immunizations["entry"]![2]!["resource"]!.AsObject().Remove("vaccineCode");

        var badPatient = (await Issue(client, tenant, Credential("FhirPatientIdentityCredential", "fhirResource", patient))).AssertProblem(HttpStatusCode.BadRequest, "invalidFhir");
        var badBundle = (await Issue(client, tenant, Credential("FhirImmunizationCredential", "fhirBundle", immunizations))).AssertProblem(HttpStatusCode.BadRequest, "invalidFhir");

        StringAssert.Contains(badPatient.Body!["detail"]!.GetValue<string>(), "credentialSubject.fhirResource: ");
        StringAssert.Contains(badPatient.Body!["detail"]!.GetValue<string>(), "Patient.birthDate");
        StringAssert.Contains(badBundle.Body!["detail"]!.GetValue<string>(), "Bundle.entry[2].resource");
        StringAssert.Contains(badBundle.Body!["detail"]!.GetValue<string>(), "vaccineCode");
    }

    [TestMethod]
    public async Task Issue_BadFhirCredentials_4xxWithStableCodes()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("fhir-bad");
        var oldVersion = Credential("FhirPatientIdentityCredential", "fhirResource", FhirFixtures.Patient());
        oldVersion["credentialSubject"]!["fhirVersion"] = "3.0.2";
        var both = Credential("FhirLabResultCredential", "fhirResource", FhirFixtures.Observation());
        both["credentialSubject"]!["fhirBundle"] = FhirFixtures.ImmunizationBundle(1);
        var cases = new (JsonObject Credential, string Code)[]
        {
            (Credential("FhirLabResultCredential", "fhirResource", FhirFixtures.Patient()), "schemaViolation"),
            (Credential("FhirPatientIdentityCredential", "fhirResource", FhirFixtures.Observation()), "schemaViolation"),
            (Credential("FhirImmunizationCredential", "fhirBundle", FhirFixtures.Patient()), "invalidFhir"),
            (oldVersion, "invalidFhir"),
            (both, "invalidFhir"),
            (Credential("FhirImmunizationCredential", "fhirBundle", FhirFixtures.ImmunizationBundle(120)), "fhirTooLarge"),
            (Credential("FhirLabResultCredential", "fhirResource", new JsonObject { ["resourceType"] = "Starship" }), "invalidFhir"),
            (Credential("VerifiableCredential", "fhirResource", new JsonObject { ["resourceType"] = "Starship" }), "invalidFhir"),
        };

        foreach (var (credential, code) in cases)
        {
            (await Issue(client, tenant, credential)).AssertProblem(HttpStatusCode.BadRequest, code);
        }
    }

    internal static JsonObject Credential(string type, string member, JsonObject content) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/undefined-terms/v2"),
        ["type"] = type == "VerifiableCredential" ? new JsonArray("VerifiableCredential") : new JsonArray("VerifiableCredential", type),
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = "did:example:patient-7",
            ["fhirVersion"] = "4.0.1",
            [member] = content,
        },
    };

    private static Task<ApiResponse> Issue(HttpClient client, Scenario.Tenant tenant, JsonObject credential) =>
        client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue", new JsonObject { ["credential"] = credential }, tenant.ApiKey);
}
