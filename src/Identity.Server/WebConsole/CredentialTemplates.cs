using System.Text.Json.Nodes;
using Identity.Server.Biometrics;

namespace Identity.Server.WebConsole;

/// <summary>
/// The credentials the console issues from a form: the fields an operator fills in, turned into the unsigned credential
/// that <see cref="Credentials.IssuanceService"/> checks, signs and stores like any API request.
/// </summary>
internal static class CredentialTemplates
{
    /// <summary>A PatientIdentityCredential (schemas/credentials/PatientIdentityCredential.schema.json) for the patient's DID.</summary>
    public static JsonObject PatientIdentity(PatientIdentityFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var subject = new JsonObject { ["id"] = fields.SubjectDid };
        Add(subject, "patientId", fields.PatientId);
        Add(subject, "givenName", fields.GivenName);
        Add(subject, "familyName", fields.FamilyName);
        Add(subject, "birthDate", fields.BirthDate);
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", EnrollmentService.HealthContext),
            ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
            ["credentialSubject"] = subject,
        };
        if (!string.IsNullOrWhiteSpace(fields.ValidUntil))
        {
            credential["validUntil"] = fields.ValidUntil.Trim() + "T23:59:59Z";
        }

        return credential;
    }

    private static void Add(JsonObject subject, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            subject[name] = value.Trim();
        }
    }
}

/// <summary>The fields of the PatientIdentityCredential form (blank optional fields are left out).</summary>
internal sealed class PatientIdentityFields
{
    public string? SubjectDid { get; set; }

    public string? PatientId { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? BirthDate { get; set; }

    public string? ValidUntil { get; set; }
}
