// References: HL7 FHIR R4 AuditEvent, http://hl7.org/fhir/R4/auditevent.html ; Provenance, http://hl7.org/fhir/R4/provenance.html ;
//   Bundle, http://hl7.org/fhir/R4/bundle.html ; DICOM PS3.16 CID 400 (audit event ids), docs/health.md
using System.Globalization;
using Identity.Storage;
using R4 = Hl7.Fhir.Model;

namespace Identity.Server.Consent;

/// <summary>
/// The audit log as FHIR R4: each entry an <c>AuditEvent</c> (patient, provider and consent by the tenant's pseudonyms
/// only, as the log holds them), each consent registration also a <c>Provenance</c> of the countersigned consent.
/// </summary>
internal static class AuditEventMapper
{
    public const string PseudonymSystem = "https://identity.example/fhir/sid/audit-pseudonym";
    public const string ActionSystem = "https://identity.example/fhir/CodeSystem/audit-action";
    private const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";

    public static R4.AuditEvent ToAuditEvent(long? sequence, AuditEntry entry, string tenantDid)
    {
        var outcome = AuditOutcome.Parse(entry.Outcome);
        bool decision = entry.Action is AccessDecisionService.Action or Monitoring.ObservationSearch.Action;
        var audit = new R4.AuditEvent
        {
            Id = sequence is { } seq ? "audit-" + seq.ToString(CultureInfo.InvariantCulture) : null,
            Type = decision ? new R4.Coding(Dicom, "110110", "Patient Record") : new R4.Coding(ActionSystem, entry.Action),
            Subtype = [new R4.Coding(ActionSystem, entry.Action)],
            Action = entry.Action switch
            {
                "consent.registered" => R4.AuditEvent.AuditEventAction.C,
                "consent.withdrawn" => R4.AuditEvent.AuditEventAction.U,
                Monitoring.ObservationSearch.Action => R4.AuditEvent.AuditEventAction.R,
                _ => R4.AuditEvent.AuditEventAction.E,
            },
            Recorded = entry.At,
            Outcome = outcome.Verdict is "deny" || outcome.Verdict.StartsWith("failed", StringComparison.Ordinal)
                ? R4.AuditEvent.AuditEventOutcome.N4
                : R4.AuditEvent.AuditEventOutcome.N0,
            OutcomeDesc = outcome.Reasons.IsEmpty ? outcome.Verdict : $"{outcome.Verdict}: {string.Join(", ", outcome.Reasons)}",
            Source = new R4.AuditEvent.SourceComponent
            {
                Observer = ConsentMappings.ByUri(tenantDid),
                Type = [new R4.Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
        };
        if (outcome.Purpose is { } purpose)
        {
            audit.PurposeOfEvent = [new R4.CodeableConcept(ConsentTerms.PurposeSystem, purpose)];
        }

        if (outcome.Actor is { } actor)
        {
            audit.Agent.Add(new R4.AuditEvent.AgentComponent
            {
                Type = ConsentMappings.Concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"),
                Who = Pseudonym(actor),
                Requestor = true,
            });
        }

        audit.Agent.Add(new R4.AuditEvent.AgentComponent
        {
            Type = ConsentMappings.Concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "CST", "custodian"),
            Who = ConsentMappings.ByUri(tenantDid),
            Requestor = outcome.Actor is null,
        });
        if (entry.Subject is { } subject)
        {
            audit.Entity.Add(Entity(Pseudonym(subject), "http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "1", "Patient"));
        }

        if (outcome.Consent is { } consent)
        {
            audit.Entity.Add(Entity(Pseudonym(consent, "Consent"), ConsentMappings.ResourceTypeSystem, "Consent", "13", "Security Resource"));
        }

        foreach (var item in outcome.Data)
        {
            var entity = Entity(null, ConsentMappings.ResourceTypeSystem, ConsentMappings.TypeOf(item), "4", "Domain Resource");
            entity.Name = item;
            audit.Entity.Add(entity);
        }

        return audit;
    }

    /// <summary>For a consent registration: the hospital's countersignature of the patient's consent; null for other entries.</summary>
    public static R4.Provenance? ToProvenance(long sequence, AuditEntry entry, string tenantDid)
    {
        var outcome = AuditOutcome.Parse(entry.Outcome);
        if (entry.Action != "consent.registered" || outcome.Consent is not { } consent)
        {
            return null;
        }

        var provenance = new R4.Provenance
        {
            Id = "provenance-" + sequence.ToString(CultureInfo.InvariantCulture),
            Target = [Pseudonym(consent, "Consent")],
            Recorded = entry.At,
            Activity = ConsentMappings.Concept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create"),
            Agent =
            [
                new R4.Provenance.AgentComponent { Type = Participant("verifier", "Verifier"), Who = ConsentMappings.ByUri(tenantDid) },
            ],
        };
        if (entry.Subject is { } subject)
        {
            provenance.Agent.Insert(0, new R4.Provenance.AgentComponent { Type = Participant("author", "Author"), Who = Pseudonym(subject) });
        }

        return provenance;
    }

    /// <summary>A <c>collection</c> Bundle of the resources, with a <c>next</c> link when the page was cut short.</summary>
    public static R4.Bundle Bundle(IEnumerable<R4.Resource> resources, DateTimeOffset now, string? next)
    {
        var bundle = new R4.Bundle { Type = R4.Bundle.BundleType.Collection, Timestamp = now };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new R4.Bundle.EntryComponent { Resource = resource });
        }

        if (next is not null)
        {
            bundle.Link.Add(new R4.Bundle.LinkComponent { Relation = "next", Url = next });
        }

        return bundle;
    }

    private static R4.ResourceReference Pseudonym(string value, string? type = null) =>
        new() { Identifier = new R4.Identifier(PseudonymSystem, value), Type = type };

    private static R4.CodeableConcept Participant(string code, string display) =>
        ConsentMappings.Concept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", code, display);

    private static R4.AuditEvent.EntityComponent Entity(R4.ResourceReference? what, string typeSystem, string type, string role, string roleDisplay) => new()
    {
        What = what,
        Type = new R4.Coding(typeSystem, type),
        Role = new R4.Coding("http://terminology.hl7.org/CodeSystem/object-role", role, roleDisplay),
    };
}
