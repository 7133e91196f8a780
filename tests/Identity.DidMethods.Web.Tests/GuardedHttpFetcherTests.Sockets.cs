using Identity.Testing;
using System.Globalization;
using System.Net;
using System.Text;
using Identity.Primitives;

namespace Identity.DidMethods.Web.Tests;

/// <summary>Real sockets on 127.0.0.1: the default, address-pinned handler.</summary>
public sealed partial class GuardedHttpFetcherTests
{
    private static readonly GuardedFetchOptions s_localDevelopment = new() { AllowLoopback = true, AllowHttp = true };

    [TestMethod]
    public async Task GetAsync_NameResolvedByInjectedResolver_ConnectsToTheVettedAddress()
    {
        // Arrange: ".invalid" never resolves (RFC 6761), so success proves the connection used the vetted address.
        await using var server = new LoopbackHttpServer(_ => (200, "{\"ok\":true}"));
        var asked = new List<string>();
        using var fetcher = new GuardedHttpFetcher(s_localDevelopment, resolveHost: (host, _) =>
        {
            lock (asked)
            {
                asked.Add(host);
            }

            return Task.FromResult(new[] { IPAddress.Loopback });
        });
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://did-host.invalid:{server.Port}/doc"));

        // Act
        var result = await fetcher.GetAsync(url, Accept, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual("{\"ok\":true}", Encoding.UTF8.GetString(result.Value.Body));
        Assert.AreEqual("/doc", server.LastPath);
        CollectionAssert.AreEqual(new[] { "did-host.invalid" }, asked);
    }

    [TestMethod]
    public async Task GetAsync_RealSocketWithoutAllowLoopback_RefusesBeforeConnecting()
    {
        await using var server = new LoopbackHttpServer(_ => (200, "{}"));
        using var fetcher = new GuardedHttpFetcher(s_localDevelopment with { AllowLoopback = false });
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{server.Port}/doc"));

        var result = await fetcher.GetAsync(url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code);
        Assert.AreEqual(0, server.RequestCount);
    }

    [TestMethod]
    public async Task GetAsync_RealSocketRedirect_NotFollowed()
    {
        await using var server = new LoopbackHttpServer(path => path == "/doc" ? (302, "/elsewhere") : (200, "{}"));
        using var fetcher = new GuardedHttpFetcher(s_localDevelopment);
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{server.Port}/doc"));

        var result = await fetcher.GetAsync(url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code);
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    public async Task GetAsync_NothingListening_ReturnsFetchFailed()
    {
        int port;
        await using (var closed = new LoopbackHttpServer(_ => (200, "{}")))
        {
            port = closed.Port;
        }

        using var fetcher = new GuardedHttpFetcher(s_localDevelopment);

        var result = await fetcher.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/doc")), Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.FetchFailed, result.Error?.Code, result.Error?.Detail);
    }

    [TestMethod]
    public async Task GetAsync_RealSocketIpv6Literal_ConnectsToTheBracketedHost()
    {
        // Arrange
        LoopbackHttpServer server;
        try
        {
            server = new LoopbackHttpServer(_ => (200, "{}"), IPAddress.IPv6Loopback);
        }
        catch (System.Net.Sockets.SocketException)
        {
            Assert.Inconclusive("This environment has no IPv6 loopback.");
            return;
        }

        await using (server)
        {
            using var fetcher = new GuardedHttpFetcher(s_localDevelopment, resolveHost: Resolvers.NeverCalled);

            // Act
            var result = await fetcher.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://[::1]:{server.Port}/doc")), Accept, CancellationToken.None);

            // Assert
            Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
            Assert.AreEqual(1, server.RequestCount);
        }
    }
}
