using System.Net;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.DidMethods.Web.Tests;

public sealed partial class DidWebMethodTests
{
    private static readonly Did s_did = Did.Parse("did:web:example.com").Value;
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (DidWebMethod Method, FakeHttpHandler Handler, FakeTimeProvider Clock) Cached(
        Func<HttpRequestMessage, HttpResponseMessage> respond, DidWebOptions? options = null)
    {
        var handler = new FakeHttpHandler(respond);
        var clock = new FakeTimeProvider(s_start);
        return (new DidWebMethod(options, clock, handler, Resolvers.ToPublic), handler, clock);
    }

    private static HttpResponseMessage Document(HttpRequestMessage _) => FakeHttpHandler.Json(Documents.Minimal(s_did.Value));

    [TestMethod]
    public async Task ResolveAsync_CacheHit_DoesNotRefetch()
    {
        var (method, handler, clock) = Cached(Document);
        using var _ = method;

        var first = await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        clock.Advance(TimeSpan.FromMinutes(4));
        var second = await method.ResolveAsync(s_did, new DidResolutionOptions { Accept = DidDocumentJson.DidJson });

        Assert.AreEqual(1, handler.RequestCount);
        Assert.AreSame(first.Document, second.Document);
        Assert.AreEqual(DidDocumentJson.DidJson, second.ContentType, "the cache keeps the document, not one representation");
    }

