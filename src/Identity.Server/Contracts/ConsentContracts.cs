using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{tenant}/consents</c>.</summary>
[Description("A ConsentCredential the patient issued and signed (docs/health.md): issuer and `credentialSubject.id` the patient, `credentialSubject.custodian` this hospital, `provider`, `data`, `purpose`, and `validUntil`.")]
[Example("""{"consent":{"@context":["https://www.w3.org/ns/credentials/v2","https://identity.example/ns/consent/v1"],"id":"urn:uuid:0b9e4b7e-3c55-4d7c-9a1e-6f3b2d1c0a99","type":["VerifiableCredential","ConsentCredential"],"issuer":"did:web:localhost%3A5080:tenants:st-marys:patients:alice","validUntil":"2027-06-30T00:00:00Z","credentialSubject":{"id":"did:web:localhost%3A5080:tenants:st-marys:patients:alice","custodian":"did:web:localhost%3A5080:tenants:st-marys","provider":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","data":["Observation:laboratory","Immunization"],"purpose":["TREAT"]}}}""")]
internal sealed record ConsentRegistrationRequest
{
    public required VerifiableCredential Consent { get; init; }
}

/// <summary>The 201 body of a consent registration.</summary>
[Description("The hospital's countersignature (a ConsentRegistrationCredential with a revocation entry the patient can set), and the consent as a FHIR R4 Consent and as an ISO/IEC TS 27560 consent record.")]
internal sealed record ConsentRegistrationResult
{
    public required string ConsentId { get; init; }

    public required VerifiableCredential Registration { get; init; }

    public required FhirResource FhirConsent { get; init; }

    public required ConsentRecord ConsentRecord { get; init; }
}

/// <summary>A FHIR R4 resource, serialized by the Firely SDK; members not listed are the resource's own.</summary>
[Description("A FHIR R4 resource (JSON). Members not listed are those of its resource type.")]
internal sealed record FhirResource
{
    [Description("The FHIR resource type, e.g. `Consent`, `AuditEvent`, `Bundle`.")]
    public required string ResourceType { get; init; }

    public string? Id { get; init; }
}

/// <summary>An ISO/IEC TS 27560 consent record.</summary>
[Description("An ISO/IEC TS 27560 consent record, field names after the DPVCG `dpv-27560:record` profile; members not listed are the record's other fields.")]
internal sealed record ConsentRecord
{
    [System.Text.Json.Serialization.JsonPropertyName("schema_version")]
    public required string SchemaVersion { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("record_id")]
    public required string RecordId { get; init; }

    [Description("`given` or `withdrawn`.")]
    public required string State { get; init; }
}

/// <summary>The body of <c>POST /tenants/{tenant}/consents/withdraw</c>.</summary>
[Description("The consent to withdraw and the patient's holder proof: a presentation without credentials, by the patient (or a did:key of one of their keys), over a challenge from `POST /challenges`.")]
internal sealed record ConsentWithdrawalRequest
{
    public required string ConsentId { get; init; }

    public required VerifiablePresentation HolderProof { get; init; }
}

/// <summary>The answer of a withdrawal.</summary>
[Description("The consent is withdrawn: its registration's revocation bit is set in the hospital's signed status list.")]
[Example("""{"consentId":"urn:uuid:0b9e4b7e-3c55-4d7c-9a1e-6f3b2d1c0a99","status":"withdrawn","statusListCredential":"http://localhost:5080/tenants/st-marys/status/1","statusListIndex":"17"}""")]
internal sealed record ConsentWithdrawal
{
    public required string ConsentId { get; init; }

    [Description("`withdrawn`.")]
    public required string Status { get; init; }

    public required string StatusListCredential { get; init; }

    public required string StatusListIndex { get; init; }
}

/// <summary>The body of <c>POST /tenants/{tenant}/access-decisions</c>.</summary>
[Description("The provider's request (who, what, why) and the patient's presentation of their ConsentCredential over a challenge from `POST /challenges`; `options` as for `POST /presentations/verify`.")]
internal sealed record AccessDecisionRequest
{
    public required AccessRequestTerms Request { get; init; }

    public required VerifiablePresentation VerifiablePresentation { get; init; }

    public required VerifyOptions Options { get; init; }
}

/// <summary>Who asks, for what, and why.</summary>
[Description("The provider's DID, 1 to 32 FHIR R4 resource types (each optionally `Type:category`), and one HL7 PurposeOfUse code.")]
[Example("""{"actor":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","data":["Observation:laboratory"],"purpose":"TREAT"}""")]
internal sealed record AccessRequestTerms
{
    public required string Actor { get; init; }

    public required IReadOnlyList<string> Data { get; init; }

    public required string Purpose { get; init; }
}

/// <summary>The decision.</summary>
[Description("`permit` or `deny`, the reasons for a deny (stable codes), the consent decided on, and the FHIR AuditEvent recorded.")]
internal sealed record AccessDecision
{
    [Description("`permit` or `deny`.")]
    public required string Decision { get; init; }

    public required IReadOnlyList<DecisionReason> Reasons { get; init; }

    public string? ConsentId { get; init; }

    public required FhirResource AuditEvent { get; init; }

    [Description("With a permit: a short-lived bearer token for exactly the patient, provider, purpose and data decided on (`GET /tenants/{t}/patients/{patient}/observations`; docs/monitoring.md).")]
    public string? AccessToken { get; init; }

    [Description("When the access token expires (RFC 3339).")]
    public string? AccessTokenExpiresAt { get; init; }
}

/// <summary>Why a request was denied.</summary>
[Description("A stable code (docs/errors) and a detail.")]
[Example("""{"code":"consentWithdrawn","detail":"The patient withdrew the consent 'urn:uuid:0b9e4b7e-3c55-4d7c-9a1e-6f3b2d1c0a99'."}""")]
internal sealed record DecisionReason
{
    public required string Code { get; init; }

    public required string Detail { get; init; }
}
