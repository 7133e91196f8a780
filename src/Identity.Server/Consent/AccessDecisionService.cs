// References: docs/health.md (the decision policy); W3C VC Data Model 2.0 §5.4 (validity period); HL7 v3 PurposeOfUse
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Consent;

/// <summary>
/// Decides a provider's request (who, what, why) against the patient's consent presentation, automatically: the
/// presentation goes through the service's one verification pipeline (signatures, holder binding, the single-use
/// challenge), then the policy asks that the consent be the patient's own, registered here and not withdrawn, current,
/// and that it name this provider, this purpose and every requested data item. Every decision is audited.
/// </summary>
internal sealed class AccessDecisionService(
    VerificationService verification,
    PatientBinding binding,
    ConsentRegistry registry,
    TenantDirectory tenants,
    SubjectPseudonyms pseudonyms,
    AuditWriter audit,
    TimeProvider time)
{
    public const string Action = "access.decision";

    /// <summary>The provider's request: the actor's DID, the data items asked for and the purpose of use.</summary>
    public sealed record AccessRequest(string Actor, ImmutableArray<string> Data, string Purpose);

    /// <summary>The decision, its reasons (empty for a permit), the consent decided on and the audit entry recorded.</summary>
    public sealed record Decision(bool Permit, ImmutableArray<Error> Reasons, string? ConsentId, AuditEntry Audit)
    {
        /// <summary>The request decided on.</summary>
        public AccessRequest? Request { get; init; }

        /// <summary>The patient whose consent was decided on, when a consent was read.</summary>
        public string? Patient { get; init; }

        /// <summary>When the consent decided on ends, when a consent was read.</summary>
        public DateTimeOffset? ConsentValidUntil { get; init; }
    }

    public async Task<Result<Decision>> DecideAsync(string tenantId, JsonObject body, CancellationToken cancellationToken)
    {
        var request = ReadRequest(body["request"]);
        if (!request.IsSuccess)
        {
            return request.Error!;
        }

        var challenge = JsonText.String((body["options"] as JsonObject)?["challenge"]);
        if (challenge is null)
        {
            return new Error(ErrorCodes.ChallengeRequired, "options.challenge must be a challenge from POST /challenges that the presentation is signed over.");
        }

        // The one pipeline: signatures, issuer and holder binding, validity, status, and the challenge (spent here, once).
        var verified = await verification.VerifyPresentationAsync(body, cancellationToken).ConfigureAwait(false);
        if (!verified.IsSuccess)
        {
            return verified.Error!;
        }

        var result = verified.Value;
        var reasons = ImmutableArray.CreateBuilder<Error>();
        reasons.AddRange(result.Errors);
        if (result.Verified && result.FreshChallenge != challenge)
        {
            reasons.Add(new Error(ErrorCodes.ChallengeUnknown, "The presentation's challenge was not issued by this service; ask POST /challenges for one."));
        }

        // An enveloped (JOSE) presentation verifies above but carries no ConsentCredential this policy reads: consentMissing.
        var presentation = body["verifiablePresentation"] as JsonObject ?? new JsonObject();
        var holder = JsonText.String(presentation["holder"]) ?? JsonText.String((presentation["holder"] as JsonObject)?["id"]);
        var evaluated = new List<(ConsentTerms? Terms, List<Error> Reasons)>();
        foreach (var consent in Credentials(presentation).Where(ConsentTerms.IsConsent))
        {
            evaluated.Add(await EvaluateAsync(tenantId, consent!, holder, request.Value, cancellationToken).ConfigureAwait(false));
        }

        var best = evaluated.OrderBy(e => e.Reasons.Count).FirstOrDefault();
        if (evaluated.Count == 0)
        {
            reasons.Add(new Error(ErrorCodes.ConsentMissing, "The presentation carries no ConsentCredential."));
        }
        else
        {
            reasons.AddRange(best.Reasons);
        }

        var entry = await RecordAsync(tenantId, request.Value, best.Terms, reasons.ToImmutable(), cancellationToken).ConfigureAwait(false);
        return new Decision(reasons.Count == 0, reasons.ToImmutable(), best.Terms?.Id, entry) { Request = request.Value, Patient = best.Terms?.Patient, ConsentValidUntil = best.Terms?.ValidUntil };
    }

    private async Task<(ConsentTerms?, List<Error>)> EvaluateAsync(
        string tenantId, JsonObject consent, string? holder, AccessRequest request, CancellationToken cancellationToken)
    {
        var reasons = new List<Error>();
        var read = ConsentTerms.Read(consent);
        if (!read.IsSuccess)
        {
            reasons.Add(read.Error!);
            return (null, reasons);
        }

        var terms = read.Value;
        if (await binding.CheckAsync(tenantId, terms.Patient, terms.Issuer, cancellationToken).ConfigureAwait(false) is { } notPatient)
        {
            reasons.Add(notPatient);
        }

        // Whatever holder-binding policy the caller chose, only the patient presents their consent.
        if (await binding.CheckAsync(tenantId, terms.Patient, holder ?? "", cancellationToken).ConfigureAwait(false) is not null)
        {
            reasons.Add(new Error(ErrorCodes.HolderMismatch, "The presentation's holder is not the patient who gave the consent."));
        }

        var registration = terms.Custodian == tenants.DidWebOf(tenantId) ? await registry.FindAsync(tenantId, terms.Id, cancellationToken).ConfigureAwait(false) : null;
        var digest = ConsentRegistry.Digest(consent);
        if (registration is null || !digest.IsSuccess || registration.Digest != digest.Value || registration.Patient != terms.Patient)
        {
            reasons.Add(new Error(ErrorCodes.ConsentNotRegistered, $"This hospital has not registered this consent ('{terms.Id}') as presented."));
        }
        else if (registration.Withdrawn)
        {
            reasons.Add(new Error(ErrorCodes.ConsentWithdrawn, $"The patient withdrew the consent '{terms.Id}'."));
        }

        var now = time.GetUtcNow();
        if (now >= terms.ValidUntil || (terms.ValidFrom is { } from && now < from))
        {
            reasons.Add(new Error(ErrorCodes.ConsentExpired, $"The consent is valid from {terms.ValidFrom?.ToString("O") ?? "its registration"} until {terms.ValidUntil:O}."));
        }

        if (terms.Provider != request.Actor)
        {
            reasons.Add(new Error(ErrorCodes.ActorNotConsented, "The consent names another provider."));
        }

        if (!terms.Purposes.Contains(request.Purpose))
        {
            reasons.Add(new Error(ErrorCodes.PurposeNotConsented, $"The consent allows {string.Join(", ", terms.Purposes)}, not {request.Purpose}."));
        }

        var uncovered = request.Data.Where(d => !terms.Covers(d)).ToList();
        if (uncovered.Count > 0)
        {
            reasons.Add(new Error(ErrorCodes.DataNotConsented, $"The consent does not cover {string.Join(", ", uncovered)}."));
        }

        return (terms, reasons);
    }

    private static Result<AccessRequest> ReadRequest(JsonNode? node)
    {
        const string shape = "request must be {\"actor\": \"<provider DID>\", \"data\": [\"<FHIR resource type>[:category]\", …], \"purpose\": \"<HL7 PurposeOfUse code>\"}";
        if (node is not JsonObject request)
        {
            return new Error(ErrorCodes.InvalidRequest, shape + ".");
        }

        var actor = JsonText.String(request["actor"]);
        var purpose = JsonText.String(request["purpose"]);
        var data = ConsentTerms.ReadData(request["data"], "request.data");
        if (actor is not { Length: <= ConsentTerms.MaxDidLength } || !Did.TryParse(actor, out _))
        {
            return new Error(ErrorCodes.InvalidRequest, shape + ": actor is not a DID.");
        }

        if (purpose is null || !ConsentTerms.PurposeCodes.Contains(purpose))
        {
            return new Error(ErrorCodes.InvalidRequest, shape + ": purpose is not a PurposeOfUse code this service knows.");
        }

        return data.IsSuccess ? new AccessRequest(actor, data.Value, purpose) : data.Error! with { Code = ErrorCodes.InvalidRequest };
    }

    private static IEnumerable<JsonObject> Credentials(JsonObject presentation) => presentation["verifiableCredential"] switch
    {
        JsonArray many => many.OfType<JsonObject>(),
        JsonObject one => [one],
        _ => [],
    };

    // The entry names the patient, the provider and the consent only by the tenant's pseudonyms (AuditEventMapper reads it back).
    private async Task<AuditEntry> RecordAsync(string tenantId, AccessRequest request, ConsentTerms? terms, ImmutableArray<Error> reasons, CancellationToken cancellationToken)
    {
        var patient = terms is null ? null : await pseudonyms.ForAuditAsync(tenantId, terms.Patient, cancellationToken).ConfigureAwait(false);
        var outcome = new AuditOutcome(reasons.IsEmpty ? "permit" : "deny")
        {
            Reasons = [.. reasons.Select(r => r.Code).Distinct()],
            Purpose = request.Purpose,
            Data = request.Data,
            Actor = await pseudonyms.ForAuditAsync(tenantId, request.Actor, cancellationToken).ConfigureAwait(false),
            Consent = terms is null ? null : await pseudonyms.ForAuditAsync(tenantId, terms.Id, cancellationToken).ConfigureAwait(false),
        };
        var entry = new AuditEntry(time.GetUtcNow(), tenantId, Action, patient, outcome.ToString());
        await audit.EnqueueAsync(entry, cancellationToken).ConfigureAwait(false);
        return entry;
    }
}
