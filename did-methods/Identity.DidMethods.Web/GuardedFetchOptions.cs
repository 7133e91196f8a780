namespace Identity.DidMethods.Web;

/// <summary>The guards of <see cref="GuardedHttpFetcher"/>. The defaults are the production settings.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record GuardedFetchOptions
{
    /// <summary>The production settings: public addresses over HTTPS only, 5 s, 1 MiB.</summary>
    public static GuardedFetchOptions Default { get; } = new();

    /// <summary>Allow hosts that resolve to loopback addresses (127.0.0.0/8, ::1). Default false.</summary>
    public bool AllowLoopback { get; init; }

    /// <summary>Allow hosts that resolve to private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). Default false.</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>
    /// Allow plain <c>http</c> URLs, and then only to hosts whose every address is loopback (which also needs
    /// <see cref="AllowLoopback"/>). For local development and tests only. Default false.
    /// </summary>
    public bool AllowHttp { get; init; }

    /// <summary>The budget for the whole request: name resolution, connection, headers and body. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest body accepted, in bytes. Default 1 MiB.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;
}
