// References: did:web Method Specification, W3C CCG Unofficial Draft (31 July 2024), https://w3c-ccg.github.io/did-method-web/
//   §3.2 Read (Resolve) — fetch the document over HTTPS and check that its id is the DID; §4 Security Considerations.
//   W3C DID Resolution v0.3 §4 (result and error names), https://w3c.github.io/did-resolution/
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Dids;
using Identity.Primitives;
using Identity.Primitives.Caching;

namespace Identity.DidMethods.Web;

/// <summary>
/// did:web — the DID names an HTTPS location whose <c>did.json</c> is the document. The only DID method doing I/O:
/// fetches go through <see cref="GuardedHttpFetcher"/> (address policy, pinned connections, no redirects, byte cap,
/// timeout). Documents are cached under their DID (which the document's <c>id</c> must equal), weighed by size, in at
/// most <see cref="DidWebOptions.CacheBytes"/>, for <see cref="DidWebOptions.CacheDuration"/> (or a shorter <c>max-age</c>),
/// <c>notFound</c> for <see cref="DidWebOptions.NegativeCacheDuration"/>; other failures are not cached. Concurrent
/// resolutions of one DID share one fetch.
/// </summary>
/// <remarks>
/// Meant to be a long-lived singleton; disposable because it owns the fetcher's connection pool.
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
public sealed class DidWebMethod : IDidMethod, IDisposable
{
    /// <summary>The method name, <c>web</c>.</summary>
    public const string MethodName = DidWeb.MethodName;

    private const string Accept = DidDocumentJson.DidJson + ", application/json";

    private readonly DidWebOptions _options;
    private readonly TimeProvider _time;
    private readonly GuardedHttpFetcher _fetcher;
    private readonly ByteBoundedCache<string, Result<DidDocument>> _cache;
    private readonly ConcurrentDictionary<string, Task<Result<DidDocument>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates the method.</summary>
    /// <param name="options">Guards and cache settings; default <see cref="DidWebOptions.Default"/>.</param>
    /// <param name="time">The clock for cache expiry; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="handler">A handler to send requests through instead of the address-pinned one (tests).</param>
    /// <param name="resolveHost">Resolves host names; default <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A timeout, size, capacity or duration is out of range.</exception>
    public DidWebMethod(
        DidWebOptions? options = null,
        TimeProvider? time = null,
        HttpMessageHandler? handler = null,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolveHost = null)
    {
        _options = options ?? DidWebOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(_options.CacheCapacity, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.CacheBytes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.CacheDuration, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.NegativeCacheDuration, TimeSpan.Zero, nameof(options));
        _time = time ?? TimeProvider.System;
        _fetcher = new GuardedHttpFetcher(_options.ToFetchOptions(), handler, resolveHost);
        _cache = new ByteBoundedCache<string, Result<DidDocument>>(_options.CacheBytes, _options.CacheCapacity, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <summary>The bytes the resolution cache holds now (for tests and diagnostics).</summary>
    internal long CachedBytes => _cache.SizeBytes;

    /// <summary>
    /// Resolves a did:web. Failures: <c>invalidDid</c>, <c>addressNotAllowed</c>, <c>notFound</c>, <c>fetchFailed</c>,
    /// <c>fetchTimeout</c>, <c>responseTooLarge</c>, <c>invalidDidDocument</c> (not JSON, not a document, or an
    /// <c>id</c> other than the DID).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var contentType = options.Accept ?? DidDocumentJson.DidLdJson;
        var outcome = await ResolveDocumentAsync(did, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? DidResolutionResult.Success(outcome.Value, contentType)
            : DidResolutionResult.Failure(outcome.Error);
    }

    /// <summary>Releases the fetcher's pooled connections.</summary>
    public void Dispose() => _fetcher.Dispose();

    private async ValueTask<Result<DidDocument>> ResolveDocumentAsync(Did did, CancellationToken cancellationToken)
    {
        var url = DocumentUrl(did);
        if (!url.IsSuccess)
        {
            return url.Error;
        }

        if (_cache.TryGet(did.Value, _time.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var pending = new TaskCompletionSource<Result<DidDocument>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inFlight.GetOrAdd(did.Value, pending.Task);
        if (ReferenceEquals(shared, pending.Task))
        {
            _ = FetchAndPublishAsync(did, url.Value, pending);
        }

        // Invariant: one caller's cancellation ends only its own wait; the shared fetch is bounded by the fetch timeout.
        return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private Result<Uri> DocumentUrl(Did did)
    {
        var url = DidWeb.ToDocumentUrl(did);
        return url.IsSuccess && _options.AllowHttp && _options.AllowLoopback && url.Value.IsLoopback
            ? DidWeb.ToDocumentUrl(did, useHttp: true)
            : url;
    }

    private async Task FetchAndPublishAsync(Did did, Uri url, TaskCompletionSource<Result<DidDocument>> pending)
    {
        Result<DidDocument> outcome;
        try
        {
            (outcome, var ttl, var bodyBytes) = await FetchAsync(did, url).ConfigureAwait(false);
            if (ttl > TimeSpan.Zero)
            {
                _cache.Set(did.Value, outcome, Weigh(did, bodyBytes), _time.GetUtcNow() + ttl);
            }
        }
        catch (Exception e)
        {
            _inFlight.TryRemove(KeyValuePair.Create(did.Value, pending.Task));
            pending.SetException(e);
            return;
        }

        _inFlight.TryRemove(KeyValuePair.Create(did.Value, pending.Task));
        pending.SetResult(outcome);
    }

    // The parsed document holds the body's text as UTF-16 strings in objects: weighed as three times the body, plus the DID.
    private static long Weigh(Did did, int bodyBytes) => (3L * bodyBytes) + (2L * did.Value.Length) + 512;

    private async Task<(Result<DidDocument> Outcome, TimeSpan Ttl, int BodyBytes)> FetchAsync(Did did, Uri url)
    {
        var fetched = await _fetcher.GetAsync(url, Accept, CancellationToken.None).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            var ttl = fetched.Error.Code == ErrorCodes.NotFound ? _options.NegativeCacheDuration : TimeSpan.Zero;
            return (fetched.Error, ttl, 0);
        }

        var document = Parse(fetched.Value.Body, url);
        if (!document.IsSuccess)
        {
            return (document.Error, TimeSpan.Zero, 0);
        }

        if (document.Value.Id != did)
        {
            return (new Error(ErrorCodes.InvalidDidDocument, $"The document at {url} has an id other than '{did}'."), TimeSpan.Zero, 0);
        }

        var maxAge = fetched.Value.MaxAge;
        return (document.Value, maxAge < _options.CacheDuration ? maxAge.Value : _options.CacheDuration, fetched.Value.Body.Length);
    }

    private static Result<DidDocument> Parse(byte[] body, Uri url)
    {
        var json = body.AsSpan();
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        var node = StrictJson.Parse(json);
        return node.IsSuccess
            ? DidDocumentJson.Parse(node.Value)
            : new Error(ErrorCodes.InvalidDidDocument, $"The document at {url} is not valid JSON: {node.Error.Detail}");
    }
}
