namespace Identity.Credentials.Status;

/// <summary>Tuning for <see cref="BitstringStatusListChecker"/>: its cache of verified lists and its size limit.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record StatusListCheckerOptions
{
    /// <summary>How many verified lists the cache holds; the least recently used goes first. 0 turns caching off.</summary>
    public int CacheCapacity { get; init; } = 1024;

    /// <summary>How long a verified list is reused before it is fetched again. Zero turns caching off.</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest list accepted, in bits (16 MiB uncompressed by default); larger lists are <c>invalidStatusList</c>.</summary>
    public int MaxListBits { get; init; } = BitstringStatusList.DefaultMaxSizeBits;
}
