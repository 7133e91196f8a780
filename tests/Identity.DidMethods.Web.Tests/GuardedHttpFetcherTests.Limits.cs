using System.Diagnostics;
using System.Net;
using Identity.Primitives;

namespace Identity.DidMethods.Web.Tests;

public sealed partial class GuardedHttpFetcherTests
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;
    private const int Cap = 1024 * 1024;

    private static FakeHttpHandler Streaming(ByteSourceStream body, long? declaredLength) => new(_ =>
    {
        var content = new StreamContent(body);
        content.Headers.ContentLength = declaredLength;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    });

    [TestMethod]
    public async Task GetAsync_DeclaredLengthOverCap_RefusesBeforeReading()
    {
        var body = new ByteSourceStream(FiftyMegabytes);
        using var fetcher = Fetcher(Streaming(body, FiftyMegabytes));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.ResponseTooLarge, result.Error?.Code);
        Assert.AreEqual(0, body.Produced);
    }

    [TestMethod]
    public async Task GetAsync_NoContentLength_StopsOneBytePastCap()
    {
        var body = new ByteSourceStream(FiftyMegabytes);
        using var fetcher = Fetcher(Streaming(body, declaredLength: null));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.ResponseTooLarge, result.Error?.Code);
        Assert.AreEqual(Cap + 1, body.Produced);
    }

    [TestMethod]
    public async Task GetAsync_LyingContentLength_StopsOneBytePastCap()
    {
        var body = new ByteSourceStream(FiftyMegabytes);
        using var fetcher = Fetcher(Streaming(body, declaredLength: 100));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.ResponseTooLarge, result.Error?.Code);
        Assert.AreEqual(Cap + 1, body.Produced);
    }

    [TestMethod]
    [DataRow(Cap, true)]
    [DataRow(Cap + 1, false)]
    public async Task GetAsync_BodyAtCapBoundary_AcceptedUpToCap(int length, bool accepted)
    {
        using var fetcher = Fetcher(Streaming(new ByteSourceStream(length), declaredLength: null));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(accepted, result.IsSuccess, result.Error?.ToString());
        if (accepted)
        {
            Assert.AreEqual(length, result.Value.Body.Length);
        }
    }

    [TestMethod]
    public async Task GetAsync_HandlerNeverAnswers_ReturnsFetchTimeoutWithinTimeout()
    {
        // Arrange
        var handler = new FakeHttpHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new UnreachableException();
        });
        using var fetcher = Fetcher(handler, new GuardedFetchOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();

        // Act
        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        // Assert
        Assert.AreEqual(ErrorCodes.FetchTimeout, result.Error?.Code);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"gave up early after {clock.Elapsed}");
    }

    [TestMethod]
    public async Task GetAsync_BodyStalls_ReturnsFetchTimeout()
    {
        // The budget covers the body, not just the headers (slow-loris servers).
        var handler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) });
        using var fetcher = Fetcher(handler, new GuardedFetchOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchTimeout, result.Error?.Code);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [TestMethod]
    public async Task GetAsync_ResolverNeverAnswers_ReturnsFetchTimeout()
    {
        // Arrange
        var handler = Serving();
        using var fetcher = Fetcher(
            handler,
            new GuardedFetchOptions { Timeout = TimeSpan.FromMilliseconds(200) },
            async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                throw new UnreachableException();
            });

        // Act
        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        // Assert
        Assert.AreEqual(ErrorCodes.FetchTimeout, result.Error?.Code);
        Assert.AreEqual(0, handler.RequestCount);
    }

    [TestMethod]
    public async Task GetAsync_CallerCancels_Throws()
    {
        var handler = new FakeHttpHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new UnreachableException();
        });
        using var fetcher = Fetcher(handler, new GuardedFetchOptions { Timeout = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<OperationCanceledException>(() => fetcher.GetAsync(s_url, Accept, cancel.Token));
    }
}
