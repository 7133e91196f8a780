// References: RFC 7515 (JWS compact serialization), https://www.rfc-editor.org/rfc/rfc7515 ; RFC 8785 (JCS),
//   https://www.rfc-editor.org/rfc/rfc8785 ; HL7 FHIR R4 Bundle (collection), http://hl7.org/fhir/R4/bundle.html ; docs/monitoring.md
using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Dids;
using Identity.Primitives;
using Identity.Primitives.Canonicalization;
using Identity.Server.Audit;
using Identity.Server.Configuration;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// Ingests readings a device signed: verifies the JWS with the key of the device DID in its <c>kid</c>, finds the
/// device's current binding, checks every reading (structure, sequence, clock, code, unit, range, subject, device),
/// stores the accepted ones sealed, with the device's high-water mark and one pseudonymised log leaf, in one
/// transaction, and only then answers and tells the listeners.
/// </summary>
internal sealed class IngestionService(
    DeviceBindings bindings,
    IReadingStore readings,
    RecordCipher cipher,
    SubjectPseudonyms pseudonyms,
    IDidResolver resolver,
    IEnumerable<IReadingListener> listeners,
    ServerSettings settings,
    TimeProvider time,
    ILogger<IngestionService> logger)
{
    public const int MaxEntries = 1000;
    public const int MaxBodyBytes = 2 * 1024 * 1024;
    public const string ReadingKind = "reading";
    public const string BatchKind = "reading-batch";
    public const string Action = "readings.ingested";
    public const string JwsType = "fhir+jws";
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);
    private const int MaxGaps = 100;
    private static readonly TimeSpan ListenerTimeout = TimeSpan.FromSeconds(5);

    private readonly JwsSignerResolution _signers = new(resolver);

    /// <summary>The answer, or a whole-request error with the HTTP status it maps to.</summary>
    public sealed record Outcome(JsonObject? Body, Error? Error, int Status);

    public async Task<Outcome> IngestAsync(string tenantId, string token, CancellationToken cancellationToken)
    {
        var jws = CompactJws.Parse(token.Trim(), MaxBodyBytes);
        if (!jws.IsSuccess)
        {
            return Fail(jws.Error!);
        }

        var signed = await VerifyAsync(jws.Value, cancellationToken).ConfigureAwait(false);
        if (!signed.IsSuccess)
        {
            return Fail(signed.Error!);
        }

        var deviceDid = signed.Value;
        var binding = await bindings.FindCurrentAsync(tenantId, deviceDid, cancellationToken).ConfigureAwait(false);
        if (!binding.IsSuccess)
        {
            return Fail(binding.Error!, StatusCodes.Status403Forbidden);
        }

        var entries = Entries(jws.Value.Payload);
        if (!entries.IsSuccess)
        {
            return Fail(entries.Error!, entries.Error!.Code == ErrorCodes.BatchTooLarge ? StatusCodes.Status413PayloadTooLarge : null);
        }

        var now = time.GetUtcNow();
        var context = new ObservationReader.Context(binding.Value.PatientDid, deviceDid, binding.Value.Kind, now, MaxSkew);
        var read = entries.Value.Select(e => ObservationReader.Read(e, context)).ToList();
        var key = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var subjectTag = await pseudonyms.OfAsync(tenantId, binding.Value.PatientDid, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess || !subjectTag.IsSuccess)
        {
            return Fail(key.Error ?? subjectTag.Error!);
        }

        var batchId = Guid.NewGuid().ToString();
        var rows = new List<(int Index, ReadingRow Row, string Id)>();
        foreach (var (reading, index) in read.Select((r, i) => (r, i)).Where(x => x.r.IsValid))
        {
            long sequence = reading.Sequence!.Value;
            var id = ObservationId(tenantId, deviceDid, sequence);
            var canonical = Jcs.Canonicalize(reading.Observation!);
            if (!canonical.IsSuccess)
            {
                read[index] = reading with { Reasons = [new Error(ErrorCodes.InvalidObservation, "The Observation has no canonical JSON form.")] };
                continue;
            }

            var digest = await pseudonyms.OfAsync(tenantId, "reading:" + Base64Url.EncodeToString(SHA256.HashData(canonical.Value)), cancellationToken).ConfigureAwait(false);
            var stored = (JsonObject)reading.Observation!.DeepClone();
            stored["id"] = id;
            rows.Add((index, new ReadingRow(sequence, digest.Value, reading.Code!, reading.Effective, key.Value.SealText(ReadingKind, ReadingRecordId(batchId, sequence), stored.ToJsonString())), id));
        }

        var provenance = new JsonObject { ["device"] = deviceDid, ["jws"] = token.Trim() };
        var batch = new ReadingBatch(tenantId, binding.Value.DeviceTag, binding.Value.BindingId, batchId, subjectTag.Value,
            key.Value.SealText(BatchKind, batchId, provenance.ToJsonString()), now, [.. rows.Select(r => r.Row)]);
        var deviceTag = await pseudonyms.OfAsync(tenantId, deviceDid, cancellationToken).ConfigureAwait(false);
        Result<ReadingCommit> commit;
        try
        {
            commit = await readings.AppendReadingsAsync(
                batch, n => new AuditEntry(now, tenantId, Action, subjectTag.Value, $"ok readings={n} device={deviceTag.Value}"), cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            // Boundary: the transaction rolled back, so nothing of the batch is stored; the device sends it again.
            logger.LogWarning("Storing a batch of readings failed: {Error}", e.GetType().Name);
            return Fail(new Error(ErrorCodes.StorageFailed, "The batch could not be stored; nothing of it was kept. Send it again."), StatusCodes.Status503ServiceUnavailable);
        }

        if (!commit.IsSuccess)
        {
            return Fail(commit.Error!, StatusCodes.Status403Forbidden);
        }

        var answer = IngestionAnswer.Build(binding.Value, read, rows.Select(r => (r.Index, r.Id, r.Row.Sequence)).ToList(), commit.Value, MaxGaps);
        // The batch is durable: its listeners (alerts) run whatever the client does now, bounded by their own time.
        await NotifyAsync(tenantId, binding.Value, read, rows, commit.Value).ConfigureAwait(false);
        return new Outcome(answer, null, StatusCodes.Status200OK);
    }

    // The device DID whose key verified the JWS: ES256 or EdDSA, kid a did:key or did:jwk URL, typ absent or fhir+jws.
    private async Task<Result<string>> VerifyAsync(CompactJws jws, CancellationToken cancellationToken)
    {
        if (jws.Algorithm is not ("ES256" or "EdDSA"))
        {
            return new Error(ErrorCodes.AlgorithmNotAllowed, "Readings are signed with ES256 (P-256) or EdDSA (Ed25519).");
        }

        if (jws.Type is { } type && type != JwsType)
        {
            return new Error(ErrorCodes.MalformedJws, $"The JWS typ must be \"{JwsType}\" (or absent).");
        }

        if (jws.KeyId is not { } kid || !DidUrl.TryParse(kid, out var url) || url.Fragment is null
            || !(url.Did.Value.StartsWith("did:key:", StringComparison.Ordinal) || url.Did.Value.StartsWith("did:jwk:", StringComparison.Ordinal)))
        {
            return new Error(ErrorCodes.InvalidDidUrl, "The JWS kid must be the device's did:key or did:jwk URL with its key's fragment.");
        }

        var verified = await _signers.VerifyAsync(jws, url.Did.Value, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);
        return verified.Verdict.IsValid
            ? url.Did.Value
            : verified.Verdict.Error! with { Detail = "The readings' signature did not verify: " + verified.Verdict.Error!.Detail };
    }

    // One Observation, or a collection Bundle of at most MaxEntries entries; each entry's resource (or null) to read.
    private Result<IReadOnlyList<JsonNode?>> Entries(ReadOnlySpan<byte> payload)
    {
        var parsed = StrictJson.Parse(payload, settings.MaxJsonDepth);
        if (!parsed.IsSuccess || parsed.Value is not JsonObject resource)
        {
            return new Error(ErrorCodes.InvalidObservation, "The JWS payload must be a FHIR Observation or Bundle as a JSON object.");
        }

        switch (JsonText.String(resource["resourceType"]))
        {
            case "Observation":
                return new JsonNode?[] { resource };
            case "Bundle" when JsonText.String(resource["type"]) == "collection" && resource["entry"] is JsonArray { Count: > 0 } entry:
                return entry.Count > MaxEntries
                    ? new Error(ErrorCodes.BatchTooLarge, $"The Bundle has {entry.Count} entries; at most {MaxEntries} are accepted per request.")
                    : entry.Select(e => e is JsonObject o && o.All(p => p.Key is "resource" or "fullUrl") ? o["resource"] : null).ToList();
            default:
                return new Error(ErrorCodes.InvalidObservation, "The JWS payload must be an Observation or a Bundle of type collection with at least one entry.");
        }
    }

    private async Task NotifyAsync(string tenantId, DeviceBindings.Binding binding, List<ObservationReader.Reading> read,
        List<(int Index, ReadingRow Row, string Id)> rows, ReadingCommit commit)
    {
        var accepted = rows.Where((r, i) => commit.Verdicts[i] == ReadingVerdict.Accepted)
            .Select(r => new AcceptedReading(tenantId, binding.PatientDid, binding.DeviceDid, r.Row.Sequence, r.Id, r.Row.Code, read[r.Index].Values, read[r.Index].Effective))
            .ToList();
        if (accepted.Count == 0)
        {
            return;
        }

        foreach (var listener in listeners)
        {
            using var timeout = new CancellationTokenSource(ListenerTimeout);
            try
            {
                await listener.OnAcceptedAsync(accepted, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never the request's failure: the readings are stored. The type only, no data.
                logger.LogError("A reading listener ({Listener}) failed: {Error}", listener.GetType().Name, e.GetType().Name);
            }
        }
    }

    /// <summary>The Observation's id: a UUIDv8 over SHA-256 of tenant, device and sequence, so it says nothing about either.</summary>
    public static string ObservationId(string tenantId, string deviceDid, long sequence)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"identity/observation/v1\n{tenantId}\n{deviceDid}\n{sequence}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>The record id a reading is sealed under: its batch and sequence number, both known where it is read back.</summary>
    public static string ReadingRecordId(string batchId, long sequence) => $"{batchId}/{sequence}";

    private static Outcome Fail(Error error, int? status = null) => new(null, error, status ?? Problems.StatusOf(error.Code));
}
