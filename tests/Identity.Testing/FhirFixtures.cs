using System.Text.Json.Nodes;

namespace Identity.Testing;

/// <summary>Small FHIR R4 payloads written for these tests: a patient, an immunization bundle, a lab result.</summary>
public static class FhirFixtures
{
    public static JsonObject Patient(string family = "Doe") => new()
    {
        ["resourceType"] = "Patient",
        ["id"] = "p1",
        ["meta"] = new JsonObject { ["versionId"] = "3" },
        ["text"] = new JsonObject { ["status"] = "generated", ["div"] = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Jane Doe</div>" },
        ["name"] = new JsonArray(new JsonObject { ["family"] = family, ["given"] = new JsonArray("Jane", "Q.") }),
        ["gender"] = "female",
        ["birthDate"] = "1980-04-02",
    };

    public static JsonObject Immunization(string patientReference = "Patient/p1", string date = "2021-03-01") => new()
    {
        ["resourceType"] = "Immunization",
        ["id"] = "imm-" + date,
        ["status"] = "completed",
        ["vaccineCode"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://hl7.org/fhir/sid/cvx", ["code"] = "208", ["display"] = "COVID-19 mRNA" }),
            ["text"] = "COVID-19 vaccine",
        },
        ["patient"] = new JsonObject { ["reference"] = patientReference },
        ["occurrenceDateTime"] = date,
        ["performer"] = new JsonArray(new JsonObject { ["actor"] = new JsonObject { ["display"] = "General Hospital" } }),
        ["lotNumber"] = "LOT-" + date,
    };

    public static JsonObject Observation(string patientReference = "Patient/p1") => new()
    {
        ["resourceType"] = "Observation",
        ["id"] = "obs1",
        ["status"] = "final",
        ["code"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "94558-4", ["display"] = "SARS-CoV-2 Ag" }),
        },
        ["subject"] = new JsonObject { ["reference"] = patientReference },
        ["effectiveDateTime"] = "2021-02-17",
        ["valueCodeableConcept"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://snomed.info/sct", ["code"] = "260385009" }),
        },
    };

    /// <summary>A collection Bundle: the patient then <paramref name="immunizations"/> doses, with server-style ids and fullUrls.</summary>
    public static JsonObject ImmunizationBundle(int immunizations = 2)
    {
        var entries = new JsonArray(new JsonObject { ["fullUrl"] = "https://ehr.example/fhir/Patient/p1", ["resource"] = Patient() });
        for (int i = 0; i < immunizations; i++)
        {
            entries.Add(new JsonObject
            {
                ["fullUrl"] = $"https://ehr.example/fhir/Immunization/{i}",
                ["resource"] = Immunization(date: $"2021-0{1 + (i % 9)}-1{i % 10}"),
            });
        }

        return new JsonObject { ["resourceType"] = "Bundle", ["id"] = "b1", ["type"] = "collection", ["entry"] = entries };
    }
}
