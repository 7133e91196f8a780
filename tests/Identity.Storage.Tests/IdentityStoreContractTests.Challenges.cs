namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    private static ChallengeRecord NewChallenge(string value, TimeSpan lifetime) =>
        new(value, "verifier.example", T0, T0 + lifetime);

    [TestMethod]
    public async Task ConsumeChallenge_IssuedOnce_ConsumedThenAlreadyUsed()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("ch-1", TimeSpan.FromMinutes(5)));

        var first = await store.ConsumeChallengeAsync("ch-1", T0.AddMinutes(1));
        var second = await store.ConsumeChallengeAsync("ch-1", T0.AddMinutes(2));

        Assert.AreEqual(new ChallengeConsumption(ChallengeState.Consumed, "verifier.example"), first);
        Assert.AreEqual(new ChallengeConsumption(ChallengeState.AlreadyUsed, "verifier.example"), second);
    }

    [TestMethod]
    public async Task ConsumeChallenge_AtOrAfterExpiry_ReturnsExpired()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("ch-1", TimeSpan.FromMinutes(5)));

        var atExpiry = await store.ConsumeChallengeAsync("ch-1", T0.AddMinutes(5));
        var oneTickBefore = await store.ConsumeChallengeAsync("ch-1", T0.AddMinutes(5).AddTicks(-1));

        Assert.AreEqual(new ChallengeConsumption(ChallengeState.Expired, "verifier.example"), atExpiry);
        Assert.AreEqual(ChallengeState.Consumed, oneTickBefore.State);
    }

    [TestMethod]
    public async Task ConsumeChallenge_Unknown_ReturnsNotIssued()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("ch-1", TimeSpan.FromMinutes(5)));

        var result = await store.ConsumeChallengeAsync("ch-2", T0);

        Assert.AreEqual(new ChallengeConsumption(ChallengeState.NotIssued, null), result);
    }

    [TestMethod]
    public async Task ConsumeChallenge_50Parallel_ExactlyOneConsumes()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("ch-1", TimeSpan.FromMinutes(5)));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => store.ConsumeChallengeAsync("ch-1", T0.AddSeconds(1)))));

        Assert.AreEqual(1, results.Count(r => r.State == ChallengeState.Consumed));
        Assert.AreEqual(49, results.Count(r => r.State == ChallengeState.AlreadyUsed));
    }

    [TestMethod]
    public async Task AddChallenge_DuplicateValue_Throws()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("ch-1", TimeSpan.FromMinutes(5)));

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.AddChallengeAsync(NewChallenge("ch-1", TimeSpan.FromMinutes(9))));

        Assert.AreEqual(ChallengeState.Expired, (await store.ConsumeChallengeAsync("ch-1", T0.AddMinutes(6))).State);
    }

    [TestMethod]
    public async Task DeleteExpiredChallenges_Mixed_DeletesOnlyThoseExpiredBefore()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("old-1", TimeSpan.FromMinutes(1)));
        await store.AddChallengeAsync(NewChallenge("old-2", TimeSpan.FromMinutes(2)));
        await store.AddChallengeAsync(NewChallenge("edge", TimeSpan.FromMinutes(3)));
        await store.AddChallengeAsync(NewChallenge("fresh", TimeSpan.FromMinutes(10)));

        int deleted = await store.DeleteExpiredChallengesAsync(T0.AddMinutes(3));

        Assert.AreEqual(2, deleted);
        Assert.AreEqual(ChallengeState.NotIssued, (await store.ConsumeChallengeAsync("old-1", T0)).State);
        Assert.AreEqual(ChallengeState.NotIssued, (await store.ConsumeChallengeAsync("old-2", T0)).State);
        Assert.AreEqual(ChallengeState.Consumed, (await store.ConsumeChallengeAsync("edge", T0)).State);
        Assert.AreEqual(ChallengeState.Consumed, (await store.ConsumeChallengeAsync("fresh", T0)).State);
        Assert.AreEqual(0, await store.DeleteExpiredChallengesAsync(T0.AddMinutes(3)));
    }
}
