namespace Identity.Storage.Tests;

[TestClass]
public sealed class GroupCommitQueueTests
{
    [TestMethod]
    public async Task CommitAsync_ItemsQueuedDuringACommit_AreCommittedTogetherUpToMaxBatch()
    {
        var firstCommitting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<int>();
        using var queue = new GroupCommitQueue<int, int>(
            async items =>
            {
                lock (batches)
                {
                    batches.Add(items.Count);
                }

                firstCommitting.TrySetResult();
                await releaseFirst.Task;
                return [.. items.Select(i => i * 10)];
            },
            i => Task.FromResult(-1),
            maxBatch: 4,
            maxWait: TimeSpan.Zero,
            capacity: 64);

        var first = queue.CommitAsync(0, CancellationToken.None);
        await firstCommitting.Task;
        var rest = Enumerable.Range(1, 10).Select(i => queue.CommitAsync(i, CancellationToken.None)).ToList();
        await Task.Delay(50);
        Assert.IsFalse(first.IsCompleted, "An item is answered only once its commit has returned.");
        releaseFirst.SetResult();

        Assert.AreEqual(0, await first);
        CollectionAssert.AreEqual(Enumerable.Range(1, 10).Select(i => i * 10).ToList(), (await Task.WhenAll(rest)).ToList());
        CollectionAssert.AreEqual(new[] { 1, 4, 4, 2 }, batches);
    }

    [TestMethod]
    public async Task CommitAsync_BatchThrows_CommitsEachAloneAndOnlyTheFailingCallerSeesTheFailure()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committedAlone = new List<int>();
        using var queue = new GroupCommitQueue<int, int>(
            async items =>
            {
                blocking.TrySetResult();
                await gate.Task;
                return items.Contains(3) ? throw new InvalidOperationException("item 3 breaks the transaction") : [.. items];
            },
            i =>
            {
                lock (committedAlone)
                {
                    committedAlone.Add(i);
                }

                return i == 3 ? throw new InvalidOperationException("item 3 alone") : Task.FromResult(i + 100);
            },
            maxBatch: 8,
            maxWait: TimeSpan.Zero,
            capacity: 64);

        var blocker = queue.CommitAsync(0, CancellationToken.None);
        await blocking.Task;
        var tasks = Enumerable.Range(1, 5).Select(i => queue.CommitAsync(i, CancellationToken.None)).ToList();
        gate.SetResult();

        Assert.AreEqual(0, await blocker);
        Assert.AreEqual(101, await tasks[0]);
        Assert.AreEqual(102, await tasks[1]);
        var failure = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => tasks[2]);
        Assert.AreEqual("item 3 alone", failure.Message);
        Assert.AreEqual(104, await tasks[3]);
        Assert.AreEqual(105, await tasks[4]);
        CollectionAssert.AreEquivalent(new[] { 1, 2, 3, 4, 5 }, committedAlone);
    }

    [TestMethod]
    public async Task CommitAsync_MaxWait_WaitsForTheBatchToFill()
    {
        var batches = new List<int>();
        using var queue = new GroupCommitQueue<int, int>(
            items =>
            {
                lock (batches)
                {
                    batches.Add(items.Count);
                }

                return Task.FromResult<IReadOnlyList<int>>([.. items]);
            },
            Task.FromResult,
            maxBatch: 3,
            maxWait: TimeSpan.FromSeconds(5),
            capacity: 8);

        var first = queue.CommitAsync(1, CancellationToken.None);
        await Task.Delay(30);
        var second = queue.CommitAsync(2, CancellationToken.None);
        var third = queue.CommitAsync(3, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, await Task.WhenAll(first, second, third));
        CollectionAssert.AreEqual(new[] { 3 }, batches);
    }

    [TestMethod]
    public async Task CommitAsync_AfterDispose_Throws()
    {
        var queue = new GroupCommitQueue<int, int>(items => Task.FromResult<IReadOnlyList<int>>([.. items]), Task.FromResult, 4, TimeSpan.Zero, 4);
        queue.Dispose();

        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => queue.CommitAsync(1, CancellationToken.None));
    }

    [TestMethod]
    public void Constructor_InvalidLimits_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new GroupCommitQueue<int, int>(_ => Task.FromResult<IReadOnlyList<int>>([]), Task.FromResult, 0, TimeSpan.Zero, 4));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new GroupCommitQueue<int, int>(_ => Task.FromResult<IReadOnlyList<int>>([]), Task.FromResult, 4, TimeSpan.FromSeconds(-1), 4));
    }
}
