// References: W3C CCG did:web Method Specification, §3.1 Create (paths), §3.2 Read, https://w3c-ccg.github.io/did-method-web/
using Identity.Cryptography;
using Identity.DidMethods.Web;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Patients;

/// <summary>
/// Patient DIDs as others see them: <c>did:web:{host}:tenants:{t}:patients:{id}</c>, served at
/// <c>/tenants/{t}/patients/{id}/did.json</c>, whose verification methods are the patient's own public keys
/// (fragment = the key's <c>publicKeyMultibase</c>, so an id never names two keys across rotations).
/// </summary>
/// <remarks><threadsafety>Thread-safe; reads the store on every call (no cache: an update takes effect at once).</threadsafety></remarks>
internal sealed class PatientDirectory(IIdentityStore store, PublicUrl publicUrl)
{
    public const int MaxKeys = 8;

    public string DidOf(string tenantId, string patientId) => DidWeb.Create(publicUrl.Host, publicUrl.Port, "tenants", tenantId, "patients", patientId);

    /// <summary>The patient DID of <paramref name="patientId"/> taken from a request path; null when it is not an id a
    /// patient can have (the same rule as at registration), so a bad path segment is the caller's 4xx, never an exception.</summary>
    public string? TryDidOf(string tenantId, string patientId) => Tenants.TenantIds.IsValid(patientId) ? DidOf(tenantId, patientId) : null;

    /// <summary>(tenant, patient) when <paramref name="did"/> has the shape of one of this deployment's patient DIDs.</summary>
    public (string Tenant, string Patient)? PatientOfDidWeb(string did)
    {
        var prefix = DidWeb.Create(publicUrl.Host, publicUrl.Port, "tenants", "x")[..^1];
        if (!did.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = did[prefix.Length..].Split(':');
        return parts is [var tenant, "patients", var patient] && TenantIds.IsValid(tenant) && TenantIds.IsValid(patient) ? (tenant, patient) : null;
    }

    /// <summary>The current document; <c>notFound</c> or <c>didDeactivated</c>.</summary>
    public async Task<Result<(PatientDidRecord Record, DidDocument Document)>> GetAsync(string tenantId, string patientId, CancellationToken cancellationToken)
    {
        var record = TenantIds.IsValid(tenantId) && TenantIds.IsValid(patientId)
            ? await store.GetPatientDidAsync(tenantId, patientId, cancellationToken).ConfigureAwait(false)
            : null;
        if (record is null)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no patient '{patientId}'.");
        }

        if (record.IsDeactivated)
        {
            return new Error(ErrorCodes.DidDeactivated, $"{DidOf(tenantId, patientId)} was deactivated by its hospital.");
        }

        return (record, Document(record));
    }

    public DidDocument Document(PatientDidRecord record)
    {
        var did = DidOf(record.TenantId, record.PatientId);
        var methods = record.PublicKeys
            .Select(multibase => VerificationMethod.FromMultikey($"{did}#{multibase}", did, Multikey.DecodePublicKey(multibase).Value))
            .ToArray();
        var references = methods.Select(m => VerificationMethodReference.Reference(m.Id)).ToArray();
        return new DidDocument
        {
            Id = Did.Parse(did).Value,
            Context = [DidContexts.DidV1, DidContexts.MultikeyV1],
            VerificationMethod = [.. methods],
            Authentication = [.. references],
            AssertionMethod = [.. references],
        };
    }

    /// <summary>Checks a requested key set: 1 to <see cref="MaxKeys"/> distinct signing keys as <c>publicKeyMultibase</c> strings.</summary>
    public static Result<string[]> ReadKeys(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is not System.Text.Json.Nodes.JsonArray array || array.Count is 0 or > MaxKeys)
        {
            return new Error(ErrorCodes.InvalidRequest, $"publicKeys must be an array of 1 to {MaxKeys} publicKeyMultibase strings.");
        }

        var keys = new List<string>();
        foreach (var item in array)
        {
            var text = Http.JsonText.String(item);
            if (text is null or { Length: > 256 })
            {
                return new Error(ErrorCodes.InvalidRequest, "Each of publicKeys must be a publicKeyMultibase string.");
            }

            var key = Multikey.DecodePublicKey(text);
            if (!key.IsSuccess)
            {
                return new Error(ErrorCodes.InvalidPublicKey, $"publicKeys: {key.Error!.Detail}");
            }

            if (key.Value.KeyType == KeyType.X25519)
            {
                return new Error(ErrorCodes.InvalidPublicKeyType, "publicKeys: an X25519 key cannot sign; use Ed25519, P-256, P-384 or secp256k1.");
            }

            if (keys.Contains(text, StringComparer.Ordinal))
            {
                return new Error(ErrorCodes.InvalidRequest, "publicKeys lists the same key twice.");
            }

            keys.Add(text);
        }

        return keys.ToArray();
    }
}
