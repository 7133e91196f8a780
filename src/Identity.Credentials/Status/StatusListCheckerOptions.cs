namespace Identity.Credentials.Status;

/// <summary>Tuning for <see cref="BitstringStatusListChecker"/>: its cache of verified lists and its size limits.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record StatusListCheckerOptions
{
    /// <summary>
    /// The default cap on a decoded list: 1,048,576 entries (128 KiB), eight times the specification's minimum of
    /// <see cref="BitstringStatusList.MinimumSize"/> entries. Herd privacy needs the minimum; a list beyond eight times
    /// it buys no more privacy and only costs the verifier memory.
    /// </summary>
    public const int DefaultMaxListBits = 8 * BitstringStatusList.MinimumSize;

    /// <summary>
    /// The default cap on a fetched status list credential, 256 KiB: a list of <see cref="DefaultMaxListBits"/> random
    /// (incompressible) bits encodes to about 175 KB of <c>encodedList</c>, which leaves room for the rest of the credential.
    /// </summary>
    public const int DefaultMaxCredentialBytes = 256 * 1024;

    /// <summary>The most bytes the cached lists may weigh together (each by its decoded size); least recently used first out. Default 32 MiB. 0 turns caching off.</summary>
    public long CacheBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>A further bound on how many verified lists the cache holds. 0 turns caching off.</summary>
    public int CacheCapacity { get; init; } = 1024;

    /// <summary>How long a verified list is reused before it is fetched again. Zero turns caching off.</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest decoded list accepted, in bits; larger lists are <c>statusListTooLarge</c>. Default <see cref="DefaultMaxListBits"/>.</summary>
    public int MaxListBits { get; init; } = DefaultMaxListBits;

    /// <summary>
    /// The largest status list credential a source should fetch, in bytes (the host configures its fetcher with it; a
    /// source reporting <c>responseTooLarge</c> makes the check <c>statusListTooLarge</c>). Default <see cref="DefaultMaxCredentialBytes"/>.
    /// </summary>
    public int MaxCredentialBytes { get; init; } = DefaultMaxCredentialBytes;
}
