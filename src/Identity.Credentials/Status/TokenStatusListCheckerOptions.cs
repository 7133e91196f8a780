namespace Identity.Credentials.Status;

/// <summary>Tuning for <see cref="TokenStatusListChecker"/>: its size limit, cache budget and clock skew.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record TokenStatusListCheckerOptions
{
    /// <summary>The largest decompressed list accepted, in bytes; larger lists are <c>invalidStatusList</c>.</summary>
    public int MaxListBytes { get; init; } = TokenStatusList.DefaultMaxBytes;

    /// <summary>The most decompressed bytes the cache of verified lists holds at once; 0 turns caching off.</summary>
    public long CacheBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The longest a verified list is reused, whatever its <c>ttl</c> and <c>exp</c> allow.</summary>
    public TimeSpan MaxCacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerance for the list's <c>iat</c> and <c>exp</c>.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);
}
