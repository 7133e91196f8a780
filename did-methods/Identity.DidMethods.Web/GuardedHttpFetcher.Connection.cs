using System.Net;
using System.Net.Sockets;

namespace Identity.DidMethods.Web;

public sealed partial class GuardedHttpFetcher
{
    private static readonly HttpRequestOptionsKey<VettedHost> s_vettedHost = new("Identity.DidMethods.Web.VettedHost");

    private static SocketsHttpHandler CreatePinnedHandler(TimeSpan timeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,                                      // through a proxy the peer would be the proxy, not a vetted address
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,    // so the byte cap bounds memory, not just the wire
        ConnectTimeout = timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),    // later DNS changes are vetted again on the next connection
        ConnectCallback = ConnectToVettedAddressAsync,
    };

    // Invariant: every connection goes to an address that passed the policy for this host in GetAsync; the handler never
    // resolves the name itself, so a DNS answer that changes between check and connect (rebinding) is never used.
    private static async ValueTask<Stream> ConnectToVettedAddressAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(s_vettedHost, out var vetted)
            || !string.Equals(vetted.Host, NormalizeHost(context.DnsEndPoint.Host), StringComparison.Ordinal))
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "No vetted addresses for this connection; refusing to connect.");
        }

        SocketException? last = null;
        foreach (var address in vetted.Addresses)
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The addresses that passed the policy for one host, carried on the request to the connect callback.</summary>
    private sealed record VettedHost(string Host, IPAddress[] Addresses);
}
