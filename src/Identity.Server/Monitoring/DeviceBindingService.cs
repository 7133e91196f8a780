// References: W3C VC Data Model 2.0, https://www.w3.org/TR/vc-data-model-2.0/ ; W3C Bitstring Status List v1.0 §2.1,
//   https://www.w3.org/TR/vc-bitstring-status-list/ ; HL7 FHIR R4 Device, http://hl7.org/fhir/R4/device.html ; docs/monitoring.md
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Challenges;
using Identity.Server.Consent;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Status;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// Binds a device's DID to a patient of the tenant with a <c>DeviceBindingCredential</c> the tenant signs (with a status
/// entry), only when the patient consents (a holder proof over a fresh challenge) and the device proves it holds its
/// key (its own holder proof over another challenge); unbinding revokes the credential. Both are in the audit log.
/// </summary>
internal sealed class DeviceBindingService(
    IssuanceService issuance,
    StatusListService statusLists,
    StatusUrls statusUrls,
    HolderProofs holderProofs,
    PatientBinding patients,
    DeviceBindings bindings,
    IReadingStore readings,
    IDidResolver resolver,
    SubjectPseudonyms pseudonyms,
    AuditWriter audit,
    TimeProvider time)
{
    public const string Context = "https://identity.example/ns/monitoring/v1";
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(365);
    private const int MaxDidLength = 1024;

    public async Task<Result<JsonObject>> CreateAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        const string shape = "The body must be {\"deviceDid\", \"patient\", \"device\": <FHIR Device>, \"kind\", \"validUntil\"?, \"holderProof\", \"deviceProof\"}";
        var deviceDid = JsonText.String(request["deviceDid"]);
        var patient = JsonText.String(request["patient"]);
        var kind = JsonText.String(request["kind"]);
        if (deviceDid is not { Length: <= MaxDidLength } || patient is not { Length: <= MaxDidLength } || kind is null
            || request["device"] is not JsonObject device || request["holderProof"] is not JsonObject holderProof || request["deviceProof"] is not JsonObject deviceProof)
        {
            return new Error(ErrorCodes.InvalidRequest, shape + ".");
        }

        if (!ReadingRules.Kinds.ContainsKey(kind))
        {
            return new Error(ErrorCodes.InvalidRequest, $"kind must be one of {string.Join(", ", ReadingRules.Kinds.Keys.Order(StringComparer.Ordinal))}.");
        }

        if (JsonText.String(device["resourceType"]) != "Device")
        {
            return new Error(ErrorCodes.InvalidFhir, "device must be a FHIR R4 Device resource (resourceType \"Device\").");
        }

        var now = time.GetUtcNow();
        var until = ReadValidUntil(request["validUntil"], now);
        if (!until.IsSuccess)
        {
            return until.Error!;
        }

        if (await CheckDeviceDidAsync(deviceDid, cancellationToken).ConfigureAwait(false) is { } badDevice)
        {
            return badDevice;
        }

        // The patient consents: a proof by the patient (or a did:key/did:jwk of one of their keys) over a fresh challenge.
        var patientProof = await holderProofs.CheckAsync(
            holderProof, async holder => await patients.CheckAsync(tenantId, patient, holder ?? "", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (patientProof is { } p)
        {
            return p.Error with { Detail = "holderProof: " + p.Error.Detail };
        }

        // The device holds the key its DID names: its own proof over another challenge.
        var devicePossession = await holderProofs.CheckAsync(
            deviceProof,
            holder => ValueTask.FromResult(holder == deviceDid ? null : new Error(ErrorCodes.HolderMismatch, "deviceProof's holder must be the deviceDid.")),
            cancellationToken).ConfigureAwait(false);
        if (devicePossession is { } d)
        {
            return d.Error with { Detail = "deviceProof: " + d.Error.Detail };
        }

        var tag = await bindings.TagAsync(tenantId, deviceDid, cancellationToken).ConfigureAwait(false);
        if (!tag.IsSuccess)
        {
            return tag.Error!;
        }

        var bindingId = $"urn:uuid:{Guid.NewGuid()}";
        var issued = await issuance.IssueAsync(tenantId, new JsonObject { ["credential"] = Credential(bindingId, deviceDid, patient, kind, device, now, until.Value) }, cancellationToken).ConfigureAwait(false);
        if (!issued.IsSuccess)
        {
            return issued.Error!;
        }

        // A device has one current binding: the one it had before is revoked, so its credential says so too.
        var previous = await readings.GetDeviceAsync(tenantId, tag.Value, cancellationToken).ConfigureAwait(false);
        var bound = await readings.BindDeviceAsync(tenantId, tag.Value, bindingId, now, cancellationToken).ConfigureAwait(false);
        if (!bound.IsSuccess)
        {
            return bound.Error!;
        }

        if (previous is not null && previous.CredentialId != bindingId)
        {
            await statusLists.SetStatusAsync(tenantId, previous.CredentialId, StatusPurpose.Revocation, true, cancellationToken).ConfigureAwait(false);
        }

        await RecordAsync(tenantId, "device.bound", patient, bindingId, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["bindingId"] = bindingId,
            ["credential"] = issued.Value,
            ["deviceDid"] = deviceDid,
            ["patient"] = patient,
            ["validUntil"] = Time(until.Value),
        };
    }

    public async Task<Result<JsonObject>> RevokeAsync(string tenantId, string bindingId, CancellationToken cancellationToken)
    {
        var found = bindingId.Length <= MaxDidLength ? await bindings.FindAsync(tenantId, bindingId, cancellationToken).ConfigureAwait(false) : null;
        if (found is not { } f)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no device binding '{(bindingId.Length > 80 ? bindingId[..80] + "…" : bindingId)}'.");
        }

        var change = await statusLists.SetStatusAsync(tenantId, bindingId, StatusPurpose.Revocation, true, cancellationToken).ConfigureAwait(false);
        if (!change.IsSuccess)
        {
            return change.Error!;
        }

        await RecordAsync(tenantId, "device.unbound", f.Binding.PatientDid, bindingId, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["bindingId"] = bindingId,
            ["status"] = "revoked",
            ["statusListCredential"] = statusUrls.ListUrl(tenantId, change.Value.ListId),
            ["statusListIndex"] = change.Value.Index.ToString(CultureInfo.InvariantCulture),
        };
    }

    // A did:key or did:jwk (resolved locally, no network) of one P-256 or Ed25519 key.
    private async Task<Error?> CheckDeviceDidAsync(string deviceDid, CancellationToken cancellationToken)
    {
        if (!deviceDid.StartsWith("did:key:", StringComparison.Ordinal) && !deviceDid.StartsWith("did:jwk:", StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.InvalidRequest, "deviceDid must be a did:key or did:jwk.");
        }

        var resolved = await resolver.ResolveAsync(deviceDid, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (resolved.IsSuccess && resolved.Document?.VerificationMethod is [var method, ..])
        {
            var key = method.GetPublicKey();
            if (key.IsSuccess && key.Value.KeyType is KeyType.P256 or KeyType.Ed25519)
            {
                return null;
            }
        }

        return new Error(ErrorCodes.InvalidRequest, "deviceDid must resolve to one P-256 or Ed25519 key.");
    }

    private static Result<DateTimeOffset> ReadValidUntil(JsonNode? node, DateTimeOffset now)
    {
        if (node is null)
        {
            return now + MaxValidity;
        }

        return JsonText.String(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
            && until > now && until <= now + MaxValidity
            ? until
            : new Error(ErrorCodes.InvalidRequest, $"validUntil must be an RFC 3339 date-time after now and at most {MaxValidity.TotalDays:0} days ahead.");
    }

    private static JsonObject Credential(string id, string deviceDid, string patient, string kind, JsonObject device, DateTimeOffset now, DateTimeOffset until) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", Context),
        ["id"] = id,
        ["type"] = new JsonArray("VerifiableCredential", DeviceBindings.CredentialType),
        ["validFrom"] = Time(now),
        ["validUntil"] = Time(until),
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = deviceDid,
            ["patient"] = patient,
            ["kind"] = kind,
            ["fhirVersion"] = Health.FhirCredentials.FhirVersionR4,
            ["fhirResource"] = device.DeepClone(),
        },
    };

    private static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Audit: the patient and the binding only as the tenant's pseudonyms.
    private async Task RecordAsync(string tenantId, string action, string patient, string bindingId, CancellationToken cancellationToken)
    {
        var subject = await pseudonyms.ForAuditAsync(tenantId, patient, cancellationToken).ConfigureAwait(false);
        var binding = await pseudonyms.ForAuditAsync(tenantId, bindingId, cancellationToken).ConfigureAwait(false);
        await audit.EnqueueAsync(new AuditEntry(time.GetUtcNow(), tenantId, action, subject, $"ok binding={binding}"), cancellationToken).ConfigureAwait(false);
    }
}
