// References: HL7 FHIR R4 search (searchset Bundle, search.mode match/include), http://hl7.org/fhir/R4/search.html ;
//   Provenance (agent, signature), http://hl7.org/fhir/R4/provenance.html ; Signature.type codes urn:iso-astm:E1762-95:2013,
//   http://hl7.org/fhir/R4/valueset-signature-type.html ; docs/monitoring.md
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Consent;
using Identity.Server.Http;
using Identity.Server.Patients;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// A provider's read of a patient's device readings: allowed only by an access token from a <c>permit</c> for this
/// tenant, this patient and Observation data; answered as a FHIR searchset Bundle of the Observations and one Provenance
/// per signed batch (the device as author, its JWS as the signature). Every read, and every refusal of a known token,
/// is an audit entry that <c>GET /audit?format=fhir</c> shows as an AuditEvent.
/// </summary>
internal sealed partial class ObservationSearch(
    IReadingStore readings, ReadAccessTokens tokens, RecordCipher cipher, SubjectPseudonyms pseudonyms, PatientDirectory patients, AuditWriter audit, TimeProvider time)
{
    public const int MaxResults = 1000;
    public const string Action = "observations.read";

    /// <summary>The data items of a permit that cover device readings.</summary>
    public static readonly string[] ReadableData = ["Observation", "Observation:vital-signs"];

    public async Task<Result<string>> SearchAsync(string tenantId, string patient, string? token, string? code, string? since, CancellationToken cancellationToken)
    {
        var scope = token is null ? null : await tokens.FindAsync(tenantId, token, cancellationToken).ConfigureAwait(false);
        if (scope is null)
        {
            return Denied("Send the access token of a permit from POST /tenants/{t}/access-decisions as Authorization: Bearer.");
        }

        var patientDid = patient.StartsWith("did:", StringComparison.Ordinal) ? patient : patients.DidOf(tenantId, patient);
        if (scope.Patient != patientDid || !scope.Data.Any(d => ReadableData.Contains(d)))
        {
            await RecordAsync(tenantId, scope, patientDid, "deny", 0, cancellationToken).ConfigureAwait(false);
            return Denied($"The access token is for another patient or does not cover {string.Join(" or ", ReadableData)}.");
        }

        if (code is not null && !LoincCode().IsMatch(code))
        {
            return new Error(ErrorCodes.InvalidRequest, "code must be a LOINC code (e.g. 2339-0).");
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !since.Contains('T', StringComparison.Ordinal))
            {
                return new Error(ErrorCodes.InvalidRequest, "since must be an RFC 3339 date-time.");
            }

            from = parsed;
        }

        var key = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var subject = await pseudonyms.OfAsync(tenantId, patientDid, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess || !subject.IsSuccess)
        {
            return Denied("The access token is for another tenant.");
        }

        var found = await readings.FindReadingsAsync(tenantId, subject.Value, code, from, MaxResults, cancellationToken).ConfigureAwait(false);
        var batches = await readings.GetReadingBatchesAsync(tenantId, [.. found.Select(r => r.BatchId).Distinct()], cancellationToken).ConfigureAwait(false);
        var bundle = Bundle(found, batches, key.Value);
        await RecordAsync(tenantId, scope, patientDid, "permit", found.Count, cancellationToken).ConfigureAwait(false);
        return bundle.ToJsonString();
    }

    private JsonObject Bundle(IReadOnlyList<StoredReading> found, IReadOnlyList<StoredReadingBatch> batches, TenantRecordKey key)
    {
        var entries = new JsonArray();
        var targets = new Dictionary<string, JsonArray>();
        foreach (var reading in found)
        {
            var observation = JsonNode.Parse(key.OpenText(IngestionService.ReadingKind, IngestionService.ReadingRecordId(reading.BatchId, reading.Sequence), reading.Document))!.AsObject();
            var id = JsonText.String(observation["id"])!;
            entries.Add(new JsonObject { ["fullUrl"] = "urn:uuid:" + id, ["resource"] = observation, ["search"] = new JsonObject { ["mode"] = "match" } });
            if (!targets.TryGetValue(reading.BatchId, out var list))
            {
                targets[reading.BatchId] = list = [];
            }

            list.Add(new JsonObject { ["reference"] = "urn:uuid:" + id });
        }

        foreach (var batch in batches)
        {
            var provenance = JsonNode.Parse(key.OpenText(IngestionService.BatchKind, batch.BatchId, batch.Provenance))!.AsObject();
            entries.Add(new JsonObject
            {
                ["fullUrl"] = "urn:uuid:" + batch.BatchId,
                ["resource"] = Provenance(batch, targets[batch.BatchId], JsonText.String(provenance["device"])!, JsonText.String(provenance["jws"])!),
                ["search"] = new JsonObject { ["mode"] = "include" },
            });
        }

        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["timestamp"] = Time(time.GetUtcNow()),
            ["total"] = found.Count,
        };
        if (entries.Count > 0)
        {
            bundle["entry"] = entries; // FHIR has no empty arrays.
        }

        return bundle;
    }

    // The batch's provenance: the device authored the readings and signed them; the JWS is the signature, byte for byte.
    private static JsonObject Provenance(StoredReadingBatch batch, JsonArray targets, string deviceDid, string jws) => new()
    {
        ["resourceType"] = "Provenance",
        ["id"] = batch.BatchId,
        ["target"] = targets,
        ["recorded"] = Time(batch.ReceivedAt),
        ["agent"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/provenance-participant-type", ["code"] = "author", ["display"] = "Author" }) },
            ["who"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = ObservationReader.UriSystem, ["value"] = deviceDid }, ["display"] = "device" },
        }),
        ["signature"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonArray(new JsonObject { ["system"] = "urn:iso-astm:E1762-95:2013", ["code"] = "1.2.840.10065.1.12.1.1", ["display"] = "Author's Signature" }),
            ["when"] = Time(batch.ReceivedAt),
            ["who"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = ObservationReader.UriSystem, ["value"] = deviceDid } },
            ["sigFormat"] = "application/jose",
            ["data"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(jws)),
        }),
    };

    // Audit: the patient and the provider only as the tenant's pseudonyms; the outcome reads back as AuditOutcome.
    private async Task RecordAsync(string tenantId, ReadAccessTokens.Scope scope, string patientDid, string verdict, int count, CancellationToken cancellationToken)
    {
        var outcome = new AuditOutcome(verdict)
        {
            Reasons = verdict == "deny" ? [ErrorCodes.AccessNotPermitted] : [],
            Purpose = scope.Purpose,
            Data = scope.Data,
            Actor = await pseudonyms.ForAuditAsync(tenantId, scope.Actor, cancellationToken).ConfigureAwait(false),
        };
        var subject = await pseudonyms.ForAuditAsync(tenantId, patientDid, cancellationToken).ConfigureAwait(false);
        await audit.EnqueueAsync(new AuditEntry(time.GetUtcNow(), tenantId, Action, subject, outcome + $" count={count}"), cancellationToken).ConfigureAwait(false);
    }

    private static Error Denied(string detail) => new(ErrorCodes.AccessNotPermitted, detail);

    private static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[0-9]{1,7}-[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex LoincCode();
}
