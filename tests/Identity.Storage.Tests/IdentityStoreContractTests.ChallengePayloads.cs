namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    [TestMethod]
    public async Task FindChallenge_WithPayload_ReturnsItUntilConsumed_ThenConsumeCarriesIt()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("code-1", TimeSpan.FromMinutes(5)) with { Payload = "sealed-offer" });

        var found = await store.FindChallengeAsync("code-1", T0.AddMinutes(1));
        var consumed = await store.ConsumeChallengeAsync("code-1", T0.AddMinutes(1));
        var afterwards = await store.FindChallengeAsync("code-1", T0.AddMinutes(2));

        Assert.AreEqual("sealed-offer", found!.Payload);
        Assert.AreEqual(0, found.Attempts);
        Assert.AreEqual(new ChallengeConsumption(ChallengeState.Consumed, "verifier.example", "sealed-offer"), consumed);
        Assert.IsNull(afterwards);
        Assert.IsNull(await store.FindChallengeAsync("code-1", T0.AddMinutes(1)), "consumed stays consumed");
    }

    [TestMethod]
    public async Task FindChallenge_Expired_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("code-1", TimeSpan.FromMinutes(5)));

        Assert.IsNull(await store.FindChallengeAsync("code-1", T0.AddMinutes(5)));
        Assert.IsNull(await store.FindChallengeAsync("unknown", T0));
    }

    [TestMethod]
    public async Task TryAddChallenge_SameValueTwice_SecondIsRefused()
    {
        var store = await CreateStoreAsync();

        Assert.IsTrue(await store.TryAddChallengeAsync(NewChallenge("jti-1", TimeSpan.FromMinutes(5))));
        Assert.IsFalse(await store.TryAddChallengeAsync(NewChallenge("jti-1", TimeSpan.FromMinutes(5))));
    }

    [TestMethod]
    public async Task BeginChallengeAttempt_50Parallel_CountsAtMostTheLimit_AndConsumedOrExpiredCountsNone()
    {
        // Arrange
        var store = await CreateStoreAsync();
        await store.AddChallengeAsync(NewChallenge("code-1", TimeSpan.FromMinutes(5)));
        await store.AddChallengeAsync(NewChallenge("code-2", TimeSpan.FromMinutes(5)));
        await store.ConsumeChallengeAsync("code-2", T0);

        // Act
        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.BeginChallengeAttemptAsync("code-1", 3, T0.AddMinutes(1))));

        // Assert
        CollectionAssert.AreEquivalent(new int?[] { 1, 2, 3 }, attempts.Where(a => a is not null).ToArray());
        Assert.AreEqual(3, (await store.FindChallengeAsync("code-1", T0.AddMinutes(1)))!.Attempts);
        Assert.IsNull(await store.BeginChallengeAttemptAsync("code-2", 3, T0));
        Assert.IsNull(await store.BeginChallengeAttemptAsync("code-1", 5, T0.AddMinutes(6)));
    }
}
