// References: OWASP Server-Side Request Forgery Prevention Cheat Sheet,
//   https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html ;
//   RFC 9110 HTTP Semantics §15.4 (3xx), §15.5.5 (404), §15.5.11 (410), §8.6 (Content-Length), https://www.rfc-editor.org/rfc/rfc9110 ;
//   RFC 9111 HTTP Caching §5.2.2 (max-age, no-cache, no-store), https://www.rfc-editor.org/rfc/rfc9111
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Identity.Primitives;

namespace Identity.DidMethods.Web;

/// <summary>
/// Fetches one document over HTTPS from a host that cannot be used to reach internal services: the host's every
/// address is checked against the address policy, the connection goes only to those checked addresses (so DNS
/// rebinding between check and connect gains nothing), redirects are refused, the body is capped and the whole
/// request is bounded in time. Failures are values (<c>addressNotAllowed</c>, <c>notFound</c>, <c>responseTooLarge</c>,
/// <c>fetchTimeout</c>, <c>fetchFailed</c>); response bodies never appear in error details.
/// </summary>
/// <remarks>
/// Meant to be long-lived (it pools connections). Disposable because it owns an <see cref="HttpClient"/>; an injected
/// handler is not disposed with it.
/// <threadsafety>Thread-safe: <see cref="GetAsync"/> may be called concurrently.</threadsafety>
/// </remarks>
public sealed partial class GuardedHttpFetcher : IDisposable
{
    private const int ReadChunkBytes = 16 * 1024;

    private readonly GuardedFetchOptions _options;
    private readonly HttpClient _client;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolveHost;

    /// <summary>Creates a fetcher.</summary>
    /// <param name="options">The guards.</param>
    /// <param name="handler">A handler to send requests through instead of the address-pinned one (tests). The address
    /// check still runs, against <paramref name="resolveHost"/>, before anything is sent.</param>
    /// <param name="resolveHost">Resolves a host name to its addresses; default <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive or exceeds <see cref="int.MaxValue"/> ms,
    /// or the byte cap is not positive or is <see cref="int.MaxValue"/>.</exception>
    public GuardedHttpFetcher(
        GuardedFetchOptions options,
        HttpMessageHandler? handler = null,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolveHost = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Timeout, TimeSpan.FromMilliseconds(int.MaxValue), nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxResponseBytes, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfEqual(options.MaxResponseBytes, int.MaxValue, nameof(options));
        _options = options;
        _resolveHost = resolveHost ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
        _client = handler is null
            ? new HttpClient(CreatePinnedHandler(options.Timeout), disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // our own budget covers the body too
    }

    /// <summary>Fetches <paramref name="url"/> with a GET request under the guards.</summary>
    /// <param name="url">An absolute <c>https</c> URL (or <c>http</c> to loopback under <see cref="GuardedFetchOptions.AllowHttp"/>).</param>
    /// <param name="accept">The <c>Accept</c> header value.</param>
    /// <param name="cancellationToken">Cancels the fetch; cancellation by the caller throws, unlike the timeout.</param>
    /// <returns>The document, or <c>fetchFailed</c> (bad URL or scheme, network error, redirect, unexpected status),
    /// <c>addressNotAllowed</c>, <c>notFound</c> (404, 410), <c>responseTooLarge</c> or <c>fetchTimeout</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> or <paramref name="accept"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="accept"/> is empty or white space.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Result<FetchedDocument>> GetAsync(Uri url, string accept, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(accept);
        var urlError = CheckUrl(url);
        if (urlError is not null)
        {
            return urlError;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.Timeout);
        try
        {
            return await FetchAsync(url, accept, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Error(ErrorCodes.FetchTimeout, string.Create(
                CultureInfo.InvariantCulture, $"Fetching from {url.IdnHost} did not finish within {_options.Timeout.TotalMilliseconds} ms."));
        }
    }

    /// <summary>Releases the pooled connections.</summary>
    public void Dispose() => _client.Dispose();

    private Error? CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length > 0)
        {
            return Failed("Only absolute URLs without userinfo are fetched.");
        }

