// References: GDPR Art. 17 (right to erasure), https://eur-lex.europa.eu/eli/reg/2016/679/oj (Art. 17);
//   W3C Bitstring Status List v1.0 §2.1 (a revocation is permanent), https://www.w3.org/TR/vc-bitstring-status-list/
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Status;
using Identity.Storage;

namespace Identity.Server.Patients;

/// <summary>
/// Erases a patient from a tenant (docs/privacy.md): the credentials the tenant issued about the patient's DID are revoked
/// first (their status bits stay set, so a copy the patient or a verifier still holds fails its status check), then their
/// stored documents and the biometric records they bind are deleted, and a patient did:web of the tenant is deactivated
/// with its keys deleted; one transaction. The audit keeps only the tenant's pseudonym of the DID. The patient's alert
/// rules and alerts (docs/monitoring.md) are deleted next, in a transaction of their own.
/// </summary>
internal sealed class PatientErasureService(
    IIdentityStore store, SubjectPseudonyms pseudonyms, PatientDirectory patients, StatusListService statusLists, TimeProvider time,
    IAlertStore alerts)
{
    public const int MaxDidLength = 2048;

    /// <summary>Erases <paramref name="did"/> in <paramref name="tenantId"/>; <c>invalidDid</c>, or <c>notFound</c> for an unknown tenant.</summary>
    public async Task<Result<(string Subject, ErasureReport Report)>> EraseAsync(string tenantId, string? did, CancellationToken cancellationToken)
    {
        if (did is not { Length: > 0 and <= MaxDidLength } || !Did.TryParse(did, out _))
        {
            return new Error(ErrorCodes.InvalidDid, $"did must be a DID of at most {MaxDidLength} characters.");
        }

        var subject = await pseudonyms.OfAsync(tenantId, did, cancellationToken).ConfigureAwait(false);
        if (!subject.IsSuccess)
        {
            return subject.Error!;
        }

        string? patientId = patients.PatientOfDidWeb(did) is var (tenant, patient) && tenant == tenantId ? patient : null;
        var now = time.GetUtcNow();
        var erased = await store.ErasePatientAsync(
            tenantId, subject.Value, patientId, now, new AuditEntry(now, tenantId, "patient.erased", subject.Value, "ok"), cancellationToken).ConfigureAwait(false);
        if (!erased.IsSuccess)
        {
            return erased.Error!;
        }

        statusLists.ForgetTenantLists(tenantId);
        await alerts.ErasePatientAlertsAsync(tenantId, subject.Value, cancellationToken).ConfigureAwait(false);
        return (subject.Value, erased.Value);
    }
}
