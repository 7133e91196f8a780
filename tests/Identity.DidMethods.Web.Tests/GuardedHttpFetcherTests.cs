using System.Net;
using Identity.Primitives;

namespace Identity.DidMethods.Web.Tests;

[TestClass]
public sealed partial class GuardedHttpFetcherTests
{
    private const string Accept = "application/json";
    private static readonly Uri s_url = new("https://issuer.example/status/1");

    private static GuardedHttpFetcher Fetcher(
        FakeHttpHandler handler,
        GuardedFetchOptions? options = null,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolveHost = null) =>
        new(options ?? GuardedFetchOptions.Default, handler, resolveHost ?? Resolvers.ToPublic);

    private static FakeHttpHandler Serving(string body = "{}") => new(_ => FakeHttpHandler.Json(body));

    [TestMethod]
    public async Task GetAsync_PublicHost_ReturnsBodyAndContentType()
    {
        var handler = Serving("{\"a\":1}");
        using var fetcher = Fetcher(handler);

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual("{\"a\":1}", System.Text.Encoding.UTF8.GetString(result.Value.Body));
        Assert.AreEqual("application/did+json", result.Value.ContentType);
        Assert.IsNull(result.Value.MaxAge);
        Assert.AreEqual(Accept, handler.LastAccept);
    }

    [TestMethod]
    [DataRow("max-age=60", 60)]
    [DataRow("public, max-age=0", 0)]
    [DataRow("no-store", 0)]
    [DataRow("no-cache, max-age=600", 0)]
    public async Task GetAsync_CacheControl_ReportsMaxAge(string cacheControl, int expectedSeconds)
    {
        using var fetcher = Fetcher(new FakeHttpHandler(_ => FakeHttpHandler.Json("{}", cacheControl: cacheControl)));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(TimeSpan.FromSeconds(expectedSeconds), result.Value.MaxAge);
    }

    [TestMethod]
    [DataRow(HttpStatusCode.MovedPermanently)]
    [DataRow(HttpStatusCode.Found)]
    [DataRow(HttpStatusCode.TemporaryRedirect)]
    [DataRow(HttpStatusCode.PermanentRedirect)]
    public async Task GetAsync_Redirect_ReturnsFetchFailedWithoutFollowing(HttpStatusCode status)
    {
        // Arrange
        var handler = new FakeHttpHandler(_ =>
        {
            var response = FakeHttpHandler.Status(status);
            response.Headers.Location = new Uri("http://169.254.169.254/latest/meta-data/");
            return response;
        });
        using var fetcher = Fetcher(handler);

        // Act
        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        // Assert
        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
        StringAssert.Contains(result.Error!.Detail, "redirects are refused");
        Assert.AreEqual(1, handler.RequestCount);
    }

    [TestMethod]
    [DataRow(HttpStatusCode.NotFound)]
    [DataRow(HttpStatusCode.Gone)]
    public async Task GetAsync_NotFoundOrGone_ReturnsNotFound(HttpStatusCode status)
    {
        using var fetcher = Fetcher(new FakeHttpHandler(_ => FakeHttpHandler.Status(status)));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.NotFound, result.Error?.Code);
    }

    [TestMethod]
    [DataRow(HttpStatusCode.InternalServerError)]
    [DataRow(HttpStatusCode.Forbidden)]
    [DataRow(HttpStatusCode.ServiceUnavailable)]
    public async Task GetAsync_OtherErrorStatus_ReturnsFetchFailedWithoutBody(HttpStatusCode status)
    {
        using var fetcher = Fetcher(new FakeHttpHandler(_ =>
            new HttpResponseMessage(status) { Content = new StringContent("secret-internal-stack-trace") }));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
        Assert.IsFalse(result.Error!.Detail.Contains("secret", StringComparison.Ordinal), result.Error.Detail);
    }

    [TestMethod]
    public async Task GetAsync_NetworkError_ReturnsFetchFailed()
    {
        using var fetcher = Fetcher(new FakeHttpHandler((_, _) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "refused", new System.Net.Sockets.SocketException(111))));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
    }

    [TestMethod]
    public async Task GetAsync_HostDoesNotResolve_ReturnsFetchFailed()
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, resolveHost: (_, _) => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
        Assert.AreEqual(0, handler.RequestCount);
    }

    [TestMethod]
    public async Task GetAsync_HostWithNoAddresses_ReturnsFetchFailed()
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, resolveHost: Resolvers.To());

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
        Assert.AreEqual(0, handler.RequestCount);
    }

    [TestMethod]
    [DataRow("http://issuer.example/x")]
    [DataRow("ftp://issuer.example/x")]
    [DataRow("file:///etc/passwd")]
    [DataRow("https://user:pass@issuer.example/x")]
    public async Task GetAsync_RefusedUrl_ReturnsFetchFailedWithoutSending(string url)
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler);

        var result = await fetcher.GetAsync(new Uri(url), Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
        Assert.AreEqual(0, handler.RequestCount);
    }

    [TestMethod]
    public async Task GetAsync_HttpToPublicHostUnderAllowHttp_ReturnsFetchFailed()
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, new GuardedFetchOptions { AllowHttp = true, AllowLoopback = true });

        var result = await fetcher.GetAsync(new Uri("http://issuer.example/x"), Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
        Assert.AreEqual(0, handler.RequestCount);
    }

    [TestMethod]
    public async Task GetAsync_HttpToLoopbackUnderAllowHttp_Sends()
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, new GuardedFetchOptions { AllowHttp = true, AllowLoopback = true }, Resolvers.To("127.0.0.1", "::1"));

        var result = await fetcher.GetAsync(new Uri("http://localhost:5080/x"), Accept, CancellationToken.None);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual(1, handler.RequestCount);
    }

    [TestMethod]
    public void Constructor_NonPositiveTimeoutOrCap_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new GuardedHttpFetcher(new GuardedFetchOptions { Timeout = TimeSpan.Zero }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new GuardedHttpFetcher(new GuardedFetchOptions { MaxResponseBytes = 0 }));
        Assert.ThrowsExactly<ArgumentNullException>(() => new GuardedHttpFetcher(null!));
    }
}
