using System.Threading.Channels;
using Identity.Storage;

namespace Identity.Server.Audit;

/// <summary>
/// Appends verification outcomes to the audit chain in batches: one transaction per batch keeps thousands of
/// verifications a second from each paying for a durable commit. Issuance and status changes do not come through
/// here: the store writes their entries inside their own transactions. Pending entries are flushed at shutdown.
/// </summary>
internal sealed class AuditWriter(IIdentityStore store, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private int _writing;
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ValueTask EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(entry, cancellationToken);

    /// <summary>Waits until everything enqueued so far is in the store (tests and shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_queue.Reader.Count > 0 || Volatile.Read(ref _writing) != 0)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await DrainAsync(batch, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DrainAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _writing, 1);
        try
        {
            while (true)
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                if (batch.Count == 0)
                {
                    return;
                }

                try
                {
                    await store.AppendAuditAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError("Could not append {Count} audit entries: {Error}", batch.Count, e.GetType().Name);
                }
            }
        }
        finally
        {
            Interlocked.Exchange(ref _writing, 0);
        }
    }
}
