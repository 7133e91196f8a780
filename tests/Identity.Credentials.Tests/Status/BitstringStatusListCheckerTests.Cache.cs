// References: W3C Bitstring Status List v1.0 (W3C Recommendation, 15 May 2025), §6.3 Verifier Caching,
//   https://www.w3.org/TR/vc-bitstring-status-list/#verifier-caching
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Primitives;
using static Identity.Credentials.Tests.Status.StatusListTestKit;

namespace Identity.Credentials.Tests.Status;

/// <summary>The cache of verified lists: hits skip the source, entries expire by TTL and by capacity, failures are never kept.</summary>
public sealed partial class BitstringStatusListCheckerTests
{
    [TestMethod]
    public async Task CheckAsync_SameListTwice_SourceCalledOnce()
    {
        _kit.PublishList(_kit.Alice, "revocation", [5]);
        BitstringStatusListChecker checker = _kit.Checker();

        Error? first = await CheckAsync(Entry(5), checker);
        Error? second = await CheckAsync(Entry(6), checker);

        Assert.AreEqual(ErrorCodes.CredentialRevoked, first?.Code);
        Assert.IsNull(second);
        Assert.AreEqual(1, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_CachedListOfOtherIssuer_StillIssuerMismatch()
    {
        _kit.PublishList(_kit.Alice, "revocation", []);
        BitstringStatusListChecker checker = _kit.Checker();

        Error? alice = await CheckAsync(Entry(5), checker, _kit.Alice);
        Error? mallory = await CheckAsync(Entry(5), checker, _kit.Mallory);

        Assert.IsNull(alice);
        Assert.AreEqual(ErrorCodes.StatusListIssuerMismatch, mallory?.Code);
        Assert.AreEqual(1, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_AfterCacheDuration_FetchesAgainAndSeesNewStatus()
    {
        // Arrange: a cached list in which index 5 is clear, then the issuer revokes it.
        _kit.PublishList(_kit.Alice, "revocation", []);
        BitstringStatusListChecker checker = _kit.Checker(new StatusListCheckerOptions { CacheDuration = TimeSpan.FromMinutes(5) });
        Assert.IsNull(await CheckAsync(Entry(5), checker));
        _kit.PublishList(_kit.Alice, "revocation", [5]);

        // Act
        _kit.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Error? stillCached = await CheckAsync(Entry(5), checker);
        _kit.Time.Advance(TimeSpan.FromSeconds(1));
        Error? refetched = await CheckAsync(Entry(5), checker);

        // Assert
        Assert.IsNull(stillCached);
        Assert.AreEqual(ErrorCodes.CredentialRevoked, refetched?.Code);
        Assert.AreEqual(2, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_CachedListReachesValidUntil_FetchedAgain()
    {
        JsonObject shortLived = UnsignedList(_kit.Alice, "revocation", [], validUntil: Now.AddMinutes(1));
        _kit.Source.Publish(ListUrl, _kit.Sign(shortLived, _kit.Alice));
        BitstringStatusListChecker checker = _kit.Checker();
        Assert.IsNull(await CheckAsync(Entry(5), checker));
        _kit.PublishList(_kit.Alice, "revocation", [5]);

        _kit.Time.Advance(TimeSpan.FromMinutes(2));
        Error? outcome = await CheckAsync(Entry(5), checker);

        Assert.AreEqual(ErrorCodes.CredentialRevoked, outcome?.Code);
        Assert.AreEqual(2, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_SourceFailure_NotCached()
    {
        _kit.Source.Failure = new Error("timeout", "The status list host did not answer.");
        BitstringStatusListChecker checker = _kit.Checker();
        Assert.AreEqual(ErrorCodes.StatusListUnavailable, (await CheckAsync(Entry(5), checker))?.Code);

        _kit.Source.Failure = null;
        _kit.PublishList(_kit.Alice, "revocation", [5]);
        Error? outcome = await CheckAsync(Entry(5), checker);

        Assert.AreEqual(ErrorCodes.CredentialRevoked, outcome?.Code);
        Assert.AreEqual(2, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_InvalidList_NotCached()
    {
        _kit.Source.Publish(ListUrl, UnsignedList(_kit.Alice, "revocation", []));
        BitstringStatusListChecker checker = _kit.Checker();
        Assert.AreEqual(ErrorCodes.InvalidStatusList, (await CheckAsync(Entry(5), checker))?.Code);

        _kit.PublishList(_kit.Alice, "revocation", [5]);
        Error? outcome = await CheckAsync(Entry(5), checker);

        Assert.AreEqual(ErrorCodes.CredentialRevoked, outcome?.Code);
        Assert.AreEqual(2, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_CapacityReached_LeastRecentlyUsedEvicted()
    {
        _kit.PublishList(_kit.Alice, "revocation", [1], ListUrl);
        _kit.PublishList(_kit.Alice, "revocation", [2], OtherListUrl);
        BitstringStatusListChecker checker = _kit.Checker(new StatusListCheckerOptions { CacheCapacity = 1 });

        await CheckAsync(Entry(1, url: ListUrl), checker);       // miss: caches 1
        await CheckAsync(Entry(1, url: ListUrl), checker);       // hit
        await CheckAsync(Entry(2, url: OtherListUrl), checker);  // miss: evicts 1
        Error? outcome = await CheckAsync(Entry(1, url: ListUrl), checker); // miss again

        Assert.AreEqual(ErrorCodes.CredentialRevoked, outcome?.Code);
        Assert.AreEqual(3, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_CachingOff_AlwaysFetches()
    {
        _kit.PublishList(_kit.Alice, "revocation", []);

        await CheckAsync(Entry(5), _kit.Checker(new StatusListCheckerOptions { CacheCapacity = 0 }));
        BitstringStatusListChecker noDuration = _kit.Checker(new StatusListCheckerOptions { CacheDuration = TimeSpan.Zero });
        await CheckAsync(Entry(5), noDuration);
        await CheckAsync(Entry(5), noDuration);

        Assert.AreEqual(3, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_ManyConcurrentChecks_AllCorrect()
    {
        _kit.PublishList(_kit.Alice, "revocation", [1], ListUrl);
        _kit.PublishList(_kit.Alice, "suspension", [2], OtherListUrl);
        BitstringStatusListChecker checker = _kit.Checker(new StatusListCheckerOptions { CacheCapacity = 1 });

        Error?[] outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            i % 2 == 0
                ? await CheckAsync(Entry(1, "revocation", ListUrl), checker)
                : await CheckAsync(Entry(2, "suspension", OtherListUrl), checker))));

        for (int i = 0; i < outcomes.Length; i++)
        {
            Assert.AreEqual(i % 2 == 0 ? ErrorCodes.CredentialRevoked : ErrorCodes.CredentialSuspended, outcomes[i]?.Code);
        }
    }
}
