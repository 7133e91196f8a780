namespace Identity.DidMethods.Web;

/// <summary>Settings of <see cref="DidWebMethod"/>: the fetch guards plus the resolution cache.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record DidWebOptions
{
    /// <summary>The production settings.</summary>
    public static DidWebOptions Default { get; } = new();

    /// <inheritdoc cref="GuardedFetchOptions.AllowLoopback"/>
    public bool AllowLoopback { get; init; }

    /// <inheritdoc cref="GuardedFetchOptions.AllowPrivateNetworks"/>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>
    /// With <see cref="AllowLoopback"/>, resolve DIDs whose host is loopback (<c>localhost</c>, <c>127.0.0.1</c>,
    /// <c>[::1]</c>) over plain <c>http</c>. For local development and tests only. Default false.
    /// </summary>
    public bool AllowHttp { get; init; }

    /// <inheritdoc cref="GuardedFetchOptions.Timeout"/>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc cref="GuardedFetchOptions.MaxResponseBytes"/>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The most bytes the cached documents may weigh together (each weighed by the size of its body), least recently
    /// used first out; 0 disables caching. Default 16 MiB.
    /// </summary>
    public long CacheBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>A further bound on how many DIDs are cached at once; 0 disables caching. Default 1024.</summary>
    public int CacheCapacity { get; init; } = 1024;

    /// <summary>How long a resolved document is reused; a shorter <c>Cache-Control: max-age</c> wins. Default 5 min.</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a <c>notFound</c> is remembered. Transient failures are never cached. Default 30 s.</summary>
    public TimeSpan NegativeCacheDuration { get; init; } = TimeSpan.FromSeconds(30);

    internal GuardedFetchOptions ToFetchOptions() => new()
    {
        AllowLoopback = AllowLoopback,
        AllowPrivateNetworks = AllowPrivateNetworks,
        AllowHttp = AllowHttp,
        Timeout = Timeout,
        MaxResponseBytes = MaxResponseBytes,
    };
}
