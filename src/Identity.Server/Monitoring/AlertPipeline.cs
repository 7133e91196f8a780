using System.Threading.Channels;

namespace Identity.Server.Monitoring;

/// <summary>
/// The alerts' <see cref="IReadingListener"/>: ingestion hands it each committed batch and returns at once (the batch
/// is queued, never evaluated on the ingesting request); a background loop evaluates the readings against their
/// patient's rules, stores the alerts they raise (sealed, pseudonymised, within the retention bounds) and publishes
/// the new ones to the tenant's open streams. When <see cref="AlertSettings.QueuedBatches"/> batches already wait, a
/// batch is not evaluated, and a warning counts it (no reading's data is logged).
/// </summary>
/// <remarks>The <see cref="AlertRecorder"/> is resolved at the first batch, not at start, so a host whose store does not
/// keep alerts still starts (it fails, logged, on its first batch).
/// <threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed partial class AlertPipeline(IServiceProvider services, ILogger<AlertPipeline> logger) : BackgroundService, IReadingListener
{

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
        try
        {
            await foreach (var batch in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await services.GetRequiredService<AlertRecorder>().RecordAsync(batch, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Boundary: one batch's failure (storage, a row that does not open) must not stop alerting for the next.
                    LogFailed(logger, batch.Count, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: batches still queued are not evaluated (their readings are stored; only their alerts are lost).
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert evaluation queue full: a batch of {Count} readings was not evaluated ({Skipped} batches skipped since start).")]
    private static partial void LogSkipped(ILogger logger, int count, long skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert evaluation failed for a batch of {Count} readings ({Failure}).")]
    private static partial void LogFailed(ILogger logger, int count, string failure);
}
