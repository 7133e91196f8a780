// References: HL7 FHIR R4 Consent (4.0.1), http://hl7.org/fhir/R4/consent.html (invariants ppc-1, ppc-2);
//   ISO/IEC TS 27560:2023 consent record information structure, as profiled by the W3C DPVCG guide
//   https://w3id.org/dpv/guides/consent-27560 ; docs/health.md (the mapping tables)
using System.Globalization;
using System.Text.Json.Nodes;
using Hl7.Fhir.Serialization;
using R4 = Hl7.Fhir.Model;

namespace Identity.Server.Consent;

/// <summary>A registered consent as a FHIR R4 <c>Consent</c> resource and as an ISO/IEC TS 27560 consent record.</summary>
internal static class ConsentMappings
{
    public const string UriSystem = "urn:ietf:rfc:3986";
    public const string DataSystem = "https://identity.example/fhir/CodeSystem/consent-data";
    public const string ResourceTypeSystem = "http://hl7.org/fhir/resource-types";

    /// <summary>The FHIR R4 Consent; <paramref name="withdrawn"/> makes it <c>inactive</c>.</summary>
    public static R4.Consent ToFhir(ConsentTerms terms, string registrationId, DateTimeOffset registeredAt, bool withdrawn)
    {
        var provision = new R4.Consent.provisionComponent
        {
            Type = R4.Consent.ConsentProvisionType.Permit,
            Period = new R4.Period(terms.ValidFrom is { } from ? new R4.FhirDateTime(from) : null, new R4.FhirDateTime(terms.ValidUntil)),
            Actor =
            [
                new R4.Consent.provisionActorComponent
                {
                    Role = Concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"),
                    Reference = ByUri(terms.Provider),
                },
            ],
            Action = [Concept("http://terminology.hl7.org/CodeSystem/consentaction", "access", "Access")],
            Purpose = [.. terms.Purposes.Select(p => new R4.Coding(ConsentTerms.PurposeSystem, p))],
            Class = [.. terms.Data.Select(TypeOf).Distinct().Select(t => new R4.Coding(ResourceTypeSystem, t))],
            Code = [.. terms.Data.Where(d => d.Contains(':', StringComparison.Ordinal)).Select(d => new R4.CodeableConcept(DataSystem, d))],
        };
        return new R4.Consent
        {
            Id = registrationId["urn:uuid:".Length..],
            Identifier = [new R4.Identifier(UriSystem, terms.Id)],
            Status = withdrawn ? R4.Consent.ConsentState.Inactive : R4.Consent.ConsentState.Active,
            Scope = Concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent"),
            Category = [Concept("http://loinc.org", "59284-0", "Patient Consent")],
            Patient = ByUri(terms.Patient),
            DateTimeElement = new R4.FhirDateTime(registeredAt),
            Performer = [ByUri(terms.Patient)],
            Organization = [ByUri(terms.Custodian)],
            Source = ByUri(terms.Id),
            PolicyRule = Concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in"),
            Provision = provision,
        };
    }

    /// <summary>The FHIR resource as JSON, serialized by the Firely SDK.</summary>
    public static JsonObject Json(R4.Resource resource) => (JsonObject)JsonNode.Parse(resource.ToJson())!;

    /// <summary>The ISO/IEC TS 27560 consent record (field names after the DPVCG guide's <c>dpv-27560:record</c> profile).</summary>
    public static JsonObject ToIso27560(ConsentTerms terms, string registrationId, DateTimeOffset registeredAt, DateTimeOffset? withdrawnAt)
    {
        var events = new JsonArray(Event(terms.ValidFrom ?? registeredAt, "given", terms.Patient));
        if (withdrawnAt is { } at)
        {
            events.Add(Event(at, "withdrawn", terms.Patient));
        }

        return new JsonObject
        {
            ["schema_version"] = "https://w3id.org/dpv/schema/iso-27560#record",
            ["record_id"] = registrationId,
            ["pii_principal_id"] = terms.Patient,
            ["created"] = Time(registeredAt),
            ["pii_controllers"] = new JsonArray(new JsonObject { ["id"] = terms.Custodian, ["role"] = "controller" }),
            ["pii_recipients"] = new JsonArray(new JsonObject { ["id"] = terms.Provider, ["role"] = "recipient" }),
            ["purposes"] = new JsonArray([.. terms.Purposes.Select(p => (JsonNode)new JsonObject
            {
                ["purpose"] = p,
                ["purpose_scheme"] = ConsentTerms.PurposeSystem,
                ["lawful_basis"] = "consent",
                ["pii_categories"] = new JsonArray([.. terms.Data.Select(d => (JsonNode)d)]),
                ["processing"] = new JsonArray("access"),
            })]),
            ["consent_type"] = "explicit",
            ["expiry"] = Time(terms.ValidUntil),
            ["state"] = withdrawnAt is null ? "given" : "withdrawn",
            ["events"] = events,
            ["evidence"] = new JsonObject { ["consent_credential"] = terms.Id, ["countersignature"] = registrationId },
        };
    }

    public static R4.ResourceReference ByUri(string uri) => new() { Identifier = new R4.Identifier(UriSystem, uri) };

    public static R4.CodeableConcept Concept(string system, string code, string display) => new(system, code, display);

    public static string TypeOf(string item) => item.Split(':')[0];

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Event(DateTimeOffset at, string type, string by) =>
        new() { ["event_time"] = Time(at), ["event_type"] = type, ["event_by"] = by };
}