    [TestMethod]
    public async Task ResolveAsync_CacheExpired_Refetches()
    {
        var (method, handler, clock) = Cached(Document);
        using var _ = method;

        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        clock.Advance(TimeSpan.FromMinutes(5));
        var again = await method.ResolveAsync(s_did, DidResolutionOptions.Default);

        Assert.IsTrue(again.IsSuccess);
        Assert.AreEqual(2, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_ShorterMaxAge_Honoured()
    {
        var (method, handler, clock) = Cached(_ => FakeHttpHandler.Json(Documents.Minimal(s_did.Value), cacheControl: "max-age=10"));
        using var _ = method;

        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        clock.Advance(TimeSpan.FromSeconds(9));
        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        Assert.AreEqual(1, handler.RequestCount);

        clock.Advance(TimeSpan.FromSeconds(2));
        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        Assert.AreEqual(2, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_LongerMaxAge_CappedAtCacheDuration()
    {
        var (method, handler, clock) = Cached(_ => FakeHttpHandler.Json(Documents.Minimal(s_did.Value), cacheControl: "max-age=86400"));
        using var _ = method;

        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        clock.Advance(TimeSpan.FromMinutes(6));
        await method.ResolveAsync(s_did, DidResolutionOptions.Default);

        Assert.AreEqual(2, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_NoStore_NeverCached()
    {
        var (method, handler, _) = Cached(_ => FakeHttpHandler.Json(Documents.Minimal(s_did.Value), cacheControl: "no-store"));
        using var __ = method;

        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        await method.ResolveAsync(s_did, DidResolutionOptions.Default);

        Assert.AreEqual(2, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_NotFound_CachedForNegativeDuration()
    {
        var (method, handler, clock) = Cached(_ => FakeHttpHandler.Status(HttpStatusCode.NotFound));
        using var _ = method;

        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        clock.Advance(TimeSpan.FromSeconds(29));
        var cached = await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        Assert.AreEqual(ErrorCodes.NotFound, cached.Error?.Code);
        Assert.AreEqual(1, handler.RequestCount);

        clock.Advance(TimeSpan.FromSeconds(2));
        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        Assert.AreEqual(2, handler.RequestCount);
    }

    [TestMethod]
    [DataRow(HttpStatusCode.InternalServerError)]
    [DataRow(HttpStatusCode.Found)]
    public async Task ResolveAsync_TransientFailure_NotCached(HttpStatusCode status)
    {
        var (method, handler, _) = Cached(_ => FakeHttpHandler.Status(status));
        using var __ = method;

        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        var second = await method.ResolveAsync(s_did, DidResolutionOptions.Default);

        Assert.AreEqual(ErrorCodes.FetchFailed, second.Error?.Code);
        Assert.AreEqual(2, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_CapacityZero_NeverCached()
    {
        var (method, handler, _) = Cached(Document, new DidWebOptions { CacheCapacity = 0 });
        using var __ = method;

        await method.ResolveAsync(s_did, DidResolutionOptions.Default);
        await method.ResolveAsync(s_did, DidResolutionOptions.Default);

        Assert.AreEqual(2, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_MoreDidsThanCapacity_StaysBoundedAndCorrect()
    {
        // Arrange
        var (method, handler, _) = Cached(
            request => FakeHttpHandler.Json(Documents.Minimal("did:web:example.com:" + request.RequestUri!.Segments[1].TrimEnd('/'))),
            new DidWebOptions { CacheCapacity = 2 });
        using var __ = method;
        var dids = new[] { "a", "b", "c" }.Select(s => Did.Parse("did:web:example.com:" + s).Value).ToArray();

        // Act
        foreach (var did in dids.Concat(dids))
        {
            var result = await method.ResolveAsync(did, DidResolutionOptions.Default);
            Assert.AreEqual(did, result.Document?.Id, result.Error?.ToString());
        }

        // Assert
        // Three DIDs cycled through a two-entry LRU cache: the second round must refetch at least one of them (with
        // least-recently-used eviction, all three), and every answer is still the right document.
        Assert.IsTrue(handler.RequestCount is > 3 and <= 6, $"{handler.RequestCount} fetches");
    }

    [TestMethod]
    public async Task ResolveAsync_ConcurrentSameDid_SharesOneFetch()
    {
        // Arrange: the host answers only when released, so all resolutions are in flight together.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHttpHandler(async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return FakeHttpHandler.Json(Documents.Minimal(s_did.Value));
        });
        using var method = new DidWebMethod(handler: handler, resolveHost: Resolvers.ToPublic);

        // Act
        var pending = Enumerable.Range(0, 16).Select(_ => method.ResolveAsync(s_did, DidResolutionOptions.Default).AsTask()).ToArray();
        release.SetResult();
        var results = await Task.WhenAll(pending);

        // Assert
        Assert.IsTrue(results.All(r => r.IsSuccess));
        Assert.AreEqual(1, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_OneWaiterCancels_OthersStillGetTheDocument()
    {
        // Arrange
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHttpHandler(async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return FakeHttpHandler.Json(Documents.Minimal(s_did.Value));
        });
        using var method = new DidWebMethod(handler: handler, resolveHost: Resolvers.ToPublic);
        using var cancel = new CancellationTokenSource();

        // Act
        var cancelled = method.ResolveAsync(s_did, DidResolutionOptions.Default, cancel.Token).AsTask();
        var patient = method.ResolveAsync(s_did, DidResolutionOptions.Default).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();

        // Assert
        Assert.IsTrue((await patient).IsSuccess);
        Assert.AreEqual(1, handler.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_LargeDocuments_CacheStaysWithinItsByteBudget()
    {
        // Arrange: 40 DIDs whose documents carry ~20 KB of padding each, through a 100 KB cache.
        var padding = new string('x', 20_000);
        var (method, handler, _) = Cached(
            request =>
            {
                var document = System.Text.Json.Nodes.JsonNode.Parse(Documents.Minimal("did:web:example.com:" + request.RequestUri!.Segments[1].TrimEnd('/')))!.AsObject();
                document["service"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["id"] = "#pad", ["type"] = "Padding", ["serviceEndpoint"] = "https://example.com/" + padding,
                });
                return FakeHttpHandler.Json(document.ToJsonString());
            },
            new DidWebOptions { CacheBytes = 100_000 });
        using var __ = method;

        // Act
        for (var i = 0; i < 40; i++)
        {
            var did = Did.Parse($"did:web:example.com:d{i}").Value;
            var result = await method.ResolveAsync(did, DidResolutionOptions.Default);
            Assert.AreEqual(did, result.Document?.Id, result.Error?.ToString());
            Assert.IsTrue(method.CachedBytes <= 100_000, $"{method.CachedBytes} bytes cached after {i + 1} documents");
        }

        // Assert: the most recent document is still cached, so weighing does not simply turn caching off.
        await method.ResolveAsync(Did.Parse("did:web:example.com:d39").Value, DidResolutionOptions.Default);
        Assert.AreEqual(40, handler.RequestCount);
        Assert.IsTrue(method.CachedBytes > 0);
    }
}
