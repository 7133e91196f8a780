using System.Text.Json.Nodes;
using Identity.Credentials.Schemas;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Schemas;

[TestClass]
public sealed class CredentialSchemaRegistryTests
{
    private const string BindingSchemaId = "https://identity.example/schemas/credentials/BiometricBindingCredential.schema.json";
    private const string PatientSchemaId = "https://identity.example/schemas/credentials/PatientIdentityCredential.schema.json";

    private static readonly CredentialSchemaRegistry s_registry =
        CredentialSchemaRegistry.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "credentials"));

    private static JsonObject BindingCredential() => JsonNode.Parse("""
        {"@context":["https://www.w3.org/ns/credentials/v2","https://identity.example/ns/health/v1"],
         "type":["VerifiableCredential","BiometricBindingCredential"],"issuer":"did:web:hospital.example",
         "credentialSchema":{"id":"https://identity.example/schemas/credentials/BiometricBindingCredential.schema.json","type":"JsonSchema"},
         "credentialSubject":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
           "biometricBinding":{"type":"BiometricTemplateProtection2024","scheme":"fcs-bch2047-67-argon2id-v1","modality":"iris",
             "recordId":"urn:uuid:6f1c2a52-9e1d-4a7e-9d7c-2b1f0c7e5a11","recordDigest":"uEiDqJmVz0rS6m7cHn1H7cT1lCwqDuQFzV9Xx5s3wQb1Y2A"}}}
        """)!.AsObject();

    private static JsonObject Entry(string id) => new() { ["id"] = id, ["type"] = "JsonSchema" };

    [TestMethod]
    public void LoadFrom_ShippedSchemas_LoadsEveryOne() =>
        CollectionAssert.AreEquivalent(
            new[] { BindingSchemaId, PatientSchemaId }.Concat(
                new[] { "FhirPatientIdentityCredential", "FhirImmunizationCredential", "FhirLabResultCredential" }
                    .Select(type => $"https://identity.example/schemas/credentials/{type}.schema.json")).ToArray(),
            s_registry.SchemaIds.ToArray());

    [TestMethod]
    public void Validate_ValidBindingCredential_NoErrors() =>
        Assert.AreEqual(0, s_registry.Validate(BindingCredential(), Entry(BindingSchemaId)).Count);

    [TestMethod]
    public void Validate_ValidPatientCredential_NoErrors()
    {
        JsonObject credential = JsonNode.Parse("""
            {"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","PatientIdentityCredential"],
             "issuer":"did:web:hospital.example","credentialSubject":{"id":"did:example:patient","birthDate":"1980-02-29"}}
            """)!.AsObject();

        Assert.AreEqual(0, s_registry.Validate(credential, Entry(PatientSchemaId)).Count);
    }

    [TestMethod]
    public void Validate_MissingRequired_SchemaViolationWithPath()
    {
        JsonObject credential = BindingCredential();
        credential["credentialSubject"]!["biometricBinding"]!.AsObject().Remove("recordDigest");

        IReadOnlyList<Error> errors = s_registry.Validate(credential, Entry(BindingSchemaId));

        Assert.AreEqual(ErrorCodes.SchemaViolation, errors.Single().Code);
        StringAssert.Contains(errors[0].Detail, "recordDigest");
    }

    [TestMethod]
    public void Validate_WrongEnum_SchemaViolationWithoutTheValue()
    {
        JsonObject credential = BindingCredential();
        credential["credentialSubject"]!["biometricBinding"]!["modality"] = "fingerprint-SECRET";

        IReadOnlyList<Error> errors = s_registry.Validate(credential, Entry(BindingSchemaId));

        Assert.AreEqual(ErrorCodes.SchemaViolation, errors.Single().Code);
        StringAssert.Contains(errors[0].Detail, "modality");
        Assert.IsFalse(errors[0].Detail.Contains("SECRET", StringComparison.Ordinal), errors[0].Detail);
    }

    [TestMethod]
    public void Validate_HelperDataInBinding_Rejected()
    {
        JsonObject credential = BindingCredential();
        credential["credentialSubject"]!["biometricBinding"]!["helper"] = "SECRET-helper-data";

        IReadOnlyList<Error> errors = s_registry.Validate(credential, Entry(BindingSchemaId));

        Assert.IsTrue(errors.Count > 0 && errors.All(e => e.Code == ErrorCodes.SchemaViolation));
        Assert.IsFalse(errors.Any(e => e.Detail.Contains("SECRET", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Validate_UnknownSchemaId_SchemaNotFound() =>
        Assert.AreEqual(ErrorCodes.SchemaNotFound, s_registry.Validate(BindingCredential(), Entry("https://elsewhere.example/s.json")).Single().Code);

    [TestMethod]
    public void Validate_UnsupportedSchemaType_SchemaNotFound()
    {
        JsonObject entry = Entry(BindingSchemaId);
        entry["type"] = "JsonSchemaValidator2018";

        Assert.AreEqual(ErrorCodes.SchemaNotFound, s_registry.Validate(BindingCredential(), entry).Single().Code);
    }

    [TestMethod]
    public void Validate_MissingRequired_DetailIsThePointerTheKeywordAndTheSchemaName()
    {
        JsonObject credential = BindingCredential();
        credential["credentialSubject"]!["biometricBinding"]!.AsObject().Remove("recordDigest");

        Assert.AreEqual("/credentialSubject/biometricBinding: required (recordDigest)", s_registry.Validate(credential, Entry(BindingSchemaId)).Single().Detail);
    }

    [TestMethod]
    public void Validate_PatternViolation_NamesTheLocationAndKeywordOnly()
    {
        JsonObject credential = BindingCredential();
        credential["credentialSubject"]!["id"] = "not-a-did SECRET";

        Error error = s_registry.Validate(credential, Entry(BindingSchemaId)).Single();

        Assert.AreEqual("/credentialSubject/id: pattern", error.Detail);
    }

    [TestMethod]
    public void Validate_EveryViolation_IsReported()
    {
        JsonObject credential = BindingCredential();
        credential.Remove("issuer");
        credential["credentialSubject"]!["biometricBinding"]!["modality"] = "voice";

        CollectionAssert.AreEquivalent(
            new[] { "/: required (issuer)", "/credentialSubject/biometricBinding/modality: enum" },
            s_registry.Validate(credential, Entry(BindingSchemaId)).Select(e => e.Detail).ToArray());
    }

    [TestMethod]
    public void Validate_MemberNestedDeeperThanTheParserDefault_IsEvaluatedNotThrown()
    {
        JsonObject credential = BindingCredential();
        JsonNode deep = JsonValue.Create("leaf");
        for (int i = 0; i < 200; i++)
        {
            deep = new JsonArray(deep);
        }

        credential["evidence"] = deep;

        Assert.AreEqual(0, s_registry.Validate(credential, Entry(BindingSchemaId)).Count);
    }

    [TestMethod]
    public async Task LoadFrom_ManyRegistriesAtOnce_EachLoadsAndValidates()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "schemas", "credentials");

        var registries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => CredentialSchemaRegistry.LoadFrom(directory))));

        foreach (var registry in registries)
        {
            Assert.AreEqual(0, registry.Validate(BindingCredential(), Entry(BindingSchemaId)).Count);
        }
    }

    [TestMethod]
    [DataRow("""{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://x.example/r.json","$ref":"https://x.example/other.json"}""")]
    [DataRow("""{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://x.example/r.json","properties":{"a":{"$ref":"other.json#/$defs/a"}}}""")]
    [DataRow("""{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://x.example/r.json","type":"object"}""")]
    [DataRow("""{"$id":"https://x.example/r.json","type":"object"}""")]
    [DataRow("""{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"relative.json","type":"object"}""")]
    public void LoadFrom_RemoteReferenceOtherDialectOrRelativeId_Refused(string schema)
    {
        string directory = Directory.CreateTempSubdirectory("schemas").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "Bad.schema.json"), schema);

            Assert.ThrowsExactly<InvalidDataException>(() => CredentialSchemaRegistry.LoadFrom(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
