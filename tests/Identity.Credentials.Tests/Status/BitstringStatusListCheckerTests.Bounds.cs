// References: W3C Bitstring Status List v1.0 (W3C Recommendation, 15 May 2025), §2.2 BitstringStatusListCredential
//   (id, minimum length), §6.3 Verifier Caching — https://www.w3.org/TR/vc-bitstring-status-list/
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;
using Identity.Primitives;
using static Identity.Credentials.Tests.Status.StatusListTestKit;

namespace Identity.Credentials.Tests.Status;

/// <summary>Bounded memory and work: lists keyed by their identity, weighed in bytes, capped in size and per request.</summary>
public sealed partial class BitstringStatusListCheckerTests
{
    [TestMethod]
    public async Task CheckAsync_HundredUrlVariantsOfOneList_CostOneCacheEntry()
    {
        // Arrange: one small list; its host answers every URL with it, as a host ignoring the query string would.
        JsonObject list = _kit.PublishList(_kit.Alice, "revocation", [7]);
        _kit.Source.ForAnyUrl = list;
        BitstringStatusListChecker checker = _kit.Checker();
        string[] spellings = ["HTTPS://STATUS.EXAMPLE/lists/1", "https://Status.Example:443/lists/1", "https://status.example/lists/./1",
            "https://status.example/lists/x/../1", "https://status.example/lists/1#frag"];
        var variants = Enumerable.Range(0, 50).Select(i => spellings[i % spellings.Length] + (i >= spellings.Length && i % 5 == 4 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""))
            .Concat(Enumerable.Range(0, 50).Select(i => $"{ListUrl}?{i}"))
            .ToArray();

        // Act: each variant as its own request.
        var outcomes = new List<Error?>();
        foreach (string url in variants)
        {
            outcomes.Add(await CheckAsync(Entry(7, url: url), checker));
        }

        // Assert: spellings of the list's URL share its one entry; ?i variants are other URLs whose answer names
        // another id, so they are refused and never cached.
        Assert.AreEqual(50, outcomes.Take(50).Count(o => o?.Code == ErrorCodes.CredentialRevoked), string.Join("; ", outcomes.Take(50)));
        Assert.IsTrue(outcomes.Skip(50).All(o => o?.Code == ErrorCodes.InvalidStatusList && o.Detail.Contains("not the URL", StringComparison.Ordinal)),
            string.Join("; ", outcomes.Skip(50).Take(3)));
        Assert.AreEqual(1, checker.CachedLists);
        Assert.IsTrue(checker.CachedBytes < 20 * 1024, $"{checker.CachedBytes} bytes cached");
        Assert.AreEqual(1 + 50, _kit.Source.Calls, "one fetch for all spellings, one per distinct query variant");
    }

    [TestMethod]
    public async Task CheckAsync_ListWithoutId_InvalidStatusList()
    {
        JsonObject unsigned = UnsignedList(_kit.Alice, "revocation", []);
        unsigned.Remove("id");
        _kit.Source.Publish(ListUrl, _kit.Sign(unsigned, _kit.Alice));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "no id");
    }

    [TestMethod]
    public async Task CheckAsync_ManyDistinctLists_CacheStaysWithinItsByteBudget()
    {
        // Arrange: 30 lists of the minimum size (16 KiB each decoded) through a 64 KiB cache.
        var urls = Enumerable.Range(0, 30).Select(i => $"https://status.example/lists/m{i}").ToArray();
        foreach (string url in urls)
        {
            _kit.PublishList(_kit.Alice, "revocation", [], url);
        }

        BitstringStatusListChecker checker = _kit.Checker(new StatusListCheckerOptions { CacheBytes = 64 * 1024 });

        // Act / Assert
        foreach (string url in urls)
        {
            Assert.IsNull(await CheckAsync(Entry(3, url: url), checker));
            Assert.IsTrue(checker.CachedBytes <= 64 * 1024, $"{checker.CachedBytes} bytes");
        }

        Assert.IsTrue(checker.CachedLists is >= 1 and <= 3, $"{checker.CachedLists} lists cached");
        Assert.IsNull(await CheckAsync(Entry(3, url: urls[^1]), checker));
        Assert.AreEqual(30, _kit.Source.Calls, "the most recent list is still a cache hit");
    }

    [TestMethod]
    public async Task CheckAsync_DefaultCap_RefusesAListEightTimesPastTheMinimum_WithStatusListTooLarge()
    {
        // Arrange: a list one byte longer than the default cap (8 × 131,072 entries).
        var big = BitstringStatusList.Create(StatusListCheckerOptions.DefaultMaxListBits + 8, []);
        JsonObject unsigned = BitstringStatusListCredential.Build(ListUrl, _kit.Alice.Did, "revocation", big, Now.AddDays(-1), Now.AddDays(6));
        _kit.Source.Publish(ListUrl, _kit.Sign(unsigned, _kit.Alice));
        BitstringStatusListChecker checker = _kit.Checker();

        // Act
        Error? outcome = await CheckAsync(Entry(5), checker);

        // Assert
        Assert.AreEqual(ErrorCodes.StatusListTooLarge, outcome?.Code, outcome?.ToString());
        Assert.AreEqual(0, checker.CachedLists);
    }

    [TestMethod]
    public async Task CheckAsync_DefaultCap_AcceptsEightTimesTheMinimum()
    {
        var largest = BitstringStatusList.Create(StatusListCheckerOptions.DefaultMaxListBits, [StatusListCheckerOptions.DefaultMaxListBits - 1]);
        JsonObject unsigned = BitstringStatusListCredential.Build(ListUrl, _kit.Alice.Did, "revocation", largest, Now.AddDays(-1), Now.AddDays(6));
        _kit.Source.Publish(ListUrl, _kit.Sign(unsigned, _kit.Alice));

        Error? outcome = await CheckAsync(Entry(StatusListCheckerOptions.DefaultMaxListBits - 1));

        Assert.AreEqual(ErrorCodes.CredentialRevoked, outcome?.Code, outcome?.ToString());
    }

    [TestMethod]
    public async Task CheckAsync_SourceRefusesAnOversizedResponse_StatusListTooLarge()
    {
        _kit.Source.Failure = new Error(ErrorCodes.ResponseTooLarge, "The response exceeds 262144 bytes.");

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.StatusListTooLarge, outcome?.Code);
    }

    [TestMethod]
    public async Task CheckAsync_OneRequest_FetchesAtMostTheBudgetOfLists_EachOnce()
    {
        // Arrange: three lists whose fetch fails, checked twice each within one request allowed two fetches.
        _kit.Source.Failure = new Error(ErrorCodes.FetchTimeout, "slow");
        BitstringStatusListChecker checker = _kit.Checker();
        var budget = new StatusCheckBudget(maxFetches: 2);
        var credential = Credential(_kit.Alice);
        string[] urls = [ListUrl, OtherListUrl, "https://status.example/lists/3"];

        // Act
        var outcomes = new List<Error?>();
        foreach (string url in urls.Concat(urls))
        {
            outcomes.Add(await checker.CheckAsync(credential, Entry(1, url: url), budget, TestContext.CancellationToken));
        }

        // Assert
        CollectionAssert.AreEqual(
            new[] { ErrorCodes.StatusListUnavailable, ErrorCodes.StatusListUnavailable, ErrorCodes.StatusListLimitExceeded,
                ErrorCodes.StatusListUnavailable, ErrorCodes.StatusListUnavailable, ErrorCodes.StatusListLimitExceeded },
            outcomes.Select(o => o?.Code).ToArray());
        Assert.AreEqual(2, _kit.Source.Calls, "two lists fetched, each once");
    }
}
