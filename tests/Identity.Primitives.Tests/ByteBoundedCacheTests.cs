using Identity.Primitives.Caching;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class ByteBoundedCacheTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_later = s_now.AddMinutes(5);

    [TestMethod]
    public void Set_OverTheByteBudget_EvictsLeastRecentlyUsed()
    {
        var cache = new ByteBoundedCache<string, string>(capacityBytes: 3 * (1000 + ByteBoundedCache<string, string>.EntryOverheadBytes));
        cache.Set("a", "A", 1000, s_later);
        cache.Set("b", "B", 1000, s_later);
        cache.Set("c", "C", 1000, s_later);
        Assert.IsTrue(cache.TryGet("a", s_now, out _), "touch a: b becomes the least recently used");

        cache.Set("d", "D", 1000, s_later);

        Assert.IsFalse(cache.TryGet("b", s_now, out _));
        Assert.IsTrue(cache.TryGet("a", s_now, out _));
        Assert.IsTrue(cache.TryGet("c", s_now, out _));
        Assert.IsTrue(cache.TryGet("d", s_now, out _));
        Assert.AreEqual(3, cache.Count);
        Assert.AreEqual(cache.CapacityBytes, cache.SizeBytes);
    }

    [TestMethod]
    public void Set_OneHeavyEntry_EvictsAsManyAsItNeeds()
    {
        var cache = new ByteBoundedCache<int, int>(capacityBytes: 10_000);
        for (int i = 0; i < 50; i++)
        {
            cache.Set(i, i, 50, s_later);
        }

        cache.Set(99, 99, 9_000, s_later);

        Assert.IsTrue(cache.SizeBytes <= 10_000, cache.SizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsTrue(cache.TryGet(99, s_now, out _));
        Assert.IsTrue(cache.TryGet(49, s_now, out _), "the most recent small entry still fits");
        Assert.IsFalse(cache.TryGet(0, s_now, out _));
    }

    [TestMethod]
    public void Set_HeavierThanTheWholeCapacity_IsNotCached_AndReplacesNothing()
    {
        var cache = new ByteBoundedCache<string, string>(capacityBytes: 1000);
        cache.Set("small", "s", 10, s_later);

        bool cached = cache.Set("huge", "h", 5000, s_later);

        Assert.IsFalse(cached);
        Assert.IsFalse(cache.TryGet("huge", s_now, out _));
        Assert.IsTrue(cache.TryGet("small", s_now, out _));
    }

    [TestMethod]
    public void Set_SameKey_ReplacesAndReweighs()
    {
        var cache = new ByteBoundedCache<string, string>(capacityBytes: 100_000);
        cache.Set("k", "old", 5000, s_later);

        cache.Set("k", "new", 100, s_later);

        Assert.AreEqual(1, cache.Count);
        Assert.AreEqual(100 + ByteBoundedCache<string, string>.EntryOverheadBytes, cache.SizeBytes);
        Assert.IsTrue(cache.TryGet("k", s_now, out string? value));
        Assert.AreEqual("new", value);
    }

    [TestMethod]
    public void TryGet_AtOrAfterExpiry_MissesAndFreesTheBytes()
    {
        var cache = new ByteBoundedCache<string, string>(capacityBytes: 100_000);
        cache.Set("k", "v", 100, s_later);

        Assert.IsTrue(cache.TryGet("k", s_later.AddTicks(-1), out _));
        Assert.IsFalse(cache.TryGet("k", s_later, out _));
        Assert.AreEqual(0, cache.SizeBytes);
        Assert.AreEqual(0, cache.Count);
    }

    [TestMethod]
    public void Set_EntryLimit_AlsoBounds()
    {
        var cache = new ByteBoundedCache<int, int>(capacityBytes: 1_000_000, maxEntries: 2);
        cache.Set(1, 1, 1, s_later);
        cache.Set(2, 2, 1, s_later);
        cache.Set(3, 3, 1, s_later);

        Assert.AreEqual(2, cache.Count);
        Assert.IsFalse(cache.TryGet(1, s_now, out _));
    }

    [TestMethod]
    public void Constructor_ZeroCapacity_CachesNothing()
    {
        var cache = new ByteBoundedCache<int, int>(capacityBytes: 0);

        Assert.IsFalse(cache.Set(1, 1, 0, s_later));
        Assert.AreEqual(0, cache.Count);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ByteBoundedCache<int, int>(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => cache.Set(1, 1, -1, s_later));
    }

    [TestMethod]
    [DataRow("HTTPS://Status.EXAMPLE:443/lists/1#frag", "https://status.example/lists/1")]
    [DataRow("https://status.example", "https://status.example/")]
    [DataRow("http://status.example:80/a/./b/../c?q=1", "http://status.example/a/c?q=1")]
    [DataRow("https://status.example:8443/l?x", "https://status.example:8443/l?x")]
    [DataRow("https://user:pw@status.example/l", "https://status.example/l")]
    public void CanonicalUrl_Of_NormalizesSchemeHostPortPathAndDropsFragment(string url, string canonical)
    {
        Assert.IsTrue(CanonicalUrl.TryCreate(url, out string actual));
        Assert.AreEqual(canonical, actual);
    }
}
