using System.Threading.Channels;
using Identity.Server.Audit;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// The alerts' <see cref="IReadingListener"/>: ingestion hands it each committed batch and returns at once (the batch
/// is queued, never evaluated on the ingesting request); a background loop evaluates the readings against their
/// patient's rules, stores the alerts they raise (sealed, pseudonymised, within the retention bounds) and publishes
/// the new ones to the tenant's open streams. When <see cref="AlertSettings.QueuedBatches"/> batches already wait, a
/// batch is not evaluated, and a warning counts it (no reading's data is logged).
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed partial class AlertPipeline(
    AlertRuleBook rules, IAlertStore store, SubjectPseudonyms pseudonyms, RecordCipher cipher, AlertHub hub, AlertSettings settings,
    TimeProvider time, ILogger<AlertPipeline> logger) : BackgroundService, IReadingListener
{
    public const string RecordKind = "alert";

    private readonly Channel<IReadOnlyList<AcceptedReading>> _queue = Channel.CreateBounded<IReadOnlyList<AcceptedReading>>(
        new BoundedChannelOptions(AlertSettings.QueuedBatches) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _skipped;

    /// <summary>Batches not evaluated because the queue was full, since start.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <inheritdoc />
    public ValueTask OnAcceptedAsync(IReadOnlyList<AcceptedReading> readings, CancellationToken cancellationToken)
    {
        if (readings is { Count: > 0 } && !_queue.Writer.TryWrite(readings))
        {
            LogSkipped(logger, readings.Count, Interlocked.Increment(ref _skipped));
        }

        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await EvaluateAsync(batch, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Boundary: one batch's failure (storage, a row that does not open) must not stop alerting for the next.
                LogFailed(logger, batch.Count, e.GetType().Name);
            }
        }
    }

    /// <summary>Evaluates one batch: per patient, their rules against each measured value; stores and publishes what is new.</summary>
    internal async Task EvaluateAsync(IReadOnlyList<AcceptedReading> batch, CancellationToken cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert evaluation queue full: a batch of {Count} readings was not evaluated ({Skipped} batches skipped since start).")]
    private static partial void LogSkipped(ILogger logger, int count, long skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert evaluation failed for a batch of {Count} readings ({Failure}).")]
    private static partial void LogFailed(ILogger logger, int count, string failure);
}
