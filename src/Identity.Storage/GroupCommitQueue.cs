using System.Threading.Channels;

namespace Identity.Storage;

/// <summary>
/// Group commit: writes that arrive while a commit is in flight are committed together in the next transaction, so
/// concurrent requests share one fsync (SQLite) or one commit round trip and audit lock (PostgreSQL). A bounded queue
/// (callers wait for room), at most <c>maxBatch</c> items per transaction, and an optional <c>maxWait</c> for a batch
/// to fill once its first item is there (zero: take what is queued and go, so an idle service adds no latency).
/// </summary>
/// <remarks>
/// <para>Isolation: <c>commitBatch</c> must be all-or-nothing (one transaction) and must answer each item on its own,
/// so that one item's refusal never fails the others. When it throws, nothing of the batch is stored and each item is
/// committed alone with <c>commitOne</c>: the failure reaches only the caller whose item causes it.</para>
/// <para>A caller's task completes only after the transaction holding its item has committed (or failed). Once queued,
/// an item is committed even if its caller stops waiting, so the outcome is never left unknown to the store.</para>
/// <threadsafety>Thread-safe. One consumer runs the commits, one batch at a time.</threadsafety>
/// </remarks>
/// <typeparam name="TItem">What is stored.</typeparam>
/// <typeparam name="TResult">The answer for one item.</typeparam>
public sealed class GroupCommitQueue<TItem, TResult> : IDisposable
{
    private readonly Channel<Pending> _queue;
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _commitBatch;
    private readonly Func<TItem, Task<TResult>> _commitOne;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxWait;
    private readonly Task _consumer;

    /// <summary>Creates the queue and starts its consumer.</summary>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBatch"/> or <paramref name="capacity"/> is not positive,
    /// or <paramref name="maxWait"/> is negative.</exception>
    public GroupCommitQueue(
        Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> commitBatch, Func<TItem, Task<TResult>> commitOne, int maxBatch, TimeSpan maxWait, int capacity)
    {
        ArgumentNullException.ThrowIfNull(commitBatch);
        ArgumentNullException.ThrowIfNull(commitOne);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        (_commitBatch, _commitOne, _maxBatch, _maxWait) = (commitBatch, commitOne, maxBatch, maxWait);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>Queues <paramref name="item"/> and completes once it is committed, with its answer.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the queue only; a queued item is always committed.</param>
    /// <exception cref="ObjectDisposedException">The queue was disposed.</exception>
    public async Task<TResult> CommitAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(GroupCommitQueue<TItem, TResult>));
        }

        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking items; those already queued are still committed.</summary>
    public void Dispose() => _queue.Writer.TryComplete();

    private async Task ConsumeAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count < _maxBatch && _maxWait > TimeSpan.Zero)
            {
                await FillAsync(batch).ConfigureAwait(false);
            }

            await CommitAsync(batch).ConfigureAwait(false);
        }
    }

    // Waits up to maxWait for more items, until the batch is full.
    private async Task FillAsync(List<Pending> batch)
    {
        using var deadline = new CancellationTokenSource(_maxWait);
        try
        {
            while (batch.Count < _maxBatch && await _queue.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The wait is over; commit what is there.
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        IReadOnlyList<TResult>? results = null;
        try
        {
            results = await _commitBatch([.. batch.Select(p => p.Item)]).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The batch transaction rolled back, so nothing of it was stored: each item is committed alone below.
        }

        if (results is not null)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                if (i < results.Count)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
                else
                {
                    batch[i].Completion.TrySetException(new InvalidOperationException("The batch commit answered fewer items than it was given."));
                }
            }

            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                pending.Completion.TrySetResult(await _commitOne(pending.Item).ConfigureAwait(false));
            }
            catch (Exception e)
            {
                // The item's own failure goes to its caller only.
                pending.Completion.TrySetException(e);
            }
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Completion);
}
