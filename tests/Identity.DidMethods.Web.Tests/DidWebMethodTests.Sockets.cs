using Identity.Testing;
using System.Globalization;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Web.Tests;

/// <summary>End to end over a real socket on 127.0.0.1, through the default address-pinned handler and real name handling.</summary>
public sealed partial class DidWebMethodTests
{
    [TestMethod]
    public async Task ResolveAsync_RealLoopbackServerWithAllowLoopbackAndHttp_ReturnsDocument()
    {
        // Arrange
        var key = NewPublicKey(Identity.Cryptography.KeyType.Ed25519);
        string? did = null;
        await using var server = new LoopbackHttpServer(path =>
            path == "/.well-known/did.json" ? (200, Documents.WithKey(did!, key)) : (404, string.Empty));
        did = string.Create(CultureInfo.InvariantCulture, $"did:web:127.0.0.1%3A{server.Port}");
        using var method = new DidWebMethod(new DidWebOptions { AllowLoopback = true, AllowHttp = true });

        // Act
        var result = await method.ResolveAsync(Did.Parse(did).Value, DidResolutionOptions.Default);

        // Assert
        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual(did, result.Document!.Id.Value);
        Assert.AreEqual(key, result.Document.VerificationMethod.Single().GetPublicKey().Value);
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_RealLoopbackServerWithoutAllowLoopback_ReturnsAddressNotAllowed()
    {
        await using var server = new LoopbackHttpServer(_ => (200, "{}"));
        var did = Did.Parse(string.Create(CultureInfo.InvariantCulture, $"did:web:127.0.0.1%3A{server.Port}")).Value;
        using var method = new DidWebMethod(new DidWebOptions { AllowHttp = true });

        var result = await method.ResolveAsync(did, DidResolutionOptions.Default);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code);
        Assert.AreEqual(0, server.RequestCount);
    }

    [TestMethod]
    public async Task ResolveAsync_RealLoopbackServerWithoutAllowHttp_DoesNotDowngrade()
    {
        // Loopback is allowed but http is not: the resolver uses https, which this plain-TCP server cannot speak.
        await using var server = new LoopbackHttpServer(_ => (200, "{}"));
        var did = Did.Parse(string.Create(CultureInfo.InvariantCulture, $"did:web:127.0.0.1%3A{server.Port}")).Value;
        using var method = new DidWebMethod(new DidWebOptions { AllowLoopback = true, Timeout = TimeSpan.FromSeconds(2) });

        var result = await method.ResolveAsync(did, DidResolutionOptions.Default);

        Assert.IsFalse(result.IsSuccess);
        Assert.AreEqual(0, server.RequestCount, "no plain-http request may reach the server");
    }
}
