// References: docs/patient-dids.md (patient did:web documents list the patient's own keys); W3C did:key v0.7,
//   https://w3c-ccg.github.io/did-method-key/ ; did:jwk, https://github.com/quartzjer/did-jwk/blob/main/spec.md
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Patients;

namespace Identity.Server.Consent;

/// <summary>
/// Who may act for a patient of a tenant: the patient's own did:web (<c>did:web:{host}:tenants:{t}:patients:{id}</c>,
/// registered and not deactivated), or a did:key / did:jwk whose single key is one of the keys that did:web lists.
/// </summary>
/// <remarks><threadsafety>Thread-safe; reads the patient's current record on every call.</threadsafety></remarks>
internal sealed class PatientBinding(PatientDirectory patients, IDidResolver resolver)
{
    /// <summary>Null when <paramref name="actor"/> may act for <paramref name="patientDid"/> in <paramref name="tenantId"/>; else why not.</summary>
    public async Task<Error?> CheckAsync(string tenantId, string patientDid, string actor, CancellationToken cancellationToken)
    {
        if (patients.PatientOfDidWeb(patientDid) is not { } named || named.Tenant != tenantId)
        {
            return NotPatient($"{patientDid} is not a patient DID of tenant '{tenantId}' (did:web:…:tenants:{tenantId}:patients:{{id}}).");
        }

        var record = await patients.GetAsync(tenantId, named.Patient, cancellationToken).ConfigureAwait(false);
        if (!record.IsSuccess)
        {
            return NotPatient(record.Error!.Detail);
        }

        if (actor == patientDid)
        {
            return null;
        }

        var key = await SingleKeyOfAsync(actor, cancellationToken).ConfigureAwait(false);
        return key is not null && record.Value.Record.PublicKeys.Contains(key, StringComparer.Ordinal)
            ? null
            : NotPatient($"{actor} is neither {patientDid} nor a did:key or did:jwk of one of its keys.");
    }

    // The publicKeyMultibase of a did:key (its method-specific id) or did:jwk (its one signing key); null for any other DID.
    private async Task<string?> SingleKeyOfAsync(string did, CancellationToken cancellationToken)
    {
        if (did.StartsWith("did:key:", StringComparison.Ordinal))
        {
            return did["did:key:".Length..];
        }

        if (!did.StartsWith("did:jwk:", StringComparison.Ordinal))
        {
            return null;
        }

        var resolved = await resolver.ResolveAsync(did, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (resolved.Document?.VerificationMethod is not [var method, ..])
        {
            return null;
        }

        var key = method.GetPublicKey();
        return key.IsSuccess ? Multikey.EncodePublicKey(key.Value) : null;
    }

    private static Error NotPatient(string detail) => new(ErrorCodes.ConsentNotByPatient, detail);
}
