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
    IReadingStore readings, ReadAccessTokens tokens, ConsentRegistry registry, RecordCipher cipher, SubjectPseudonyms pseudonyms, PatientDirectory patients,
    Configuration.PublicUrl publicUrl, AuditWriter audit, TimeProvider time)
{
    public const int MaxResults = 1000;
    public const string Action = "observations.read";

    /// <summary>The data items of a permit that cover device readings.</summary>
    public static readonly string[] ReadableData = ["Observation", "Observation:" + ReadingRules.VitalSigns, "Observation:" + ReadingRules.Laboratory];

    /// <summary>The most sealed provenance (the devices' JWSs) one answer carries, in characters; a next link pages on.</summary>
    public const long MaxSignatureChars = 8L * 1024 * 1024;

    public async Task<Result<string>> SearchAsync(string tenantId, string patient, string? token, string? code, string? since, CancellationToken cancellationToken)
    {
        var scope = token is null ? null : await tokens.FindAsync(tenantId, token, cancellationToken).ConfigureAwait(false);
        if (scope is null)
        {
            return Denied("Send the access token of a permit from POST /tenants/{t}/access-decisions as Authorization: Bearer.");
        }

        var patientDid = patient.StartsWith("did:", StringComparison.Ordinal) ? patient : patients.TryDidOf(tenantId, patient);
        var codes = ReadableCodes(scope.Data);
        if (patientDid is null || scope.Patient != patientDid || codes.Count == 0 || (code is not null && ReadingRules.IsReportable(code) && !codes.Contains(code)))
        {
            await RecordAsync(tenantId, scope, scope.Patient, "deny", 0, cancellationToken).ConfigureAwait(false);
            return Denied($"The access token is for another patient or does not cover {(code is null ? "Observation" : "LOINC " + code)} ({string.Join(", ", ReadableData)}; vital signs and laboratory results are separate categories).");
        }

        // The consent behind the token must still stand: a withdrawal ends the token's reads at once.
        if (await registry.FindAsync(tenantId, scope.ConsentId, cancellationToken).ConfigureAwait(false) is not { Withdrawn: false })
        {
            await RecordAsync(tenantId, scope, patientDid, "deny", 0, cancellationToken).ConfigureAwait(false);
            return Denied("The consent this access token was decided on has been withdrawn.");
        }

        if (code is not null && !LoincCode().IsMatch(code))
        {
            return new Error(ErrorCodes.InvalidRequest, "code must be a LOINC code (e.g. 2339-0).");
        }

        DateTimeOffset? from = null;
        if (since is not null && (from = ObservationReader.ReadInstant(since)) is null)
        {
            return new Error(ErrorCodes.InvalidRequest, "since must be an RFC 3339 date-time with seconds and an offset (e.g. 2026-12-01T00:00:00Z).");
        }

        var key = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var subject = await pseudonyms.OfAsync(tenantId, patientDid, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess || !subject.IsSuccess)
        {
            return Denied("The access token is for another tenant.");
        }

        var found = new List<StoredReading>();
        foreach (var asked in code is null ? codes : [code])
        {
            found.AddRange(await readings.FindReadingsAsync(tenantId, subject.Value, asked, from, MaxResults + 1, cancellationToken).ConfigureAwait(false));
        }

        var page = await PageAsync(tenantId, [.. found.OrderBy(r => r.Effective).ThenBy(r => r.BatchId, StringComparer.Ordinal).ThenBy(r => r.Sequence)], cancellationToken).ConfigureAwait(false);
        var bundle = Bundle(page.Readings, page.Batches, key.Value);
        if (page.Next is { } next)
        {
            string query = $"since={Uri.EscapeDataString(Time(next))}" + (code is null ? "" : "&code=" + code);
            bundle["link"] = new JsonArray(new JsonObject { ["relation"] = "next", ["url"] = $"{publicUrl.Origin}/tenants/{tenantId}/patients/{Uri.EscapeDataString(patient)}/observations?{query}" });
        }

        // The read is in the log before the data leaves.
        await RecordAsync(tenantId, scope, patientDid, "permit", page.Readings.Count, cancellationToken).ConfigureAwait(false);
        await audit.FlushAsync(cancellationToken).ConfigureAwait(false);
        return bundle.ToJsonString();
    }

    // The readings of one answer, oldest first: at most MaxResults, and no more signed batches than MaxSignatureChars of
    // sealed provenance (the devices' JWSs are inlined), so a device cannot make a read as large as it likes. Next: where
    // the following page starts (inclusive), when there is one.
    private async Task<(List<StoredReading> Readings, List<StoredReadingBatch> Batches, DateTimeOffset? Next)> PageAsync(
        string tenantId, List<StoredReading> ordered, CancellationToken cancellationToken)
    {
        var kept = new List<StoredReading>();
        var batches = new Dictionary<string, StoredReadingBatch>(StringComparer.Ordinal);
        long chars = 0;
        foreach (var reading in ordered)
        {
            if (kept.Count == MaxResults)
            {
                return (kept, [.. batches.Values], reading.Effective);
            }

            if (!batches.ContainsKey(reading.BatchId))
            {
                var batch = (await readings.GetReadingBatchesAsync(tenantId, [reading.BatchId], cancellationToken).ConfigureAwait(false)).SingleOrDefault();
                if (batch is null)
                {
                    continue; // Erased between the two reads.
                }

                chars += batch.Provenance.Length;
                if (chars > MaxSignatureChars && kept.Count > 0)
                {
                    return (kept, [.. batches.Values], reading.Effective);
                }

                batches[reading.BatchId] = batch;
            }

            kept.Add(reading);
        }

        return (kept, [.. batches.Values], null);
    }

    // The top-level codes the token's data items cover: Observation all of them; Observation:<category> that category's.
    private static HashSet<string> ReadableCodes(IEnumerable<string> data) =>
    [
        .. ReadingRules.Categories.Where(entry => data.Any(item => item == "Observation" || item == "Observation:" + entry.Value)).Select(entry => entry.Key),
    ];

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
