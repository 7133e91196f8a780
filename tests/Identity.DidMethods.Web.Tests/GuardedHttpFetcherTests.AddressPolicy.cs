using System.Net;
using Identity.Primitives;

namespace Identity.DidMethods.Web.Tests;

public sealed partial class GuardedHttpFetcherTests
{
    [TestMethod]
    [DataRow("10.0.0.1")]
    [DataRow("172.16.5.4")]
    [DataRow("192.168.1.1")]
    [DataRow("100.64.0.1")]
    [DataRow("127.0.0.1")]
    [DataRow("127.255.0.9")]
    [DataRow("::1")]
    [DataRow("169.254.169.254")]
    [DataRow("fe80::1")]
    [DataRow("fd00:ec2::254")]
    [DataRow("::ffff:10.0.0.1")]
    [DataRow("::ffff:127.0.0.1")]
    [DataRow("::ffff:169.254.169.254")]
    [DataRow("0.0.0.0")]
    [DataRow("::")]
    [DataRow("224.0.0.251")]
    [DataRow("ff02::1")]
    [DataRow("64:ff9b::a00:1")]
    public async Task GetAsync_HostResolvingToNonPublicAddress_ReturnsAddressNotAllowed(string address)
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, resolveHost: Resolvers.To(address));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code, result.Error?.Detail);
        Assert.AreEqual(0, handler.RequestCount, "nothing may be sent to a refused host");
        Assert.IsFalse(result.Error!.Detail.Contains(address, StringComparison.Ordinal), "the address stays out of the detail");
    }

    [TestMethod]
    public async Task GetAsync_HostResolvingToPublicAndPrivate_ReturnsAddressNotAllowed()
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, resolveHost: Resolvers.To("93.184.216.34", "10.0.0.1"));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code);
        Assert.AreEqual(0, handler.RequestCount);
    }

    [TestMethod]
    [DataRow("https://10.0.0.1/x")]
    [DataRow("https://127.0.0.1:8443/x")]
    [DataRow("https://[::1]/x")]
    [DataRow("https://[::ffff:10.0.0.1]/x")]
    [DataRow("https://169.254.169.254/latest/meta-data/")]
    public async Task GetAsync_IpLiteralUrl_CheckedWithoutResolver(string url)
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, resolveHost: Resolvers.NeverCalled);

        var result = await fetcher.GetAsync(new Uri(url), Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code, result.Error?.Detail);
        Assert.AreEqual(0, handler.RequestCount);
    }

    [TestMethod]
    [DataRow("10.0.0.1", false, true)]
    [DataRow("::ffff:10.0.0.1", false, true)]
    [DataRow("fd12:3456::1", false, true)]
    [DataRow("100.64.0.1", false, true)]
    [DataRow("127.0.0.1", true, false)]
    [DataRow("::1", true, false)]
    public async Task GetAsync_NonPublicAddressAllowedByOptions_Sends(string address, bool allowLoopback, bool allowPrivate)
    {
        var handler = Serving();
        var options = new GuardedFetchOptions { AllowLoopback = allowLoopback, AllowPrivateNetworks = allowPrivate };
        using var fetcher = Fetcher(handler, options, Resolvers.To(address));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual(1, handler.RequestCount);
    }

    [TestMethod]
    public async Task GetAsync_PublicAndPrivateWithPrivateAllowed_Sends()
    {
        var handler = Serving();
        using var fetcher = Fetcher(handler, new GuardedFetchOptions { AllowPrivateNetworks = true }, Resolvers.To("93.184.216.34", "10.0.0.1"));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
    }

    [TestMethod]
    [DataRow("127.0.0.1")]
    [DataRow("10.0.0.1")]
    public async Task GetAsync_LoopbackAllowedButPrivateNot_KeepsTheOtherRefused(string address)
    {
        // Each option opens only its own class.
        var options = address == "127.0.0.1" ? new GuardedFetchOptions { AllowPrivateNetworks = true } : new GuardedFetchOptions { AllowLoopback = true };
        using var fetcher = Fetcher(Serving(), options, Resolvers.To(address));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code);
    }

    [TestMethod]
    [DataRow("169.254.169.254")]
    [DataRow("fe80::1")]
    [DataRow("0.0.0.0")]
    [DataRow("224.0.0.1")]
    public async Task GetAsync_ForbiddenAddressWithEverythingAllowed_StillRefused(string address)
    {
        // Link-local (cloud metadata), unspecified and multicast addresses never host documents; no option opens them.
        var options = new GuardedFetchOptions { AllowLoopback = true, AllowPrivateNetworks = true, AllowHttp = true };
        using var fetcher = Fetcher(Serving(), options, Resolvers.To(address));

        var result = await fetcher.GetAsync(s_url, Accept, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code);
    }

    [TestMethod]
    [DataRow("8.8.8.8", "Public")]
    [DataRow("93.184.216.34", "Public")]
    [DataRow("172.15.255.255", "Public")]
    [DataRow("172.16.0.0", "Private")]
    [DataRow("172.31.255.255", "Private")]
    [DataRow("172.32.0.0", "Public")]
    [DataRow("100.63.255.255", "Public")]
    [DataRow("100.64.0.0", "Private")]
    [DataRow("100.127.255.255", "Private")]
    [DataRow("100.128.0.0", "Public")]
    [DataRow("192.167.255.255", "Public")]
    [DataRow("192.168.0.1", "Private")]
    [DataRow("11.0.0.1", "Public")]
    [DataRow("126.255.255.255", "Public")]
    [DataRow("127.0.0.2", "Loopback")]
    [DataRow("128.0.0.1", "Public")]
    [DataRow("169.253.255.255", "Public")]
    [DataRow("169.254.0.1", "Forbidden")]
    [DataRow("223.255.255.255", "Public")]
    [DataRow("239.255.255.250", "Forbidden")]
    [DataRow("240.0.0.1", "Forbidden")]
    [DataRow("255.255.255.255", "Forbidden")]
    [DataRow("0.1.2.3", "Forbidden")]
    [DataRow("2606:4700:4700::1111", "Public")]
    [DataRow("::1", "Loopback")]
    [DataRow("::", "Forbidden")]
    [DataRow("::127.0.0.1", "Loopback")]
    [DataRow("::10.1.2.3", "Private")]
    [DataRow("::ffff:8.8.8.8", "Public")]
    [DataRow("::ffff:192.168.0.1", "Private")]
    [DataRow("64:ff9b::808:808", "Public")]
    [DataRow("64:ff9b::7f00:1", "Loopback")]
    [DataRow("64:ff9b:1::1", "Private")]
    [DataRow("2002:a00:1::1", "Private")]
    [DataRow("2002:808:808::1", "Public")]
    [DataRow("fc00::1", "Private")]
    [DataRow("fdff::1", "Private")]
    [DataRow("fe80::1", "Forbidden")]
    [DataRow("febf::1", "Forbidden")]
    [DataRow("fec0::1", "Private")]
    [DataRow("ff02::1", "Forbidden")]
    [DataRow("100::1", "Forbidden")]
    public void Classify_Address_ReturnsItsClass(string address, string expected)
    {
        Assert.AreEqual(expected, AddressPolicy.Classify(IPAddress.Parse(address)).ToString());
    }
}
