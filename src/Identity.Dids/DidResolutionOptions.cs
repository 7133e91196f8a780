namespace Identity.Dids;

/// <summary>DID resolution options (W3C DID Resolution §4.1). Only <see cref="Accept"/> is standard today.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record DidResolutionOptions
{
    public static DidResolutionOptions Default { get; } = new();

    /// <summary>The requested representation media type, or null for <c>application/did+ld+json</c>.</summary>
    public string? Accept { get; init; }
}