        if (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && _options.AllowHttp))
        {
            return null;
        }

        return Failed($"The scheme '{url.Scheme}' is refused; only https is fetched.");
    }

    private async Task<Result<FetchedDocument>> FetchAsync(Uri url, string accept, CancellationToken ct)
    {
        var host = NormalizeHost(url.IdnHost);
        var addresses = await VetHostAsync(host, ct).ConfigureAwait(false);
        if (!addresses.IsSuccess)
        {
            return addresses.Error;
        }

        if (url.Scheme == Uri.UriSchemeHttp
            && !Array.TrueForAll(addresses.Value, a => AddressPolicy.Classify(a) == AddressClass.Loopback))
        {
            return Failed($"Plain http is refused for {host}: it is allowed to loopback hosts only.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Options.Set(s_vettedHost, new VettedHost(host, addresses.Value));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            return await ReadResponseAsync(response, host, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return Failed($"The request to {host} failed ({Describe(e)}).");
        }
        catch (IOException)
        {
            return Failed($"The connection to {host} failed while reading the response.");
        }
    }

    private async Task<Result<IPAddress[]>> VetHostAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await _resolveHost(host, ct).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                return Failed($"The host {host} could not be resolved ({e.SocketErrorCode}).");
            }
            catch (ArgumentException)
            {
                return Failed($"The host {host} is not a resolvable name.");
            }
        }

        if (addresses is null || addresses.Length == 0)
        {
            return Failed($"The host {host} has no addresses.");
        }

        foreach (var address in addresses)
        {
            if (!AddressPolicy.IsAllowed(address, _options))
            {
                // The address itself stays out of the detail: it would tell a caller about internal name resolution.
                var kind = AddressPolicy.Classify(address) switch
                {
                    AddressClass.Loopback => "a loopback",
                    AddressClass.Private => "a private-network",
                    _ => "a link-local, multicast, unspecified or reserved",
                };
                return new Error(ErrorCodes.AddressNotAllowed, $"The host {host} resolves to {kind} address, which the fetch policy refuses.");
            }
        }

        return addresses;
    }

    private async Task<Result<FetchedDocument>> ReadResponseAsync(HttpResponseMessage response, string host, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and <= 399)
        {
            return Failed($"{host} answered HTTP {status}; redirects are refused.");
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return new Error(ErrorCodes.NotFound, $"{host} has no document at the requested path (HTTP {status}).");
        }

        if (!response.IsSuccessStatusCode)
        {
            return Failed($"{host} answered HTTP {status}.");
        }

        var cap = _options.MaxResponseBytes;
        var declared = response.Content.Headers.ContentLength;
        if (declared > cap)
        {
            return TooLarge(host, cap);
        }

        var body = await ReadCappedAsync(response.Content, (int)(declared ?? 0), cap, ct).ConfigureAwait(false);
        return body is null
            ? TooLarge(host, cap)
            : new FetchedDocument(body, response.Content.Headers.ContentType?.MediaType, MaxAge(response.Headers.CacheControl));
    }

    // Reads at most cap + 1 bytes whatever Content-Length claims: one byte past the cap proves the body too large.
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, int declared, int cap, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var body = new MemoryStream(declared);
            var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
            try
            {
                while (true)
                {
                    var room = cap + 1 - (int)body.Length;
                    var read = await stream.ReadAsync(chunk.AsMemory(0, Math.Min(chunk.Length, room)), ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return body.ToArray();
                    }

                    body.Write(chunk, 0, read);
                    if (body.Length > cap)
                    {
                        return null;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    private static TimeSpan? MaxAge(CacheControlHeaderValue? cacheControl) =>
        cacheControl is null ? null
        : cacheControl.NoStore || cacheControl.NoCache ? TimeSpan.Zero
        : cacheControl.MaxAge;

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException s ? s.SocketErrorCode.ToString() : e.HttpRequestError.ToString();

    private static string NormalizeHost(string host) =>
        (host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host).ToLowerInvariant();

    private static Error TooLarge(string host, int cap) =>
        new(ErrorCodes.ResponseTooLarge, string.Create(CultureInfo.InvariantCulture, $"The response from {host} exceeds {cap} bytes."));

    private static Error Failed(string detail) => new(ErrorCodes.FetchFailed, detail);
}
