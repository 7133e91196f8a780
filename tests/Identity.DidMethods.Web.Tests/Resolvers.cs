using System.Net;

namespace Identity.DidMethods.Web.Tests;

/// <summary>Injectable host resolvers: no test ever asks the real DNS.</summary>
internal static class Resolvers
{
    /// <summary>A globally routable address (documentation ranges are avoided on purpose: they are not the point here).</summary>
    public static readonly IPAddress Public = IPAddress.Parse("93.184.216.34");

    /// <summary>Resolves every host to the given addresses.</summary>
    public static Func<string, CancellationToken, Task<IPAddress[]>> To(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    /// <summary>Resolves every host to <see cref="Public"/>.</summary>
    public static Func<string, CancellationToken, Task<IPAddress[]>> ToPublic { get; } = (_, _) => Task.FromResult(new[] { Public });

    /// <summary>Fails the test if called: for URLs whose host is an IP literal.</summary>
    public static Func<string, CancellationToken, Task<IPAddress[]>> NeverCalled { get; } =
        (host, _) => throw new AssertFailedException($"The resolver was asked for '{host}'.");
}
