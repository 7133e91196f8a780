namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    private static readonly TimeSpan AttemptWindow = TimeSpan.FromMinutes(15);

    [TestMethod]
    public async Task BeginBiometricAttempt_UpToLimit_AllowedThenLockedUntilWindowEnds()
    {
        var store = await CreateStoreWithTenantAsync();

        var allowed = new List<BiometricAttempt>();
        for (int i = 0; i < 3; i++)
        {
            allowed.Add(await store.BeginBiometricAttemptAsync("t1", "r1", T0.AddMinutes(i), AttemptWindow, limit: 3));
        }

        var locked = await store.BeginBiometricAttemptAsync("t1", "r1", T0.AddMinutes(14), AttemptWindow, limit: 3);
        var otherRecord = await store.BeginBiometricAttemptAsync("t1", "r2", T0.AddMinutes(14), AttemptWindow, limit: 3);
        var afterWindow = await store.BeginBiometricAttemptAsync("t1", "r1", T0 + AttemptWindow, AttemptWindow, limit: 3);

        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, allowed.Select(a => a.Attempts).ToArray());
        Assert.IsTrue(allowed.All(a => a.Allowed && a.LockedUntil is null));
        Assert.AreEqual(new BiometricAttempt(false, 3, T0 + AttemptWindow), locked);
        Assert.AreEqual(new BiometricAttempt(true, 1, null), otherRecord);
        Assert.AreEqual(new BiometricAttempt(true, 1, null), afterWindow);
    }

    [TestMethod]
    public async Task ResetBiometricAttempts_AfterMatch_CountsFromZero()
    {
        var store = await CreateStoreWithTenantAsync();
        await store.BeginBiometricAttemptAsync("t1", "r1", T0, AttemptWindow, limit: 2);
        await store.BeginBiometricAttemptAsync("t1", "r1", T0, AttemptWindow, limit: 2);

        await store.ResetBiometricAttemptsAsync("t1", "r1");
        var next = await store.BeginBiometricAttemptAsync("t1", "r1", T0.AddMinutes(1), AttemptWindow, limit: 2);

        Assert.AreEqual(new BiometricAttempt(true, 1, null), next);
    }

    [TestMethod]
    public async Task BeginBiometricAttempt_30Parallel_ExactlyLimitAllowed()
    {
        var store = await CreateStoreWithTenantAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            Task.Run(() => store.BeginBiometricAttemptAsync("t1", "r1", T0.AddSeconds(1), AttemptWindow, limit: 5))));

        Assert.AreEqual(5, results.Count(r => r.Allowed));
        Assert.AreEqual(25, results.Count(r => !r.Allowed && r.LockedUntil == T0.AddSeconds(1) + AttemptWindow));
    }
}
