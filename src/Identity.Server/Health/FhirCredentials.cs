// References: HL7 FHIR R4 (4.0.1), https://hl7.org/fhir/R4/ ; SMART Health Cards credential modelling (fhirVersion +
//   fhirBundle in credentialSubject), https://spec.smarthealth.cards/credential-modeling/ ; VC DM 2.0 §5.4 (credentialSchema)
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Identity.Credentials.Schemas;
using Identity.HealthCards.Fhir;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.Health;

/// <summary>
/// The FHIR side of issuing a credential: a subject carrying <c>fhirVersion</c> with a <c>fhirResource</c> or
/// <c>fhirBundle</c> must be FHIR R4 that the Firely validator accepts (<c>invalidFhir</c> names the FHIR paths); a
/// credential of a FHIR type (<c>FhirPatientIdentityCredential</c>, <c>FhirImmunizationCredential</c>,
/// <c>FhirLabResultCredential</c>) gets its type's <c>credentialSchema</c> and must conform to it (<c>schemaViolation</c>).
/// </summary>
internal sealed class FhirCredentials(FhirValidator fhir, CredentialSchemaRegistry schemas)
{
    public const string FhirVersionR4 = "4.0.1";
    private const string SchemaBase = "https://identity.example/schemas/credentials/";
    private const int MaxSubjects = 4;

    public static readonly FrozenSet<string> Types = FrozenSet.Create(StringComparer.Ordinal, "FhirPatientIdentityCredential", "FhirImmunizationCredential", "FhirLabResultCredential");

    /// <summary>Checks (and, for a FHIR type without one, adds the <c>credentialSchema</c> of) <paramref name="credential"/>; null when it may be issued.</summary>
    public Error? Check(JsonObject credential)
    {
        var type = (credential["type"] as JsonArray)?.Select(JsonText.String).FirstOrDefault(t => t is not null && Types.Contains(t));
        var subjects = credential["credentialSubject"] switch
        {
            JsonObject one => [one],
            JsonArray many => many.OfType<JsonObject>().ToList(),
            _ => new List<JsonObject>(),
        };
        var carriers = subjects.Where(s => s.ContainsKey("fhirVersion") || s.ContainsKey("fhirResource") || s.ContainsKey("fhirBundle")).ToList();
        if (carriers.Count > MaxSubjects)
        {
            return new Error(ErrorCodes.FhirTooLarge, $"At most {MaxSubjects} subjects may carry FHIR content.");
        }

        foreach (var subject in carriers)
        {
            if (CheckSubject(subject) is { } invalid)
            {
                return invalid;
            }
        }

        if (type is null)
        {
            return null;
        }

        var entry = new JsonObject { ["id"] = $"{SchemaBase}{type}.schema.json", ["type"] = CredentialSchemaRegistry.JsonSchemaType };
        if (!credential.ContainsKey("credentialSchema"))
        {
            credential["credentialSchema"] = entry;
        }

        var violations = schemas.Validate(credential, entry);
        return violations.Count > 0
            ? new Error(ErrorCodes.SchemaViolation, $"The {type} does not match its schema: {string.Join("; ", violations.Take(5).Select(v => v.Detail))}.")
            : null;
    }

    private Error? CheckSubject(JsonObject subject)
    {
        if (JsonText.String(subject["fhirVersion"]) != FhirVersionR4)
        {
            return new Error(ErrorCodes.InvalidFhir, $"credentialSubject.fhirVersion must be \"{FhirVersionR4}\" (FHIR R4) when the subject carries FHIR content.");
        }

        bool hasResource = subject.ContainsKey("fhirResource"), hasBundle = subject.ContainsKey("fhirBundle");
        if (hasResource == hasBundle || (subject["fhirResource"] ?? subject["fhirBundle"]) is not JsonObject content)
        {
            return new Error(ErrorCodes.InvalidFhir, "credentialSubject must carry exactly one of fhirResource or fhirBundle, as a JSON object.");
        }

        if (hasBundle && JsonText.String(content["resourceType"]) != "Bundle")
        {
            return new Error(ErrorCodes.InvalidFhir, "credentialSubject.fhirBundle must be a FHIR Bundle (resourceType \"Bundle\").");
        }

        var report = fhir.Validate(content);
        return report.IsValid
            ? null
            : report.Error! with { Detail = $"credentialSubject.{(hasBundle ? "fhirBundle" : "fhirResource")}: {report.Error!.Detail}" };
    }
}
