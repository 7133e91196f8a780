using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Patients;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// Each patient's alert rules, set by the hospital: stored under the tenant's pseudonym of the patient's DID, the rules
/// sealed with the tenant's data key (record kind <c>alert-rules</c>), so the database holds neither the DID nor what is
/// watched.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class AlertRuleBook(IAlertStore store, SubjectPseudonyms pseudonyms, RecordCipher cipher, PatientDirectory patients, TimeProvider time)
{
    public const string RecordKind = "alert-rules";

    /// <summary>The patient's DID from the path: a DID, or the id of one of the tenant's patient did:web.</summary>
    public Result<string> PatientOf(string tenantId, string patient)
    {
        if (patient.StartsWith("did:", StringComparison.Ordinal))
        {
            var did = Did.Parse(patient);
            return did.IsSuccess ? patient : new Error(ErrorCodes.InvalidDid, "patient: " + did.Error!.Detail);
        }

        return patients.TryDidOf(tenantId, patient) is { } patientDid
            ? patientDid
            : new Error(ErrorCodes.InvalidDid, "patient must be the patient's DID (URL-encoded) or the id of one of the tenant's patient DIDs.");
    }

    /// <summary>Replaces the patient's rules; <c>notFound</c> for an unknown tenant.</summary>
    public async Task<Result<ImmutableArray<AlertRule>>> PutAsync(string tenantId, string patientDid, ImmutableArray<AlertRule> rules, CancellationToken cancellationToken)
    {
        var tag = await pseudonyms.OfAsync(tenantId, patientDid, cancellationToken).ConfigureAwait(false);
        var key = tag.IsSuccess ? await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false) : tag.Error!;
        if (!key.IsSuccess)
        {
            return key.Error!;
        }

        var sealedRules = key.Value.SealText(RecordKind, tag.Value, AlertRule.ToJson(rules).ToJsonString());
        var stored = await store.PutAlertRulesAsync(new AlertRuleSetRecord(tenantId, tag.Value, sealedRules, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return stored.IsSuccess ? rules : stored.Error!;
    }

    /// <summary>The patient's rules (none when the tenant set none); <c>notFound</c> for an unknown tenant.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The stored rules do not open: wrong key, or the row was altered.</exception>
    public async Task<Result<ImmutableArray<AlertRule>>> GetAsync(string tenantId, string patientDid, CancellationToken cancellationToken)
    {
        var tag = await pseudonyms.OfAsync(tenantId, patientDid, cancellationToken).ConfigureAwait(false);
        if (!tag.IsSuccess)
        {
            return tag.Error!;
        }

        var record = await store.GetAlertRulesAsync(tenantId, tag.Value, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return ImmutableArray<AlertRule>.Empty;
        }

        var key = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return key.Error!;
        }

        // Invariant: only rules that parsed were sealed, so a stored set parses again.
        var json = (JsonObject)JsonNode.Parse(key.Value.OpenText(RecordKind, tag.Value, record.Rules))!;
        var parsed = AlertRule.ParseSet(json);
        return parsed.IsSuccess ? parsed.Value : new Error(ErrorCodes.InternalError, "The stored alert rules no longer parse.");
    }
}
