namespace Identity.Dids;

/// <summary>DID document metadata (DID Core §7.1.3).</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record DidDocumentMetadata
{
    public static DidDocumentMetadata Empty { get; } = new();

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? Updated { get; init; }

    public bool? Deactivated { get; init; }

    public string? VersionId { get; init; }
}
