using Identity.Server.Audit;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// Evaluates batches of accepted readings for <see cref="AlertPipeline"/>: per patient, their rules against each
/// measured value; stores the alerts raised (sealed, under the patient's pseudonym, within the retention bounds) and
/// publishes those new to the tenant's streams.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class AlertRecorder(
    AlertRuleBook rules, IAlertStore store, SubjectPseudonyms pseudonyms, RecordCipher cipher, AlertHub hub, AlertSettings settings, TimeProvider time)
{
    public const string RecordKind = "alert";

    /// <summary>Evaluates one batch: per patient, their rules against each measured value; stores and publishes what is new.</summary>
    public async Task RecordAsync(IReadOnlyList<AcceptedReading> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var patient in batch.GroupBy(r => (r.TenantId, r.PatientDid)))
        {
            var set = await rules.GetAsync(patient.Key.TenantId, patient.Key.PatientDid, cancellationToken).ConfigureAwait(false);
            if (!set.IsSuccess || set.Value.IsEmpty)
            {
                continue;
            }

            var raised = patient.SelectMany(reading => AlertEvaluator.Evaluate(set.Value, reading, now)).ToList();
            if (raised.Count > 0)
            {
                await StoreAndPublishAsync(patient.Key.TenantId, patient.Key.PatientDid, raised, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StoreAndPublishAsync(string tenantId, string patientDid, List<Alert> raised, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tag = await pseudonyms.OfAsync(tenantId, patientDid, cancellationToken).ConfigureAwait(false);
        var key = tag.IsSuccess ? await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false) : tag.Error!;
        if (!key.IsSuccess)
        {
            return;
        }

        var records = raised.Select(a => new AlertRecord(tenantId, 0, a.Id, tag.Value, a.Raised, key.Value.SealText(RecordKind, a.Id, a.ToJson().ToJsonString()))).ToList();
        var stored = await store.AddAlertsAsync(records, now - settings.Retention, settings.MaxPerTenant, cancellationToken).ConfigureAwait(false);
        var byId = raised.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var record in stored)
        {
            hub.Publish(tenantId, byId[record.AlertId], record.Sequence);
        }
    }
}
