// References: W3C VC Data Model 2.0 §5.4 (validity period), https://www.w3.org/TR/vc-data-model-2.0/ ; docs/monitoring.md
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// Finds the current binding of a device in a tenant: the device table (keyed by the tenant's pseudonym of the device
/// DID) names the binding credential, whose stored document and status bits say for whom, which kind, until when and
/// whether it still holds. Two reads and one decryption per batch; no index of credentials by subject is needed.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class DeviceBindings(IIdentityStore store, IReadingStore readings, RecordCipher cipher, SubjectPseudonyms pseudonyms, TimeProvider time)
{
    public const string CredentialType = "DeviceBindingCredential";

    /// <summary>A binding as the service reads it back.</summary>
    public sealed record Binding(string BindingId, string DeviceDid, string PatientDid, string Kind, DateTimeOffset ValidUntil, string DeviceTag);

    /// <summary>The tenant's pseudonym of a device DID; <c>notFound</c> for an unknown tenant.</summary>
    public Task<Result<string>> TagAsync(string tenantId, string deviceDid, CancellationToken cancellationToken) =>
        pseudonyms.OfAsync(tenantId, "device:" + deviceDid, cancellationToken);

    /// <summary>The device's current binding; <c>deviceNotBound</c>, <c>bindingRevoked</c> or <c>bindingExpired</c> when none holds.</summary>
    public async Task<Result<Binding>> FindCurrentAsync(string tenantId, string deviceDid, CancellationToken cancellationToken)
    {
        var tag = await TagAsync(tenantId, deviceDid, cancellationToken).ConfigureAwait(false);
        if (!tag.IsSuccess)
        {
            return NotBound(tenantId);
        }

        var device = await readings.GetDeviceAsync(tenantId, tag.Value, cancellationToken).ConfigureAwait(false);
        var record = device is null ? null : await store.GetCredentialAsync(tenantId, device.CredentialId, cancellationToken).ConfigureAwait(false);
        var binding = record is null ? null : await OpenAsync(tenantId, record, tag.Value, cancellationToken).ConfigureAwait(false);
        if (binding is null || binding.DeviceDid != deviceDid)
        {
            return NotBound(tenantId);
        }

        if (record!.Revoked || record.Suspended)
        {
            return new Error(ErrorCodes.BindingRevoked, $"The device's binding {binding.BindingId} is {(record.Revoked ? "revoked" : "suspended")}.");
        }

        return binding.ValidUntil <= time.GetUtcNow()
            ? new Error(ErrorCodes.BindingExpired, $"The device's binding {binding.BindingId} ended at {binding.ValidUntil:O}.")
            : binding;
    }

    /// <summary>The binding credential <paramref name="bindingId"/> of the tenant with its record, or null when it is none.</summary>
    public async Task<(Binding Binding, CredentialRecord Record)?> FindAsync(string tenantId, string bindingId, CancellationToken cancellationToken)
    {
        var record = await store.GetCredentialAsync(tenantId, bindingId, cancellationToken).ConfigureAwait(false);
        var binding = record is null ? null : await OpenAsync(tenantId, record, null, cancellationToken).ConfigureAwait(false);
        return binding is null ? null : (binding, record!);
    }

    private async Task<Binding?> OpenAsync(string tenantId, CredentialRecord record, string? tag, CancellationToken cancellationToken)
    {
        var opened = (await cipher.OpenAsync(tenantId, [record], cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        if (opened is not { Document.Length: > 0 } || JsonNode.Parse(opened.Document) is not JsonObject document
            || document["type"] is not JsonArray types || !types.Any(t => JsonText.String(t) == CredentialType)
            || document["credentialSubject"] is not JsonObject subject)
        {
            return null;
        }

        var device = JsonText.String(subject["id"]);
        var patient = JsonText.String(subject["patient"]);
        var kind = JsonText.String(subject["kind"]);
        if (device is null || patient is null || kind is null || !ReadingRules.Kinds.ContainsKey(kind)
            || !DateTimeOffset.TryParse(JsonText.String(document["validUntil"]), CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
        {
            return null;
        }

        tag ??= (await TagAsync(tenantId, device, cancellationToken).ConfigureAwait(false)).Value;
        return new Binding(record.CredentialId, device, patient, kind, until, tag);
    }

    private static Error NotBound(string tenantId) =>
        new(ErrorCodes.DeviceNotBound, $"The signing device has no binding in tenant '{tenantId}'; bind it with POST /tenants/{tenantId}/devices/bindings.");
}
